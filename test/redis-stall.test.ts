// A Redis that is connected but never answers (frozen with SIGSTOP: a stuck server, a partition
// without a reset) costs a request at most the command timeout: the in-memory insurance limiter
// decides, limits stay enforced, /ready names Redis as the slow store, and everything recovers by
// itself once Redis answers again. A private redis-server, never the shared one.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../src/db/redis.js';
import { createLogger } from '../src/logger.js';
import { createWorkspaceWithOwner, issueToken } from './helpers/factories.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import { ViewerQuery } from './helpers/operations.js';

let server: ChildProcess | undefined;
let redis: Redis | undefined;
let probe: Redis | undefined;
let gw: TestGateway | undefined;
const keyPrefix = `mgw-test-stall-${process.pid}-${Date.now()}`;
/** The gateway's Redis command timeout (REDIS_COMMAND_TIMEOUT_MS is what main.ts passes here). */
const COMMAND_TIMEOUT_MS = 100;
const READY_CHECK_TIMEOUT_MS = 2000;
/** What a request may take besides waiting for Redis, on a busy machine. */
const MARGIN_MS = 1000;

async function freePort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as AddressInfo;
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  const logger = createLogger('silent');
  probe = createRedis(url, logger, { commandTimeoutMs: 1000 });
  // The server may take a while to listen on a busy machine: ioredis reconnects until it does.
  // (events.once would reject on the connection errors ioredis emits while it retries.)
  if (probe.status !== 'ready') await new Promise((resolve) => probe!.once('ready', resolve));
  redis = createRedis(url, logger, { commandTimeoutMs: COMMAND_TIMEOUT_MS });
  if (redis.status !== 'ready') await once(redis, 'ready');
  gw = await startGateway({
    env: { RATE_LIMIT_POINTS: '3', READY_CHECK_TIMEOUT_MS: String(READY_CHECK_TIMEOUT_MS) },
    redis,
    rateLimitKeyPrefix: keyPrefix,
  });
});

afterAll(async () => {
  await gw?.close();
  redis?.disconnect();
  probe?.disconnect();
  if (server && server.exitCode === null) {
    server.kill('SIGCONT');
    server.kill('SIGKILL');
    await once(server, 'exit');
  }
});

describe('a Redis that stops answering', () => {
  it('costs requests at most the command timeout, keeps limiting from memory, and recovers by itself', async () => {
    const owner = await createWorkspaceWithOwner(gw!);
    const first = await gw!.execute(ViewerQuery, {}, owner.secret);
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit')).toMatch(/r=2;/);
    expect(await probe!.keys(`${keyPrefix}*`)).not.toHaveLength(0);

    server!.kill('SIGSTOP');
    try {
      // Without the command timeout each of these would wait until SIGCONT (the end of this block),
      // so each answering within the timeout and a margin for a busy machine proves the bound.
      const frozen: { status: number; ms: number }[] = [];
      for (let i = 0; i < 4; i++) {
        const started = performance.now();
        const { status } = await gw!.execute(ViewerQuery, {}, owner.secret);
        frozen.push({ status, ms: performance.now() - started });
      }
      // The insurance limiter counts from its own (fresh) budget of 3: limits still hold.
      expect(frozen.map((request) => request.status)).toEqual([200, 200, 200, 429]);
      for (const request of frozen) expect(request.ms).toBeLessThan(COMMAND_TIMEOUT_MS + MARGIN_MS);

      const readyStarted = performance.now();
      const ready = await fetch(`${gw!.url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', checks: { database: 'ok', redis: 'timeout' } });
      expect(performance.now() - readyStarted).toBeLessThan(READY_CHECK_TIMEOUT_MS + MARGIN_MS);
    } finally {
      server!.kill('SIGCONT');
    }

    // Nobody reconnects anything by hand: /ready comes back, and budgets are in Redis again.
    let status = 0;
    while (status !== 200) {
      status = (await fetch(`${gw!.url}/ready`)).status;
      if (status !== 200) await sleep(25);
    }
    expect(status).toBe(200);
    const other = await issueToken(gw!, owner.workspaceId, { scopes: ['read'] });
    expect((await gw!.execute(ViewerQuery, {}, other.secret)).status).toBe(200);
    expect(await probe!.keys(`${keyPrefix}*${other.rowId}`)).toHaveLength(1);
  });
});
