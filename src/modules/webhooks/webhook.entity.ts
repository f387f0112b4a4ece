// A project's webhook endpoint. Its signing secret and the values of its extra headers (often the
// receiver's credentials) are sealed (AES-256-GCM), never stored in plain text; during the 24 hours
// after a rotation the previous secret is kept (sealed) as well.
import { defineEntity, p } from '@mikro-orm/core';
import { createdAt, ownedByWorkspace, primaryId, updatedAt } from '../common/index.js';
import type { RowRef } from '../../db/pagination.js';
import { ProjectSchema } from '../projects/index.js';

export interface WebhookHeader {
  name: string;
  value: string;
}

/** An extra header as stored: its name in clear (shown and audited), its value sealed. */
export interface SealedWebhookHeader {
  name: string;
  sealedValue: string;
}

export const WebhookSchema = defineEntity({
  name: 'Webhook',
  tableName: 'webhook',
  properties: {
    id: primaryId(),
    workspace: ownedByWorkspace,
    project: () => p.manyToOne(ProjectSchema).deleteRule('cascade'),
    url: p.text(),
    description: p.text().nullable(),
    /** Subscribed event types; empty = every event. */
    eventTypes: p.array().columnType('text[]'),
    headers: p.json<SealedWebhookHeader[]>(),
    enabled: p.boolean().default(true),
    secretSealed: p.text(),
    previousSecretSealed: p.text().nullable(),
    previousSecretExpiresAt: p.datetime().nullable(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  indexes: [{ properties: ['project', 'id'] }],
});

export class Webhook extends WebhookSchema.class {}
WebhookSchema.setClass(Webhook);

/** What GraphQL shows of a webhook (never its sealed secrets): a Webhook entity is one, and so is a read-only row of a list. */
export type WebhookView = Pick<
  Webhook,
  'id' | 'url' | 'description' | 'eventTypes' | 'headers' | 'enabled' | 'previousSecretExpiresAt' | 'createdAt' | 'updatedAt'
> & { project: RowRef };
export const WEBHOOK_VIEW_FIELDS = [
  'id',
  'project',
  'url',
  'description',
  'eventTypes',
  'headers',
  'enabled',
  'previousSecretExpiresAt',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof WebhookView)[];
