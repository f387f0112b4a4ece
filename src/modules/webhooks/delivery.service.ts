// Deliveries as operators see them: list and inspect, send a test event, retry one delivery now,
// recover every failed delivery of an endpoint since a time.
import type { ObjectQuery } from '@mikro-orm/core';
import type { Em } from '../../db/em.js';
import { badUserInput, limitExceeded, notFound } from '../../lib/errors.js';
import { loaderOf, loadById } from '../../db/batch.js';
import { paginateWithin, type Page, type PageArgs } from '../../db/pagination.js';
import { encodeId } from '../../lib/ids.js';
import { type Actor, createEvent, recordChange, exampleData, isEventType, Event } from '../activity/index.js';
import type { WebhookService } from './webhook.service.js';
import { findInWorkspace, getInWorkspace, inWorkspace } from '../common/index.js';
import { Delivery, DELIVERY_VIEW_FIELDS, DeliveryAttempt, type DeliveryStatus, type DeliveryView } from './delivery.entity.js';

/** Counts one test event against an endpoint's budget; the seconds to wait when refused (0 = allowed). */
export type TestEventLimit = (webhookId: string) => Promise<number>;

export class DeliveryService {
  constructor(
    private readonly settings: { maxPageSize: number; testEventsPerMinute: number; testEventLimit?: TestEventLimit | undefined },
    private readonly webhooks: WebhookService,
  ) {}

  /** A page of a webhook's deliveries, as read-only rows; the pages of the webhooks of one request level are read together. */
  listForWebhook(
    em: Em,
    workspaceId: string,
    webhookId: string,
    filter: { status?: DeliveryStatus | null | undefined; eventType?: string | null | undefined },
    page: PageArgs,
  ): Promise<Page<DeliveryView>> {
    return paginateWithin<Delivery, DeliveryView>(em, Delivery, webhookId, page, {
      list: 'deliveries',
      maxPageSize: this.settings.maxPageSize,
      fields: DELIVERY_VIEW_FIELDS,
      parent: 'webhook',
      key: JSON.stringify([workspaceId, filter.status ?? null, filter.eventType ?? null]),
      where: () => {
        const where: ObjectQuery<Delivery> = inWorkspace(workspaceId);
        if (filter.status) where.status = filter.status;
        if (filter.eventType) where.eventType = filter.eventType;
        return where;
      },
    });
  }

  find(em: Em, workspaceId: string, id: string): Promise<Delivery | null> {
    return findInWorkspace(em, Delivery, workspaceId, id);
  }

  /** As `find`, batched with the other lookups of the same tick (`nodes`). */
  load(em: Em, workspaceId: string, id: string): Promise<Delivery | null> {
    return loadById(
      em,
      Delivery,
      { key: workspaceId, where: inWorkspace(workspaceId), belongs: (delivery) => delivery.workspace.id === workspaceId },
      id,
    );
  }

  async get(em: Em, workspaceId: string, id: string): Promise<Delivery> {
    return getInWorkspace(em, Delivery, 'Delivery', workspaceId, id);
  }

  /** A delivery's attempts, oldest first; the attempts of the deliveries of one request level are read together. */
  attempts(em: Em, deliveryId: string): Promise<DeliveryAttempt[]> {
    const loader = loaderOf<string, DeliveryAttempt[]>(em, 'DeliveryAttempt:byDelivery', async (deliveryIds) => {
      const attempts = await em.find(
        DeliveryAttempt,
        { delivery: { $in: [...new Set(deliveryIds)] } },
        { orderBy: { delivery: 'asc', number: 'asc' } },
      );
      const byDelivery = new Map<string, DeliveryAttempt[]>();
      for (const attempt of attempts) {
        const list = byDelivery.get(attempt.delivery.id) ?? [];
        list.push(attempt);
        byDelivery.set(attempt.delivery.id, list);
      }
      return deliveryIds.map((id) => byDelivery.get(id) ?? []);
    });
    return loader.load(deliveryId);
  }

  /** A delivery's event (in the caller's workspace), batched with the other lookups of the same tick. */
  async event(em: Em, workspaceId: string, eventId: string): Promise<Event> {
    const event = await loadById(
      em,
      Event,
      { key: workspaceId, where: inWorkspace(workspaceId), belongs: (found) => found.workspace.id === workspaceId },
      eventId,
    );
    if (!event) throw notFound('Event', eventId);
    return event;
  }

  /** Sends an example event of `eventType` to this endpoint only; it must subscribe to that type. */
  async sendTest(em: Em, actor: Actor, webhookId: string, eventType: string, now = new Date()): Promise<Event> {
    const webhook = await this.webhooks.get(em, actor.workspaceId, webhookId);
    if (!isEventType(eventType)) throw badUserInput('eventType', 'is not an event type of the catalog.');
    if (webhook.eventTypes.length > 0 && !webhook.eventTypes.includes(eventType)) {
      throw badUserInput('eventType', `this endpoint does not subscribe to ${eventType}.`);
    }
    // Each test event is a signed POST to a host of the caller's choosing: bounded per endpoint.
    const waitSeconds = (await this.settings.testEventLimit?.(webhook.id)) ?? 0;
    if (waitSeconds > 0) {
      const max = this.settings.testEventsPerMinute;
      throw limitExceeded(
        `This endpoint was sent ${max} test events in the last minute, its maximum (WEBHOOK_TEST_EVENTS_PER_MINUTE); retry in ${waitSeconds} s.`,
        max,
        { retryAfterSeconds: waitSeconds },
      );
    }
    const event = createEvent(
      em,
      { workspaceId: actor.workspaceId, projectId: webhook.project.id, type: eventType, data: exampleData(eventType), testFor: webhook.id },
      now,
    );
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
      ...inWorkspace(actor.workspaceId),
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
