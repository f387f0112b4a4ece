// API keys over GraphQL: api_keys:read to see them (never a secret) and verify a presented value,
// api_keys:create to create, roll and activate, api_keys:delete to deactivate and delete.
import { workspaceOf } from '../../context.js';
import { builder, permissionOrGrant } from '../../graphql/builder.js';
import { GracePeriodEnum } from '../../graphql/common-types.js';
import { idOf } from '../../graphql/node-ids.js';
import { connectionTypeOptions, edgeTypeOptions, connectionOf } from '../../graphql/pagination.js';
import { encodeId } from '../../lib/ids.js';
import { GRANT_READ_PROJECT, ProjectRef } from '../projects/project.schema.js';
import type { ApiKey, ApiKeyKind, ApiKeyView } from './api-key.entity.js';
import { API_KEY_STATUSES, apiKeyStatus, type ApiKeyInvalidReason, type Verification } from './api-key.service.js';

/** Granted by fields that return a key its caller may see without api_keys:read (mutation payloads). */
const GRANT_READ_API_KEY = 'readApiKey';

const ApiKeyKindEnum = builder.enumType('ApiKeyKind', {
  values: {
    PUBLIC: { value: 'PUBLIC', description: '`pk_…`: its value may be shown to anyone with api_keys:read (e.g. embedded in a frontend).' },
    SECRET: { value: 'SECRET', description: '`sk_…`: its value is shown once, when it is created or rolled.' },
  } satisfies Record<ApiKeyKind, { value: ApiKeyKind; description: string }>,
});

const ApiKeyStatusEnum = builder.enumType('ApiKeyStatus', {
  values: Object.fromEntries(API_KEY_STATUSES.map((status) => [status, { value: status }])) as Record<
    (typeof API_KEY_STATUSES)[number],
    { value: (typeof API_KEY_STATUSES)[number] }
  >,
});

const ApiKeyInvalidReasonEnum = builder.enumType('ApiKeyInvalidReason', {
  values: {
    MALFORMED: { value: 'MALFORMED', description: 'Not a pk_/sk_ key of this gateway (wrong format or checksum).' },
    UNKNOWN: { value: 'UNKNOWN', description: 'No such key in this workspace.' },
    EXPIRED: { value: 'EXPIRED', description: 'The key was rolled and its grace period is over.' },
    DELETED: { value: 'DELETED', description: 'The key was deleted.' },
    DEACTIVATED: { value: 'DEACTIVATED', description: 'The key is deactivated.' },
  } satisfies Record<ApiKeyInvalidReason, { value: ApiKeyInvalidReason; description: string }>,
});

export const ApiKeyRef = builder.node(builder.objectRef<ApiKeyView>('ApiKey'), {
  description: "A project's API key. A SECRET key's value is never shown after the mutation that made it.",
  authScopes: permissionOrGrant('api_keys:read', GRANT_READ_API_KEY),
  id: { resolve: (key) => key.id },
  loadOne: (id, context) => context.services.apiKeys.load(context.em, workspaceOf(context), id),
  fields: (t) => ({
    project: t.field({
      type: ProjectRef,
      resolve: (key, _args, context) => context.services.projects.loadExisting(context.em, workspaceOf(context), key.project.id),
    }),
    kind: t.field({ type: ApiKeyKindEnum, resolve: (key) => key.kind }),
    name: t.exposeString('name', { nullable: true }),
    prefix: t.exposeString('prefix', { description: 'The first characters of the value, to recognise it.' }),
    value: t.string({
      nullable: true,
      description: 'The full value of a PUBLIC key; always null for a SECRET key.',
      resolve: (key) => (key.kind === 'PUBLIC' ? key.publicValue : null),
    }),
    status: t.field({ type: ApiKeyStatusEnum, resolve: (key) => apiKeyStatus(key) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Set when the key is rolled: when it stops working.',
    }),
    deactivatedAt: t.expose('deactivatedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Last successful verification, recorded within seconds.',
    }),
  }),
});

builder.objectFields(ApiKeyRef, (t) => ({
  rolledFrom: t.field({
    type: ApiKeyRef,
    nullable: true,
    description: 'The key this one replaced.',
    resolve: (key, _args, context) =>
      key.rolledFrom ? context.services.apiKeys.load(context.em, workspaceOf(context), key.rolledFrom.id) : null,
  }),
}));

const apiKeyId = (globalId: string) => idOf('ApiKey', globalId);

builder.objectFields(ProjectRef, (t) => ({
  apiKeys: t.connection(
    {
      type: ApiKeyRef,
      description: "The project's API keys, newest first; expired ones only with includeExpired.",
      authScopes: { permission: 'api_keys:read' },
      args: {
        kind: t.arg({ type: ApiKeyKindEnum, required: false }),
        includeExpired: t.arg.boolean({ required: false, defaultValue: false }),
      },
      resolve: (project, args, context) =>
        context.services.apiKeys
          .list(context.em, workspaceOf(context), project.id, { kind: args.kind, includeExpired: args.includeExpired }, args)
          .then(connectionOf),
    },
    connectionTypeOptions('ApiKey'),
    edgeTypeOptions('ApiKey'),
  ),
}));

interface VerificationShape {
  verification: Verification;
}

