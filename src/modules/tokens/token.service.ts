// The rules of management tokens: issue (limits, policy, no escalation), list, edit, deactivate,
// activate, revoke, rotate, and the lookup of a presented secret. The GraphQL schema and the CLI
// both call this service, so they cannot disagree.
import { LockMode, type ObjectQuery } from '@mikro-orm/core';
import { z } from 'zod';
import { loadById } from '../../db/batch.js';
import type { Em } from '../../db/orm.js';
import { conflictOnDuplicate } from '../../db/unique.js';
import { badUserInput, conflict, forbidden, limitExceeded, notFound, parseInput } from '../../graphql/errors.js';
import { paginate, type Page, type PageArgs } from '../../graphql/pagination.js';
import { encodeId, isUuid, newId } from '../../lib/ids.js';
import { changesOf } from '../audit/changes.js';
import { recordChange } from '../events/activity.js';
import { displayPrefix, generateSecret, hashSecret } from '../../lib/secrets.js';
import { descriptionSchema, GRACE_PERIODS, nameSchema, type GracePeriod } from '../../lib/validation.js';
import { Workspace } from '../workspaces/workspace.entity.js';
import { inWorkspace } from '../workspaces/workspace-scope.js';
import { ALL_PERMISSIONS, ALL_SCOPES, grantsBeyond, type Grant, type Permission, type Scope } from './permissions.js';
import type { Actor } from './principal.js';
import { ManagementToken } from './token.entity.js';

export const TOKEN_SECRET_PREFIX = 'mgw_';

const DUPLICATE_NAME = 'A live token with this name already exists in the workspace.';

export const TOKEN_STATUSES = ['ACTIVE', 'DEACTIVATED', 'EXPIRED', 'REVOKED'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

const DAY_MS = 86_400_000;

export const TOKEN_LIFETIMES = {
  DAYS_7: 7,
  DAYS_30: 30,
  DAYS_90: 90,
  YEAR_1: 365,
  NEVER: null,
} as const satisfies Record<string, number | null>;
export type TokenLifetime = keyof typeof TOKEN_LIFETIMES;
export const DEFAULT_TOKEN_LIFETIME: TokenLifetime = 'YEAR_1';

/** Precedence: revoked, then expired, then deactivated. */
export function tokenStatus(token: Pick<ManagementToken, 'revokedAt' | 'expiresAt' | 'deactivatedAt'>, now = new Date()): TokenStatus {
  if (token.revokedAt) return 'REVOKED';
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return 'EXPIRED';
  if (token.deactivatedAt) return 'DEACTIVATED';
  return 'ACTIVE';
}

/** Live = neither revoked nor expired (a deactivated token is live: it can be activated again). */
function whereLive(now: Date): ObjectQuery<ManagementToken> {
  return { revokedAt: null, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] };
}

function whereStatus(status: TokenStatus, now: Date): ObjectQuery<ManagementToken> {
  switch (status) {
    case 'REVOKED':
      return { revokedAt: { $ne: null } };
    case 'EXPIRED':
      return { revokedAt: null, expiresAt: { $lte: now } };
    case 'DEACTIVATED':
      return { ...whereLive(now), deactivatedAt: { $ne: null } };
    case 'ACTIVE':
      return { ...whereLive(now), deactivatedAt: null };
  }
}

const issueSchema = z
  .object({
    name: nameSchema,
    description: descriptionSchema,
    permissions: z.array(z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]])).nullish(),
    scopes: z.array(z.enum(ALL_SCOPES as [Scope, ...Scope[]])).nullish(),
    lifetime: z.enum(Object.keys(TOKEN_LIFETIMES) as [TokenLifetime, ...TokenLifetime[]]).nullish(),
    expiresAt: z.date().nullish(),
  })
  .refine((input) => (input.permissions?.length ?? 0) + (input.scopes?.length ?? 0) > 0, {
    path: ['permissions'],
    message: 'give at least one permission or scope.',
  });

export type IssueTokenInput = z.input<typeof issueSchema>;

export interface IssuedToken {
  token: ManagementToken;
  /** The plain secret: returned once, never stored. */
  secret: string;
}

export interface TokenListFilter {
  status?: TokenStatus | null | undefined;
  includeRevoked?: boolean | null | undefined;
}

export interface TokenServiceSettings {
  maxLiveTokens: number;
  maxPageSize: number;
}

