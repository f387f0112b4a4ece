// Management tokens over GraphQL: the type, the list and lookup queries (tokens:read) and the
// lifecycle mutations (tokens:write; any token may deactivate or revoke itself without it). The
// rules live in TokenService.
import { DAY_MS } from '../../lib/time.js';
import { builder, permissionOrGrant, permissionOrSelf } from '../../graphql/builder.js';
import { idOf } from '../../graphql/node-ids.js';
import { connectionTypeOptions, edgeTypeOptions, connectionOf } from '../../graphql/pagination.js';
import { workspaceOf, type Context } from '../../context.js';
import {
  ALL_PERMISSIONS,
  ALL_SCOPES,
  PERMISSIONS,
  SCOPES,
  expandGrants,
  isPermission,
  isScope,
  type Permission,
  type Scope,
} from './permissions.js';
import { ManagementToken, type RevokedReason } from './token.entity.js';
import { TOKEN_LIFETIMES, type TOKEN_STATUSES, tokenStatus, type TokenLifetime } from './token.service.js';
import { GracePeriodEnum } from '../../graphql/common-types.js';
import { ProjectRef } from '../projects/project.schema.js';

/** Granted by fields that return a token its caller may see without tokens:read. */
export const GRANT_READ_TOKEN = 'readManagementToken';

const enumName = (value: string) => value.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();

export const PermissionEnum = builder.enumType('Permission', {
  description: 'A fine-grained permission, named after what it allows (`projects:read` is PROJECTS_READ).',
  values: Object.fromEntries(
    ALL_PERMISSIONS.map((permission) => [
      enumName(permission),
      { value: permission, description: `\`${permission}\`: ${PERMISSIONS[permission]}` },
    ]),
  ) as Record<string, { value: Permission; description: string }>,
});

export const ScopeEnum = builder.enumType('Scope', {
  description: 'A coarse scope, expanded into permissions on every request (so it also covers permissions added later).',
  values: Object.fromEntries(ALL_SCOPES.map((scope) => [enumName(scope), { value: scope, description: SCOPES[scope] }])) as Record<
    string,
    { value: Scope; description: string }
  >,
});

export const TokenStatusEnum = builder.enumType('TokenStatus', {
  values: {
    ACTIVE: { description: 'Usable.' },
    DEACTIVATED: { description: 'Refused until activated again.' },
    EXPIRED: { description: 'Past its expiry date.' },
    REVOKED: { description: 'Refused forever.' },
  } satisfies Record<(typeof TOKEN_STATUSES)[number], object>,
});

const TokenLifetimeEnum = builder.enumType('TokenLifetime', {
  description: 'How long a new token lives. NEVER is allowed only where the workspace policy allows it.',
  values: Object.fromEntries(
    Object.entries(TOKEN_LIFETIMES).map(([name, days]) => [
      name,
      { value: name as TokenLifetime, description: days === null ? 'Never expires.' : `${days} days.` },
    ]),
  ) as Record<TokenLifetime, { value: TokenLifetime; description: string }>,
});

const RevokedReasonEnum = builder.enumType('RevokedReason', {
  description: 'Why a token was revoked.',
  values: {
    MANUAL: { description: 'By a token (revokeManagementToken) or an operator (the CLI).' },
    UNUSED: { description: "Not used for the workspace's revokeUnusedAfterDays (never used: since it was created)." },
    LEAKED: { description: 'Its secret was reported as leaked to POST /credentials/revoke (e.g. by a secret scanner).' },
  } satisfies Record<RevokedReason, object>,
});

const ActorKindEnum = builder.enumType('ActorKind', {
  values: {
    TOKEN: { description: 'A management token.' },
    CLI: { description: 'An operator, through the command-line interface.' },
    OIDC: { description: 'An OIDC token exchange (POST /oidc/token) through a trust policy.' },
  },
});

export interface ActorShape {
  kind: 'TOKEN' | 'CLI' | 'OIDC';
  tokenId: string | null;
  /** OIDC: the trust policy that minted the token, and the ID token's `sub`. */
  oidcPolicyId?: string | null;
  subject?: string | null;
}

/** Who created a token: the token, the CLI, or an OIDC trust policy. */
export const creatorOf = (token: ManagementToken): ActorShape =>
  token.oidcPolicyId
    ? { kind: 'OIDC', tokenId: null, oidcPolicyId: token.oidcPolicyId, subject: token.oidcSubject ?? null }
    : token.createdBy
      ? { kind: 'TOKEN', tokenId: token.createdBy.id }
      : { kind: 'CLI', tokenId: null };

export const ActorRef = builder.objectRef<ActorShape>('Actor').implement({
  description: 'Who did something: a management token, the CLI, or an OIDC trust policy.',
  fields: (t) => ({
    subject: t.string({
      nullable: true,
      description: 'OIDC: the `sub` of the ID token that was exchanged.',
      resolve: (actor) => actor.subject ?? null,
    }),
    kind: t.field({ type: ActorKindEnum, resolve: (actor) => actor.kind }),
    token: t.field({
      // Declared below; resolved lazily through the node loader so workspace rules apply.
      type: ManagementToken,
      nullable: true,
      resolve: (actor, _args, context) =>
        actor.tokenId ? context.services.tokens.load(context.em, context.principal.workspaceId, actor.tokenId) : null,
    }),
  }),
});

