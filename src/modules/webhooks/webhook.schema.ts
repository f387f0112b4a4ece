// Webhook endpoints over GraphQL: webhooks:read to see them, webhooks:write to change them. The
// signing secret appears only in the payloads of createWebhook and rotateWebhookSecret.
import { workspaceOf } from '../../context.js';
import { builder, permissionOrGrant } from '../../graphql/builder.js';
import { idOf } from '../../graphql/node-ids.js';
import { connectionTypeOptions, edgeTypeOptions, connectionOf } from '../../graphql/pagination.js';
import { encodeId } from '../../lib/ids.js';
import { eventPayload, ALL_EVENT_TYPES, EVENT_TYPES, exampleData, type EventType } from '../activity/index.js';
import { ProjectRef } from '../projects/project.schema.js';
import { type Webhook, type SealedWebhookHeader, type WebhookView } from './webhook.entity.js';
import { SEALED_HEADER_VALUE } from './webhook.service.js';

/** Granted by mutation payloads, so a webhooks:write token sees what it wrote. */
const GRANT_READ_WEBHOOK = 'readWebhook';

const EventTypeRef = builder.objectRef<EventType>('WebhookEventType').implement({
  description: 'A type of event a webhook can subscribe to.',
  fields: (t) => ({
    name: t.string({ resolve: (type) => type }),
    description: t.string({ resolve: (type) => EVENT_TYPES[type] }),
    examplePayload: t.field({
      type: 'JSON',
      description: 'The body a delivery of this type carries (example values).',
      resolve: (type) => eventPayload(type, exampleData(type), new Date('2026-01-01T00:00:00Z')),
    }),
  }),
});

const WebhookHeaderRef = builder.objectRef<SealedWebhookHeader>('WebhookHeader').implement({
  description: 'An extra header sent with every delivery. Its value is sealed at rest and never shown.',
  fields: (t) => ({
    name: t.exposeString('name'),
    value: t.string({
      description: `Always "${SEALED_HEADER_VALUE}": values are often the receiver's credentials and are never shown. Sent back in updateWebhook, it keeps the stored value.`,
      deprecationReason: 'Header values are sealed and never shown; use Webhook.headerNames.',
      resolve: () => SEALED_HEADER_VALUE,
    }),
  }),
});