/** A token as webhooks see it: never a secret or a hash. */
export function tokenData(token: ManagementToken) {
  return {
    id: encodeId('ManagementToken', token.id),
    name: token.name,
    prefix: token.prefix,
    status: tokenStatus(token),
    expiresAt: token.expiresAt?.toISOString() ?? null,
  };
}

export class TokenService {
  private readonly changeListeners = new Set<(tokenId: string) => void | Promise<void>>();

  constructor(private readonly settings: TokenServiceSettings) {}

  /**
   * Calls `listener` with a token's id right after a change to it has committed (not on creation).
   * The token cache of the same process drops the token with it, before the change's response
   * leaves; other processes learn of it through the database's change notification.
   */
  onChange(listener: (tokenId: string) => void | Promise<void>): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private async changed(token: ManagementToken) {
    await Promise.all([...this.changeListeners].map((listener) => listener(token.id)));
  }

  /** Issues a new token; the secret is in the result and nowhere else. */
  async issue(em: Em, actor: Actor, input: IssueTokenInput, now = new Date()): Promise<IssuedToken> {
    const { workspaceId } = actor;
    const data = parseInput(issueSchema, input);
    const grants: Grant[] = [...new Set([...(data.scopes ?? []), ...(data.permissions ?? [])])];
    if (actor.kind === 'token') this.assertCanGrant(actor.grants, grants);

    return conflictOnDuplicate(
      () =>
        em.transactional(async (tem) => {
          // Serialises token creation per workspace so that the live-token limit holds under concurrency.
          const workspace = await tem.findOne(Workspace, workspaceId, { lockMode: LockMode.PESSIMISTIC_WRITE });
          if (!workspace) throw notFound('Workspace', workspaceId);
          const expiresAt = this.resolveExpiry(workspace, actor, data.lifetime ?? undefined, data.expiresAt ?? undefined, now);

          const maxLive = workspace.maxLiveTokens ?? this.settings.maxLiveTokens;
          const live = await tem.count(ManagementToken, { workspace: workspaceId, ...whereLive(now) });
          if (live >= maxLive) {
            throw limitExceeded(
              `This workspace already has ${live} live tokens, its maximum; revoke one (or let it expire) first.`,
              maxLive,
            );
          }

          const secret = generateSecret(TOKEN_SECRET_PREFIX);
          const token = tem.create(ManagementToken, {
            id: newId(),
            workspace,
            name: data.name,
            description: data.description ?? null,
            grants,
            secretHash: hashSecret(secret),
            prefix: displayPrefix(secret, TOKEN_SECRET_PREFIX),
            createdBy: actor.kind === 'token' ? tem.getReference(ManagementToken, actor.tokenId) : null,
            // A token an operator throttled passes its limit on, so it cannot escape it by minting another.
            rateLimitPoints: actor.kind === 'token' ? actor.rateLimitPoints : null,
            rateLimitWindowSeconds: actor.kind === 'token' ? actor.rateLimitWindowSeconds : null,
            expiresAt,
          });
          recordChange(tem, actor, {
            action: 'management_token.created',
            target: { type: 'ManagementToken', id: token.id },
            data: tokenData(token),
            summary: { name: token.name, grants, expiresAt: expiresAt?.toISOString() ?? null },
          });
          await tem.flush();
          return { token, secret };
        }),
      DUPLICATE_NAME,
    );
  }

  async list(em: Em, workspaceId: string, filter: TokenListFilter, page: PageArgs, now = new Date()): Promise<Page<ManagementToken>> {
    const where: ObjectQuery<ManagementToken> = filter.status
      ? { ...inWorkspace(workspaceId), ...whereStatus(filter.status, now) }
      : filter.includeRevoked
        ? inWorkspace(workspaceId)
        : { ...inWorkspace(workspaceId), revokedAt: null };
    return paginate(em, ManagementToken, where, page, { list: 'managementTokens', maxPageSize: this.settings.maxPageSize });
  }

  /** The token, or NOT_FOUND (also for another workspace's token). */
  async get(em: Em, workspaceId: string, id: string): Promise<ManagementToken> {
    const token = await this.find(em, workspaceId, id);
    if (!token) throw notFound('ManagementToken', id);
    return token;
  }

  find(em: Em, workspaceId: string, id: string): Promise<ManagementToken | null> {
    return em.findOne(ManagementToken, { ...inWorkspace(workspaceId), id });
  }

