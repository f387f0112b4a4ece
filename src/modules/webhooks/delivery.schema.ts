// Deliveries over GraphQL: a webhook's deliveries and their attempts (webhooks:read); send a test
// event, retry a delivery, recover failed deliveries (webhooks:write).
import { workspaceOf } from '../../context.js';
import { builder, permissionOrGrant } from '../../graphql/builder.js';
import { idOf } from '../../graphql/node-ids.js';
import { connectionTypeOptions, edgeTypeOptions, connectionOf } from '../../graphql/pagination.js';
import { encodeId } from '../../lib/ids.js';
import { WebhookRef } from './webhook.schema.js';
import type { Delivery, DeliveryAttempt, DeliveryStatus, DeliveryView } from './delivery.entity.js';
import type { Event } from '../activity/index.js';

const GRANT_READ_DELIVERY = 'readDelivery';

const DeliveryStatusEnum = builder.enumType('DeliveryStatus', {
  values: {
    PENDING: { value: 'PENDING', description: 'Waiting for its next attempt (or in flight).' },
    SUCCEEDED: { value: 'SUCCEEDED', description: 'The endpoint answered 2xx.' },
    FAILED: { value: 'FAILED', description: 'Every attempt failed, or the endpoint answered 410 Gone.' },
  } satisfies Record<DeliveryStatus, { value: DeliveryStatus; description: string }>,
});

const EventRef = builder.objectRef<Event>('WebhookEvent').implement({
  description: 'An event as delivered: its id is the `webhook-id` header of every attempt.',
  fields: (t) => ({
    id: t.id({ resolve: (event) => encodeId('Event', event.id) }),
    type: t.exposeString('type'),
    payload: t.field({ type: 'JSON', description: 'The JSON body of each attempt.', resolve: (event) => event.payload }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const DeliveryAttemptRef = builder.objectRef<DeliveryAttempt>('DeliveryAttempt').implement({
  fields: (t) => ({
    number: t.exposeInt('number'),
    attemptedAt: t.expose('attemptedAt', { type: 'DateTime' }),
    durationMs: t.exposeInt('durationMs'),
    statusCode: t.exposeInt('statusCode', { nullable: true }),
    error: t.exposeString('error', { nullable: true, description: 'Why no response was received (timeout, refused, …).' }),
    responseExcerpt: t.exposeString('responseExcerpt', { nullable: true, description: 'The first kilobyte of the response body.' }),
  }),
});

export const DeliveryRef = builder.node(builder.objectRef<DeliveryView>('Delivery'), {
  description: 'One event on its way to one webhook endpoint.',
  authScopes: permissionOrGrant('webhooks:read', GRANT_READ_DELIVERY),
  id: { resolve: (delivery) => delivery.id },
  loadOne: (id, context) => context.services.deliveries.load(context.em, workspaceOf(context), id),
  fields: (t) => ({
    webhook: t.field({
      type: WebhookRef,
      resolve: (delivery, _args, context) => context.services.webhooks.loadExisting(context.em, workspaceOf(context), delivery.webhook.id),
    }),
    event: t.field({
      type: EventRef,
      resolve: (delivery, _args, context) => context.services.deliveries.event(context.em, workspaceOf(context), delivery.event.id),
    }),
    eventType: t.exposeString('eventType'),
    status: t.field({ type: DeliveryStatusEnum, resolve: (delivery) => delivery.status }),
    attemptCount: t.exposeInt('attemptCount'),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true }),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    attempts: t.field({
      type: [DeliveryAttemptRef],
      description: 'Every attempt, oldest first.',
      resolve: (delivery, _args, context) => context.services.deliveries.attempts(context.em, delivery.id),
    }),
  }),
});

builder.objectFields(WebhookRef, (t) => ({
  deliveries: t.connection(
    {
      type: DeliveryRef,
      description: "The endpoint's deliveries, newest first.",
      authScopes: { permission: 'webhooks:read' },
      args: {
        status: t.arg({ type: DeliveryStatusEnum, required: false }),
        eventType: t.arg.string({ required: false }),
      },
      resolve: (webhook, args, context) =>
        context.services.deliveries
          .listForWebhook(context.em, workspaceOf(context), webhook.id, { status: args.status, eventType: args.eventType }, args)
          .then(connectionOf),
    },
    connectionTypeOptions('Delivery'),
    edgeTypeOptions('Delivery'),
  ),
}));

builder.queryField('delivery', (t) =>
  t.field({
    type: DeliveryRef,
    nullable: true,
    authScopes: { permission: 'webhooks:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => context.services.deliveries.get(context.em, workspaceOf(context), idOf('Delivery', String(args.id))),
  }),
);

const SendTestEventInput = builder.inputType('SendTestWebhookEventInput', {
  fields: (t) => ({
    webhookId: t.id({ required: true }),
    eventType: t.string({ required: true, description: 'A type the endpoint subscribes to.' }),
  }),
});

const RecoverDeliveriesInput = builder.inputType('RecoverWebhookDeliveriesInput', {
  fields: (t) => ({
    webhookId: t.id({ required: true }),
    since: t.field({ type: 'DateTime', required: true, description: 'Failed deliveries created since then are attempted again.' }),
  }),
});

const SendTestEventPayload = builder.objectRef<{ event: Event }>('SendTestWebhookEventPayload').implement({
  fields: (t) => ({ event: t.field({ type: EventRef, resolve: (payload) => payload.event }) }),
});

const DeliveryPayload = builder.objectRef<{ delivery: Delivery }>('DeliveryPayload').implement({
  fields: (t) => ({ delivery: t.field({ type: DeliveryRef, grantScopes: [GRANT_READ_DELIVERY], resolve: (payload) => payload.delivery }) }),
});

const RecoverPayload = builder.objectRef<{ recoveredCount: number }>('RecoverWebhookDeliveriesPayload').implement({
  fields: (t) => ({ recoveredCount: t.exposeInt('recoveredCount') }),
});

builder.mutationFields((t) => ({
  sendTestWebhookEvent: t.field({
    type: SendTestEventPayload,
    nullable: true,
    description: 'Sends an example event of a type the endpoint subscribes to, to this endpoint only.',
    authScopes: { permission: 'webhooks:write' },
    args: { input: t.arg({ type: SendTestEventInput, required: true }) },
    resolve: async (_root, { input }, context) => ({
      event: await context.services.deliveries.sendTest(
        context.em,
        context.principal,
        idOf('Webhook', String(input.webhookId)),
        input.eventType,
      ),
    }),
  }),
  retryWebhookDelivery: t.field({
    type: DeliveryPayload,
    nullable: true,
    description: 'Attempts one delivery again now.',
    authScopes: { permission: 'webhooks:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => ({
      delivery: await context.services.deliveries.retry(context.em, context.principal, idOf('Delivery', String(args.id))),
    }),
  }),
  recoverWebhookDeliveries: t.field({
    type: RecoverPayload,
    nullable: true,
    description: 'Attempts every failed delivery of an endpoint since a time again.',
    authScopes: { permission: 'webhooks:write' },
    args: { input: t.arg({ type: RecoverDeliveriesInput, required: true }) },
    resolve: async (_root, { input }, context) => ({
      recoveredCount: await context.services.deliveries.recover(
        context.em,
        context.principal,
        idOf('Webhook', String(input.webhookId)),
        input.since,
      ),
    }),
  }),
}));
