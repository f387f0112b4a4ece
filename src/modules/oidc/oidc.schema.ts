// OIDC trust policies over GraphQL: tokens:read to see them, tokens:write to change them (a policy
// mints tokens, so it is managed like one). The rules live in OidcPolicyService.
import { workspaceOf } from '../../context.js';
import { builder } from '../../graphql/builder.js';
import { idOf } from '../../graphql/node-ids.js';
import { connectionOf, connectionTypeOptions, edgeTypeOptions } from '../../graphql/pagination.js';
import { encodeId } from '../../lib/ids.js';
import { ProjectRef } from '../projects/project.schema.js';
import { isPermission, isScope } from '../tokens/index.js';
import { ActorRef, PermissionEnum, ScopeEnum, type ActorShape } from '../tokens/token.schema.js';
import { OidcTrustPolicy, type ClaimCondition } from './oidc-policy.entity.js';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, MAX_TOKEN_LIFETIME_SECONDS } from './oidc-policy.service.js';

const ClaimConditionRef = builder.objectRef<ClaimCondition>('OidcClaimCondition').implement({
  description: 'An exact-match condition on one claim of the ID token.',
  fields: (t) => ({ name: t.exposeString('name'), value: t.exposeString('value') }),
});

export const OidcTrustPolicyRef = builder.node(OidcTrustPolicy, {
  name: 'OidcTrustPolicy',
  description:
    'Which OIDC ID tokens (e.g. of a CI job) may be exchanged at POST /oidc/token for a short-lived management token, and the rights that token gets.',
  authScopes: { permission: 'tokens:read' },
  id: { resolve: (policy) => policy.id },
  loadOne: (id, context) => context.services.oidc.load(context.em, workspaceOf(context), id),
  fields: (t) => ({
    name: t.exposeString('name'),
    issuer: t.exposeString('issuer', { description: 'The `iss` the ID token must carry, exactly.' }),
    audience: t.exposeString('audience', { description: "A value the ID token's `aud` must be or contain." }),
    subject: t.exposeString('subject', {
      description: 'The `sub` the ID token must carry: exact, or a glob where `*` matches any characters except `:`.',
    }),
    claims: t.field({ type: [ClaimConditionRef], resolve: (policy) => policy.claims }),
    scopes: t.field({ type: [ScopeEnum], resolve: (policy) => policy.grants.filter(isScope) }),
    permissions: t.field({
      type: [PermissionEnum],
      description: 'Permissions granted individually to the minted tokens, as given.',
      resolve: (policy) => policy.grants.filter(isPermission),
    }),
    projects: t.field({
      type: [ProjectRef],
      nullable: true,
      description: 'The projects minted tokens are restricted to; null = the whole workspace.',
      resolve: (policy, _args, context) =>
        policy.projectIds ? context.services.projects.findMany(context.em, workspaceOf(context), policy.projectIds) : null,
    }),
    allowedCidrs: t.stringList({ nullable: true, resolve: (policy) => policy.allowedCidrs ?? null }),
    tokenLifetimeSeconds: t.exposeInt('tokenLifetimeSeconds'),
    maxLiveTokens: t.exposeInt('maxLiveTokens', { description: 'Most live tokens minted through this policy at once.' }),
    createdBy: t.field({
      type: ActorRef,
      resolve: (policy): ActorShape =>
        policy.createdBy ? { kind: 'TOKEN', tokenId: policy.createdBy.id } : { kind: 'CLI', tokenId: null },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

// The policy that minted a token (kind OIDC), on the Actor of `createdBy`.
builder.objectField(ActorRef, 'oidcTrustPolicy', (t) =>
  t.field({
    type: OidcTrustPolicyRef,
    nullable: true,
    description: 'OIDC: the trust policy that minted the token (null once deleted).',
    resolve: (actor, _args, context) =>
      actor.oidcPolicyId ? context.services.oidc.load(context.em, workspaceOf(context), actor.oidcPolicyId) : null,
  }),
);

const policyId = (globalId: string) => idOf('OidcTrustPolicy', globalId);

builder.queryFields((t) => ({
  oidcTrustPolicies: t.connection(
    {
      nullable: true,
      type: OidcTrustPolicyRef,
      description: "The workspace's OIDC trust policies, newest first.",
      authScopes: { permission: 'tokens:read' },
      resolve: (_root, args, context) => context.services.oidc.list(context.em, workspaceOf(context), args).then(connectionOf),
    },
    connectionTypeOptions('OidcTrustPolicy'),
    edgeTypeOptions('OidcTrustPolicy'),
  ),
  oidcTrustPolicy: t.field({
    nullable: true,
    type: OidcTrustPolicyRef,
    authScopes: { permission: 'tokens:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => context.services.oidc.get(context.em, workspaceOf(context), policyId(String(args.id))),
  }),
}));

const ClaimConditionInput = builder.inputType('OidcClaimConditionInput', {
  fields: (t) => ({ name: t.string({ required: true }), value: t.string({ required: true }) }),
});

const rightsFields = {
  permissions: { description: "Permissions of the minted tokens; within the calling token's own." },
  projectIds: {
    description: "Restricts minted tokens to these projects; omitted = the calling token's restriction (none: the whole workspace).",
  },
  allowedCidrs: {
    description: "IPv4/IPv6 CIDRs minted tokens may be used from; omitted = the calling token's allowlist (none: anywhere).",
  },
  tokenLifetimeSeconds: {
    description: `Lifetime of a minted token, 60–${MAX_TOKEN_LIFETIME_SECONDS} seconds (default ${DEFAULT_TOKEN_LIFETIME_SECONDS}).`,
  },
};

const CreateOidcTrustPolicyInput = builder.inputType('CreateOidcTrustPolicyInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique in the workspace; 1–100 characters.' }),
    issuer: t.string({ required: true, description: "The issuer URL, exactly as the ID tokens' `iss` (https, public)." }),
    audience: t.string({
      required: true,
      description:
        "Must contain the workspace's id (`ws_…`), e.g. `https://gateway.example.com/ws_…`, so that no other workspace's policy matches.",
    }),
    subject: t.string({
      required: true,
      description:
        'Exact, or a glob where `*` matches any characters except `:`: `repo:acme/app:ref:refs/heads/*`. Needs literal text besides `*` and `:`.',
    }),
    claims: t.field({ type: [ClaimConditionInput], required: false, description: 'Exact-match conditions on other claims.' }),
    permissions: t.field({ type: [PermissionEnum], required: false, ...rightsFields.permissions }),
    scopes: t.field({ type: [ScopeEnum], required: false }),
    projectIds: t.idList({ required: false, ...rightsFields.projectIds }),
    allowedCidrs: t.stringList({ required: false, ...rightsFields.allowedCidrs }),
    tokenLifetimeSeconds: t.int({ required: false, ...rightsFields.tokenLifetimeSeconds }),
    maxLiveTokens: t.int({
      required: false,
      description: 'Most live tokens minted through the policy at once (default and maximum OIDC_MAX_LIVE_TOKENS_PER_POLICY, 100).',
    }),
  }),
});

const UpdateOidcTrustPolicyInput = builder.inputType('UpdateOidcTrustPolicyInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string({ required: false }),
    issuer: t.string({ required: false }),
    audience: t.string({ required: false }),
    subject: t.string({ required: false }),
    claims: t.field({ type: [ClaimConditionInput], required: false, description: 'Replaces the conditions; an empty list removes them.' }),
    permissions: t.field({ type: [PermissionEnum], required: false, description: 'With scopes, replaces the rights of minted tokens.' }),
    scopes: t.field({ type: [ScopeEnum], required: false }),
    projectIds: t.idList({ required: false }),
    allowedCidrs: t.stringList({ required: false }),
    tokenLifetimeSeconds: t.int({ required: false, ...rightsFields.tokenLifetimeSeconds }),
    maxLiveTokens: t.int({ required: false }),
  }),
});

