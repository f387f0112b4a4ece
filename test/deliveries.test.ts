// Webhook deliveries end to end, against a real HTTP receiver on loopback: Standard Webhooks
// signatures (verified with the `standardwebhooks` package), retries after errors, timeouts and
// refused connections, Retry-After, 410 Gone, test events, recovery, shared dispatch, and
// nothing lost when a dispatcher dies mid-attempt.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/lib/ids.js';
import { WebhookDispatcher } from '../src/modules/webhooks/dispatcher.js';
import { Delivery, DeliveryAttempt } from '../src/modules/webhooks/delivery.entity.js';
import { Event } from '../src/modules/activity/event.entity.js';
import { WebhookSender } from '../src/modules/webhooks/webhook-sender.js';
import { code, field } from './helpers/errors.js';
import { createWorkspaceWithOwner, type TestToken } from './helpers/factories.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import {
  CreateProjectMutation,
  CreateWebhookMutation,
  RecoverDeliveriesMutation,
  RetryDeliveryMutation,
  RotateWebhookSecretMutation,
  SendTestEventMutation,
  UpdateProjectMutation,
  UpdateWebhookMutation,
  WebhookDeliveriesQuery,
  WebhookQuery,
} from './helpers/operations.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver whose answers a test scripts: each request takes the next answer (the last repeats). */
class Receiver {
  readonly received: Received[] = [];
  answers: { status: number; headers?: Record<string, string>; delayMs?: number; body?: string }[] = [{ status: 200 }];
  private server!: Server;
  url = '';

  async start() {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        this.received.push({ headers: request.headers, body });
        const answer = this.answers.length > 1 ? this.answers.shift()! : this.answers[0]!;
        const reply = () => {
          response.writeHead(answer.status, answer.headers ?? {});
          response.end(answer.body ?? 'ok');
        };
        if (answer.delayMs) setTimeout(reply, answer.delayMs).unref();
        else reply();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  reset(...answers: Receiver['answers']) {
    this.received.length = 0;
    this.answers = answers.length > 0 ? answers : [{ status: 200 }];
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let gw: TestGateway;
let owner: TestToken;
let receiver: Receiver;

beforeAll(async () => {
  receiver = new Receiver();
  await receiver.start();
  gw = await startGateway({
    // A timeout no answered attempt comes near on a busy machine (the receiver shares this event loop);
    // the timeout test answers later than it on purpose.
    env: { WEBHOOK_ALLOW_INSECURE_URLS: 'true', WEBHOOK_RETRY_SCHEDULE: '0,0,0,0', WEBHOOK_TIMEOUT_MS: '3000' },
  });
  owner = await createWorkspaceWithOwner(gw);
});
afterAll(async () => {
  await gw?.close();
  await receiver?.stop();
});
afterEach(() => receiver.reset());

/** Runs dispatcher rounds until no work is left (at most `rounds`). */
async function drain(dispatcher = gw.gateway.dispatcher, rounds = 10) {
  for (let i = 0; i < rounds; i++) {
    const { fannedOut, attempted } = await dispatcher.runOnce();
    if (fannedOut === 0 && attempted === 0) return;
  }
}

async function newProjectWithWebhook(name: string, eventTypes: string[] = [], url = receiver.url) {
  const project = await gw.execute(CreateProjectMutation, { input: { name, type: 'PRODUCTION' } }, owner.secret);
  const projectId = project.data!.createProject!.project.id;
  const created = await gw.execute(CreateWebhookMutation, { input: { projectId, url, eventTypes } }, owner.secret);
  expect(created.errors).toBeUndefined();
  await drain(); // deliver (or skip) what creating them emitted
  receiver.reset();
  return { projectId, webhookId: created.data!.createWebhook!.webhook.id, secret: created.data!.createWebhook!.secret };
}

const deliveries = async (webhookId: string) =>
  (await gw.execute(WebhookDeliveriesQuery, { id: webhookId }, owner.secret)).data!.webhook!.deliveries!.edges.map((edge) => edge.node);

describe('signed deliveries', () => {
  it('delivers a change to a subscribed endpoint, signed per Standard Webhooks', async () => {
    const { projectId, webhookId, secret } = await newProjectWithWebhook('signed', ['project.updated']);
    await gw.execute(UpdateProjectMutation, { input: { id: projectId, name: 'signed-v2' } }, owner.secret);
    await drain();

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const verified = new StandardWebhook(secret).verify(request!.body, request!.headers as Record<string, string>) as {
      type: string;
      data: { id: string; name: string };
    };
    expect(verified.type).toBe('project.updated');
    expect(verified.data).toMatchObject({ id: projectId, name: 'signed-v2' });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['webhook-id']).toMatch(/^evt_/);

    const [delivery] = await deliveries(webhookId);
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attemptCount: 1, lastStatusCode: 200, eventType: 'project.updated' });
    expect(delivery!.event.id).toBe(request!.headers['webhook-id']);
    expect(delivery!.attempts).toEqual([expect.objectContaining({ number: 1, statusCode: 200, error: null, responseExcerpt: 'ok' })]);
  });

  it('sends the extra headers with their real values, though they are stored sealed', async () => {
    const project = await gw.execute(CreateProjectMutation, { input: { name: 'with-headers', type: 'PRODUCTION' } }, owner.secret);
    const projectId = project.data!.createProject!.project.id;
    const created = await gw.execute(
      CreateWebhookMutation,
      {
        input: { projectId, url: receiver.url, eventTypes: ['project.updated'], headers: [{ name: 'X-Receiver-Key', value: 'rk_live_1' }] },
      },
      owner.secret,
    );
    expect(created.data?.createWebhook?.webhook.headers).toEqual([{ name: 'X-Receiver-Key', value: '(sealed)' }]);
    await drain();
    receiver.reset();
    await gw.execute(UpdateProjectMutation, { input: { id: projectId, name: 'with-headers-v2' } }, owner.secret);
    await drain();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers['x-receiver-key']).toBe('rk_live_1');
  });

