// Per-token rate limits (memory and Redis), the RateLimit headers and query, operator overrides,
// the per-IP limit on failed authentications, and a Redis that is down.
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { createRedis } from '../src/db/redis.js';
import { RateLimits } from '../src/modules/rate-limits/index.js';
import { createWorkspaceWithOwner, issueToken, type TestToken } from './helpers/factories.js';
import { cliActor } from '../src/modules/activity/index.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import { RateLimitQuery, ViewerQuery } from './helpers/operations.js';
import { REDIS_URL } from './helpers/services.js';

const SHORT_LIMIT = { RATE_LIMIT_POINTS: '3', RATE_LIMIT_WINDOW_SECONDS: '2', RATE_LIMIT_BLOCK_SECONDS: '1' };

describe('per-token rate limit (memory store)', () => {
  let gw: TestGateway;
  let owner: TestToken;
  beforeAll(async () => {
    gw = await startGateway({ env: SHORT_LIMIT });
    owner = await createWorkspaceWithOwner(gw);
  });
  afterAll(() => gw?.close());

  it('carries the IETF RateLimit headers on every authenticated response', async () => {
    const token = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    const response = await gw.execute(ViewerQuery, {}, token.secret);
    expect(response.headers.get('ratelimit-policy')).toBe('"default";q=3;w=2');
    expect(response.headers.get('ratelimit')).toMatch(/^"default";r=2;t=[12]$/);
  });

  it('refuses past the limit with 429, Retry-After and RATE_LIMITED, then recovers after the block', async () => {
    const token = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    const remaining = [];
    for (let i = 0; i < 3; i++) {
      const response = await gw.execute(ViewerQuery, {}, token.secret);
      expect(response.status).toBe(200);
      remaining.push(response.headers.get('ratelimit'));
    }
    expect(remaining.map((header) => header?.match(/r=(\d+)/)?.[1])).toEqual(['2', '1', '0']);

    const refused = await gw.execute(ViewerQuery, {}, token.secret);
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit')).toMatch(/^"default";r=0;/);

    // Another token of the same workspace has its own budget.
    expect((await gw.execute(ViewerQuery, {}, owner.secret)).status).toBe(200);

    await sleep(2100);
    const recovered = await gw.execute(ViewerQuery, {}, token.secret);
    expect(recovered.status).toBe(200);
  });

  it('answers the rateLimit query with the same budget as the headers', async () => {
    const token = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    const response = await gw.execute(RateLimitQuery, {}, token.secret);
    expect(response.data?.rateLimit).toMatchObject({ policy: 'default', limit: 3, remaining: 2, used: 1, windowSeconds: 2 });
    const resetIn = new Date(response.data!.rateLimit.resetAt).getTime() - Date.now();
    expect(resetIn).toBeGreaterThan(0);
    expect(resetIn).toBeLessThanOrEqual(2000);
  });

  it('ignores X-Forwarded-For unless told to trust a proxy', async () => {
    const owner = await createWorkspaceWithOwner(gw);
    await gw.execute(ViewerQuery, {}, owner.secret, { 'x-forwarded-for': '203.0.113.9' });
    await gw.gateway.services.usage.tokens.flush();
    const token = await gw.gateway.services.tokens.get(gw.orm.em.fork(), owner.workspaceId, owner.rowId);
    expect(token.lastUsedIp).toBe('127.0.0.1');
  });

  it("applies an operator's per-token override", async () => {
    const token = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    await gw.gateway.services.tokens.setRateLimit(gw.orm.em.fork(), cliActor(owner.workspaceId), token.rowId, 5, 10);
    const response = await gw.execute(ViewerQuery, {}, token.secret);
    expect(response.headers.get('ratelimit-policy')).toBe('"token";q=5;w=10');
    for (let i = 0; i < 4; i++) expect((await gw.execute(ViewerQuery, {}, token.secret)).status).toBe(200);
    expect((await gw.execute(ViewerQuery, {}, token.secret)).status).toBe(429);
  });
});

describe('the block after the limit', () => {
  it('refuses for the whole block period, even after the window has reset', async () => {
    const gw = await startGateway({ env: { RATE_LIMIT_POINTS: '2', RATE_LIMIT_WINDOW_SECONDS: '1', RATE_LIMIT_BLOCK_SECONDS: '3' } });
    try {
      const owner = await createWorkspaceWithOwner(gw);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await gw.execute(ViewerQuery, {}, owner.secret)).status);
      expect(statuses).toEqual([200, 200, 429]);
      await sleep(1300); // the 1 s window is over, the 3 s block is not
      const blocked = await gw.execute(ViewerQuery, {}, owner.secret);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await sleep(2000);
      expect((await gw.execute(ViewerQuery, {}, owner.secret)).status).toBe(200);
    } finally {
      await gw.close();
    }
  });
});