export const ManagementTokenRef = builder.node(ManagementToken, {
  name: 'ManagementToken',
  description: 'A bearer token that calls this API. Its secret is shown once, when it is created or rotated.',
  // tokens:read, or granted by the field that returned it (viewer.token, mutation payloads).
  authScopes: permissionOrGrant('tokens:read', GRANT_READ_TOKEN),
  id: { resolve: (token) => token.id },
  loadOne: (id, context) => context.services.tokens.load(context.em, context.principal.workspaceId, id),
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    prefix: t.exposeString('prefix', { description: 'The first characters of the secret, to recognise it.' }),
    status: t.field({ type: TokenStatusEnum, resolve: (token) => tokenStatus(token) }),
    scopes: t.field({
      type: [ScopeEnum],
      description: 'Scopes granted to the token, as given.',
      resolve: (token) => token.grants.filter(isScope),
    }),
    grantedPermissions: t.field({
      type: [PermissionEnum],
      description: 'Permissions granted individually, as given.',
      resolve: (token) => token.grants.filter(isPermission),
    }),
    permissions: t.field({
      type: [PermissionEnum],
      description: 'Effective permissions: the grants with scopes expanded.',
      resolve: (token) => [...expandGrants(token.grants)],
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.field({
      type: ActorRef,
      resolve: (token) => creatorOf(token),
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'Null: never expires.' }),
    previousSecretExpiresAt: t.expose('previousSecretExpiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'After a rotation with a grace period: when the previous secret stops working.',
    }),
    deactivatedAt: t.expose('deactivatedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    revokedReason: t.field({ type: RevokedReasonEnum, nullable: true, resolve: (token) => token.revokedReason ?? null }),
    expiresInDays: t.int({
      nullable: true,
      description: 'Whole days until expiry, rounded up (0 once expired); null: never expires.',
      resolve: (token) => (token.expiresAt ? Math.max(0, Math.ceil((token.expiresAt.getTime() - Date.now()) / DAY_MS)) : null),
    }),
    projects: t.field({
      type: [ProjectRef],
      nullable: true,
      description: 'The projects the token is restricted to; null = the whole workspace. Only projects the caller can see are listed.',
      resolve: (token, _args, context) =>
        token.projectIds ? context.services.projects.findMany(context.em, context.principal.workspaceId, token.projectIds) : null,
    }),
    allowedCidrs: t.stringList({
      nullable: true,
      description: 'The client addresses (IPv4/IPv6 CIDRs) the token may be used from; null = anywhere.',
      resolve: (token) => token.allowedCidrs ?? null,
    }),
    // Usage data needs tokens:read even where a mutation payload grants the token itself.
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      authScopes: { permission: 'tokens:read' },
      description: 'Recorded within seconds, not per request.',
    }),
    lastUsedIp: t.exposeString('lastUsedIp', { nullable: true, authScopes: { permission: 'tokens:read' } }),
    lastUsedUserAgent: t.exposeString('lastUsedUserAgent', { nullable: true, authScopes: { permission: 'tokens:read' } }),
    rateLimit: t.int({
      nullable: true,
      description: 'Operator override of the requests allowed per window; null = the deployment default.',
      resolve: (token) => token.rateLimitPoints,
    }),
    rateLimitWindowSeconds: t.int({ nullable: true, resolve: (token) => token.rateLimitWindowSeconds }),
  }),
});

const tokenId = (globalId: string) => idOf('ManagementToken', globalId);

builder.queryFields((t) => ({
  managementTokens: t.connection(
    {
      nullable: true,
      type: ManagementTokenRef,
      description: "The workspace's tokens, newest first. Revoked tokens only with `includeRevoked` or `status: REVOKED`.",
      authScopes: { permission: 'tokens:read' },
      args: {
        status: t.arg({ type: TokenStatusEnum, required: false }),
        includeRevoked: t.arg.boolean({ required: false, defaultValue: false }),
      },
      resolve: (_root, args, context) =>
        context.services.tokens
          .list(context.em, workspaceOf(context), { status: args.status, includeRevoked: args.includeRevoked }, args)
          .then(connectionOf),
    },
    connectionTypeOptions('ManagementToken'),
    edgeTypeOptions('ManagementToken'),
  ),
  managementToken: t.field({
    nullable: true,
    type: ManagementTokenRef,
    authScopes: { permission: 'tokens:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => context.services.tokens.get(context.em, workspaceOf(context), tokenId(String(args.id))),
  }),
}));

const CreateManagementTokenInput = builder.inputType('CreateManagementTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: "Unique among the workspace's non-revoked tokens; 1–100 characters." }),
    description: t.string({ required: false }),
    permissions: t.field({ type: [PermissionEnum], required: false }),
    scopes: t.field({ type: [ScopeEnum], required: false }),
    lifetime: t.field({
      type: TokenLifetimeEnum,
      required: false,
      description: 'Default YEAR_1 (capped by the workspace policy). Not with expiresAt.',
    }),
    expiresAt: t.field({ type: 'DateTime', required: false, description: 'A custom expiry date. Not with lifetime.' }),
    projectIds: t.idList({
      required: false,
      description:
        "Restricts the token to these projects (and what belongs to them); omitted = the calling token's restriction (none: the whole workspace).",
    }),
    allowedCidrs: t.stringList({
      required: false,
      description:
        "IPv4/IPv6 CIDRs the token may be used from; omitted = the calling token's allowlist (none: anywhere). Within the caller's own.",
    }),
  }),
});

