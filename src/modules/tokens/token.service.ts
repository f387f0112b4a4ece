// The rules of management tokens: issue (limits, policy, no escalation), list, edit, deactivate,
// activate, revoke, rotate, and the lookup of a presented secret. The GraphQL schema and the CLI
// both call this service, so they cannot disagree.
import { LockMode, type ObjectQuery } from '@mikro-orm/core';
import { z } from 'zod';
import { loadById } from '../../db/batch.js';
import type { Em } from '../../db/em.js';
import { conflictOnDuplicate } from '../../db/unique.js';
import { badUserInput, conflict, forbidden, limitExceeded, notFound, parseInput } from '../../lib/errors.js';
import { paginate, type Page, type PageArgs } from '../../db/pagination.js';
import { encodeId, isUuid, newId } from '../../lib/ids.js';
import { DAY_MS } from '../../lib/time.js';
import { changesOf, recordChange, systemActor, type Actor, type Action } from '../activity/index.js';
import { displayPrefix, generateSecret, hashSecret } from '../../lib/secrets.js';
import { randomBase62 } from '../../lib/base62.js';
import { descriptionSchema, GRACE_PERIODS, nameSchema, type GracePeriod } from '../../lib/validation.js';
import { Workspace, findInWorkspace, getInWorkspace, inWorkspace } from '../common/index.js';
import { cidrsBeyond, MAX_ALLOWED_CIDRS, normaliseCidr } from '../../lib/cidrs.js';
import { Project } from '../projects/index.js';
import { ALL_PERMISSIONS, ALL_SCOPES, expandGrants, grantsBeyond, type Grant, type Permission, type Scope } from './permissions.js';
import { ManagementToken, type RevokedReason } from './token.entity.js';

export const TOKEN_SECRET_PREFIX = 'mgw_';

const DUPLICATE_NAME = 'A live token with this name already exists in the workspace.';

export const TOKEN_STATUSES = ['ACTIVE', 'DEACTIVATED', 'EXPIRED', 'REVOKED'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

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

export const MAX_PROJECTS_PER_TOKEN = 100;

/** IPv4 and IPv6 CIDRs (a bare address is its own /32 or /128), normalised to their network address. */
export const cidrListSchema = z
  .array(z.string())
  .min(1, 'give at least one CIDR, or leave the field out for no restriction.')
  .max(MAX_ALLOWED_CIDRS, `at most ${MAX_ALLOWED_CIDRS} CIDRs.`)
  .transform((values, ctx) => {
    const normalised: string[] = [];
    for (const [index, value] of values.entries()) {
      const cidr = normaliseCidr(value);
      if (!cidr) ctx.addIssue({ code: 'custom', path: [index], message: `"${value}" is not an IPv4 or IPv6 CIDR (e.g. 203.0.113.0/24).` });
      else if (!normalised.includes(cidr)) normalised.push(cidr);
    }
    return normalised;
  });

/** The lifecycle changes one token may make to another (only within its own rights). */
const positiveInt = z.number().int('must be a positive integer.').min(1, 'must be a positive integer.');
const rateLimitSchema = z.object({ points: positiveInt.nullable(), windowSeconds: positiveInt.nullable() });

export type TokenAction = 'update' | 'activate' | 'deactivate' | 'rotate' | 'revoke';

const issueSchema = z
  .object({
    name: nameSchema,
    description: descriptionSchema,
    permissions: z.array(z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]])).nullish(),
    scopes: z.array(z.enum(ALL_SCOPES as [Scope, ...Scope[]])).nullish(),
    lifetime: z.enum(Object.keys(TOKEN_LIFETIMES) as [TokenLifetime, ...TokenLifetime[]]).nullish(),
    expiresAt: z.date().nullish(),
    projectIds: z.array(z.string()).max(MAX_PROJECTS_PER_TOKEN, `at most ${MAX_PROJECTS_PER_TOKEN} projects.`).nullish(),
    allowedCidrs: cidrListSchema.nullish(),
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

/** What an OIDC exchange mints: read from the trust policy's row under its lock (so an edit cannot race the mint). */
export interface ExchangeRights {
  policyId: string;
  policyName: string;
  grants: readonly string[];
  projectIds: readonly string[] | null;
  allowedCidrs: readonly string[] | null;
  lifetimeSeconds: number;
  maxLiveTokens: number;
  /** The rate-limit override of the policy's creator token, passed on as `issue` passes it to children. */
  rateLimitPoints: number | null;
  rateLimitWindowSeconds: number | null;
  /** The expiry of the policy's creator token (null: none, or no creator token): a minted token never outlives it. */
  creatorExpiresAt: Date | null;
}

