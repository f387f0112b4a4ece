// The rules of OIDC trust policies and of the token exchange (RFC 8693) they allow: a policy names
// an issuer, an audience, a subject (exact or a glob) and exact-match claims, and the rights of the
// short-lived tokens it mints. No escalation: a policy holds only rights its creator holds (when
// it is written, and again at every mint, against the creator token as it is then), and a
// token edits or deletes only policies within its own rights. An ID token is exchanged once, on
// any instance (its `jti` is recorded under a primary key in the same transaction as the mint).
import { LockMode, UniqueConstraintViolationException, type ObjectQuery } from '@mikro-orm/core';
import { decodeJwt, type JWTPayload } from 'jose';
import { z } from 'zod';
import { loadById } from '../../db/batch.js';
import type { Em } from '../../db/em.js';
import { paginate, type Page, type PageArgs } from '../../db/pagination.js';
import { conflictOnDuplicate } from '../../db/unique.js';
import { badUserInput, DomainError, forbidden, limitExceeded, notFound, parseInput } from '../../lib/errors.js';
import { cidrsBeyond } from '../../lib/cidrs.js';
import { encodeId, isUuid, newId } from '../../lib/ids.js';
import { nameSchema } from '../../lib/validation.js';
import type { Logger } from '../../logger.js';
import { changesOf, recordChange, type Action, type Actor } from '../activity/index.js';
import { inWorkspace, Workspace } from '../common/index.js';
import {
  ALL_PERMISSIONS,
  ALL_SCOPES,
  cidrListSchema,
  expandGrants,
  grantsBeyond,
  ManagementToken,
  MAX_PROJECTS_PER_TOKEN,
  type Grant,
  type IssuedToken,
  type Permission,
  type Scope,
  type TokenService,
  tokenStatus,
} from '../tokens/index.js';
import { ExchangedIdToken, OidcTrustPolicy, type ClaimCondition } from './oidc-policy.entity.js';
import { CLOCK_SKEW_SECONDS, IdTokenRefused, type OidcVerifier } from './oidc-verifier.js';

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 900;
export const MAX_TOKEN_LIFETIME_SECONDS = 3600;
export const MIN_TOKEN_LIFETIME_SECONDS = 60;
export const MAX_CLAIM_CONDITIONS = 20;
/** Longest `sub` and `jti` an ID token may carry. */
const MAX_ID_CLAIM_LENGTH = 256;
/** Claims checked by the verifier or the policy's own fields, so not allowed as conditions. */
const RESERVED_CLAIMS = new Set(['iss', 'aud', 'sub', 'exp', 'nbf', 'iat', 'jti']);

const DUPLICATE_NAME = 'A trust policy with this name already exists in the workspace.';

const textSchema = (max: number) => z.string().trim().min(1, 'must not be empty.').max(max, `must be at most ${max} characters.`);

const claimsSchema = z
  .array(
    z.object({
      name: textSchema(100).refine(
        (name) => !RESERVED_CLAIMS.has(name),
        'iss, aud, sub, exp, nbf, iat and jti are checked by the policy itself.',
      ),
      value: z.string().max(500, 'must be at most 500 characters.'),
    }),
  )
  .max(MAX_CLAIM_CONDITIONS, `at most ${MAX_CLAIM_CONDITIONS} claim conditions.`)
  .refine((claims) => new Set(claims.map((claim) => claim.name)).size === claims.length, 'each claim may be given once.');

const lifetimeSchema = z
  .number()
  .int('must be a whole number of seconds.')
  .min(MIN_TOKEN_LIFETIME_SECONDS, `must be at least ${MIN_TOKEN_LIFETIME_SECONDS} seconds.`)
  .max(MAX_TOKEN_LIFETIME_SECONDS, `must be at most ${MAX_TOKEN_LIFETIME_SECONDS} seconds (one hour).`);