  it("does not deliver event types the endpoint does not subscribe to, nor other projects' events", async () => {
    const { webhookId } = await newProjectWithWebhook('picky', ['api_key.created']);
    await gw.execute(CreateProjectMutation, { input: { name: 'unrelated', type: 'DEVELOPMENT' } }, owner.secret);
    await drain();
    expect(receiver.received).toHaveLength(0);
    expect(await deliveries(webhookId)).toEqual([]);
  });

  it('signs with both secrets during a rotation grace period', async () => {
    const { projectId, webhookId, secret: oldSecret } = await newProjectWithWebhook('rotating', ['project.updated']);
    const rotated = await gw.execute(RotateWebhookSecretMutation, { id: webhookId }, owner.secret);
    const newSecret = rotated.data!.rotateWebhookSecret!.secret;
    await gw.execute(UpdateProjectMutation, { input: { id: projectId, name: 'rotated' } }, owner.secret);
    await drain();
    const [request] = receiver.received;
    expect(String(request!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [newSecret, oldSecret]) {
      expect(() => new StandardWebhook(secret).verify(request!.body, request!.headers as Record<string, string>)).not.toThrow();
    }
  });
});

describe('retries', () => {
  it('retries after a 500 with the same webhook-id, and records every attempt', async () => {
    const { projectId, webhookId } = await newProjectWithWebhook('flaky', ['project.updated']);
    receiver.reset({ status: 500, body: 'boom' }, { status: 200 });
    await gw.execute(UpdateProjectMutation, { input: { id: projectId, name: 'flaky-2' } }, owner.secret);
    await drain();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.headers['webhook-id']).toBe(receiver.received[1]!.headers['webhook-id']);
    const [delivery] = await deliveries(webhookId);
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attemptCount: 2 });
    expect(delivery!.attempts.map((a) => [a.number, a.statusCode, a.responseExcerpt])).toEqual([
      [1, 500, 'boom'],
      [2, 200, 'ok'],
    ]);
  });

  it('retries after a timeout', async () => {
    const { projectId, webhookId } = await newProjectWithWebhook('slow', ['project.updated']);
    receiver.reset({ status: 200, delayMs: 4500 }, { status: 200 });
    await gw.execute(UpdateProjectMutation, { input: { id: projectId, name: 'slow-2' } }, owner.secret);
    await drain();
    const [delivery] = await deliveries(webhookId);
    expect(delivery!.status).toBe('SUCCEEDED');
    expect(delivery!.attempts[0]).toMatchObject({ statusCode: null, error: 'timed out' });
    expect(delivery!.attempts[0]!.durationMs).toBeGreaterThanOrEqual(2900);
  });

  it('retries after a refused connection, then marks the delivery failed after the last attempt', async () => {
    const closed = 'http://127.0.0.1:1/hook';
    const { projectId, webhookId } = await newProjectWithWebhook('unreachable', ['project.updated'], closed);
    await gw.execute(UpdateProjectMutation, { input: { id: projectId, name: 'unreachable-2' } }, owner.secret);
    await drain();
    const [delivery] = await deliveries(webhookId);
    expect(delivery).toMatchObject({ status: 'FAILED', attemptCount: 4, nextAttemptAt: null });
    expect(delivery!.attempts).toHaveLength(4);
    expect(delivery!.attempts.every((attempt) => attempt.statusCode === null && /ECONNREFUSED|connect/i.test(attempt.error ?? ''))).toBe(
      true,
    );
  });

  it('does not follow redirects: a 3xx is a failed attempt', async () => {
    const { projectId, webhookId } = await newProjectWithWebhook('moved', ['project.updated']);
    receiver.reset({ status: 302, headers: { location: `${receiver.url}/elsewhere` } }, { status: 200 });
    await gw.execute(UpdateProjectMutation, { input: { id: projectId, name: 'moved-2' } }, owner.secret);
    await drain();
    expect(receiver.received.map((request) => request.headers['webhook-id'])).toHaveLength(2);
    const [delivery] = await deliveries(webhookId);
    expect(delivery!.attempts.map((attempt) => attempt.statusCode)).toEqual([302, 200]);
  });

  it('honours Retry-After', async () => {
    const { projectId, webhookId } = await newProjectWithWebhook('busy', ['project.updated']);
    receiver.reset({ status: 503, headers: { 'retry-after': '120' } });
    await gw.execute(UpdateProjectMutation, { input: { id: projectId, name: 'busy-2' } }, owner.secret);
    await drain();
    const [delivery] = await deliveries(webhookId);
    expect(delivery).toMatchObject({ status: 'PENDING', attemptCount: 1, lastStatusCode: 503 });
    const wait = new Date(delivery!.nextAttemptAt!).getTime() - Date.now();
    expect(wait).toBeGreaterThan(110_000);
    expect(wait).toBeLessThanOrEqual(120_000);
  });

  it('disables the endpoint when it answers 410 Gone', async () => {
    const { projectId, webhookId } = await newProjectWithWebhook('gone', ['project.updated']);
    receiver.reset({ status: 410 });
    await gw.execute(UpdateProjectMutation, { input: { id: projectId, name: 'gone-2' } }, owner.secret);
    await drain();
    const [delivery] = await deliveries(webhookId);
    expect(delivery).toMatchObject({ status: 'FAILED', attemptCount: 1, lastStatusCode: 410 });
    expect((await gw.execute(WebhookQuery, { id: webhookId }, owner.secret)).data!.webhook!.enabled).toBe(false);

    // A disabled endpoint gets nothing, not even a retry, until it is enabled again.
    receiver.reset({ status: 200 });
    await gw.execute(RetryDeliveryMutation, { id: delivery!.id }, owner.secret);
    await drain();
    expect(receiver.received).toHaveLength(0);
    await gw.execute(UpdateWebhookMutation, { input: { id: webhookId, enabled: true } }, owner.secret);
    await drain();
    expect(receiver.received).toHaveLength(1);
  });
});

