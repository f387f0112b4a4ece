// Deliveries as operators see them: list and inspect, send a test event, retry one delivery now,
// recover every failed delivery of an endpoint since a time.
import type { ObjectQuery } from '@mikro-orm/core';
import type { Em } from '../../db/orm.js';
import { badUserInput, notFound } from '../../graphql/errors.js';
import { paginate, type Page, type PageArgs } from '../../graphql/pagination.js';
import { encodeId, newId } from '../../lib/ids.js';
import type { Actor } from '../tokens/principal.js';
import type { WebhookService } from '../webhooks/webhook.service.js';
import { Workspace } from '../workspaces/workspace.entity.js';
import { recordChange, eventPayload } from './activity.js';
import { exampleData, isEventType } from './event-catalog.js';
import { Delivery, DeliveryAttempt, Event, type DeliveryStatus } from './event.entity.js';

export class DeliveryService {
  constructor(
    private readonly settings: { maxPageSize: number },
    private readonly webhooks: WebhookService,
  ) {}

  async listForWebhook(
    em: Em,
    workspaceId: string,
    webhookId: string,
    filter: { status?: DeliveryStatus | null | undefined; eventType?: string | null | undefined },
    page: PageArgs,
  ): Promise<Page<Delivery>> {
    const where: ObjectQuery<Delivery> = { workspace: workspaceId, webhook: webhookId };
    if (filter.status) where.status = filter.status;
    if (filter.eventType) where.eventType = filter.eventType;
    return paginate(em, Delivery, where, page, { list: 'deliveries', maxPageSize: this.settings.maxPageSize });
  }

  find(em: Em, workspaceId: string, id: string): Promise<Delivery | null> {
    return em.findOne(Delivery, { id, workspace: workspaceId });
  }

  async get(em: Em, workspaceId: string, id: string): Promise<Delivery> {
    const delivery = await this.find(em, workspaceId, id);
    if (!delivery) throw notFound('Delivery', id);
    return delivery;
  }

  attempts(em: Em, deliveryId: string): Promise<DeliveryAttempt[]> {
    return em.find(DeliveryAttempt, { delivery: deliveryId }, { orderBy: { number: 'asc' } });
  }

  event(em: Em, eventId: string): Promise<Event> {
    return em.findOneOrFail(Event, eventId);
  }

  /** Sends an example event of `eventType` to this endpoint only; it must subscribe to that type. */
  async sendTest(em: Em, actor: Actor, webhookId: string, eventType: string, now = new Date()): Promise<Event> {
    const webhook = await this.webhooks.get(em, actor.workspaceId, webhookId);
    if (!isEventType(eventType)) throw badUserInput('eventType', 'is not an event type of the catalog.');
    if (webhook.eventTypes.length > 0 && !webhook.eventTypes.includes(eventType)) {
      throw badUserInput('eventType', `this endpoint does not subscribe to ${eventType}.`);
    }
    const event = em.create(Event, {
      id: newId(),
      workspace: em.getReference(Workspace, actor.workspaceId),
      projectId: webhook.project.id,
      type: eventType,
      payload: { ...eventPayload(eventType, exampleData(eventType), now), test: true },
      onlyWebhookId: webhook.id,
      createdAt: now,
    });
    recordChange(em, actor, {
      action: 'webhook.test_sent',
      target: { type: 'Webhook', id: webhook.id },
      projectId: webhook.project.id,
      summary: { eventType, eventId: encodeId('Event', event.id) },
    });
    await em.flush();
    return event;
  }

  /** Schedules one delivery (failed or pending) for an attempt now. */
  async retry(em: Em, actor: Actor, id: string, now = new Date()): Promise<Delivery> {
    const delivery = await this.get(em, actor.workspaceId, id);
    delivery.status = 'PENDING';
    delivery.nextAttemptAt = now;
    const webhook = await this.webhooks.get(em, actor.workspaceId, delivery.webhook.id);
    recordChange(em, actor, {
      action: 'delivery.retried',
      target: { type: 'Delivery', id: delivery.id },
      projectId: webhook.project.id,
      summary: {},
    });
    await em.flush();
    return delivery;
  }

  /** Schedules every failed delivery of an endpoint created since `since`; returns how many. */
  async recover(em: Em, actor: Actor, webhookId: string, since: Date, now = new Date()): Promise<number> {
    const webhook = await this.webhooks.get(em, actor.workspaceId, webhookId);
    const failed = await em.find(Delivery, {
      workspace: actor.workspaceId,
      webhook: webhook.id,
      status: 'FAILED',
      createdAt: { $gte: since },
    });
    for (const delivery of failed) {
      delivery.status = 'PENDING';
      delivery.nextAttemptAt = now;
    }
    recordChange(em, actor, {
      action: 'webhook.deliveries_recovered',
      target: { type: 'Webhook', id: webhook.id },
      projectId: webhook.project.id,
      summary: { since: since.toISOString(), count: failed.length },
    });
    await em.flush();
    return failed.length;
  }
}