  /** As `find`, batched with the other lookups of the same tick (`createdBy`, audit actors, `nodes`). */
  load(em: Em, workspaceId: string, id: string): Promise<ManagementToken | null> {
    return loadById(
      em,
      ManagementToken,
      { key: workspaceId, where: inWorkspace(workspaceId), belongs: (token) => token.workspace.id === workspaceId },
      id,
    );
  }

  /** Finds a live token by id or, failing that, by name (names are unique among non-revoked tokens). */
  async getByIdOrName(em: Em, workspaceId: string, idOrName: string): Promise<ManagementToken> {
    const byId = isUuid(idOrName) ? await this.find(em, workspaceId, idOrName) : null;
    const token = byId ?? (await em.findOne(ManagementToken, { workspace: workspaceId, name: idOrName, revokedAt: null }));
    if (!token) throw notFound('ManagementToken', idOrName);
    return token;
  }

  async update(
    em: Em,
    actor: Actor,
    id: string,
    input: { name?: string | null | undefined; description?: string | null | undefined },
  ): Promise<ManagementToken> {
    const data = parseInput(z.object({ name: nameSchema.nullish(), description: descriptionSchema }), input);
    const token = await this.get(em, actor.workspaceId, id);
    if (token.revokedAt) throw conflict('A revoked token cannot be edited.');
    const changes = changesOf(token, {
      name: data.name ?? undefined,
      description: data.description === undefined ? undefined : data.description || null,
    });
    Object.assign(token, Object.fromEntries(Object.entries(changes).map(([key, change]) => [key, change.to])));
    this.record(em, actor, 'management_token.updated', token, changes);
    return conflictOnDuplicate(async () => {
      await em.flush();
      await this.changed(token);
      return token;
    }, DUPLICATE_NAME);
  }

  /** Deactivating a deactivated token changes nothing (and records nothing). */
  async deactivate(em: Em, actor: Actor, id: string, now = new Date()): Promise<ManagementToken> {
    const token = await this.get(em, actor.workspaceId, id);
    if (token.revokedAt) throw conflict('A revoked token cannot be deactivated.');
    if (!token.deactivatedAt) {
      token.deactivatedAt = now;
      this.record(em, actor, 'management_token.deactivated', token);
      await em.flush();
      await this.changed(token);
    }
    return token;
  }

  async activate(em: Em, actor: Actor, id: string): Promise<ManagementToken> {
    const token = await this.get(em, actor.workspaceId, id);
    if (token.revokedAt) throw conflict('A revoked token cannot be activated again; issue a new one.');
    if (token.deactivatedAt) {
      token.deactivatedAt = null;
      this.record(em, actor, 'management_token.activated', token);
      await em.flush();
      await this.changed(token);
    }
    return token;
  }

  /** Immediate and irreversible; revoking a revoked token changes nothing. */
  async revoke(em: Em, actor: Actor, id: string, now = new Date()): Promise<ManagementToken> {
    const token = await this.get(em, actor.workspaceId, id);
    if (!token.revokedAt) {
      token.revokedAt = now;
      token.previousSecretHash = null;
      token.previousSecretExpiresAt = null;
      this.record(em, actor, 'management_token.revoked', token);
      await em.flush();
      await this.changed(token);
    }
    return token;
  }

  /**
   * Issues a new secret. With a grace period the previous secret keeps working until
   * `previousSecretExpiresAt`; a secret rotated out earlier stops at once.
   */
  async rotate(em: Em, actor: Actor, id: string, grace: GracePeriod = 'NONE', now = new Date()): Promise<IssuedToken> {
    const token = await this.get(em, actor.workspaceId, id);
    const status = tokenStatus(token, now);
    if (status === 'REVOKED' || status === 'EXPIRED') throw conflict(`A ${status.toLowerCase()} token cannot be rotated.`);
    // Rotation hands over a working secret, so it needs everything the token can do.
    if (actor.kind === 'token') this.assertCanGrant(actor.grants, token.grants as Grant[]);
    const graceMs = GRACE_PERIODS[grace];
    const secret = generateSecret(TOKEN_SECRET_PREFIX);
    token.previousSecretHash = graceMs > 0 ? token.secretHash : null;
    token.previousSecretExpiresAt = graceMs > 0 ? new Date(now.getTime() + graceMs) : null;
    token.secretHash = hashSecret(secret);
    token.prefix = displayPrefix(secret, TOKEN_SECRET_PREFIX);
    this.record(em, actor, 'management_token.rotated', token, {
      gracePeriod: grace,
      previousSecretExpiresAt: token.previousSecretExpiresAt?.toISOString() ?? null,
    });
    await em.flush();
    await this.changed(token);
    return { token, secret };
  }