export const WebhookRef = builder.node(builder.objectRef<WebhookView>('Webhook'), {
  description: "A project's webhook endpoint. Deliveries are signed per Standard Webhooks with its secret.",
  authScopes: permissionOrGrant('webhooks:read', GRANT_READ_WEBHOOK),
  id: { resolve: (webhook) => webhook.id },
  loadOne: (id, context) => context.services.webhooks.load(context.em, workspaceOf(context), id),
  fields: (t) => ({
    project: t.field({
      type: ProjectRef,
      resolve: (webhook, _args, context) => context.services.projects.loadExisting(context.em, workspaceOf(context), webhook.project.id),
    }),
    url: t.exposeString('url'),
    description: t.exposeString('description', { nullable: true }),
    eventTypes: t.stringList({ description: 'Subscribed event types; empty = every event.', resolve: (webhook) => webhook.eventTypes }),
    headers: t.field({
      type: [WebhookHeaderRef],
      description: 'Extra headers sent with every delivery (names only: values are sealed).',
      resolve: (webhook) => webhook.headers,
    }),
    headerNames: t.stringList({
      description: 'The names of the extra headers sent with every delivery; their values are sealed and never shown.',
      resolve: (webhook) => webhook.headers.map((header) => header.name),
    }),
    enabled: t.exposeBoolean('enabled'),
    secretRotatedUntil: t.expose('previousSecretExpiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'After a secret rotation: until when deliveries also carry a signature with the previous secret.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const webhookId = (globalId: string) => idOf('Webhook', globalId);

builder.objectFields(ProjectRef, (t) => ({
  webhooks: t.connection(
    {
      type: WebhookRef,
      description: "The project's webhook endpoints, newest first.",
      authScopes: { permission: 'webhooks:read' },
      args: { enabled: t.arg.boolean({ required: false }) },
      resolve: (project, args, context) =>
        context.services.webhooks.list(context.em, workspaceOf(context), project.id, { enabled: args.enabled }, args).then(connectionOf),
    },
    connectionTypeOptions('Webhook'),
    edgeTypeOptions('Webhook'),
  ),
}));

builder.queryFields((t) => ({
  webhook: t.field({
    nullable: true,
    type: WebhookRef,
    authScopes: { permission: 'webhooks:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => context.services.webhooks.getView(context.em, workspaceOf(context), webhookId(String(args.id))),
  }),
  webhookEventTypes: t.field({
    nullable: true,
    type: [EventTypeRef],
    description: 'The catalog of event types webhooks can subscribe to.',
    resolve: () => ALL_EVENT_TYPES,
  }),
}));

const WebhookHeaderInput = builder.inputType('WebhookHeaderInput', {
  fields: (t) => ({ name: t.string({ required: true }), value: t.string({ required: true }) }),
});

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  fields: (t) => ({
    projectId: t.id({ required: true }),
    url: t.string({ required: true, description: 'https only; not a loopback, private or otherwise internal address.' }),
    description: t.string({ required: false }),
    eventTypes: t.stringList({ required: false, description: 'Event types from webhookEventTypes; none = every event.' }),
    headers: t.field({ type: [WebhookHeaderInput], required: false, description: 'Extra headers (at most 20).' }),
    enabled: t.boolean({ required: false, defaultValue: true }),
  }),
});

const UpdateWebhookInput = builder.inputType('UpdateWebhookInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    url: t.string({ required: false }),
    description: t.string({ required: false, description: 'An empty string clears it.' }),
    eventTypes: t.stringList({ required: false, description: 'Replaces the list; an empty list = every event.' }),
    headers: t.field({
      type: [WebhookHeaderInput],
      required: false,
      description: `Replaces the extra headers. A value of "${SEALED_HEADER_VALUE}" keeps the stored value of that header.`,
    }),
    enabled: t.boolean({ required: false }),
  }),
});

const WebhookSecretPayload = builder.objectRef<{ webhook: Webhook; secret: string }>('WebhookSecretPayload').implement({
  description: 'A webhook and its signing secret. The secret is shown here once.',
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef, grantScopes: [GRANT_READ_WEBHOOK], resolve: (payload) => payload.webhook }),
    secret: t.exposeString('secret', { description: 'The signing secret (`whsec_…`, Standard Webhooks format).' }),
  }),
});

const WebhookPayload = builder.objectRef<{ webhook: Webhook }>('WebhookPayload').implement({
  fields: (t) => ({ webhook: t.field({ type: WebhookRef, grantScopes: [GRANT_READ_WEBHOOK], resolve: (payload) => payload.webhook }) }),
});

const DeleteWebhookPayload = builder.objectRef<{ deletedWebhookId: string }>('DeleteWebhookPayload').implement({
  fields: (t) => ({ deletedWebhookId: t.exposeID('deletedWebhookId') }),
});

builder.mutationFields((t) => ({
  createWebhook: t.field({
    nullable: true,
    type: WebhookSecretPayload,
    authScopes: { permission: 'webhooks:write' },
    args: { input: t.arg({ type: CreateWebhookInput, required: true }) },
    resolve: (_root, { input }, context) =>
      context.services.webhooks.create(context.em, context.principal, idOf('Project', String(input.projectId)), input),
  }),
  updateWebhook: t.field({
    nullable: true,
    type: WebhookPayload,
    authScopes: { permission: 'webhooks:write' },
    args: { input: t.arg({ type: UpdateWebhookInput, required: true }) },
    resolve: async (_root, { input }, context) => ({
      webhook: await context.services.webhooks.update(context.em, context.principal, webhookId(String(input.id)), input),
    }),
  }),
  deleteWebhook: t.field({
    nullable: true,
    type: DeleteWebhookPayload,
    authScopes: { permission: 'webhooks:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const webhook = await context.services.webhooks.delete(context.em, context.principal, webhookId(String(args.id)));
      return { deletedWebhookId: encodeId('Webhook', webhook.id) };
    },
  }),
  rotateWebhookSecret: t.field({
    nullable: true,
    type: WebhookSecretPayload,
    description: 'Issues a new signing secret; for 24 hours deliveries carry signatures with both secrets.',
    authScopes: { permission: 'webhooks:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => context.services.webhooks.rotateSecret(context.em, context.principal, webhookId(String(args.id))),
  }),
}));
