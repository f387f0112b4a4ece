// The outbox: every change that webhooks see writes an Event in the same transaction as the change;
// the webhook dispatcher fans it out to the matching endpoints as deliveries.
import { defineEntity, p } from '@mikro-orm/core';
import { createdAt, ownedByWorkspace, primaryId } from '../common/index.js';

export const EventSchema = defineEntity({
  name: 'Event',
  tableName: 'event',
  properties: {
    id: primaryId(),
    workspace: ownedByWorkspace,
    /** The project the event is about; null for workspace-wide events (tokens). Not a foreign key: the event outlives it. */
    projectId: p.uuid().nullable(),
    type: p.text(),
    /** The Standard Webhooks payload body: { type, timestamp, data }. */
    payload: p.json<Record<string, unknown>>(),
    /** Only for a test event: the one webhook it goes to. */
    onlyWebhookId: p.uuid().nullable(),
    createdAt: createdAt(),
    /** Set once the dispatcher has created its deliveries. */
    dispatchedAt: p.datetime().nullable(),
  },
  indexes: [{ name: 'event_undispatched_index', properties: ['createdAt'], where: 'dispatched_at is null' }],
});

export class Event extends EventSchema.class {}
EventSchema.setClass(Event);
