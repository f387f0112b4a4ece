// Running the gateway in production, in one process: request ids (echoed, logged, audited),
// overload shedding (in flight and event-loop delay), /metrics, /ready per store with a timeout,
// the drain flag, and errors coalesced during an outage. Real HTTP through Yoga throughout; a
// request is held in flight deterministically by sending its body only in part.
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWorkspaceWithOwner, issueToken, type TestToken } from './helpers/factories.js';
import { cliActor } from '../src/modules/activity/index.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import {
  AuditRequestIdsQuery,
  CreateProjectMutation,
  CreateWebhookMutation,
  UpdateProjectMutation,
  UpdateTokenMutation,
  ViewerQuery,
} from './helpers/operations.js';

let gw: TestGateway;
let owner: TestToken;
const extra: TestGateway[] = [];

beforeAll(async () => {
  gw = await startGateway({ env: { OVERLOAD_MAX_IN_FLIGHT: '1' } });
  owner = await createWorkspaceWithOwner(gw);
});
afterAll(async () => {
  for (const other of extra) await other.close();
  await gw?.close();
});

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parseRaw(text: string): RawResponse {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

/**
 * A GraphQL request whose body is sent but for its last byte: the gateway has admitted it (it is
 * in flight) and waits for the rest until `release()` sends it. The socket asks for
 * `Connection: close` so that the whole response is what arrives before the socket ends.
 */
async function holdRequest(url: string, secret: string): Promise<{ socket: Socket; release: () => Promise<RawResponse> }> {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify({ query: '{ viewer { permissions } }' });
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(
    `POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${secret}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, -1)}`,
  );
  return {
    socket,
    release: async () => {
      socket.write(body.slice(-1));
      await ended;
      return parseRaw(received);
    },
  };
}

/** Polls until the condition holds; gives up (with a message) shortly before the test's own timeout. */
async function until(condition: () => boolean | Promise<boolean>, what: string) {
  const deadline = Date.now() + 25_000;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting until ${what}`);
}

const scrape = async (target: TestGateway) => {
  const response = await fetch(`${target.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
};

/** The value of one series in an exposition, e.g. metric(text, 'mgw_http_requests_total{operation="query",status="200"}'). */
function metric(text: string, series: string): number | undefined {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** A webhook receiver that answers every delivery with 500. */
async function failingReceiver() {
  let requests = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests += 1;
      response.writeHead(500).end('down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    requests: () => requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('request ids', () => {
  it('generates one when the client sends none, and echoes it', async () => {
    const response = await gw.execute(ViewerQuery, {}, owner.secret);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const again = await gw.execute(ViewerQuery, {}, owner.secret);
    expect(again.headers.get('x-request-id')).not.toBe(response.headers.get('x-request-id'));
  });

  it('keeps a safe X-Request-Id from the client', async () => {
    const response = await gw.execute(ViewerQuery, {}, owner.secret, { 'x-request-id': 'lb-7f3a:2026/12.01_abc=+' });
    expect(response.headers.get('x-request-id')).toBe('lb-7f3a:2026/12.01_abc=+');
  });

  it.each([
    ['a space and quotes', 'a b"c'],
    ['a log-injection attempt', 'id\\n{"level":60}'],
    ['an overlong id', 'x'.repeat(129)],
    ['non-ASCII', 'idé'],
  ])('replaces an unsafe X-Request-Id (%s) with a fresh one', async (_label, unsafe) => {
    const response = await gw.execute(ViewerQuery, {}, owner.secret, { 'x-request-id': unsafe });
    const id = response.headers.get('x-request-id');
    expect(id).not.toBe(unsafe);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(gw.logs.join('\n')).not.toContain(unsafe);
  });

  it('is on refusals and probes too', async () => {
    const refused = await gw.execute(ViewerQuery, {}, null, { 'x-request-id': 'refused-1' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toBe('refused-1');
    const health = await fetch(`${gw.url}/health`, { headers: { 'x-request-id': 'probe-1' } });
    expect(health.headers.get('x-request-id')).toBe('probe-1');
  });

  it('is on every log line of the request', async () => {
    const bad = 'mgw_000000000000000000000000000000000000';
    await gw.execute(ViewerQuery, {}, bad, { 'x-request-id': 'logged-refusal' });
    const lines = gw.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const refusal = lines.filter((line) => line['msg'] === 'authentication refused' && line['requestId'] === 'logged-refusal');
    expect(refusal).toHaveLength(1);

    // An error logged while executing (Yoga's masking sees no request) carries it as well.
    await gw.orm.em.getConnection().execute('alter table project rename to project_gone');
    try {
      await gw.execute(CreateProjectMutation, { input: { name: 'x', type: 'DEVELOPMENT' } }, owner.secret, {
        'x-request-id': 'logged-error',
      });
    } finally {
      await gw.orm.em.getConnection().execute('alter table project_gone rename to project');
    }
    const errorLines = gw.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line['msg'] === 'unexpected error while executing');
    expect(errorLines.at(-1)).toMatchObject({ requestId: 'logged-error', level: 50 });
  });

  it('is written to the audit entries of the request', async () => {
    const created = await gw.execute(CreateProjectMutation, { input: { name: 'audited', type: 'DEVELOPMENT' } }, owner.secret, {
      'x-request-id': 'audit-me-1',
    });
    expect(created.data?.createProject?.project.id).toBeTruthy();
    const log = await gw.execute(AuditRequestIdsQuery, { action: 'project.created' }, owner.secret);
    expect(log.data?.auditLog?.edges.map((edge) => edge.node.requestId)).toContain('audit-me-1');
  });
});

describe('overload shedding (OVERLOAD_MAX_IN_FLIGHT=1)', () => {
  it('refuses a request past the in-flight limit with 503 OVERLOADED and Retry-After, and admits again once it drops', async () => {
    const held = await holdRequest(gw.url, owner.secret);
    try {
      await until(() => gw.gateway.load.inFlight === 1, 'the held request is in flight');
      const shed = await gw.execute(ViewerQuery, {}, owner.secret);
      expect(shed.status).toBe(503);
      expect(shed.headers.get('retry-after')).toBe('1');
      expect(shed.errors?.[0]).toMatchObject({ extensions: { code: 'OVERLOADED' } });
      // An unauthenticated request is shed before authentication (no I/O, no failure counted).
      expect((await gw.execute(ViewerQuery, {}, null)).status).toBe(503);

      // Probes and scrapes are never shed.
      expect((await fetch(`${gw.url}/health`)).status).toBe(200);
      expect((await fetch(`${gw.url}/ready`)).status).toBe(200);
      const text = await scrape(gw);
      expect(metric(text, 'mgw_requests_in_flight')).toBe(1);
      expect(metric(text, 'mgw_overload_shed_total{reason="in_flight"}')).toBeGreaterThanOrEqual(2);
    } finally {
      const response = await held.release();
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ data: { viewer: { permissions: expect.any(Array) } } });
    }
    await until(() => gw.gateway.load.inFlight === 0, 'the held request is done');
    expect((await gw.execute(ViewerQuery, {}, owner.secret)).status).toBe(200);
  });

  it('stops counting a request whose client went away mid-body', async () => {
    const held = await holdRequest(gw.url, owner.secret);
    await until(() => gw.gateway.load.inFlight === 1, 'the held request is in flight');
    held.socket.destroy();
    await until(() => gw.gateway.load.inFlight === 0, 'the abandoned request is no longer counted');
    expect((await gw.execute(ViewerQuery, {}, owner.secret)).status).toBe(200);
  });

  it('sheds on event-loop delay past OVERLOAD_MAX_EVENT_LOOP_DELAY_MS while requests are in flight, and recovers with the next window', async () => {
    const busy = await startGateway({ env: { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '50' }, database: gw.database });
    extra.push(busy);
    busy.gateway.load.sampleManually();
    // Closes the window of the start-up work: the next one begins here, empty.
    busy.gateway.load.sample();
    const blockUntil = performance.now() + 500;
    while (performance.now() < blockUntil) {
      // Keeps the event loop busy, as a CPU-bound overload does.
    }
    // The first timer due after the block: the late probe (due earlier) has recorded the block by
    // then. Its delay (about 480 ms) keeps the mean above 50 ms even if a busy machine lets a few
    // more probes into the window.
    await sleep(1);
    expect(busy.gateway.load.sample().mean).toBeGreaterThan(50);

    // Alone, a request is not shed: the delay did not come from requests.
    expect((await busy.execute(ViewerQuery, {}, owner.secret)).status).toBe(200);

    const held = await holdRequest(busy.url, owner.secret);
    try {
      await until(() => busy.gateway.load.inFlight === 1, 'the held request is in flight');
      const shed = await busy.execute(ViewerQuery, {}, owner.secret);
      expect(shed.status).toBe(503);
      expect(shed.headers.get('retry-after')).toBe('1');
      expect(shed.errors?.[0]?.extensions?.['code']).toBe('OVERLOADED');
      expect((await fetch(`${busy.url}/ready`)).status).toBe(200);

      // The next window: closing the one since the block (whatever the machine did meanwhile)
      // and then an empty one leaves a known delay of 0.
      busy.gateway.load.sample();
      expect(busy.gateway.load.sample()).toEqual({ mean: 0, max: 0 });
      expect((await busy.execute(ViewerQuery, {}, owner.secret)).status).toBe(200);
    } finally {
      expect((await held.release()).status).toBe(200);
    }
    expect(metric(await scrape(busy), 'mgw_overload_shed_total{reason="event_loop_delay"}')).toBe(1);
  });
});

describe('GET /metrics', () => {
  it('counts requests by operation and status, refusals by code, rate limits, the token cache and the dispatcher', async () => {
    const fresh = await startGateway({
      database: gw.database,
      env: {
        // A lease no busy machine lets lapse during the test (the first heartbeat renews it).
        TOKEN_CACHE_LEASE_MS: '60000',
        // The failing delivery below is retried only in an hour: it stays scheduled.
        WEBHOOK_ALLOW_INSECURE_URLS: 'true',
        WEBHOOK_RETRY_SCHEDULE: '0,3600',
      },
    });
    extra.push(fresh);
    fresh.gateway.load.sampleManually();
    await fresh.execute(ViewerQuery, {}, owner.secret);
    await fresh.execute(ViewerQuery, {}, owner.secret);
    await fresh.execute(CreateProjectMutation, { input: { name: 'metered', type: 'DEVELOPMENT' } }, owner.secret);
    await fresh.execute(ViewerQuery, {}, null);
    await fresh.execute(ViewerQuery, {}, 'mgw_000000000000000000000000000000000000');
    await fresh.post({ query: '{ nope }' }, { authorization: `Bearer ${owner.secret}` });

    const text = await scrape(fresh);
    expect(metric(text, 'mgw_http_requests_total{operation="query",status="200"}')).toBe(2);
    expect(metric(text, 'mgw_http_requests_total{operation="mutation",status="200"}')).toBe(1);
    expect(metric(text, 'mgw_http_requests_total{operation="none",status="401"}')).toBe(2);
    expect(metric(text, 'mgw_http_request_duration_seconds_count{operation="query"}')).toBe(2);
    expect(text).toContain('mgw_http_request_duration_seconds_bucket{le="0.1",operation="query"}');
    expect(metric(text, 'mgw_auth_refusals_total{code="UNAUTHENTICATED"}')).toBe(2);
    expect(metric(text, 'mgw_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    // Four requests with a valid token: each charged one point.
    expect(metric(text, 'mgw_rate_limit_points_charged_total')).toBe(4);
    expect(metric(text, 'mgw_rate_limit_refusals_total{limit="token"}')).toBe(0);
    expect(metric(text, 'mgw_token_cache_lookups_total{result="miss"}')).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'mgw_token_cache_lookups_total{result="hit"}')).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'mgw_token_cache_active')).toBe(1);
    const invalidationsBefore = metric(text, 'mgw_token_cache_invalidations_total');
    expect(invalidationsBefore).toBeGreaterThanOrEqual(0);
    // On PostgreSQL the lease is held by heartbeats that came back; on PGlite there is no connection to renew.
    if (process.env['TEST_DB'] === 'postgres')
      expect(metric(text, 'mgw_token_cache_lease_events_total{event="renewal"}')).toBeGreaterThanOrEqual(1);
    else expect(metric(text, 'mgw_token_cache_lease_events_total{event="renewal"}')).toBe(0);
    expect(metric(text, 'mgw_token_cache_lease_events_total{event="lapse"}')).toBe(0);
    expect(metric(text, 'mgw_token_changes_announced_total{outcome="waited_for_lease"}')).toBe(0);
    expect(metric(text, 'mgw_webhook_attempts_total')).toBe(0);
    expect(metric(text, 'mgw_webhook_attempt_failures_total')).toBe(0);
    expect(metric(text, 'mgw_webhook_deliveries_pending{state="due"}')).toBe(0);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    if (process.env['TEST_DB'] === 'postgres') expect(metric(text, 'mgw_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    else expect(text).not.toContain('mgw_db_pool_connections');
    // The invalid document never executed; probes and scrapes are not counted as requests.
    expect(metric(text, 'mgw_http_requests_total{operation="none",status="200"}')).toBe(1);
    await fetch(`${fresh.url}/ready`);
    expect(metric(await scrape(fresh), 'mgw_http_requests_total{operation="none",status="200"}')).toBe(1);

    // A token change made here drops the token from this process's cache.
    const changed = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    expect((await fresh.execute(ViewerQuery, {}, changed.secret)).status).toBe(200);
    const renamed = await fresh.execute(UpdateTokenMutation, { input: { id: changed.id, name: `renamed-${Date.now()}` } }, owner.secret);
    expect(renamed.errors).toBeUndefined();
    const afterChange = await scrape(fresh);
    expect(metric(afterChange, 'mgw_token_cache_invalidations_total')).toBeGreaterThan(invalidationsBefore!);

    // A delivery whose receiver fails: queued (due), then one attempt, one failure, and a retry scheduled.
    const receiver = await failingReceiver();
    try {
      const project = await fresh.execute(CreateProjectMutation, { input: { name: 'hooked', type: 'PRODUCTION' } }, owner.secret);
      const projectId = project.data!.createProject!.project.id;
      const webhook = await fresh.execute(
        CreateWebhookMutation,
        { input: { projectId, url: receiver.url, eventTypes: ['project.updated'] } },
        owner.secret,
      );
      expect(webhook.errors).toBeUndefined();
      await fresh.execute(UpdateProjectMutation, { input: { id: projectId, name: 'hooked-v2' } }, owner.secret);
      while ((await fresh.gateway.dispatcher.fanOut()) > 0) {
        // Every event written so far (this file's other changes have no webhook) until none is left.
      }
      const queued = await scrape(fresh);
      expect(metric(queued, 'mgw_webhook_deliveries_pending{state="due"}')).toBe(1);
      expect(metric(queued, 'mgw_webhook_attempts_total')).toBe(0);
      expect(await fresh.gateway.dispatcher.runOnce()).toEqual({ fannedOut: 0, attempted: 1 });
      expect(receiver.requests()).toBe(1);
      const attempted = await scrape(fresh);
      expect(metric(attempted, 'mgw_webhook_attempts_total')).toBe(1);
      expect(metric(attempted, 'mgw_webhook_attempt_failures_total')).toBe(1);
      expect(metric(attempted, 'mgw_webhook_deliveries_pending{state="due"}')).toBe(0);
      expect(metric(attempted, 'mgw_webhook_deliveries_pending{state="scheduled"}')).toBe(1);
    } finally {
      await receiver.close();
    }

    // The event-loop delay of the last window: a 200 ms block shows as its max.
    fresh.gateway.load.sample();
    const blockUntil = performance.now() + 200;
    while (performance.now() < blockUntil) {
      // Keeps the event loop busy.
    }
    await sleep(1);
    const window = fresh.gateway.load.sample();
    expect(window.max).toBeGreaterThan(150);
    const delays = await scrape(fresh);
    expect(metric(delays, 'mgw_event_loop_delay_seconds{stat="max"}')).toBeCloseTo(window.max / 1000, 6);
    expect(metric(delays, 'mgw_event_loop_delay_seconds{stat="mean"}')).toBeCloseTo(window.mean / 1000, 6);
  });

  it('counts a token past its rate limit', async () => {
    const limited = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    await gw.gateway.services.tokens.setRateLimit(gw.orm.em.fork(), cliActor(owner.workspaceId), limited.rowId, 1, 60);
    const fresh = await startGateway({ database: gw.database });
    extra.push(fresh);
    expect((await fresh.execute(ViewerQuery, {}, limited.secret)).status).toBe(200);
    expect((await fresh.execute(ViewerQuery, {}, limited.secret)).status).toBe(429);
    let text = await scrape(fresh);
    expect(metric(text, 'mgw_rate_limit_refusals_total{limit="token"}')).toBe(1);
    // Refused once the request's cost was known (query-cost.plugin.ts), so as a GraphQL error with its code.
    expect(metric(text, 'mgw_graphql_errors_total{code="RATE_LIMITED"}')).toBe(1);
    // During the block, refused before its document is parsed: counted as a token refusal too.
    const blocked = await fresh.execute(ViewerQuery, {}, limited.secret, { accept: 'application/graphql-response+json' });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
    text = await scrape(fresh);
    expect(metric(text, 'mgw_rate_limit_refusals_total{limit="token"}')).toBe(2);
    expect(metric(text, 'mgw_auth_refusals_total{code="RATE_LIMITED"}')).toBe(1);
  });

  it('is off with METRICS=false (the path then needs a token like any other)', async () => {
    const off = await startGateway({ env: { METRICS: 'false' }, database: gw.database });
    extra.push(off);
    expect(off.gateway.metrics).toBeUndefined();
    expect((await fetch(`${off.url}/metrics`)).status).toBe(401);
  });

  it('is not on the main port when METRICS_PORT is set', async () => {
    const separate = await startGateway({ env: { METRICS_PORT: '0' }, database: gw.database });
    extra.push(separate);
    expect((await fetch(`${separate.url}/metrics`)).status).toBe(401);
    expect((await separate.gateway.metrics!.render()).body).toContain('mgw_http_requests_total');
  });
});

describe('/ready', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reports a database that does not answer within READY_CHECK_TIMEOUT_MS as timeout', async () => {
    const slow = await startGateway({ env: { READY_CHECK_TIMEOUT_MS: '50' }, database: gw.database });
    extra.push(slow);
    vi.spyOn(slow.orm, 'checkConnection').mockReturnValue(new Promise(() => undefined));
    const response = await fetch(`${slow.url}/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', checks: { database: 'timeout' } });
    vi.restoreAllMocks();
    // Recovery needs no restart: the next check that answers within 50 ms is ready again (on a busy
    // machine a real check may take longer now and then, so the probe is repeated, as a load balancer does).
    await until(async () => (await fetch(`${slow.url}/ready`)).status === 200, '/ready answers 200 again');
  });

  it('reports a database that refuses as unavailable', async () => {
    vi.spyOn(gw.orm, 'checkConnection').mockResolvedValue({ ok: false, reason: 'refused' } as never);
    const response = await fetch(`${gw.url}/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', checks: { database: 'unavailable' } });
  });
});

