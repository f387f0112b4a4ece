// The tenant: every other row belongs to exactly one workspace. Its token policy is set by an operator.
import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../lib/ids.js';

export const WorkspaceSchema = defineEntity({
  name: 'Workspace',
  tableName: 'workspace',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    name: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** Longest lifetime a new token may get, in days; null = no maximum. */
    maxTokenLifetimeDays: p.integer().nullable(),
    /** Whether tokens that never expire may be created. */
    allowNeverExpiringTokens: p.boolean().default(false),
    /** Live-token ceiling for this workspace; null = the deployment's MAX_LIVE_TOKENS. */
    maxLiveTokens: p.integer().nullable(),
    /** Tokens not used for this many days (never used: since creation) are revoked as UNUSED; null = off. */
    revokeUnusedAfterDays: p.integer().nullable(),
  },
  uniques: [{ properties: ['name'] }],
});

export class Workspace extends WorkspaceSchema.class {}
WorkspaceSchema.setClass(Workspace);