describe('operator actions', () => {
  it('sends a test event to one endpoint, only for a type it subscribes to', async () => {
    const { webhookId, secret } = await newProjectWithWebhook('testing', ['api_key.created']);
    const refused = await gw.execute(SendTestEventMutation, { input: { webhookId, eventType: 'project.created' } }, owner.secret);
    expect(code(refused)).toBe('BAD_USER_INPUT');
    expect(field(refused)).toBe('eventType');

    const sent = await gw.execute(SendTestEventMutation, { input: { webhookId, eventType: 'api_key.created' } }, owner.secret);
    expect(sent.errors).toBeUndefined();
    await drain();
    expect(receiver.received).toHaveLength(1);
    const body = new StandardWebhook(secret).verify(receiver.received[0]!.body, receiver.received[0]!.headers as Record<string, string>);
    expect(body).toMatchObject({ type: 'api_key.created', test: true, data: { kind: 'SECRET' } });
  });

  it('retries one delivery, and recovers every failed delivery since a time', async () => {
    const { projectId, webhookId } = await newProjectWithWebhook('recovering', ['project.updated']);
    receiver.reset({ status: 500 });
    const since = new Date(Date.now() - 1000).toISOString();
    await gw.execute(UpdateProjectMutation, { input: { id: projectId, name: 'r-1' } }, owner.secret);
    await gw.execute(UpdateProjectMutation, { input: { id: projectId, name: 'r-2' } }, owner.secret);
    await drain();
    const failed = await deliveries(webhookId);
    expect(failed.map((d) => d.status)).toEqual(['FAILED', 'FAILED']);

    receiver.reset({ status: 200 });
    const retried = await gw.execute(RetryDeliveryMutation, { id: failed[0]!.id }, owner.secret);
    expect(retried.data!.retryWebhookDelivery!.delivery.status).toBe('PENDING');
    await drain();
    expect((await deliveries(webhookId)).map((d) => d.status)).toEqual(['SUCCEEDED', 'FAILED']);

    const recovered = await gw.execute(RecoverDeliveriesMutation, { input: { webhookId, since } }, owner.secret);
    expect(recovered.data!.recoverWebhookDeliveries!.recoveredCount).toBe(1);
    await drain();
    expect((await deliveries(webhookId)).map((d) => d.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  });
});

describe('several dispatchers and crashes', () => {
  const dispatcher = () =>
    new WebhookDispatcher(
      gw.orm,
      gw.gateway.services.webhooks,
      new WebhookSender({ timeoutMs: 2000, allowInsecure: true }),
      { retrySchedule: [0, 0, 0], timeoutMs: 2000, pollMs: 60_000 },
      gw.gateway.logger,
    );

  it('shares the work between two dispatchers, attempting each delivery exactly once', async () => {
    const { projectId } = await newProjectWithWebhook('shared', ['project.updated']);
    for (let i = 0; i < 20; i++) await gw.execute(UpdateProjectMutation, { input: { id: projectId, name: `shared-${i}` } }, owner.secret);
    const [a, b] = [dispatcher(), dispatcher()];
    await Promise.all([drain(a), drain(b)]);
    const ids = receiver.received.map((request) => request.headers['webhook-id']);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });

  it('loses nothing when a dispatcher dies mid-attempt: the lease runs out and another delivers', async () => {
    const { projectId, webhookId } = await newProjectWithWebhook('crash', ['project.updated']);
    await gw.execute(UpdateProjectMutation, { input: { id: projectId, name: 'crash-2' } }, owner.secret);

    // A dispatcher whose attempt never completes, as if its process were killed while sending.
    const hanging = new WebhookDispatcher(
      gw.orm,
      gw.gateway.services.webhooks,
      { send: () => new Promise(() => undefined), close: async () => undefined } as unknown as WebhookSender,
      { retrySchedule: [0, 0, 0], timeoutMs: 2000, pollMs: 60_000 },
      gw.gateway.logger,
    );
    void hanging.runOnce();
    const em = gw.orm.em.fork();
    const rowId = decodeId(webhookId)!.uuid;
    await expect.poll(async () => (await em.fork().findOne(Delivery, { webhook: rowId }))?.lockedUntil ?? null).not.toBeNull();

    // Restarted: before the lease runs out nothing is attempted twice; after it, the delivery goes out.
    const restarted = dispatcher();
    expect((await restarted.runOnce()).attempted).toBe(0);
    const afterLease = new Date(Date.now() + 60_000);
    expect((await restarted.runOnce(afterLease)).attempted).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [delivery] = await deliveries(webhookId);
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attemptCount: 2 });
  });
});