const fields = {
  name: nameSchema,
  issuer: textSchema(2048),
  audience: textSchema(500),
  subject: textSchema(500).refine(
    (subject) => /[^*:]/.test(subject),
    'must hold literal text besides `*` and `:` (such as `repo:acme/app:*`); wildcards alone would trust every job of the issuer.',
  ),
  claims: claimsSchema.nullish(),
  permissions: z.array(z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]])).nullish(),
  scopes: z.array(z.enum(ALL_SCOPES as [Scope, ...Scope[]])).nullish(),
  projectIds: z.array(z.string()).max(MAX_PROJECTS_PER_TOKEN, `at most ${MAX_PROJECTS_PER_TOKEN} projects.`).nullish(),
  allowedCidrs: cidrListSchema.nullish(),
  tokenLifetimeSeconds: lifetimeSchema.nullish(),
  maxLiveTokens: z.number().int('must be a whole number.').min(1, 'must be at least 1.').nullish(),
};

const createSchema = z.object(fields).refine((input) => (input.permissions?.length ?? 0) + (input.scopes?.length ?? 0) > 0, {
  path: ['permissions'],
  message: 'give at least one permission or scope.',
});
const updateSchema = z.object({
  ...fields,
  name: fields.name.nullish(),
  issuer: fields.issuer.nullish(),
  audience: fields.audience.nullish(),
  subject: fields.subject.nullish(),
});

export type CreatePolicyInput = z.input<typeof createSchema>;
export type UpdatePolicyInput = z.input<typeof updateSchema>;

export interface OidcSettings {
  maxPageSize: number;
  /** Default cap of live tokens minted through one policy. */
  maxLiveTokensPerPolicy: number;
  /** MAX_OIDC_POLICIES_PER_WORKSPACE */
  maxPoliciesPerWorkspace: number;
}

/** A refused exchange: `error` is the RFC 6749 code the caller gets; `reason` is only logged. */
export class ExchangeRefused extends Error {
  override name = 'ExchangeRefused';
  constructor(
    readonly error: 'invalid_grant',
    readonly reason: string,
    readonly description = 'The subject token is not valid for any trust policy.',
  ) {
    super(reason);
  }
}

export interface Exchanged extends IssuedToken {
  policy: OidcTrustPolicy;
  /** Seconds the minted token lives: the policy's lifetime, or less where the creator token expires sooner. */
  lifetimeSeconds: number;
}

/** The rights a token (or an OIDC policy) carries, as far as "within its own" is concerned. */
interface Rights {
  grants: readonly string[];
  projectIds?: readonly string[] | null | undefined;
  allowedCidrs?: readonly string[] | null | undefined;
}

/**
 * What `policy` mints beyond what `holder` holds: grants it may not pass on (a scope needs the
 * scope), effective permissions it lacks, projects outside its restriction, addresses outside its
 * allowlist. Nothing beyond: every list empty and both flags false.
 */
function rightsBeyond(holder: Rights, policy: Rights) {
  const held = expandGrants(holder.grants);
  const { projectIds, allowedCidrs } = holder;
  return {
    missingGrants: grantsBeyond(holder.grants, policy.grants as Grant[]),
    missingPermissions: [...expandGrants(policy.grants)].filter((permission) => !held.has(permission)),
    outsideProjects: projectIds ? !policy.projectIds || policy.projectIds.some((id) => !projectIds.includes(id)) : false,
    outsideCidrs: allowedCidrs ? !policy.allowedCidrs || cidrsBeyond(allowedCidrs, policy.allowedCidrs).length > 0 : false,
  };
}

const isWithin = (beyond: ReturnType<typeof rightsBeyond>) =>
  beyond.missingGrants.length === 0 && beyond.missingPermissions.length === 0 && !beyond.outsideProjects && !beyond.outsideCidrs;

/**
 * `*` matches any run of characters except `:` (slashes too: branch names hold them, but never a
 * `:`), so a wildcard stays within one `:`-separated part of the subject; everything else is
 * literal. Since no `*` matches a `:`, the parts of pattern and subject pair up one to one, and
 * each pair is matched by the greedy glob algorithm, linear in their lengths: no pattern can make
 * the matching slow (a regular expression would backtrack).
 */
export function subjectMatches(pattern: string, subject: string): boolean {
  if (!pattern.includes('*')) return pattern === subject;
  const patternParts = pattern.split(':');
  const subjectParts = subject.split(':');
  return patternParts.length === subjectParts.length && patternParts.every((part, i) => globMatches(part, subjectParts[i]!));
}

