// A management token. Only SHA-256 hashes of its secrets are stored: the current one and, during
// a rotation grace period, the previous one (both under unique indexes, found by one lookup).
import { defineEntity, p } from '@mikro-orm/core';
import { createdAt, ownedByWorkspace, primaryId, updatedAt } from '../common/index.js';

export const REVOKED_REASONS = ['MANUAL', 'UNUSED', 'LEAKED'] as const;
export type RevokedReason = (typeof REVOKED_REASONS)[number];

/** The channel on which a committed change to a token is announced, with the token's id. */
export const TOKEN_CHANGED_CHANNEL = 'mgw_token_changed';

const TRACKED = [
  'workspace_id',
  'name',
  'description',
  'grants',
  'secret_hash',
  'prefix',
  'previous_secret_hash',
  'previous_secret_expires_at',
  'created_by_id',
  'expires_at',
  'deactivated_at',
  'revoked_at',
  'rate_limit_points',
  'rate_limit_window_seconds',
  'revoked_reason',
  'project_ids',
  'allowed_cidrs',
];
/** "Any tracked column changed", spelled as PostgreSQL prints it back, so the schema diff stays empty. */
const ANY_TRACKED_CHANGED = `(${TRACKED.map((column) => `(old.${column} IS DISTINCT FROM new.${column})`).join(' OR ')})`;

export const ManagementTokenSchema = defineEntity({
  name: 'ManagementToken',
  tableName: 'management_token',
  properties: {
    id: primaryId(),
    workspace: ownedByWorkspace,
    name: p.text(),
    description: p.text().nullable(),
    /** Grants as given (permissions and `read`/`write` scopes), expanded per request. */
    grants: p.array().columnType('text[]'),
    secretHash: p.text().unique(),
    /** Display prefix of the current secret (`mgw_` + 4 characters). */
    prefix: p.text(),
    previousSecretHash: p.text().nullable().unique(),
    previousSecretExpiresAt: p.datetime().nullable(),
    /** The token that created this one; null when it came from the CLI or an OIDC exchange. */
    createdBy: () => p.manyToOne(ManagementTokenSchema).nullable().deleteRule('set null'),
    /**
     * Minted by an OIDC token exchange: the trust policy (a plain id, so the token outlives a deleted
     * policy and tokens/ need not import oidc/) and the ID token's `sub`.
     */
    oidcPolicyId: p.uuid().nullable(),
    oidcSubject: p.text().nullable(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    expiresAt: p.datetime().nullable(),
    deactivatedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    /** Why it was revoked: MANUAL (API or CLI), UNUSED (the workspace's revokeUnusedAfterDays) or LEAKED (POST /credentials/revoke). */
    revokedReason: p.enum(REVOKED_REASONS).nullable(),
    /** The projects the token is restricted to; null = the whole workspace. */
    projectIds: p.array().columnType('uuid[]').nullable(),
    /** The client addresses (CIDRs) the token may be used from; null = anywhere. */
    allowedCidrs: p.array().columnType('text[]').nullable(),
    lastUsedAt: p.datetime().nullable(),
    lastUsedIp: p.text().nullable(),
    lastUsedUserAgent: p.text().nullable(),
    /** Operator overrides of the deployment's rate limit; null = the default. */
    rateLimitPoints: p.integer().nullable(),
    rateLimitWindowSeconds: p.integer().nullable(),
    /** Expiry notices already emitted: 0 none, 1 seven days ahead, 2 one day ahead, 3 expired. */
    expiryNoticeLevel: p.smallint().default(0),
  },
  uniques: [
    // Names are unique among the workspace's non-revoked tokens only.
    { name: 'management_token_live_name_unique', properties: ['workspace', 'name'], where: 'revoked_at is null' },
  ],
  indexes: [{ properties: ['workspace', 'id'] }, { properties: ['oidcPolicyId'] }],
  // Every change that matters to authentication or to what `viewer.token` shows is announced with
  // NOTIFY mgw_token_changed '<id>' when it commits (never for one that rolls back), so that every
  // gateway's token cache drops the token, whichever process or tool changed it (token-cache.ts).
  // Usage columns and the expiry-notice level are left out: they change constantly and grant nothing.
  triggers: [
    {
      name: 'management_token_changed',
      timing: 'after',
      events: ['update'],
      when: ANY_TRACKED_CHANGED,
      body: `PERFORM pg_notify('${TOKEN_CHANGED_CHANNEL}', old.id::text); RETURN NULL;`,
    },
    {
      name: 'management_token_deleted',
      timing: 'after',
      events: ['delete'],
      body: `PERFORM pg_notify('${TOKEN_CHANGED_CHANNEL}', old.id::text); RETURN NULL;`,
    },
  ],
});

export class ManagementToken extends ManagementTokenSchema.class {}
ManagementTokenSchema.setClass(ManagementToken);