const OidcTrustPolicyPayload = builder.objectRef<{ policy: OidcTrustPolicy }>('OidcTrustPolicyPayload').implement({
  fields: (t) => ({ policy: t.field({ type: OidcTrustPolicyRef, resolve: (payload) => payload.policy }) }),
});

const DeleteOidcTrustPolicyPayload = builder.objectRef<{ deletedOidcTrustPolicyId: string }>('DeleteOidcTrustPolicyPayload').implement({
  fields: (t) => ({ deletedOidcTrustPolicyId: t.exposeID('deletedOidcTrustPolicyId') }),
});

const projectIdsOf = (ids: readonly (string | number)[] | null | undefined) => ids?.map((id) => idOf('Project', String(id)));

builder.mutationFields((t) => ({
  createOidcTrustPolicy: t.field({
    nullable: true,
    type: OidcTrustPolicyPayload,
    description:
      "Trusts ID tokens of an issuer, matching audience, subject and claims, to mint tokens with the given rights (within the caller's own).",
    authScopes: { permission: 'tokens:write' },
    args: { input: t.arg({ type: CreateOidcTrustPolicyInput, required: true }) },
    resolve: async (_root, { input }, context) => ({
      policy: await context.services.oidc.create(context.em, context.principal, { ...input, projectIds: projectIdsOf(input.projectIds) }),
    }),
  }),
  updateOidcTrustPolicy: t.field({
    nullable: true,
    type: OidcTrustPolicyPayload,
    authScopes: { permission: 'tokens:write' },
    args: { input: t.arg({ type: UpdateOidcTrustPolicyInput, required: true }) },
    resolve: async (_root, { input }, context) => ({
      policy: await context.services.oidc.update(context.em, context.principal, policyId(String(input.id)), {
        ...input,
        projectIds: projectIdsOf(input.projectIds),
      }),
    }),
  }),
  deleteOidcTrustPolicy: t.field({
    nullable: true,
    type: DeleteOidcTrustPolicyPayload,
    description: 'Deletes a trust policy. Tokens it minted keep working until they expire (at most an hour) unless revoked.',
    authScopes: { permission: 'tokens:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const policy = await context.services.oidc.delete(context.em, context.principal, policyId(String(args.id)));
      return { deletedOidcTrustPolicyId: encodeId('OidcTrustPolicy', policy.id) };
    },
  }),
}));