/** `*` matches any run of characters; linear time (one backtrack point: the last `*` seen). */
function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (pattern[p] === '*') {
      star = p;
      resume = t;
      p += 1;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p += 1;
      t += 1;
    } else if (star >= 0) {
      // The last `*` takes one more character; the rest of the pattern is tried after it.
      resume += 1;
      t = resume;
      p = star + 1;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}

function audienceMatches(aud: JWTPayload['aud'], audience: string): boolean {
  return Array.isArray(aud) ? aud.includes(audience) : aud === audience;
}

/** A claim condition holds when the claim is a string, number or boolean whose text is the value. */
function claimMatches(payload: JWTPayload, { name, value }: ClaimCondition): boolean {
  const claim = payload[name];
  return (typeof claim === 'string' || typeof claim === 'number' || typeof claim === 'boolean') && String(claim) === value;
}

/** A policy whose audience lacks its workspace's id (only possible by editing the database) matches nothing. */
function audienceIsBound(policy: OidcTrustPolicy): boolean {
  return policy.audience.includes(encodeId('Workspace', policy.workspace.id));
}

export function policyMatches(policy: OidcTrustPolicy, payload: JWTPayload): boolean {
  return (
    audienceMatches(payload.aud, policy.audience) &&
    typeof payload.sub === 'string' &&
    subjectMatches(policy.subject, payload.sub) &&
    policy.claims.every((condition) => claimMatches(payload, condition))
  );
}

const PRUNE_EVERY_MS = 60_000;

export class OidcPolicyService {
  private lastPrune = 0;

  constructor(
    private readonly settings: OidcSettings,
    private readonly tokens: TokenService,
    readonly verifier: OidcVerifier,
    private readonly logger: Logger,
  ) {}