export interface ExchangeMint {
  workspaceId: string;
  subject: string;
  /** Audited with the token: the ID token's `iss`, `sub` and `jti` (never the token itself). */
  idToken: { iss: string; sub: string; jti: string; clientIp?: string };
}

/** A minted token's expiry notices are already "sent": it lives minutes by design, so neither `expiring` nor `expired` is emitted. */
const NO_EXPIRY_NOTICES = 3;

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
    ...(token.revokedReason ? { revokedReason: token.revokedReason } : {}),
  };
}

export class TokenService {
  private readonly changeListeners = new Set<(tokenIds: readonly string[]) => void | Promise<void>>();

  constructor(private readonly settings: TokenServiceSettings) {}

  /**
   * Calls `listener` with the ids of tokens right after changes to them have committed (not on
   * creation): once per change, or once for a whole sweep of changes, so that one wait covers
   * them all. The token cache of the same process drops the tokens with it, before the change's
   * response leaves; other processes learn of it through the database's change notification.
   */
  onChange(listener: (tokenIds: readonly string[]) => void | Promise<void>): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private async changed(tokenIds: readonly string[]) {
    if (tokenIds.length === 0) return;
    await Promise.all([...this.changeListeners].map(async (listener) => listener(tokenIds)));
  }

  /** Issues a new token; the secret is in the result and nowhere else. */
  async issue(em: Em, actor: Actor, input: IssueTokenInput, now = new Date()): Promise<IssuedToken> {
    const { workspaceId } = actor;
    const data = parseInput(issueSchema, input);
    const grants: Grant[] = [...new Set([...(data.scopes ?? []), ...(data.permissions ?? [])])];
    const { projectIds, allowedCidrs } = await this.resolveRights(em, actor, grants, data);

    return conflictOnDuplicate(
      () =>
        em.transactional(async (tem) => {
          // Serialises token creation per workspace so that the live-token limit holds under concurrency.
          const workspace = await tem.findOne(Workspace, workspaceId, { lockMode: LockMode.PESSIMISTIC_WRITE });
          if (!workspace) throw notFound('Workspace', workspaceId);
          const expiresAt = this.resolveExpiry(workspace, actor, data.lifetime ?? undefined, data.expiresAt ?? undefined, now);

          const maxLive = workspace.maxLiveTokens ?? this.settings.maxLiveTokens;
          // Tokens minted by OIDC exchanges are capped per trust policy instead (mintExchanged).
          const live = await tem.count(ManagementToken, { ...inWorkspace(workspaceId), oidcPolicyId: null, ...whereLive(now) });
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
            createdBy: actor.kind === 'token' ? tem.getReference(ManagementToken, actor.token.id) : null,
            // A token an operator throttled passes its limit on, so it cannot escape it by minting another.
            rateLimitPoints: actor.kind === 'token' ? actor.token.rateLimitPoints : null,
            rateLimitWindowSeconds: actor.kind === 'token' ? actor.token.rateLimitWindowSeconds : null,
            expiresAt,
            projectIds,
            allowedCidrs,
          });
          recordChange(tem, actor, {
            action: 'management_token.created',
            target: { type: 'ManagementToken', id: token.id },
            data: tokenData(token),
            summary: {
              name: token.name,
              grants,
              expiresAt: expiresAt?.toISOString() ?? null,
              ...(projectIds ? { projectIds: projectIds.map((id) => encodeId('Project', id)) } : {}),
              ...(allowedCidrs ? { allowedCidrs } : {}),
            },
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
    return getInWorkspace(em, ManagementToken, 'ManagementToken', workspaceId, id);
  }

  find(em: Em, workspaceId: string, id: string): Promise<ManagementToken | null> {
    return findInWorkspace(em, ManagementToken, workspaceId, id);
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
    const token = byId ?? (await em.findOne(ManagementToken, { ...inWorkspace(workspaceId), name: idOrName, revokedAt: null }));
    if (!token) throw notFound('ManagementToken', idOrName);
    return token;
  }

  async update(
    em: Em,
    actor: Actor,
    id: string,
    input: {
      name?: string | null | undefined;
      description?: string | null | undefined;
      /** Replaces the allowlist; an empty list removes it (the token may be used from anywhere). */
      allowedCidrs?: readonly string[] | null | undefined;
    },
  ): Promise<ManagementToken> {
    const data = parseInput(
      z.object({
        name: nameSchema.nullish(),
        description: descriptionSchema,
        allowedCidrs: z.array(z.string()).nullish(),
      }),
      input,
    );
    const token = await this.get(em, actor.workspaceId, id);
    if (token.revokedAt) throw conflict('A revoked token cannot be edited.');
    this.assertMayActOn(actor, token, 'update');
    const allowedCidrs =
      data.allowedCidrs == null
        ? undefined
        : data.allowedCidrs.length === 0
          ? null
          : parseInput(cidrListSchema, data.allowedCidrs, 'allowedCidrs');
    if (allowedCidrs !== undefined) this.assertAllowlistWithin(actor, allowedCidrs);
    const changes = changesOf(token, {
      name: data.name ?? undefined,
      description: data.description === undefined ? undefined : data.description || null,
      allowedCidrs,
    });
    Object.assign(token, Object.fromEntries(Object.entries(changes).map(([key, change]) => [key, change.to])));
    // An update that changes nothing is not audited and emits no event (as for every object).
    if (Object.keys(changes).length > 0) this.record(em, actor, 'management_token.updated', token, changes);
    return conflictOnDuplicate(async () => {
      await em.flush();
      await this.changed([token.id]);
      return token;
    }, DUPLICATE_NAME);
  }

  /** Deactivating a deactivated token changes nothing (and records nothing). */
  async deactivate(em: Em, actor: Actor, id: string, now = new Date()): Promise<ManagementToken> {
    const token = await this.get(em, actor.workspaceId, id);
    if (token.revokedAt) throw conflict('A revoked token cannot be deactivated.');
    this.assertMayActOn(actor, token, 'deactivate');
    if (!token.deactivatedAt) {
      token.deactivatedAt = now;
      this.record(em, actor, 'management_token.deactivated', token);
      await em.flush();
      await this.changed([token.id]);
    }
    return token;
  }

  async activate(em: Em, actor: Actor, id: string): Promise<ManagementToken> {
    const token = await this.get(em, actor.workspaceId, id);
    if (token.revokedAt) throw conflict('A revoked token cannot be activated again; issue a new one.');
    this.assertMayActOn(actor, token, 'activate');
    if (token.deactivatedAt) {
      token.deactivatedAt = null;
      this.record(em, actor, 'management_token.activated', token);
      await em.flush();
      await this.changed([token.id]);
    }
    return token;
  }

  /** Immediate and irreversible; revoking a revoked token changes nothing. */
  async revoke(em: Em, actor: Actor, id: string, now = new Date(), reason: RevokedReason = 'MANUAL'): Promise<ManagementToken> {
    const token = await this.get(em, actor.workspaceId, id);
    if (!token.revokedAt) {
      this.assertMayActOn(actor, token, 'revoke');
      token.revokedAt = now;
      token.revokedReason = reason;
      token.previousSecretHash = null;
      token.previousSecretExpiresAt = null;
      this.record(em, actor, 'management_token.revoked', token, { revokedReason: reason });
      await em.flush();
      await this.changed([token.id]);
    }
    return token;
  }

  /**
   * The workspace policy `revokeUnusedAfterDays`: revokes every live token of such a workspace not
   * used for that many days (never used: counted from its creation), with reason UNUSED and a
   * `management_token.revoked` event carrying it. Rows are claimed in batches of `batchSize` (one
   * short transaction each) with SKIP LOCKED, so gateway processes running this at once share the
   * work; each token is revoked once. Batches follow each other until none is due (or the rest are
   * claimed by another process). The token caches are waited for once, after the last batch: with
   * an instance stalled, a sweep costs one lease, not one per token. Returns how many.
   */
  async revokeUnused(em: Em, now = new Date(), batchSize = 100): Promise<number> {
    const workspaces = await em
      .fork()
      .find(Workspace, { revokeUnusedAfterDays: { $ne: null } }, { fields: ['id', 'revokeUnusedAfterDays'] });
    const revoked: string[] = [];
    try {
      for (const workspace of workspaces) {
        for (;;) {
          const batch = await this.revokeUnusedBatch(em, workspace, now, batchSize);
          revoked.push(...batch);
          // A short batch: nothing more is due, or what is left is claimed by another process.
          if (batch.length < batchSize) break;
        }
      }
    } finally {
      // After the commits (also of the batches before a failure): every instance's cache drops them (see onChange).
      await this.changed(revoked);
    }
    return revoked.length;
  }

  /** One batch of `revokeUnused` in a workspace, in one transaction; the ids of the tokens it revoked. */
  private async revokeUnusedBatch(
    em: Em,
    workspace: Pick<Workspace, 'id' | 'revokeUnusedAfterDays'>,
    now: Date,
    batchSize: number,
  ): Promise<string[]> {
    const cutoff = new Date(now.getTime() - workspace.revokeUnusedAfterDays! * DAY_MS);
    const actor = systemActor(workspace.id);
    const tokens = await em.fork().transactional(async (tem) => {
      const unused = await tem.find(
        ManagementToken,
        {
          workspace: workspace.id,
          ...whereLive(now),
          $and: [{ $or: [{ lastUsedAt: { $lt: cutoff } }, { lastUsedAt: null, createdAt: { $lt: cutoff } }] }],
        },
        { limit: batchSize, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { id: 'asc' } },
      );
      for (const token of unused) {
        token.revokedAt = now;
        token.revokedReason = 'UNUSED';
        token.previousSecretHash = null;
        token.previousSecretExpiresAt = null;
        this.record(tem, actor, 'management_token.revoked', token, {
          revokedReason: 'UNUSED',
          lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
          revokeUnusedAfterDays: workspace.revokeUnusedAfterDays,
        });
      }
      return unused;
    });
    return tokens.map((token) => token.id);
  }

  /**
   * The rights `actor` may hand on (to a token, or to an OIDC trust policy that mints tokens): the
   * grants within its own (no escalation), and the project restriction and allowlist, each
   * inherited from a restricted caller when omitted and within the caller's own when given.
   */
  async resolveRights(
    em: Em,
    actor: Actor,
    grants: readonly Grant[],
    requested: { projectIds?: readonly string[] | null | undefined; allowedCidrs?: readonly string[] | null | undefined },
  ): Promise<{ projectIds: string[] | null; allowedCidrs: string[] | null }> {
    if (actor.kind === 'token') this.assertCanGrant(actor.token.grants, grants);
    // Omitted restrictions are inherited: a restricted token mints restricted tokens.
    const projectIds = requested.projectIds
      ? await this.resolveProjects(em, actor, requested.projectIds)
      : actor.kind === 'token' && actor.token.projectIds
        ? [...actor.token.projectIds]
        : null;
    const allowedCidrs = requested.allowedCidrs
      ? [...requested.allowedCidrs]
      : actor.kind === 'token' && actor.token.allowedCidrs
        ? [...actor.token.allowedCidrs]
        : null;
    if (requested.allowedCidrs) this.assertAllowlistWithin(actor, requested.allowedCidrs);
    return { projectIds, allowedCidrs };
  }

  /**
   * Mints the short-lived token of an OIDC token exchange (oidc/): the policy's rights, named after
   * the policy and the ID token's subject. It does not count against the workspace's live-token
   * limit but against the policy's own cap, and expires after the policy's lifetime or with the
   * policy's creator token, whichever comes first (as `issue` never lets a token outlive its
   * creator). `claim` runs first in the same transaction (it locks the policy and records the ID
   * token as exchanged), so a refused mint exchanges nothing.
   */
  async mintExchanged(
    em: Em,
    mint: ExchangeMint,
    claim: (tem: Em) => Promise<ExchangeRights>,
    now = new Date(),
  ): Promise<IssuedToken & { rights: ExchangeRights }> {
    const actor = systemActor(mint.workspaceId);
    return em.transactional(async (tem) => {
      const rights = await claim(tem);
      const live = await tem.count(ManagementToken, { oidcPolicyId: rights.policyId, ...whereLive(now) });
      if (live >= rights.maxLiveTokens) {
        throw limitExceeded(`The trust policy already has ${live} live tokens, its maximum.`, rights.maxLiveTokens);
      }
      const secret = generateSecret(TOKEN_SECRET_PREFIX);
      const lifetimeEnd = new Date(now.getTime() + rights.lifetimeSeconds * 1000);
      const expiresAt = rights.creatorExpiresAt && rights.creatorExpiresAt < lifetimeEnd ? rights.creatorExpiresAt : lifetimeEnd;
      // Unique among live tokens without a lookup: the random suffix; the rest says where it came from.
      const name = `${`${rights.policyName} ${mint.subject}`.slice(0, 90)} ${randomBase62(8)}`;
      const token = tem.create(ManagementToken, {
        id: newId(),
        workspace: tem.getReference(Workspace, mint.workspaceId),
        name,
        description: `Minted by the OIDC trust policy "${rights.policyName}" for ${mint.subject}.`,
        grants: [...rights.grants],
        secretHash: hashSecret(secret),
        prefix: displayPrefix(secret, TOKEN_SECRET_PREFIX),
        createdBy: null,
        oidcPolicyId: rights.policyId,
        oidcSubject: mint.subject,
        // A throttled creator's limit carries on, so a policy is no way around it.
        rateLimitPoints: rights.rateLimitPoints,
        rateLimitWindowSeconds: rights.rateLimitWindowSeconds,
        expiresAt,
        expiryNoticeLevel: NO_EXPIRY_NOTICES,
        projectIds: rights.projectIds ? [...rights.projectIds] : null,
        allowedCidrs: rights.allowedCidrs ? [...rights.allowedCidrs] : null,
      });
      recordChange(tem, actor, {
        action: 'management_token.created',
        target: { type: 'ManagementToken', id: token.id },
        data: tokenData(token),
        summary: {
          name: token.name,
          grants: token.grants,
          expiresAt: expiresAt.toISOString(),
          ...(token.projectIds ? { projectIds: token.projectIds.map((id) => encodeId('Project', id)) } : {}),
          ...(token.allowedCidrs ? { allowedCidrs: token.allowedCidrs } : {}),
          oidc: { policyId: encodeId('OidcTrustPolicy', rights.policyId), ...mint.idToken },
        },
      });
      await tem.flush();
      return { token, secret, rights };
    });
  }

  /**
   * Revokes, with reason LEAKED, every token one of `secrets` opens (a current secret, or a previous
   * one still in its grace period): POST /credentials/revoke. Whoever holds a secret may kill it.
   * Secrets must already have passed the format and checksum check. Returns how many were revoked.
   */
  async revokeLeaked(em: Em, secrets: readonly string[], source: Record<string, unknown>, now = new Date()): Promise<number> {
    const hashes = [...new Set(secrets.map(hashSecret))];
    if (hashes.length === 0) return 0;
    const tokens = await em.fork().transactional(async (tem) => {
      const found = await tem.find(
        ManagementToken,
        {
          revokedAt: null,
          $or: [{ secretHash: { $in: hashes } }, { previousSecretHash: { $in: hashes }, previousSecretExpiresAt: { $gt: now } }],
        },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
      );
      for (const token of found) {
        token.revokedAt = now;
        token.revokedReason = 'LEAKED';
        token.previousSecretHash = null;
        token.previousSecretExpiresAt = null;
        this.record(tem, systemActor(token.workspace.id), 'management_token.revoked', token, { revokedReason: 'LEAKED', ...source });
      }
      return found;
    });
    // After the commit: every instance's cache drops them before this answers (see onChange), in one wait.
    await this.changed(tokens.map((token) => token.id));
    return tokens.length;
  }

  /**
   * Issues a new secret. With a grace period the previous secret keeps working until
   * `previousSecretExpiresAt`; a secret rotated out earlier stops at once.
   */
  async rotate(em: Em, actor: Actor, id: string, grace: GracePeriod = 'NONE', now = new Date()): Promise<IssuedToken> {
    const token = await this.get(em, actor.workspaceId, id);
    const status = tokenStatus(token, now);
    if (status === 'REVOKED' || status === 'EXPIRED') throw conflict(`A ${status.toLowerCase()} token cannot be rotated.`);
    this.assertMayActOn(actor, token, 'rotate');
    // Rotation hands over a working secret, so it needs everything the token can do, as minting does.
    if (actor.kind === 'token') this.assertCanGrant(actor.token.grants, token.grants as Grant[]);
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
    await this.changed([token.id]);
    return { token, secret };
  }

  /** Operator override of the deployment's rate limit for one token; nulls restore the default. */
  async setRateLimit(em: Em, actor: Actor, id: string, points: number | null, windowSeconds: number | null): Promise<ManagementToken> {
    parseInput(rateLimitSchema, { points, windowSeconds });
    const token = await this.get(em, actor.workspaceId, id);
    const changes = changesOf(token, { rateLimitPoints: points, rateLimitWindowSeconds: windowSeconds });
    token.rateLimitPoints = points;
    token.rateLimitWindowSeconds = windowSeconds;
    if (Object.keys(changes).length > 0) this.record(em, actor, 'management_token.rate_limit_set', token, changes);
    await em.flush();
    await this.changed([token.id]);
    return token;
  }

  private record(em: Em, actor: Actor, action: Action, token: ManagementToken, summary: Record<string, unknown> = {}) {
    recordChange(em, actor, {
      action,
      target: { type: 'ManagementToken', id: token.id },
      data: tokenData(token),
      summary: { name: token.name, ...summary },
    });
  }

  /**
   * No lateral moves: a token may change another token only if that token's rights — effective
   * permissions, project restriction and allowlist — are within its own; FORBIDDEN names what it
   * lacks. Any token may deactivate or revoke itself. The CLI (the operator) is not bound.
   */
  private assertMayActOn(actor: Actor, target: ManagementToken, action: TokenAction) {
    if (actor.kind !== 'token') return;
    if (target.id === actor.token.id && (action === 'deactivate' || action === 'revoke')) return;
    const missingPermissions = [...expandGrants(target.grants)].filter((permission) => !actor.permissions.has(permission));
    const missingProjectIds = actor.token.projectIds
      ? target.projectIds
        ? target.projectIds.filter((projectId) => !actor.token.projectIds!.includes(projectId))
        : null
      : [];
    const missingCidrs = actor.token.allowedCidrs
      ? target.allowedCidrs
        ? cidrsBeyond(actor.token.allowedCidrs, target.allowedCidrs)
        : null
      : [];
    const lacks: string[] = [];
    if (missingPermissions.length > 0) lacks.push(`the permissions ${missingPermissions.join(', ')}`);
    if (missingProjectIds === null) lacks.push('access to the whole workspace (that token is not restricted to projects)');
    else if (missingProjectIds.length > 0)
      lacks.push(`access to the projects ${missingProjectIds.map((p) => encodeId('Project', p)).join(', ')}`);
    if (missingCidrs === null) lacks.push('use from any address (that token has no allowlist)');
    else if (missingCidrs.length > 0) lacks.push(`use from ${missingCidrs.join(', ')}`);
    if (lacks.length === 0) return;
    throw forbidden(
      `A token can ${action} only tokens whose rights are within its own; ${encodeId('ManagementToken', target.id)} has ${lacks.join('; ')}, which this token lacks.`,
      {
        missingPermissions,
        ...(missingProjectIds === null
          ? { missingWorkspaceAccess: true }
          : { missingProjectIds: missingProjectIds.map((p) => encodeId('Project', p)) }),
        ...(missingCidrs === null ? { missingUnrestrictedAddress: true } : { missingCidrs }),
      },
    );
  }

  /** A token with an allowlist may give (or set) only allowlists within it; removing one (null) widens it. */
  private assertAllowlistWithin(actor: Actor, requested: readonly string[] | null) {
    if (actor.kind !== 'token' || !actor.token.allowedCidrs) return;
    const beyond = requested ? cidrsBeyond(actor.token.allowedCidrs, requested) : null;
    if (beyond === null) {
      throw forbidden('A token with an IP allowlist cannot give a token no allowlist.', { missingCidrs: ['any address'] });
    }
    if (beyond.length > 0) {
      throw forbidden(`A token can only pass on addresses it may use itself; this one may not use ${beyond.join(', ')}.`, {
        missingCidrs: beyond,
      });
    }
  }

  /** The row ids of the projects a new token is restricted to: in the workspace and, for a restricted caller, among its own. */
  private async resolveProjects(em: Em, actor: Actor, ids: readonly string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) throw badUserInput('projectIds', 'give at least one project, or leave the field out for the whole workspace.');
    const outside = actor.kind === 'token' && actor.token.projectIds ? unique.filter((id) => !actor.token.projectIds!.includes(id)) : [];
    // A project outside the caller's own restriction is invisible to it: NOT_FOUND, as everywhere else.
    if (outside.length > 0) throw notFound('Project', outside[0]!);
    const found = await em.find(Project, { ...inWorkspace(actor.workspaceId), id: { $in: unique.filter(isUuid) } }, { fields: ['id'] });
    const missing = unique.find((id) => !found.some((project) => project.id === id));
    if (missing) throw notFound('Project', missing);
    return unique;
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
      actor.kind === 'token' && actor.token.expiresAt
        ? {
            at: actor.token.expiresAt,
            reason: `the expiry of the calling token (${actor.token.expiresAt.toISOString()}): a token cannot create one that outlives it`,
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
