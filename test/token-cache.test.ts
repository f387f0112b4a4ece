// The token cache: a valid token costs no query in steady state, and every change to a token —
// made through this instance, another one, or outside any gateway — applies on the very next
// request on every instance (docs/architecture.md, "The token cache").
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/program.js';
import { encodeId } from '../src/lib/ids.js';
import { cliActor } from '../src/modules/activity/index.js';
import { createChangeFeed, type LeaseClock } from '../src/modules/auth/index.js';
import { createLogger } from '../src/logger.js';
import { createWorkspaceWithOwner, issueToken, type TestToken } from './helpers/factories.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';
import {
  ActivateTokenMutation,
  DeactivateTokenMutation,
  RevokeTokenMutation,
  RotateTokenMutation,
  UpdateTokenMutation,
  ViewerQuery,
} from './helpers/operations.js';

let a: TestGateway;
let b: TestGateway;
let owner: TestToken;

/**
 * For instances whose lease is not what a test is about: a lease no busy machine lets lapse, so
 * "served from memory" and "acknowledged in time" do not depend on the machine's speed.
 */
const STEADY_LEASE = { TOKEN_CACHE_LEASE_MS: '30000' };

beforeAll(async () => {
  // A TTL no test outlasts either.
  a = await startGateway({ countQueries: true, env: { TOKEN_CACHE_TTL_MS: '600000', ...STEADY_LEASE } });
  // A second instance on the same database: its own cache, its own LISTEN.
  b = await startGateway({ database: a.database, env: STEADY_LEASE });
  owner = await createWorkspaceWithOwner(a);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const viewer = (gw: TestGateway, secret: string) => gw.execute(ViewerQuery, {}, secret);

/** A TCP proxy to the test database, and the environment that sends a gateway's LISTEN connection through it. */
async function listenThroughProxy() {
  const database = new URL(a.orm.config.get('clientUrl') as string);
  const proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port || 5432) });
  const listenUrl = new URL(database);
  listenUrl.port = String(proxy.port);
  return { proxy, env: { DATABASE_LISTEN_URL: listenUrl.toString() } };
}

/** Ends one gateway's LISTEN connection from the database side (as a restart of the server would). */
async function terminateListen(gw: TestGateway) {
  await a.orm.em
    .getConnection()
    .execute('select pg_terminate_backend(pid) from pg_stat_activity where application_name = ?', [
      `mgw-token-cache ${gw.gateway.tokenCache.feed.instanceId}`,
    ]);
}

/** Makes each instance cache the token (a served request does). */
async function warm(secret: string) {
  for (const gw of [a, b]) expect((await viewer(gw, secret)).status).toBe(200);
}

/**
 * SQL as an operator (or a CLI on another host) would run it: straight to the database, past every
 * gateway's services, so only the database's change notification can tell the caches.
 */
async function outsideSql(sql: string, params: unknown[]) {
  await a.orm.em.getConnection().execute(sql, params, 'run');
}