  async create(em: Em, actor: Actor, input: CreatePolicyInput): Promise<OidcTrustPolicy> {
    const data = parseInput(createSchema, input);
    this.assertLimits(actor.workspaceId, data);
    await this.assertIssuer(data.issuer);
    const grants = grantsOf(data)!;
    const { projectIds, allowedCidrs } = await this.tokens.resolveRights(em, actor, grants, data);
    return em.transactional(async (tem) => {
      // The workspace row serialises the creations of one workspace, so the cap holds under concurrency.
      await tem.findOneOrFail(Workspace, actor.workspaceId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const max = this.settings.maxPoliciesPerWorkspace;
      const count = await tem.count(OidcTrustPolicy, { workspace: actor.workspaceId });
      if (count >= max) {
        throw limitExceeded(
          `This workspace already has ${count} OIDC trust policies, its maximum (MAX_OIDC_POLICIES_PER_WORKSPACE); delete one first.`,
          max,
        );
      }
      return this.insert(tem, actor, data, grants, projectIds, allowedCidrs);
    });
  }

  private async insert(
    em: Em,
    actor: Actor,
    data: z.output<typeof createSchema>,
    grants: Grant[],
    projectIds: string[] | null,
    allowedCidrs: string[] | null,
  ): Promise<OidcTrustPolicy> {
    const policy = em.create(OidcTrustPolicy, {
      id: newId(),
      workspace: em.getReference(Workspace, actor.workspaceId),
      name: data.name,
      issuer: data.issuer,
      audience: data.audience,
      subject: data.subject,
      claims: data.claims ?? [],
      grants,
      projectIds,
      allowedCidrs,
      tokenLifetimeSeconds: data.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
      maxLiveTokens: data.maxLiveTokens ?? this.settings.maxLiveTokensPerPolicy,
      createdBy: actor.kind === 'token' ? em.getReference(ManagementToken, actor.token.id) : null,
    });
    this.record(em, actor, 'oidc_trust_policy.created', policy, summaryOf(policy));
    await conflictOnDuplicate(() => em.flush(), DUPLICATE_NAME);
    return policy;
  }

  async update(em: Em, actor: Actor, id: string, input: UpdatePolicyInput): Promise<OidcTrustPolicy> {
    const data = parseInput(updateSchema, input);
    const policy = await this.get(em, actor.workspaceId, id);
    this.assertMayActOn(actor, policy, 'edit');
    this.assertLimits(actor.workspaceId, data);
    if (data.issuer != null) await this.assertIssuer(data.issuer);
    const grants = grantsOf(data) ?? (policy.grants as Grant[]);
    const rights = await this.tokens.resolveRights(em, actor, grants, {
      projectIds: data.projectIds ?? policy.projectIds,
      allowedCidrs: data.allowedCidrs ?? policy.allowedCidrs,
    });
    const next = {
      name: data.name ?? policy.name,
      issuer: data.issuer ?? policy.issuer,
      audience: data.audience ?? policy.audience,
      subject: data.subject ?? policy.subject,
      claims: data.claims ?? policy.claims,
      grants,
      projectIds: rights.projectIds,
      allowedCidrs: rights.allowedCidrs,
      tokenLifetimeSeconds: data.tokenLifetimeSeconds ?? policy.tokenLifetimeSeconds,
      maxLiveTokens: data.maxLiveTokens ?? policy.maxLiveTokens,
    };
    const changes = changesOf(policy, next);
    Object.assign(policy, next);
    if (Object.keys(changes).length > 0) this.record(em, actor, 'oidc_trust_policy.updated', policy, changes);
    await conflictOnDuplicate(() => em.flush(), DUPLICATE_NAME);
    return policy;
  }

  /** Deletes the policy; tokens it minted live on until they expire (at most an hour) or are revoked. */
  async delete(em: Em, actor: Actor, id: string): Promise<OidcTrustPolicy> {
    const policy = await this.get(em, actor.workspaceId, id);
    this.assertMayActOn(actor, policy, 'delete');
    this.record(em, actor, 'oidc_trust_policy.deleted', policy, { name: policy.name });
    await em.remove(policy).flush();
    return policy;
  }

  list(em: Em, workspaceId: string, page: PageArgs): Promise<Page<OidcTrustPolicy>> {
    return paginate(em, OidcTrustPolicy, inWorkspace(workspaceId) as ObjectQuery<OidcTrustPolicy>, page, {
      list: 'oidcTrustPolicies',
      maxPageSize: this.settings.maxPageSize,
    });
  }

  async get(em: Em, workspaceId: string, id: string): Promise<OidcTrustPolicy> {
    const policy = isUuid(id) ? await em.findOne(OidcTrustPolicy, { ...inWorkspace(workspaceId), id }) : null;
    if (!policy) throw notFound('OidcTrustPolicy', id);
    return policy;
  }

  /** By row id or by name (names are unique per workspace), for the CLI. */
  async getByIdOrName(em: Em, workspaceId: string, idOrName: string): Promise<OidcTrustPolicy> {
    const policy = isUuid(idOrName)
      ? await em.findOne(OidcTrustPolicy, { ...inWorkspace(workspaceId), id: idOrName })
      : await em.findOne(OidcTrustPolicy, { ...inWorkspace(workspaceId), name: idOrName });
    if (!policy) throw notFound('OidcTrustPolicy', idOrName);
    return policy;
  }

  load(em: Em, workspaceId: string, id: string): Promise<OidcTrustPolicy | null> {
    return loadById(
      em,
      OidcTrustPolicy,
      { key: workspaceId, where: inWorkspace(workspaceId), belongs: (p) => p.workspace.id === workspaceId },
      id,
    );
  }

  /**
   * RFC 8693 token exchange: verifies the ID token against the issuers of the trust policies,
   * picks the oldest policy it matches, and mints that policy's token. Every refusal is one
   * ExchangeRefused with the same description (no hint of which policy almost matched).
   */
  async exchange(em: Em, subjectToken: string, clientIp: string, now = new Date()): Promise<Exchanged> {
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(subjectToken);
    } catch {
      throw new ExchangeRefused('invalid_grant', 'not a JWT');
    }
    const issuer = unverified.iss;
    if (typeof issuer !== 'string') throw new ExchangeRefused('invalid_grant', 'no iss claim');
    // Only issuers an operator trusted are ever fetched: an ID token cannot point the gateway anywhere.
    const candidates = await em.find(OidcTrustPolicy, { issuer }, { orderBy: { id: 'asc' } });
    if (candidates.length === 0) throw new ExchangeRefused('invalid_grant', 'no trust policy for this issuer');
    let payload: JWTPayload;
    try {
      payload = await this.verifier.verify(subjectToken, issuer);
    } catch (error) {
      if (error instanceof IdTokenRefused) throw new ExchangeRefused('invalid_grant', error.message);
      throw error;
    }
    const sub = payload.sub;
    const jti = payload.jti;
    if (typeof sub !== 'string' || sub.length > MAX_ID_CLAIM_LENGTH)
      throw new ExchangeRefused('invalid_grant', 'sub is not a short string');
    if (typeof jti !== 'string' || jti.length > MAX_ID_CLAIM_LENGTH)
      throw new ExchangeRefused('invalid_grant', 'jti is not a short string');
    const matching = candidates.filter((candidate) => audienceIsBound(candidate) && policyMatches(candidate, payload));
    const policy = matching[0];
    if (!policy) throw new ExchangeRefused('invalid_grant', 'no trust policy matches the audience, subject and claims');
    // Defence in depth (audiences name their workspace): an ID token never mints in a workspace it is ambiguous about.
    if (new Set(matching.map((candidate) => candidate.workspace.id)).size > 1) {
      this.logger.warn(
        { issuer, policies: matching.map((candidate) => encodeId('OidcTrustPolicy', candidate.id)) },
        'an ID token matches trust policies of several workspaces; refused',
      );
      throw new ExchangeRefused('invalid_grant', 'the ID token matches trust policies of several workspaces');
    }
    // Kept until the ID token could no longer verify anyway (exp plus the allowed clock skew).
    const replayUntil = new Date((payload.exp! + CLOCK_SKEW_SECONDS) * 1000);
    await this.pruneExchanged(em, now);
    try {
      const issued = await this.tokens.mintExchanged(
        em.fork(),
        { workspaceId: policy.workspace.id, subject: sub, idToken: { iss: issuer, sub, jti, clientIp } },
        async (tem) => {
          // Serialises the mints of one policy, so its cap of live tokens holds under concurrency;
          // the token gets the rights of the locked row, not of the row read before (an edit may be between).
          const locked = await tem.findOne(OidcTrustPolicy, policy.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
          if (!locked || locked.issuer !== issuer || !policyMatches(locked, payload))
            throw new ExchangeRefused('invalid_grant', 'the trust policy changed meanwhile');
          // A policy does not outlive its creator: a revoked (or leaked), expired or deactivated token's policies mint nothing.
          const creator = locked.createdBy ? await tem.findOne(ManagementToken, locked.createdBy.id) : null;
          if (locked.createdBy && (!creator || tokenStatus(creator, now) !== 'ACTIVE')) {
            throw new ExchangeRefused('invalid_grant', "the policy's creator token is no longer active");
          }
          // Nor does it mint more than its creator holds now: the creator's rights are checked when
          // the policy is written, but its allowlist may have been narrowed since (or its row edited).
          if (creator && !isWithin(rightsBeyond(creator, locked))) {
            throw new ExchangeRefused('invalid_grant', 'the policy grants more than its creator token holds now');
          }
          await tem.insert(ExchangedIdToken, { issuer, jti, expiresAt: replayUntil });
          return {
            policyId: locked.id,
            policyName: locked.name,
            grants: locked.grants,
            projectIds: locked.projectIds ?? null,
            allowedCidrs: locked.allowedCidrs ?? null,
            lifetimeSeconds: locked.tokenLifetimeSeconds,
            maxLiveTokens: locked.maxLiveTokens,
            rateLimitPoints: creator?.rateLimitPoints ?? null,
            rateLimitWindowSeconds: creator?.rateLimitWindowSeconds ?? null,
            creatorExpiresAt: creator?.expiresAt ?? null,
          };
        },
        now,
      );
      // Whole seconds, rounded down: never more than the token really lives (its creator may expire sooner).
      const lifetimeSeconds = Math.floor((issued.token.expiresAt!.getTime() - now.getTime()) / 1000);
      return { ...issued, policy, lifetimeSeconds };
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw new ExchangeRefused('invalid_grant', 'this ID token was already exchanged');
      if (error instanceof DomainError && error.code === 'LIMIT_EXCEEDED') {
        // The same description as every other refusal: no hint that a policy matched.
        throw new ExchangeRefused('invalid_grant', 'the policy has its maximum of live tokens');
      }
      throw error;
    }
  }

  /** Forgets exchanged ID tokens that can no longer verify; at most once a minute per process. */
  private async pruneExchanged(em: Em, now: Date) {
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    await em
      .fork()
      .nativeDelete(ExchangedIdToken, { expiresAt: { $lt: now } })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not prune exchanged ID tokens'));
  }

  /**
   * The audience must name the workspace (its public id, `ws_…`): ID tokens are matched against
   * the policies of every workspace, so an audience bound to one workspace is what keeps another
   * tenant's policy from matching (and capturing) this workspace's exchanges.
   */
  private assertLimits(workspaceId: string, data: { audience?: string | null | undefined; maxLiveTokens?: number | null | undefined }) {
    const publicId = encodeId('Workspace', workspaceId);
    if (data.audience != null && !data.audience.includes(publicId)) {
      throw badUserInput(
        'audience',
        `must contain this workspace's id, ${publicId} (for example https://gateway.example.com/${publicId}), so that no other workspace's policy can match these ID tokens.`,
      );
    }
    const maxLive = this.settings.maxLiveTokensPerPolicy;
    if (data.maxLiveTokens != null && data.maxLiveTokens > maxLive) {
      throw badUserInput('maxLiveTokens', `must be at most ${maxLive} (OIDC_MAX_LIVE_TOKENS_PER_POLICY).`);
    }
  }

  private async assertIssuer(issuer: string) {
    const problem = await this.verifier.checkIssuer(issuer);
    if (problem) throw badUserInput('issuer', problem);
  }

  /**
   * No lateral moves: a token edits or deletes a policy only if the rights it mints (permissions,
   * projects, allowlist) are within its own. The CLI (the operator) is not bound.
   */
  private assertMayActOn(actor: Actor, policy: OidcTrustPolicy, action: 'edit' | 'delete') {
    if (actor.kind !== 'token') return;
    const beyond = rightsBeyond(actor.token, policy);
    if (isWithin(beyond)) return;
    const { missingGrants, missingPermissions, outsideProjects, outsideCidrs } = beyond;
    throw forbidden(
      `A token can ${action} only trust policies whose rights are within its own; ${encodeId('OidcTrustPolicy', policy.id)} mints more than this token holds.`,
      {
        missingGrants,
        missingPermissions,
        ...(outsideProjects ? { missingProjectAccess: true } : {}),
        ...(outsideCidrs ? { missingAddresses: true } : {}),
      },
    );
  }

  private record(em: Em, actor: Actor, action: Action, policy: OidcTrustPolicy, summary: Record<string, unknown>) {
    recordChange(em, actor, {
      action,
      target: { type: 'OidcTrustPolicy', id: policy.id },
      summary: { name: policy.name, ...summary },
    });
  }
}

function grantsOf(data: { permissions?: Permission[] | null | undefined; scopes?: Scope[] | null | undefined }): Grant[] | undefined {
  if (data.permissions == null && data.scopes == null) return undefined;
  const grants: Grant[] = [...new Set([...(data.scopes ?? []), ...(data.permissions ?? [])])];
  if (grants.length === 0) throw badUserInput('permissions', 'give at least one permission or scope.');
  return grants;
}

function summaryOf(policy: OidcTrustPolicy) {
  return {
    issuer: policy.issuer,
    audience: policy.audience,
    subject: policy.subject,
    claims: policy.claims,
    grants: policy.grants,
    tokenLifetimeSeconds: policy.tokenLifetimeSeconds,
    maxLiveTokens: policy.maxLiveTokens,
    ...(policy.projectIds ? { projectIds: policy.projectIds.map((id) => encodeId('Project', id)) } : {}),
    ...(policy.allowedCidrs ? { allowedCidrs: policy.allowedCidrs } : {}),
  };
}
