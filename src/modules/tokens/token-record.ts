// A token row as plain data: what the token cache keeps, what the request path reads and what
// the principal carries; and the entity built back from it for `viewer.token`.
import type { Em } from '../../db/em.js';
import { ManagementToken, type RevokedReason } from './token.entity.js';

/** Everything a token row holds, as plain data (what the cache keeps and the request path reads). */
export interface TokenRecord {
  id: string;
  workspaceId: string;
  name: string;
  description: string | null;
  grants: readonly string[];
  secretHash: string;
  prefix: string;
  previousSecretHash: string | null;
  previousSecretExpiresAt: Date | null;
  createdById: string | null;
  oidcPolicyId: string | null;
  oidcSubject: string | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date | null;
  deactivatedAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  lastUsedUserAgent: string | null;
  rateLimitPoints: number | null;
  rateLimitWindowSeconds: number | null;
  expiryNoticeLevel: number;
  revokedReason: RevokedReason | null;
  /** Null: the whole workspace. */
  projectIds: string[] | null;
  /** Null: from anywhere. */
  allowedCidrs: string[] | null;
}

export function tokenRecord(token: ManagementToken): TokenRecord {
  return {
    id: token.id,
    workspaceId: token.workspace.id,
    name: token.name,
    description: token.description ?? null,
    grants: [...token.grants],
    secretHash: token.secretHash,
    prefix: token.prefix,
    previousSecretHash: token.previousSecretHash ?? null,
    previousSecretExpiresAt: token.previousSecretExpiresAt ?? null,
    createdById: token.createdBy?.id ?? null,
    oidcPolicyId: token.oidcPolicyId ?? null,
    oidcSubject: token.oidcSubject ?? null,
    createdAt: token.createdAt,
    updatedAt: token.updatedAt,
    expiresAt: token.expiresAt ?? null,
    deactivatedAt: token.deactivatedAt ?? null,
    revokedAt: token.revokedAt ?? null,
    lastUsedAt: token.lastUsedAt ?? null,
    lastUsedIp: token.lastUsedIp ?? null,
    lastUsedUserAgent: token.lastUsedUserAgent ?? null,
    rateLimitPoints: token.rateLimitPoints ?? null,
    rateLimitWindowSeconds: token.rateLimitWindowSeconds ?? null,
    expiryNoticeLevel: token.expiryNoticeLevel,
    revokedReason: token.revokedReason ?? null,
    projectIds: token.projectIds ? [...token.projectIds] : null,
    allowedCidrs: token.allowedCidrs ? [...token.allowedCidrs] : null,
  };
}

/** Entities built from records, one per record: a cached record is reused by every hit on it. */
const entities = new WeakMap<TokenRecord, ManagementToken>();

/**
 * The token as an entity, for `viewer.token`, without a query. Building a MikroORM entity costs
 * more than the rest of a cached request's authentication, so it is built once per cached record
 * (in an EntityManager of its own) and shared, read-only, by the requests that hit that record. A
 * resolver that needs the token to change loads it into the request's EntityManager instead.
 */
export function tokenEntity(em: Em, record: TokenRecord): ManagementToken {
  let entity = entities.get(record);
  if (!entity) {
    const { workspaceId, createdById, grants, ...rest } = record;
    entity = em
      .fork()
      .merge(ManagementToken, { ...rest, grants: [...grants], workspace: workspaceId, createdBy: createdById }, { validate: false });
    entities.set(record, entity);
  }
  return entity;
}