describe('steady state', () => {
  it('serves a known token from memory: viewer costs no database query', async () => {
    await viewer(a, owner.secret);
    const before = a.queries.length;
    const hits = a.gateway.tokenCache.counters.hits;
    const response = await a.post(
      { query: '{ viewer { token { id name } permissions } rateLimit { remaining } }' },
      { authorization: `Bearer ${owner.secret}` },
    );
    expect(response.errors).toBeUndefined();
    expect(a.queries.slice(before)).toEqual([]);
    expect(a.gateway.tokenCache.counters.hits).toBe(hits + 1);
  });

  it('shows the same token on a cache hit as when it was read from the database', async () => {
    const token = await issueToken(a, owner.workspaceId, { scopes: ['read'], description: 'cached' });
    const query = `{ viewer { token { id name description prefix status scopes grantedPermissions permissions createdAt
      createdBy { kind token { id } } expiresAt previousSecretExpiresAt deactivatedAt revokedAt lastUsedAt lastUsedIp lastUsedUserAgent } } }`;
    const headers = { authorization: `Bearer ${token.secret}` };
    const misses = a.gateway.tokenCache.counters.misses;
    const fromDatabase = await a.post({ query }, headers);
    expect(a.gateway.tokenCache.counters.misses).toBe(misses + 1);
    const fromCache = await a.post({ query }, headers);
    expect(a.gateway.tokenCache.counters.misses).toBe(misses + 1);
    expect(fromDatabase.errors).toBeUndefined();
    expect(fromCache.data).toEqual(fromDatabase.data);
  });

  it('never caches an unknown secret', async () => {
    const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    await outsideSql('delete from management_token where id = ?', [token.rowId]);
    // Once the deletion's notification is applied (otherwise the first lookup would rightly read twice):
    // under a lease, synced() waits for a heartbeat sent after the deletion to come back behind it.
    expect(a.gateway.tokenCache.active).toBe(true);
    await a.gateway.tokenCache.synced();
    for (let i = 0; i < 2; i++) {
      const before = a.queries.length;
      expect((await viewer(a, token.secret)).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
      expect(a.queries.slice(before)).toHaveLength(1);
    }
  });

  it('neither trusts nor caches a row read while a change was applied: it reads the token again', async () => {
    const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    const cache = a.gateway.tokenCache;
    const em = a.orm.em.fork();
    const findOne = em.findOne.bind(em);
    let reads = 0;
    em.findOne = (async (...args: Parameters<typeof findOne>) => {
      reads += 1;
      const row = await findOne(...args);
      if (reads === 1) {
        // The revocation commits, and its notification is applied, while the first read is on its way back.
        await outsideSql('update management_token set revoked_at = now() where id = ?', [token.rowId]);
        cache.invalidate(token.rowId);
      }
      return row;
    }) as typeof em.findOne;
    expect(await cache.lookup(em, token.secret)).toMatchObject({ outcome: 'refused', status: 'REVOKED' });
    expect(reads).toBe(2);
  });
});

describe('a change through one instance applies on the very next request on the other', () => {
  it('deactivation, activation and revocation', async () => {
    const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    await warm(token.secret);

    await a.execute(DeactivateTokenMutation, { id: token.id }, owner.secret);
    expect((await viewer(b, token.secret)).errors?.[0]?.extensions?.['code']).toBe('TOKEN_DEACTIVATED');
    expect((await viewer(a, token.secret)).errors?.[0]?.extensions?.['code']).toBe('TOKEN_DEACTIVATED');

    await b.execute(ActivateTokenMutation, { id: token.id }, owner.secret);
    expect((await viewer(a, token.secret)).status).toBe(200);
    expect((await viewer(b, token.secret)).status).toBe(200);

    await a.execute(RevokeTokenMutation, { id: token.id }, owner.secret);
    expect((await viewer(b, token.secret)).errors?.[0]?.extensions?.['code']).toBe('TOKEN_REVOKED');
  });

  it('rotation without a grace period retires the old secret everywhere; with one, keeps it', async () => {
    const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    await warm(token.secret);
    const rotated = await a.execute(RotateTokenMutation, { input: { id: token.id } }, owner.secret);
    const secret = rotated.data?.rotateManagementToken?.secret;
    expect(secret).toMatch(/^mgw_/);
    expect((await viewer(b, token.secret)).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect((await viewer(b, secret!)).status).toBe(200);

    const graced = await b.execute(RotateTokenMutation, { input: { id: token.id, gracePeriod: 'ONE_HOUR' } }, owner.secret);
    expect(graced.errors).toBeUndefined();
    expect((await viewer(a, secret!)).status).toBe(200);
    expect((await viewer(a, graced.data?.rotateManagementToken?.secret ?? '')).status).toBe(200);
  });

  it('a new name shows at once', async () => {
    const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    await warm(token.secret);
    await a.execute(UpdateTokenMutation, { input: { id: token.id, name: 'renamed-everywhere' } }, owner.secret);
    expect((await viewer(b, token.secret)).data?.viewer.token.name).toBe('renamed-everywhere');
  });

  it("an operator's rate-limit override applies on the next request", async () => {
    const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    await warm(token.secret);
    await a.gateway.services.tokens.setRateLimit(a.orm.em.fork(), cliActor(owner.workspaceId), token.rowId, 7, 60);
    expect((await viewer(b, token.secret)).headers.get('ratelimit-policy')).toBe('"token";q=7;w=60');
  });
});

// A plain SQL change has no waiter: nothing holds its COMMIT until the gateways have applied it. What
// holds instead: each instance applies the trigger's notification when it arrives, and serves from
// memory only under a lease renewed by heartbeats that come back behind it, so within one lease
// (`synced()` resolves then, or sooner) every instance refuses the token.
describe('a change made outside any gateway reaches every instance within one lease', () => {
  it('revocation by SQL', async () => {
    const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    await warm(token.secret);
    await outsideSql('update management_token set revoked_at = now() where id = ?', [token.rowId]);
    await Promise.all([a.gateway.tokenCache.synced(), b.gateway.tokenCache.synced()]);
    expect((await viewer(a, token.secret)).errors?.[0]?.extensions?.['code']).toBe('TOKEN_REVOKED');
    expect((await viewer(b, token.secret)).errors?.[0]?.extensions?.['code']).toBe('TOKEN_REVOKED');
  });

  it('deletion (e.g. of its workspace)', async () => {
    const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    await warm(token.secret);
    await outsideSql('delete from management_token where id = ?', [token.rowId]);
    await b.gateway.tokenCache.synced();
    expect((await viewer(b, token.secret)).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('usage writes do not evict a token', async () => {
    const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    await warm(token.secret);
    const invalidations = b.gateway.tokenCache.counters.invalidations;
    await a.gateway.services.usage.tokens.flush();
    await outsideSql('update management_token set last_used_at = now(), expiry_notice_level = 1 where id = ?', [token.rowId]);
    // Under a lease, synced() resolves only once b has applied every notification committed before it.
    expect(b.gateway.tokenCache.active).toBe(true);
    await b.gateway.tokenCache.synced();
    expect(b.gateway.tokenCache.counters.invalidations).toBe(invalidations);
  });
});

describe('settings and failure', () => {
  it('TOKEN_CACHE_TTL_MS bounds how long an entry is served; 0 turns the cache off', async () => {
    const short = await startGateway({ database: a.database, env: { TOKEN_CACHE_TTL_MS: '60000', ...STEADY_LEASE } });
    const off = await startGateway({ database: a.database, env: { TOKEN_CACHE_TTL_MS: '0' } });
    try {
      // The clock is the lookup's own `now`, so the test does not depend on how fast the machine is.
      const cache = short.gateway.tokenCache;
      const t0 = Date.now();
      await cache.lookup(short.orm.em.fork(), owner.secret, new Date(t0));
      const misses = cache.counters.misses;
      await cache.lookup(short.orm.em.fork(), owner.secret, new Date(t0 + 59_000));
      expect(cache.counters.misses).toBe(misses);
      await cache.lookup(short.orm.em.fork(), owner.secret, new Date(t0 + 60_001));
      expect(cache.counters.misses).toBe(misses + 1);

      await viewer(off, owner.secret);
      await viewer(off, owner.secret);
      expect(off.gateway.tokenCache.counters).toMatchObject({ hits: 0, misses: 2 });
      expect(off.gateway.tokenCache.size).toBe(0);
    } finally {
      await short.close();
      await off.close();
    }
  });

  it('refuses a cached token once it has expired, without any notification', async () => {
    const long = await startGateway({ database: a.database, env: { TOKEN_CACHE_TTL_MS: '3600000', ...STEADY_LEASE } });
    try {
      const token = await issueToken(a, owner.workspaceId, { scopes: ['read'], expiresAt: new Date(Date.now() + 120_000) });
      expect((await viewer(long, token.secret)).status).toBe(200);
      const cache = long.gateway.tokenCache;
      const { hits, misses } = cache.counters;
      const lookup = await cache.lookup(long.orm.em.fork(), token.secret, new Date(Date.now() + 180_000));
      expect(lookup).toMatchObject({ outcome: 'refused', status: 'EXPIRED' });
      expect(cache.counters).toMatchObject({ hits: hits + 1, misses });
    } finally {
      await long.close();
    }
  });

  // PGlite has no connection to lose: it is listened to inside the process.
  if (process.env['TEST_DB'] === 'postgres') {
    it('reads every token from the database while its LISTEN connection is down, and caches again once it is back', async () => {
      const { proxy, env } = await listenThroughProxy();
      const cut = await startGateway({ database: a.database, env: { ...env, ...STEADY_LEASE } });
      try {
        const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
        expect((await viewer(cut, token.secret)).status).toBe(200);
        const cache = cut.gateway.tokenCache;
        // The database is unreachable for a new LISTEN connection until the test says otherwise.
        proxy.refuse(true);
        await terminateListen(cut);
        await expect.poll(() => cache.active, { timeout: 10_000 }).toBe(false);
        expect(cache.size).toBe(0);
        // Nobody hears this change; an instance without its LISTEN must not serve the token from memory.
        await outsideSql('update management_token set deactivated_at = now() where id = ?', [token.rowId]);
        const misses = cache.counters.misses;
        expect((await viewer(cut, token.secret)).errors?.[0]?.extensions?.['code']).toBe('TOKEN_DEACTIVATED');
        expect((await viewer(cut, owner.secret)).status).toBe(200);
        expect((await viewer(cut, owner.secret)).status).toBe(200);
        expect(cache.counters.misses).toBe(misses + 3);

        proxy.refuse(false);
        await expect.poll(() => cache.active, { timeout: 20_000 }).toBe(true);
        await viewer(cut, owner.secret);
        const hits = cache.counters.hits;
        await viewer(cut, owner.secret);
        expect(cache.counters.hits).toBe(hits + 1);
        expect(cut.logs.join('\n')).toMatch(/lost the LISTEN connection/);
      } finally {
        await cut.close();
        await proxy.close();
      }
    });
  }
});

// The lease protocol across processes' LISTEN connections (PGlite has one process and no connection).
if (process.env['TEST_DB'] === 'postgres') {
  describe('cache leases: a change answers only once every leased instance has applied it or lost its lease', () => {
    const code = (response: { errors?: { extensions?: Record<string, unknown> }[] }) => response.errors?.[0]?.extensions?.['code'];
    const registry = async (id: string) =>
      (
        (await a.orm.em
          .getConnection()
          .execute('select lease_expires_at <= clock_timestamp() as ended from gateway_instance where id = ?', [id], 'all')) as {
          ended: boolean;
        }[]
      )[0];

    let owner: TestToken;
    beforeAll(async () => {
      owner = await createWorkspaceWithOwner(a);
    });
    afterEach(async () => {
      // Each test issues tokens; keep the workspace under its live-token limit.
      await outsideSql('update management_token set revoked_at = now() where workspace_id = ? and id <> ? and revoked_at is null', [
        owner.workspaceId,
        owner.rowId,
      ]);
    });

    it('registers every serving instance with a lease in the database clock', async () => {
      for (const gw of [a, b]) {
        expect(gw.gateway.tokenCache.active).toBe(true);
        expect(await registry(gw.gateway.tokenCache.feed.instanceId)).toEqual({ ended: false });
      }
    });

    it('waits for the acknowledgement of an instance that holds a lease, and that instance has applied the change', async () => {
      const slow = await startGateway({ database: a.database, env: { TOKEN_CACHE_LEASE_MS: '60000' } });
      try {
        const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
        expect((await viewer(slow, token.secret)).status).toBe(200);
        const paused = slow.gateway.tokenCache.pauseNotifications();
        let answered = false;
        const revoke = a.execute(RevokeTokenMutation, { id: token.id }, owner.secret).then((response) => {
          answered = true;
          return response;
        });
        const slowId = slow.gateway.tokenCache.feed.instanceId;
        // A has committed, asked for acknowledgements (the marker is held at the paused instance, whose
        // lease lasts a minute), and waits.
        await expect.poll(() => paused.held().some((payload) => payload.startsWith('sync:')), { timeout: 10_000 }).toBe(true);
        expect(a.gateway.tokenCache.feed.awaiting()).toContain(slowId);
        expect(answered).toBe(false);
        const applied = slow.gateway.tokenCache.counters.invalidations;
        paused.resume();
        expect((await revoke).errors).toBeUndefined();
        expect(slow.gateway.tokenCache.counters.invalidations).toBeGreaterThan(applied);
        expect(a.gateway.tokenCache.feed.awaiting()).toEqual([]);
        expect(code(await viewer(slow, token.secret))).toBe('TOKEN_REVOKED');
      } finally {
        await slow.close();
      }
    });

    it('an instance that cannot apply changes loses its lease; the change answers once that lease has ended', async () => {
      // Long enough that A reads the registry (right after its commit) before the paused instance's
      // lease has ended, however busy the machine: so A surely waits it out, which is what this tests.
      const stalled = await startGateway({ database: a.database, env: { TOKEN_CACHE_LEASE_MS: '6000' } });
      try {
        const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
        expect((await viewer(stalled, token.secret)).status).toBe(200);
        const paused = stalled.gateway.tokenCache.pauseNotifications();
        const waited = a.gateway.tokenCache.counters.lease.waitedForLease;
        expect((await a.execute(DeactivateTokenMutation, { id: token.id }, owner.secret)).errors).toBeUndefined();
        // By the time A answered, the stalled instance's lease had ended, in its clock and in the registry's.
        // (Its registry row may show a later end: a heartbeat sent after the pause still wrote it, but the
        // heartbeat's return is held behind the change, so it cannot renew the lease before applying it.)
        expect(stalled.gateway.tokenCache.active).toBe(false);
        expect(a.gateway.tokenCache.counters.lease.waitedForLease).toBeGreaterThan(waited);
        // Without a lease it reads the database: the deactivation holds there even though it has not heard of it.
        const misses = stalled.gateway.tokenCache.counters.misses;
        expect(code(await viewer(stalled, token.secret))).toBe('TOKEN_DEACTIVATED');
        expect(stalled.gateway.tokenCache.counters.misses).toBe(misses + 1);
        paused.resume();
        await expect.poll(() => stalled.gateway.tokenCache.active, { timeout: 10_000 }).toBe(true);
        expect(code(await viewer(stalled, token.secret))).toBe('TOKEN_DEACTIVATED');
      } finally {
        await stalled.close();
      }
    });

    it('an instance whose LISTEN connection is stalled stops serving from memory within one lease, and recovers', async () => {
      // The LISTEN connection goes through a proxy that stops forwarding (a partition without a reset).
      const { proxy, env } = await listenThroughProxy();
      const frozen = await startGateway({ database: a.database, env: { TOKEN_CACHE_LEASE_MS: '600', ...env } });
      try {
        const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
        expect((await viewer(frozen, token.secret)).status).toBe(200);
        proxy.freeze();
        await expect.poll(() => frozen.gateway.tokenCache.active, { timeout: 10_000 }).toBe(false);
        expect((await a.execute(RevokeTokenMutation, { id: token.id }, owner.secret)).errors).toBeUndefined();
        expect(await registry(frozen.gateway.tokenCache.feed.instanceId)).toEqual({ ended: true });
        const misses = frozen.gateway.tokenCache.counters.misses;
        expect(code(await viewer(frozen, token.secret))).toBe('TOKEN_REVOKED');
        expect(frozen.gateway.tokenCache.counters.misses).toBe(misses + 1);
        proxy.thaw();
        await expect.poll(() => frozen.gateway.tokenCache.active, { timeout: 15_000 }).toBe(true);
        expect(code(await viewer(frozen, token.secret))).toBe('TOKEN_REVOKED');
      } finally {
        proxy.thaw();
        await frozen.close();
        await proxy.close();
      }
    });

    it.each([
      ['connecting', 'mgw-token-cache'],
      ['its LISTEN statement', 'listen mgw_token_changed'],
    ])('a LISTEN reconnect stuck %s (a black hole, no reset) is given up after a few seconds and tried again', async (_step, sent) => {
      const { proxy, env } = await listenThroughProxy();
      const gw = await startGateway({ database: a.database, env: { ...env, ...STEADY_LEASE } });
      try {
        const cache = gw.gateway.tokenCache;
        let trapped = false;
        // The reconnect's first chunk that carries these bytes, and everything after it, is never forwarded.
        void proxy.blackholeNext((chunk) => chunk.includes(sent)).then(() => (trapped = true));
        await terminateListen(gw);
        await expect.poll(() => cache.active, { timeout: 10_000 }).toBe(false);
        await expect.poll(() => trapped, { timeout: 10_000 }).toBe(true);
        // Unbounded, the process would wait on that connection for ever and never hold a lease again.
        await expect.poll(() => cache.active, { timeout: 20_000 }).toBe(true);
        expect(gw.logs.join('\n')).toMatch(/cannot listen for token changes/);
      } finally {
        await gw.close();
        await proxy.close();
      }
    });

    it('synced() does not resolve while the lease rests on a heartbeat sent before the change', async () => {
      const gw = await startGateway({ database: a.database, env: { TOKEN_CACHE_LEASE_MS: '8000' } });
      try {
        const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
        expect((await viewer(gw, token.secret)).status).toBe(200);
        const cache = gw.gateway.tokenCache;
        const ownBeat = `hb:${cache.feed.instanceId}:`;
        const paused = cache.pauseNotifications();
        // One of its heartbeats has gone out and come back, held: it was committed before the change below.
        await expect.poll(() => paused.held().some((payload) => payload.startsWith(ownBeat)), { timeout: 10_000 }).toBe(true);
        await outsideSql('update management_token set revoked_at = now() where id = ?', [token.rowId]);
        await expect.poll(() => paused.held().includes(token.rowId), { timeout: 10_000 }).toBe(true);
        expect(cache.active).toBe(true);
        let resolved: { active: boolean; applied: boolean } | undefined;
        const synced = cache.synced().then(() => {
          resolved = { active: cache.active, applied: !paused.held().includes(token.rowId) };
        });
        // That heartbeat is applied and extends the lease past the end synced() saw at its call; the change stays held.
        for (let payload = paused.step(); payload !== undefined && !payload.startsWith(ownBeat); payload = paused.step());
        expect(paused.held()).toContain(token.rowId);
        await synced;
        // It resolved once the change was applied or no lease was held: never while the old row could be served.
        expect(resolved).toBeDefined();
        expect(resolved!.applied || !resolved!.active).toBe(true);
        paused.resume();
        await expect.poll(() => cache.active, { timeout: 15_000 }).toBe(true);
        expect(code(await viewer(gw, token.secret))).toBe('TOKEN_REVOKED');
      } finally {
        await gw.close();
      }
    });

    it('when the registry cannot be read after a commit, the change reads it again instead of waiting only its own lease', async () => {
      // The changing instance's own lease is short, the other's long: waiting out one own lease would
      // answer while the other still serves the token from memory.
      const changer = await startGateway({ database: a.database, env: { TOKEN_CACHE_LEASE_MS: '200' } });
      const slow = await startGateway({ database: a.database, env: { TOKEN_CACHE_LEASE_MS: '60000' } });
      const connection = a.orm.em.getConnection();
      const execute = connection.execute;
      let failing = false;
      let failures = 0;
      connection.execute = ((...args: Parameters<typeof execute>) => {
        if (
          failing &&
          typeof args[0] === 'string' &&
          args[0].includes('from gateway_instance where lease_expires_at > clock_timestamp()')
        ) {
          failures += 1;
          return Promise.reject(new Error('the instance registry is unreadable (test)'));
        }
        return execute.apply(connection, args);
      }) as typeof execute;
      try {
        const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
        expect((await viewer(slow, token.secret)).status).toBe(200);
        const paused = slow.gateway.tokenCache.pauseNotifications();
        failing = true;
        let answered = false;
        const revoke = changer.execute(RevokeTokenMutation, { id: token.id }, owner.secret).then((response) => {
          answered = true;
          return response;
        });
        // Read after read fails, for longer than the changer's own lease (the fifth try comes ~750 ms after the first).
        await expect.poll(() => failures, { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
        expect(answered).toBe(false);
        failing = false;
        // The next read finds the slow instance, and the change waits for its acknowledgement.
        await expect.poll(() => paused.held().some((payload) => payload.startsWith('sync:')), { timeout: 10_000 }).toBe(true);
        expect(changer.gateway.tokenCache.feed.awaiting()).toContain(slow.gateway.tokenCache.feed.instanceId);
        expect(answered).toBe(false);
        paused.resume();
        expect((await revoke).errors).toBeUndefined();
        expect(code(await viewer(slow, token.secret))).toBe('TOKEN_REVOKED');
        expect(changer.logs.join('\n')).toMatch(/cannot read the instance registry/);
      } finally {
        connection.execute = execute;
        await slow.close();
        await changer.close();
      }
    });

    it('a lease ends when the wall clock says so, though the monotonic clock stood still (the machine was suspended)', async () => {
      let suspendedMs = 0;
      const clock: LeaseClock = { monotonic: () => performance.now(), wall: () => Date.now() + suspendedMs };
      const feed = createChangeFeed(
        a.orm,
        createLogger('silent'),
        { tokenChanged: () => undefined, reset: () => undefined },
        { leaseMs: 10_000, databaseUrl: a.orm.config.get('clientUrl') as string, serving: true, clock },
      );
      feed.start();
      try {
        await feed.ready;
        await expect.poll(() => feed.leased, { timeout: 10_000 }).toBe(true);
        // Asleep for a lease: meanwhile its registry row (in the database's clock) has expired, and
        // changes elsewhere stopped waiting for it. Its monotonic clock did not move.
        suspendedMs = 10_000;
        expect(feed.leased).toBe(false);
        // The next heartbeat, sent after the wake-up, renews it.
        await expect.poll(() => feed.leased, { timeout: 10_000 }).toBe(true);
      } finally {
        await feed.stop();
      }
    });

    it('three instances: each refuses on its very next request, and every one acknowledged', async () => {
      // Every instance acknowledges within its lease, however busy the machine: nobody is waited out.
      const c = await startGateway({ database: a.database, env: STEADY_LEASE });
      try {
        for (let round = 0; round < 5; round++) {
          const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
          for (const gw of [a, b, c]) expect((await viewer(gw, token.secret)).status).toBe(200);
          const waited = a.gateway.tokenCache.counters.lease.waitedForLease;
          const change = [
            () => a.execute(RevokeTokenMutation, { id: token.id }, owner.secret),
            () => b.execute(DeactivateTokenMutation, { id: token.id }, owner.secret),
            () => c.execute(RotateTokenMutation, { input: { id: token.id } }, owner.secret),
          ][round % 3]!;
          expect((await change()).errors).toBeUndefined();
          for (const gw of [a, b, c]) expect((await viewer(gw, token.secret)).status).toBe(401);
          expect(a.gateway.tokenCache.counters.lease.waitedForLease).toBe(waited);
        }
      } finally {
        await c.close();
      }
    });

    it('an instance that crashed is waited for only until its lease ends', async () => {
      const crashed = '00000000-0000-7000-8000-00000000dead';
      try {
        const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
        await warm(token.secret);
        const waited = a.gateway.tokenCache.counters.lease.waitedForLease;
        // The row a process left when it died, its lease still running (long enough that the
        // revocation below surely reads it, however busy the machine is).
        await outsideSql(
          "insert into gateway_instance (id, host, pid, started_at, lease_ms, lease_expires_at) values (?, 'gone', 1, now(), 5000, now() + interval '5 seconds')",
          [crashed],
        );
        expect((await a.execute(RevokeTokenMutation, { id: token.id }, owner.secret)).errors).toBeUndefined();
        expect(await registry(crashed)).toEqual({ ended: true });
        expect(a.gateway.tokenCache.counters.lease.waitedForLease).toBeGreaterThan(waited);
        expect(code(await viewer(b, token.secret))).toBe('TOKEN_REVOKED');
      } finally {
        await outsideSql('delete from gateway_instance where id = ?', [crashed]);
      }
    });

    it('an instance that stops leaves the registry, so nobody waits for it', async () => {
      const brief = await startGateway({ database: a.database });
      const id = brief.gateway.tokenCache.feed.instanceId;
      expect(await registry(id)).toEqual({ ended: false });
      await brief.close();
      expect(await registry(id)).toBeUndefined();
    });

    it('the CLI waits too: its revocation returns only after a leased gateway has applied it', async () => {
      const slow = await startGateway({ database: a.database, env: { TOKEN_CACHE_LEASE_MS: '60000' } });
      try {
        const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
        expect((await viewer(slow, token.secret)).status).toBe(200);
        const paused = slow.gateway.tokenCache.pauseNotifications();
        let finished = false;
        const out: string[] = [];
        const cli = runCli(
          ['token', 'revoke', token.id, '--workspace', encodeId('Workspace', owner.workspaceId)],
          { out: (text) => out.push(text), err: (text) => out.push(text) },
          { DATABASE_URL: a.orm.config.get('clientUrl') },
        ).then((exitCode) => {
          finished = true;
          return exitCode;
        });
        // The CLI has committed and asked for acknowledgements: the marker is held at the paused gateway.
        await expect.poll(() => paused.held().some((payload) => payload.startsWith('sync:')), { timeout: 15_000 }).toBe(true);
        expect(finished).toBe(false);
        paused.resume();
        expect(await cli).toBe(0);
        expect(code(await viewer(slow, token.secret))).toBe('TOKEN_REVOKED');
      } finally {
        await slow.close();
      }
    });
  });
}
