// A project's API key: PUBLIC (`pk_…`, its value readable) or SECRET (`sk_…`, shown once). Both
// are found by the SHA-256 of their value under a unique index; a deleted key stays as a
// tombstone so that verification can say "deleted" rather than "unknown".
import { defineEntity, p } from '@mikro-orm/core';
import { createdAt, ownedByWorkspace, primaryId } from '../common/index.js';
import type { RowRef } from '../../db/pagination.js';
import { ProjectSchema } from '../projects/index.js';

export const API_KEY_KINDS = ['PUBLIC', 'SECRET'] as const;
export type ApiKeyKind = (typeof API_KEY_KINDS)[number];

export const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  tableName: 'api_key',
  properties: {
    id: primaryId(),
    workspace: ownedByWorkspace,
    project: () => p.manyToOne(ProjectSchema).deleteRule('cascade'),
    kind: p.enum(API_KEY_KINDS),
    name: p.text().nullable(),
    /** Display prefix (`pk_`/`sk_` + 4 characters). */
    prefix: p.text(),
    secretHash: p.text().unique(),
    /** The full value of a PUBLIC key (public by design); always null for SECRET keys. */
    publicValue: p.text().nullable(),
    /** The key this one replaced when it was rolled. */
    rolledFrom: () => p.manyToOne(ApiKeySchema).nullable().deleteRule('set null'),
    createdAt: createdAt(),
    expiresAt: p.datetime().nullable(),
    deactivatedAt: p.datetime().nullable(),
    deletedAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['project', 'id'] }],
});

export class ApiKey extends ApiKeySchema.class {}
ApiKeySchema.setClass(ApiKey);

/** What GraphQL shows of a key (never its hash): an ApiKey entity is one, and so is a read-only row of a list. */
export type ApiKeyView = Pick<
  ApiKey,
  'id' | 'kind' | 'name' | 'prefix' | 'publicValue' | 'createdAt' | 'expiresAt' | 'deactivatedAt' | 'lastUsedAt'
> & { project: RowRef; rolledFrom?: RowRef | null | undefined };
export const API_KEY_VIEW_FIELDS = [
  'id',
  'project',
  'rolledFrom',
  'kind',
  'name',
  'prefix',
  'publicValue',
  'createdAt',
  'expiresAt',
  'deactivatedAt',
  'lastUsedAt',
] as const satisfies readonly (keyof ApiKeyView)[];
