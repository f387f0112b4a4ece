// Deliveries: the dispatcher fans each event of the outbox (activity/event.entity.ts) out to the
// matching webhooks as Deliveries, each with its recorded Attempts.
import { defineEntity, p } from '@mikro-orm/core';
import { createdAt, ownedByWorkspace, primaryId, updatedAt } from '../common/index.js';
import type { RowRef } from '../../db/pagination.js';
import { EventSchema } from '../activity/index.js';
import { WebhookSchema } from './webhook.entity.js';

export const DELIVERY_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DeliverySchema = defineEntity({
  name: 'Delivery',
  tableName: 'delivery',
  properties: {
    id: primaryId(),
    workspace: ownedByWorkspace,
    event: () => p.manyToOne(EventSchema).deleteRule('cascade'),
    webhook: () => p.manyToOne(WebhookSchema).deleteRule('cascade'),
    /** Denormalised from the event, to filter a webhook's deliveries by type. */
    eventType: p.text(),
    status: p.enum(DELIVERY_STATUSES).default('PENDING'),
    attemptCount: p.integer().default(0),
    nextAttemptAt: p.datetime().nullable(),
    /** A dispatcher's lease on an attempt in flight; an expired lease means the attempt died with its process. */
    lockedUntil: p.datetime().nullable(),
    lastStatusCode: p.integer().nullable(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  indexes: [{ name: 'delivery_due_index', properties: ['nextAttemptAt'], where: "status = 'PENDING'" }, { properties: ['webhook', 'id'] }],
});

export class Delivery extends DeliverySchema.class {}
DeliverySchema.setClass(Delivery);

/** What GraphQL shows of a delivery: a Delivery entity is one, and so is a read-only row of a list. */
export type DeliveryView = Pick<
  Delivery,
  'id' | 'eventType' | 'status' | 'attemptCount' | 'nextAttemptAt' | 'lastStatusCode' | 'createdAt'
> & { webhook: RowRef; event: RowRef };
export const DELIVERY_VIEW_FIELDS = [
  'id',
  'webhook',
  'event',
  'eventType',
  'status',
  'attemptCount',
  'nextAttemptAt',
  'lastStatusCode',
  'createdAt',
] as const satisfies readonly (keyof DeliveryView)[];

export const DeliveryAttemptSchema = defineEntity({
  name: 'DeliveryAttempt',
  tableName: 'delivery_attempt',
  properties: {
    id: primaryId(),
    delivery: () => p.manyToOne(DeliverySchema).deleteRule('cascade'),
    number: p.integer(),
    attemptedAt: p.datetime(),
    durationMs: p.integer(),
    statusCode: p.integer().nullable(),
    error: p.text().nullable(),
    /** The first bytes of the response body. */
    responseExcerpt: p.text().nullable(),
  },
  indexes: [{ properties: ['delivery', 'number'] }],
});

export class DeliveryAttempt extends DeliveryAttemptSchema.class {}
DeliveryAttemptSchema.setClass(DeliveryAttempt);