describe('retention', () => {
  it('prunes finished events past EVENT_RETENTION_DAYS with their deliveries and attempts, and keeps events with work left', async () => {
    const { projectId, webhookId } = await newProjectWithWebhook('retention', ['project.updated']);
    const rename = (name: string) => gw.execute(UpdateProjectMutation, { input: { id: projectId, name } }, owner.secret);
    const dispatcher = gw.gateway.dispatcher;
    await rename('delivered');
    await drain();
    await rename('delivered-recently');
    await drain();
    await rename('pending');
    await dispatcher.fanOut(); // a delivery, not attempted yet
    await rename('not-fanned-out');

    const projectRowId = decodeId(projectId)!.uuid;
    const em = gw.orm.em.fork();
    const events = () => em.fork().find(Event, { projectId: projectRowId }, { orderBy: { createdAt: 'asc' } });
    const named = async () => (await events()).map((event) => (event.payload['data'] as { name: string }).name);
    const byName = new Map((await events()).map((event) => [(event.payload['data'] as { name: string }).name, event]));
    const delivered = byName.get('delivered')!;
    const deliveredDeliveries = await em.fork().find(Delivery, { event: delivered.id });
    expect(deliveredDeliveries.map((delivery) => delivery.status)).toEqual(['SUCCEEDED']);
    expect(await em.fork().count(DeliveryAttempt, { delivery: deliveredDeliveries[0]!.id })).toBe(1);

    // Everything is past its retention as of 31 days from now, except one event moved later.
    await em.fork().nativeUpdate(Event, { id: byName.get('delivered-recently')!.id }, { createdAt: new Date(Date.now() + 5 * 86_400_000) });
    const pruned = await gw.gateway.maintenance.pruneEvents(new Date(Date.now() + 31 * 86_400_000));

    // project.created and webhook.created (no delivery to this webhook) and the delivered change go;
    // the recent one, the one still pending and the one never fanned out stay.
    expect(pruned).toBeGreaterThanOrEqual(3);
    expect(await named()).toEqual(['pending', 'not-fanned-out', 'delivered-recently']);
    expect(await em.fork().count(Delivery, { event: delivered.id })).toBe(0);
    expect(await em.fork().count(DeliveryAttempt, { delivery: deliveredDeliveries[0]!.id })).toBe(0);
    expect((await deliveries(webhookId)).map((delivery) => delivery.status)).toEqual(['PENDING', 'SUCCEEDED']);
  });
});
