// Delivers the outbox. Each round: fan new events out to the matching webhooks as deliveries,
// claim due deliveries (FOR UPDATE SKIP LOCKED, so several gateway processes share the work and
// each attempt is made by exactly one of them), send them outside any transaction, record each
// attempt and schedule the next. A claim is a lease: if the process dies mid-attempt, the lease
// runs out and another round retries the delivery — nothing committed is lost. (Expiry notices
// and retention are the maintenance module's, with their own switch.)
import { LockMode } from '@mikro-orm/core';
import type { Orm } from '../../db/em.js';
import { encodeId } from '../../lib/ids.js';
import { outsideRequest } from '../../lib/request-context.js';
import type { LogCoalescer, Logger } from '../../logger.js';
import { Event } from '../activity/index.js';
import type { WebhookSender } from './webhook-sender.js';
import type { WebhookService } from './webhook.service.js';
import { Webhook } from './webhook.entity.js';
import { Delivery, DeliveryAttempt } from './delivery.entity.js';

export interface DispatcherSettings {
  /** Seconds before each attempt; its length is the number of attempts. */
  retrySchedule: readonly number[];
  timeoutMs: number;
  pollMs: number;
  batchSize?: number;
}

const MAX_RETRY_AFTER_S = 36_000;

/** ±10% jitter, so that many endpoints failing together do not retry in lockstep. */
const withJitter = (seconds: number) => seconds * (0.9 + Math.random() * 0.2);

export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  /** Attempts made by this process and how many of them failed (no 2xx), for /metrics. */
  readonly counters = { attempts: 0, failures: 0 };

  constructor(
    private readonly orm: Orm,
    private readonly webhooks: WebhookService,
    private readonly sender: WebhookSender,
    private readonly settings: DispatcherSettings,
    private readonly logger: Logger,
    /** Where a round failing again and again (the database is down) is logged once per interval. */
    private readonly repeatedErrors?: LogCoalescer,
  ) {
    // An attempt ends within its timeout (it is aborted then); the rest is margin for recording it.
    this.leaseMs = 2 * settings.timeoutMs + 1_000;
    this.batchSize = settings.batchSize ?? 50;
  }

  start() {
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.settings.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Runs a round now (or right after the one in progress). */
  wake() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // A round woken by a request's mutation is not part of that request (nor are the rounds after it).
    this.running = outsideRequest(() => this.loop().finally(() => (this.running = undefined)));
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** One full round; rounds repeat while they find work. Tests call it directly. */
  async runOnce(now = new Date()): Promise<{ fannedOut: number; attempted: number }> {
    const fannedOut = await this.fanOut(now);
    const claimed = await this.claimDue(now);
    const outcomes = await Promise.allSettled(claimed.map((id) => this.attempt(id)));
    for (const outcome of outcomes) {
      // The lease stays: the delivery is attempted again once it runs out.
      if (outcome.status === 'rejected') this.logger.error({ err: outcome.reason }, 'a delivery attempt could not be recorded');
    }
    return { fannedOut, attempted: claimed.length };
  }

  private async loop() {
    do {
      this.again = false;
      try {
        const { fannedOut, attempted } = await this.runOnce();
        if (fannedOut > 0 || attempted > 0) this.again = true;
      } catch (error) {
        (this.repeatedErrors ?? this.logger).error({ err: error }, 'webhook dispatch round failed; will retry');
      }
    } while (this.again && !this.stopped);
  }

  /** Creates the deliveries of new events: one per enabled webhook of the workspace that subscribes. */
  async fanOut(now = new Date()): Promise<number> {
    return this.orm.em.fork().transactional(async (em) => {
      const events = await em.find(
        Event,
        { dispatchedAt: null },
        { orderBy: { createdAt: 'asc' }, limit: this.batchSize, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
      );
      if (events.length === 0) return 0;
      const webhooks = await em.find(Webhook, {
        workspace: { $in: [...new Set(events.map((event) => event.workspace.id))] },
        enabled: true,
      });
      for (const event of events) {
        const targets = webhooks.filter(
          (webhook) =>
            webhook.workspace.id === event.workspace.id &&
            (event.onlyWebhookId
              ? webhook.id === event.onlyWebhookId
              : (event.projectId === null || webhook.project.id === event.projectId) &&
                (webhook.eventTypes.length === 0 || webhook.eventTypes.includes(event.type))),
        );
        for (const webhook of targets) {
          em.create(Delivery, { workspace: event.workspace, event, webhook, eventType: event.type, status: 'PENDING', nextAttemptAt: now });
        }
        event.dispatchedAt = now;
      }
      return events.length;
    });
  }

  /** Leases due deliveries to this process and counts the attempt; returns their ids. */
  private async claimDue(now: Date): Promise<string[]> {
    return this.orm.em.fork().transactional(async (em) => {
      const due = await em.find(
        Delivery,
        // A disabled endpoint keeps its pending deliveries until it is enabled again.
        {
          status: 'PENDING',
          nextAttemptAt: { $lte: now },
          webhook: { enabled: true },
          $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }],
        },
        { orderBy: { nextAttemptAt: 'asc' }, limit: this.batchSize, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
      );
      for (const delivery of due) {
        delivery.lockedUntil = new Date(now.getTime() + this.leaseMs);
        delivery.attemptCount += 1;
      }
      return due.map((delivery) => delivery.id);
    });
  }

  private async attempt(deliveryId: string) {
    const em = this.orm.em.fork();
    const delivery = await em.findOneOrFail(Delivery, deliveryId, { populate: ['event', 'webhook'] });
    const webhook = delivery.webhook;
    const event = delivery.event;
    const attemptedAt = new Date();
    const result = await this.sender.send(
      {
        url: webhook.url,
        headers: this.webhooks.deliveryHeaders(webhook),
        secrets: this.webhooks.signingSecrets(webhook, attemptedAt),
        messageId: encodeId('Event', event.id),
        payload: JSON.stringify(event.payload),
      },
      attemptedAt,
    );
    const now = new Date();
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    this.counters.attempts += 1;
    if (!ok) this.counters.failures += 1;
    em.create(DeliveryAttempt, {
      delivery,
      number: delivery.attemptCount,
      attemptedAt,
      durationMs: result.durationMs,
      statusCode: result.statusCode,
      error: result.error,
      responseExcerpt: result.responseExcerpt,
    });
    delivery.lastStatusCode = result.statusCode;
    delivery.lockedUntil = null;
    if (ok) {
      delivery.status = 'SUCCEEDED';
      delivery.nextAttemptAt = null;
    } else if (result.statusCode === 410) {
      // 410 Gone: the receiver asks us to stop; the endpoint is disabled until someone enables it.
      delivery.status = 'FAILED';
      delivery.nextAttemptAt = null;
      webhook.enabled = false;
      this.logger.info({ webhook: encodeId('Webhook', webhook.id) }, 'endpoint answered 410 Gone: disabled');
    } else if (delivery.attemptCount >= this.settings.retrySchedule.length) {
      delivery.status = 'FAILED';
      delivery.nextAttemptAt = null;
    } else {
      const scheduled = withJitter(this.settings.retrySchedule[delivery.attemptCount] ?? 0);
      const seconds = result.retryAfterSeconds !== null ? Math.min(result.retryAfterSeconds, MAX_RETRY_AFTER_S) : scheduled;
      delivery.nextAttemptAt = new Date(now.getTime() + seconds * 1000);
    }
    await em.flush();
  }
}