describe('errors repeated during an outage', () => {
  it('logs the first in full and the repeats as one line with a count', async () => {
    // An interval no burst outlasts, however slow the machine: the test writes the summary itself.
    const outage = await startGateway({ env: { LOG_REPEAT_INTERVAL_MS: '600000' }, database: gw.database });
    extra.push(outage);
    const fresh = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    await gw.orm.em.getConnection().execute('alter table management_token rename to management_token_gone');
    let statuses: number[];
    try {
      statuses = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const response = await outage.execute(ViewerQuery, {}, fresh.secret, { 'x-request-id': `outage-${i}` });
          return response.status;
        }),
      );
    } finally {
      await gw.orm.em.getConnection().execute('alter table management_token_gone rename to management_token');
    }
    expect(statuses).toEqual(Array(20).fill(503));
    const lines = () =>
      outage.logs
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => String(line['msg']).startsWith('authentication could not complete'));
    outage.gateway.repeatedErrors.flush();
    await until(() => lines().some((line) => line['repeated'] !== undefined), 'the repeats are reported');
    const [first, ...summaries] = lines();
    expect(first).toMatchObject({ level: 50, err: { stack: expect.any(String) } });
    expect(String(first!['requestId'])).toMatch(/^outage-\d+$/);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      repeated: 19,
      intervalMs: 600000,
      msg: 'authentication could not complete (repeated 19 more times)',
    });
    expect(summaries[0]!['err']).toBeUndefined();
    expect((await outage.execute(ViewerQuery, {}, fresh.secret)).status).toBe(200);
  });
});

describe('draining', () => {
  it('answers /ready with 503 and asks every client to close its connection', async () => {
    const draining = await startGateway({ database: gw.database });
    extra.push(draining);
    draining.gateway.drain();
    const ready = await fetch(`${draining.url}/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('connection')).toBe('close');
    expect(await ready.json()).toEqual({ status: 'unavailable', checks: { process: 'draining' } });
    const response = await draining.execute(ViewerQuery, {}, owner.secret);
    expect(response.status).toBe(200);
    expect(response.headers.get('connection')).toBe('close');
  });
});