const ApiKeyVerificationRef = builder.objectRef<VerificationShape>('ApiKeyVerification').implement({
  description: 'The answer to verifyApiKey.',
  fields: (t) => ({
    valid: t.boolean({ resolve: ({ verification }) => verification.valid }),
    reason: t.field({
      type: ApiKeyInvalidReasonEnum,
      nullable: true,
      description: 'Why the key is not valid; null when it is.',
      resolve: ({ verification }) => (verification.valid ? null : verification.reason),
    }),
    apiKey: t.field({ type: ApiKeyRef, nullable: true, resolve: ({ verification }) => verification.apiKey }),
    kind: t.field({ type: ApiKeyKindEnum, nullable: true, resolve: ({ verification }) => verification.apiKey?.kind ?? null }),
    project: t.field({
      type: ProjectRef,
      nullable: true,
      description: 'The project of a valid key.',
      // Verifying needs api_keys:read only; naming the key's project is part of the answer.
      grantScopes: [GRANT_READ_PROJECT],
      resolve: ({ verification }, _args, context) =>
        verification.valid ? context.services.projects.get(context.em, workspaceOf(context), verification.apiKey.project.id) : null,
    }),
  }),
});

builder.queryFields((t) => ({
  apiKey: t.field({
    nullable: true,
    type: ApiKeyRef,
    authScopes: { permission: 'api_keys:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => context.services.apiKeys.get(context.em, workspaceOf(context), apiKeyId(String(args.id))),
  }),
  verifyApiKey: t.field({
    nullable: true,
    type: ApiKeyVerificationRef,
    description: "Checks a presented pk_/sk_ value, for the project's own back ends. One indexed lookup; records lastUsedAt.",
    authScopes: { permission: 'api_keys:read' },
    args: { key: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => ({
      verification: await context.services.apiKeys.verify(context.em, workspaceOf(context), args.key, context.services.usage.apiKeys),
    }),
  }),
}));

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    projectId: t.id({ required: true }),
    kind: t.field({ type: ApiKeyKindEnum, required: true }),
    name: t.string({ required: false }),
  }),
});

const RollApiKeyInput = builder.inputType('RollApiKeyInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    gracePeriod: t.field({
      type: GracePeriodEnum,
      required: false,
      defaultValue: 'NONE',
      description: 'How long the rolled key keeps working.',
    }),
  }),
});

const ApiKeySecretPayload = builder.objectRef<{ apiKey: ApiKey; secret: string; previous?: ApiKey }>('ApiKeySecretPayload').implement({
  description: 'A new key and its value. For a SECRET key this is the only time the value is shown.',
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, grantScopes: [GRANT_READ_API_KEY], resolve: (payload) => payload.apiKey }),
    secret: t.exposeString('secret', { description: 'The full key value (`pk_…` or `sk_…`).' }),
    previousApiKey: t.field({
      type: ApiKeyRef,
      nullable: true,
      grantScopes: [GRANT_READ_API_KEY],
      description: 'After a roll: the key that was replaced, with its expiresAt.',
      resolve: (payload) => payload.previous ?? null,
    }),
  }),
});

const ApiKeyPayload = builder.objectRef<{ apiKey: ApiKey }>('ApiKeyPayload').implement({
  fields: (t) => ({ apiKey: t.field({ type: ApiKeyRef, grantScopes: [GRANT_READ_API_KEY], resolve: (payload) => payload.apiKey }) }),
});

const DeleteApiKeyPayload = builder.objectRef<{ deletedApiKeyId: string }>('DeleteApiKeyPayload').implement({
  fields: (t) => ({ deletedApiKeyId: t.exposeID('deletedApiKeyId') }),
});

builder.mutationFields((t) => ({
  createApiKey: t.field({
    nullable: true,
    type: ApiKeySecretPayload,
    authScopes: { permission: 'api_keys:create' },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: (_root, { input }, context) =>
      context.services.apiKeys.create(context.em, context.principal, idOf('Project', String(input.projectId)), input),
  }),
  rollApiKey: t.field({
    nullable: true,
    type: ApiKeySecretPayload,
    description: 'Issues a new key in place of this one; the old key stops at once or after the grace period.',
    authScopes: { permission: 'api_keys:create' },
    args: { input: t.arg({ type: RollApiKeyInput, required: true }) },
    resolve: (_root, { input }, context) =>
      context.services.apiKeys.roll(context.em, context.principal, apiKeyId(String(input.id)), input.gracePeriod ?? 'NONE'),
  }),
  deactivateApiKey: t.field({
    nullable: true,
    type: ApiKeyPayload,
    description: 'Makes verification fail until the key is activated again.',
    authScopes: { permission: 'api_keys:delete' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => ({
      apiKey: await context.services.apiKeys.deactivate(context.em, context.principal, apiKeyId(String(args.id))),
    }),
  }),
  activateApiKey: t.field({
    nullable: true,
    type: ApiKeyPayload,
    authScopes: { permission: 'api_keys:create' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => ({
      apiKey: await context.services.apiKeys.activate(context.em, context.principal, apiKeyId(String(args.id))),
    }),
  }),
  deleteApiKey: t.field({
    nullable: true,
    type: DeleteApiKeyPayload,
    description: 'Stops the key at once, for good.',
    authScopes: { permission: 'api_keys:delete' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const key = await context.services.apiKeys.delete(context.em, context.principal, apiKeyId(String(args.id)));
      return { deletedApiKeyId: encodeId('ApiKey', key.id) };
    },
  }),
}));