const UpdateManagementTokenInput = builder.inputType('UpdateManagementTokenInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string({ required: false }),
    description: t.string({ required: false, description: 'An empty string clears it.' }),
    allowedCidrs: t.stringList({
      required: false,
      description: "Replaces the IP allowlist; an empty list removes it. Within the caller's own allowlist.",
    }),
  }),
});

const RotateManagementTokenInput = builder.inputType('RotateManagementTokenInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    gracePeriod: t.field({
      type: GracePeriodEnum,
      required: false,
      defaultValue: 'NONE',
      description: 'How long the current secret keeps working.',
    }),
  }),
});

interface SecretPayload {
  token: ManagementToken;
  secret: string;
}

const TokenWithSecretPayload = builder.objectRef<SecretPayload>('ManagementTokenSecretPayload').implement({
  description: 'A token and its new secret. The secret is shown here once and can never be read again.',
  fields: (t) => ({
    token: t.field({ type: ManagementTokenRef, grantScopes: [GRANT_READ_TOKEN], resolve: (payload) => payload.token }),
    secret: t.exposeString('secret', { description: 'The bearer secret (`mgw_…`). Store it now: it is not shown again.' }),
  }),
});

const TokenPayload = builder.objectRef<{ token: ManagementToken }>('ManagementTokenPayload').implement({
  fields: (t) => ({
    token: t.field({ type: ManagementTokenRef, grantScopes: [GRANT_READ_TOKEN], resolve: (payload) => payload.token }),
  }),
});

/**
 * deactivate / activate / revoke: same shape, one service call each. `self`: any token may make
 * this change to itself, without tokens:write (the service's lateral-move rule agrees).
 */
function lifecycleMutation(
  name: string,
  description: string,
  self: boolean,
  change: (context: Context, id: string) => Promise<ManagementToken>,
) {
  builder.mutationField(name, (t) =>
    t.field({
      type: TokenPayload,
      nullable: true,
      description,
      authScopes: self ? permissionOrSelf('tokens:write') : { permission: 'tokens:write' },
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, context) => ({ token: await change(context, tokenId(String(args.id))) }),
    }),
  );
}

builder.mutationFields((t) => ({
  createManagementToken: t.field({
    nullable: true,
    type: TokenWithSecretPayload,
    description: 'Issues a token. It can hold only permissions (and scopes) the calling token holds itself.',
    authScopes: { permission: 'tokens:write' },
    args: { input: t.arg({ type: CreateManagementTokenInput, required: true }) },
    resolve: (_root, { input }, context) =>
      context.services.tokens.issue(context.em, context.principal, {
        ...input,
        projectIds: input.projectIds?.map((id) => idOf('Project', String(id))),
      }),
  }),
  updateManagementToken: t.field({
    nullable: true,
    type: TokenPayload,
    description: 'Renames a token or edits its description.',
    authScopes: { permission: 'tokens:write' },
    args: { input: t.arg({ type: UpdateManagementTokenInput, required: true }) },
    resolve: async (_root, { input }, context) => ({
      token: await context.services.tokens.update(context.em, context.principal, tokenId(String(input.id)), input),
    }),
  }),
  rotateManagementToken: t.field({
    nullable: true,
    type: TokenWithSecretPayload,
    description: 'Issues a new secret for a token; the current one stops at once or after the grace period.',
    authScopes: { permission: 'tokens:write' },
    args: { input: t.arg({ type: RotateManagementTokenInput, required: true }) },
    resolve: (_root, { input }, context) =>
      context.services.tokens.rotate(context.em, context.principal, tokenId(String(input.id)), input.gracePeriod ?? 'NONE'),
  }),
}));

lifecycleMutation(
  'deactivateManagementToken',
  'Refuses the token until it is activated again. Needs tokens:write, except that any token may deactivate itself.',
  true,
  (context, id) => context.services.tokens.deactivate(context.em, context.principal, id),
);
lifecycleMutation('activateManagementToken', 'Makes a deactivated token usable again.', false, (context, id) =>
  context.services.tokens.activate(context.em, context.principal, id),
);
lifecycleMutation(
  'revokeManagementToken',
  'Refuses the token from the next request on. Cannot be undone. Needs tokens:write, except that any token may revoke itself.',
  true,
  (context, id) => context.services.tokens.revoke(context.em, context.principal, id),
);