  /** Operator override of the deployment's rate limit for one token; nulls restore the default. */
  async setRateLimit(em: Em, actor: Actor, id: string, points: number | null, windowSeconds: number | null): Promise<ManagementToken> {
    if (points !== null && (!Number.isInteger(points) || points < 1)) throw badUserInput('points', 'must be a positive integer.');
    if (windowSeconds !== null && (!Number.isInteger(windowSeconds) || windowSeconds < 1)) {
      throw badUserInput('windowSeconds', 'must be a positive integer.');
    }
    const token = await this.get(em, actor.workspaceId, id);
    const changes = changesOf(token, { rateLimitPoints: points, rateLimitWindowSeconds: windowSeconds });
    token.rateLimitPoints = points;
    token.rateLimitWindowSeconds = windowSeconds;
    this.record(em, actor, 'management_token.rate_limit_set', token, changes);
    await em.flush();
    await this.changed(token);
    return token;
  }

  private record(em: Em, actor: Actor, action: string, token: ManagementToken, summary: Record<string, unknown> = {}) {
    recordChange(em, actor, {
      action,
      target: { type: 'ManagementToken', id: token.id },
      data: tokenData(token),
      summary: { name: token.name, ...summary },
    });
  }

  private assertCanGrant(held: readonly string[], requested: readonly Grant[]) {
    const beyond = grantsBeyond(held, requested);
    if (beyond.length > 0) {
      throw forbidden(`A token can only pass on what it holds itself; this one does not hold ${beyond.join(', ')}.`, {
        missingGrants: beyond,
      });
    }
  }

  /**
   * The expiry of a new token: a preset (default one year) or a custom date. Never beyond the
   * workspace's maximum lifetime (a default is shortened to fit it; an explicit choice beyond it
   * is refused), and never beyond the expiry of the token that creates it, so that no token can
   * mint one that outlives it (a preset is shortened to fit; a custom date or NEVER is refused).
   */
  private resolveExpiry(
    workspace: Workspace,
    actor: Actor,
    lifetime: TokenLifetime | undefined,
    expiresAt: Date | undefined,
    now: Date,
  ): Date | null {
    if (lifetime && expiresAt) throw badUserInput('expiresAt', 'give either lifetime or expiresAt, not both.');
    const maxDays = workspace.maxTokenLifetimeDays;
    const neverAllowed = workspace.allowNeverExpiringTokens && maxDays == null;
    const policyLatest =
      maxDays != null
        ? { at: new Date(now.getTime() + maxDays * DAY_MS), reason: `this workspace's maximum token lifetime of ${maxDays} days` }
        : neverAllowed
          ? null
          : // Without a maximum, a far-future custom date must not stand in for "never expires".
            {
              at: new Date(now.getTime() + (TOKEN_LIFETIMES.YEAR_1 + 1) * DAY_MS),
              reason: 'one year, the longest lifetime this workspace allows',
            };
    const creatorLatest =
      actor.kind === 'token' && actor.tokenExpiresAt
        ? {
            at: actor.tokenExpiresAt,
            reason: `the expiry of the calling token (${actor.tokenExpiresAt.toISOString()}): a token cannot create one that outlives it`,
          }
        : null;

    if (expiresAt) {
      if (expiresAt.getTime() <= now.getTime() + 60_000) throw badUserInput('expiresAt', 'must be at least a minute in the future.');
      for (const limit of [policyLatest, creatorLatest]) {
        if (limit && expiresAt > limit.at) throw badUserInput('expiresAt', `is beyond ${limit.reason}.`);
      }
      return expiresAt;
    }
    const days = TOKEN_LIFETIMES[lifetime ?? DEFAULT_TOKEN_LIFETIME];
    if (days === null) {
      if (!neverAllowed) throw badUserInput('lifetime', "this workspace's policy does not allow tokens that never expire.");
      if (creatorLatest) throw badUserInput('lifetime', `NEVER is beyond ${creatorLatest.reason}.`);
      return null;
    }
    let chosen = new Date(now.getTime() + days * DAY_MS);
    if (policyLatest && chosen > policyLatest.at) {
      if (lifetime) throw badUserInput('lifetime', `is beyond ${policyLatest.reason}.`);
      chosen = policyLatest.at;
    }
    if (creatorLatest && chosen > creatorLatest.at) chosen = creatorLatest.at;
    return chosen;
  }
}