describe('failed authentications per client IP', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({
      env: { AUTH_FAILURE_LIMIT: '3', AUTH_FAILURE_WINDOW_SECONDS: '60', AUTH_FAILURE_BLOCK_SECONDS: '60' },
      countQueries: true,
    });
  });
  afterAll(() => gw?.close());

  it('blocks an address after too many bad tokens, even for a good token, without touching the database', async () => {
    const owner = await createWorkspaceWithOwner(gw);
    for (let i = 0; i < 3; i++) {
      expect((await gw.execute(ViewerQuery, {}, `mgw_${'x'.repeat(36)}`)).status).toBe(401);
    }
    const blocked = await gw.execute(ViewerQuery, {}, `mgw_${'x'.repeat(36)}`);
    expect(blocked.status).toBe(429);
    expect(blocked.errors?.[0]?.extensions?.['code']).toBe('RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(50);

    const before = gw.queries.length;
    const good = await gw.execute(ViewerQuery, {}, owner.secret);
    expect(good.status).toBe(429);
    expect(gw.queries.slice(before)).toEqual([]);
  });

  it('behind a trusted proxy, counts the address the proxy appended, not what the client wrote', async () => {
    const proxied = await startGateway({ env: { TRUST_PROXY: 'true', AUTH_FAILURE_LIMIT: '2' } });
    try {
      const owner = await createWorkspaceWithOwner(proxied);
      const bad = `mgw_${'y'.repeat(36)}`;
      const statuses = [];
      for (const spoofed of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) {
        statuses.push((await proxied.execute(ViewerQuery, {}, bad, { 'x-forwarded-for': `${spoofed}, 198.51.100.7` })).status);
      }
      expect(statuses).toEqual([401, 401, 429]);
      // Another client behind the same proxy is not affected, even if it claims the blocked address.
      const other = await proxied.execute(ViewerQuery, {}, owner.secret, {
        'x-forwarded-for': '198.51.100.7, 203.0.113.5',
        'user-agent': 'proxied',
      });
      expect(other.status).toBe(200);
      await proxied.gateway.services.usage.tokens.flush();
      const token = await proxied.gateway.services.tokens.get(proxied.orm.em.fork(), owner.workspaceId, owner.rowId);
      expect(token.lastUsedIp).toBe('203.0.113.5');
    } finally {
      await proxied.close();
    }
  });

  it('does not count requests without credentials', async () => {
    const fresh = await startGateway({ env: { AUTH_FAILURE_LIMIT: '1' } });
    try {
      const owner = await createWorkspaceWithOwner(fresh);
      for (let i = 0; i < 3; i++) expect((await fresh.execute(ViewerQuery, {}, null)).status).toBe(401);
      expect((await fresh.execute(ViewerQuery, {}, owner.secret)).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});

describe('failed authentications per client IP, and tokens known to work', () => {
  // Default limits (30 failures per 60 s, then 300 s): each test blocks 127.0.0.1 on its own gateway.
  let gw: TestGateway;
  beforeEach(async () => {
    // A long cache TTL: "no database query" must not depend on how fast the machine is.
    gw = await startGateway({ countQueries: true, env: { TOKEN_CACHE_TTL_MS: '600000' } });
  });
  afterEach(() => gw?.close());

  it('keeps serving a token that worked from the address before it was blocked, from memory', async () => {
    const owner = await createWorkspaceWithOwner(gw);
    expect((await gw.execute(ViewerQuery, {}, owner.secret)).status).toBe(200);
    // 31 garbage tokens (the issue's attack) from the same address block it...
    for (let i = 0; i < 31; i++) await gw.execute(ViewerQuery, {}, `mgw_${'z'.repeat(36)}`);
    expect((await gw.execute(ViewerQuery, {}, `mgw_${'z'.repeat(36)}`)).status).toBe(429);
    // ...but the token that worked here goes on working, without a database query (it is cached).
    const before = gw.queries.length;
    const served = await gw.post({ query: '{ viewer { token { id } } }' }, { authorization: `Bearer ${owner.secret}` });
    expect(served.status).toBe(200);
    expect(served.data).toEqual({ viewer: { token: { id: owner.id } } });
    expect(gw.queries.slice(before)).toEqual([]);
    // A token never seen here is still refused without I/O.
    const stranger = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    const afterIssue = gw.queries.length;
    expect((await gw.execute(ViewerQuery, {}, stranger.secret)).status).toBe(429);
    expect(gw.queries.slice(afterIssue)).toEqual([]);
  });

  it('still refuses a recently valid token from a blocked address once it is revoked', async () => {
    const owner = await createWorkspaceWithOwner(gw);
    const token = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    expect((await gw.execute(ViewerQuery, {}, token.secret)).status).toBe(200);
    for (let i = 0; i < 31; i++) await gw.execute(ViewerQuery, {}, `mgw_${'w'.repeat(36)}`);
    expect((await gw.execute(ViewerQuery, {}, token.secret)).status).toBe(200);
    await gw.gateway.services.tokens.revoke(gw.orm.em.fork(), cliActor(owner.workspaceId), token.rowId);
    const refused = await gw.execute(ViewerQuery, {}, token.secret);
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('RATE_LIMITED');
  });
});

describe('shared budget in Redis', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.ping();
  });
  afterAll(() => redis?.quit());

  it('lets two gateway instances on one Redis share one budget per token', async () => {
    const keyPrefix = `mgw-test-shared-${process.pid}-${Date.now()}`;
    const a = await startGateway({ env: { RATE_LIMIT_POINTS: '4' }, redis, rateLimitKeyPrefix: keyPrefix });
    const b = await startGateway({ env: { RATE_LIMIT_POINTS: '4' }, redis, rateLimitKeyPrefix: keyPrefix, database: a.database });
    try {
      const owner = await createWorkspaceWithOwner(a);
      const statuses = [];
      for (const gw of [a, b, a, b, a, b]) statuses.push((await gw.execute(ViewerQuery, {}, owner.secret)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      const remaining = (await redis.keys(`${keyPrefix}*`)).length;
      expect(remaining).toBeGreaterThan(0);
    } finally {
      await b.close();
      await a.close();
    }
  });

  it('keeps serving, and limiting, from memory when Redis is down', async () => {
    const logger = createLogger('silent');
    const down = createRedis('redis://127.0.0.1:1', logger); // nothing listens there
    const gw = await startGateway({ env: { RATE_LIMIT_POINTS: '2' }, redis: down });
    try {
      const owner = await createWorkspaceWithOwner(gw);
      const first = await gw.execute(ViewerQuery, {}, owner.secret);
      expect(first.status).toBe(200);
      expect(first.headers.get('ratelimit')).toMatch(/r=1/);
      expect((await gw.execute(ViewerQuery, {}, owner.secret)).status).toBe(200);
      expect((await gw.execute(ViewerQuery, {}, owner.secret)).status).toBe(429);
      const ready = await fetch(`${gw.url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ checks: { database: 'ok', redis: 'unavailable' } });
    } finally {
      await gw.close();
      down.disconnect();
    }
  });
});

describe.each(['memory', 'Redis'] as const)('charges of several points, concurrently (%s store)', (store) => {
  let redis: Redis | undefined;
  let limits: RateLimits;
  beforeEach(() => {
    redis = store === 'Redis' ? new Redis(REDIS_URL, { maxRetriesPerRequest: 1 }) : undefined;
    limits = new RateLimits({
      tokenDefault: { points: 250, windowSeconds: 600, blockSeconds: 600 },
      authFailure: { points: 30, windowSeconds: 60, blockSeconds: 300 },
      redis,
      keyPrefix: `mgw-test-atomic-${process.pid}-${Date.now()}`,
      logger: createLogger('silent'),
    });
  });
  afterEach(() => redis?.quit());

  it('refuses whole the expensive requests that do not fit, never blocks the token for them, and lets cheap ones pass', async () => {
    // 10 requests of 101 points and 20 of 1 point, all at once, on a budget of 250: whatever the
    // order, 2 expensive ones fit (202 + 20 = 222); the other 8 are refused without being counted.
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => limits.chargeToken('tok_a', undefined, 101)),
      ...Array.from({ length: 20 }, () => limits.chargeToken('tok_a', undefined, 1)),
    ]);
    const [expensive, cheap] = [results.slice(0, 10), results.slice(10)];
    expect(expensive.filter((result) => result.allowed)).toHaveLength(2);
    expect(cheap.every((result) => result.allowed)).toBe(true);
    for (const refused of expensive.filter((result) => !result.allowed)) {
      expect(refused.state.remaining).toBeGreaterThanOrEqual(0);
      expect(refused.state.remaining).toBeLessThan(101);
    }
    expect(limits.tokenBlockedFor('tok_a')).toBe(0);
    expect(await limits.chargeToken('tok_a', undefined, 1)).toMatchObject({ allowed: true, state: { remaining: 27 } });
    expect(limits.counters.pointsCharged).toBe(223);
  });

  it('fits exactly as many concurrent charges as the budget holds, then blocks on the point past it', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => limits.chargeToken('tok_b', undefined, 60)));
    expect(results.filter((result) => result.allowed)).toHaveLength(4);
    expect(limits.tokenBlockedFor('tok_b')).toBe(0);
    // 10 points are left: 10 single points pass, the 11th crosses the limit and blocks the token.
    for (let i = 0; i < 10; i++) expect((await limits.chargeToken('tok_b', undefined, 1)).allowed).toBe(true);
    const crossing = await limits.chargeToken('tok_b', undefined, 1);
    expect(crossing).toMatchObject({ allowed: false, state: { remaining: 0 } });
    expect(crossing.allowed || crossing.retryAfterSeconds).toBeGreaterThan(590);
    expect(limits.tokenBlockedFor('tok_b')).toBeGreaterThan(590);
  });
});
