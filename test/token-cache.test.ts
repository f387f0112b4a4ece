// The token cache: a valid token costs no query in steady state, and every change to a token —
// made through this instance, another one, or outside any gateway — applies on the very next
// request on every instance (DESIGN.md "Requests").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/modules/tokens/principal.js';
import { createWorkspaceWithOwner, issueToken, type TestToken } from './helpers/factories.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
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

beforeAll(async () => {
  a = await startGateway({ countQueries: true });
  // A second instance on the same database: its own cache, its own LISTEN.
  b = await startGateway({ database: a.database });
  owner = await createWorkspaceWithOwner(a);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const viewer = (gw: TestGateway, secret: string) => gw.execute(ViewerQuery, {}, secret);

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
    for (let i = 0; i < 2; i++) {
      const before = a.queries.length;
      expect((await viewer(a, token.secret)).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
      expect(a.queries.slice(before)).toHaveLength(1);
    }
  });

  it('does not cache a lookup that raced a change to the token', async () => {
    const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    const cache = a.gateway.tokenCache;
    const pending = cache.lookup(a.orm.em.fork(), token.secret);
    cache.invalidate(token.rowId); // lands while the lookup's query is in flight
    expect((await pending).outcome).toBe('valid');
    const misses = cache.counters.misses;
    await viewer(a, token.secret);
    expect(cache.counters.misses).toBe(misses + 1);
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

describe('a change made outside any gateway reaches every instance', () => {
  it('revocation by SQL', async () => {
    const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    await warm(token.secret);
    await outsideSql('update management_token set revoked_at = now() where id = ?', [token.rowId]);
    expect((await viewer(a, token.secret)).errors?.[0]?.extensions?.['code']).toBe('TOKEN_REVOKED');
    expect((await viewer(b, token.secret)).errors?.[0]?.extensions?.['code']).toBe('TOKEN_REVOKED');
  });

  it('deletion (e.g. of its workspace)', async () => {
    const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    await warm(token.secret);
    await outsideSql('delete from management_token where id = ?', [token.rowId]);
    expect((await viewer(b, token.secret)).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('usage writes do not evict a token', async () => {
    const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    await warm(token.secret);
    const invalidations = b.gateway.tokenCache.counters.invalidations;
    await a.gateway.services.usage.tokens.flush();
    await outsideSql('update management_token set last_used_at = now(), expiry_notice_level = 1 where id = ?', [token.rowId]);
    await viewer(a, owner.secret); // a round trip, so that a notification would have arrived
    expect(b.gateway.tokenCache.counters.invalidations).toBe(invalidations);
  });
});

describe('settings and failure', () => {
  it('TOKEN_CACHE_TTL_MS bounds how long an entry is served; 0 turns the cache off', async () => {
    const short = await startGateway({ database: a.database, env: { TOKEN_CACHE_TTL_MS: '150' } });
    const off = await startGateway({ database: a.database, env: { TOKEN_CACHE_TTL_MS: '0' } });
    try {
      await viewer(short, owner.secret);
      const misses = short.gateway.tokenCache.counters.misses;
      await viewer(short, owner.secret);
      expect(short.gateway.tokenCache.counters.misses).toBe(misses);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await viewer(short, owner.secret);
      expect(short.gateway.tokenCache.counters.misses).toBe(misses + 1);

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
    const long = await startGateway({ database: a.database, env: { TOKEN_CACHE_TTL_MS: '3600000' } });
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
      const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
      await warm(token.secret);
      const cache = b.gateway.tokenCache;
      await outsideSql(
        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'mgw-token-cache' and datname = current_database() and pid <> pg_backend_pid()",
        [],
      );
      await expect.poll(() => cache.active).toBe(false);
      expect(cache.size).toBe(0);
      // Nobody hears this change; an instance without its LISTEN must not serve the token from memory.
      await outsideSql('update management_token set deactivated_at = now() where id = ?', [token.rowId]);
      const misses = cache.counters.misses;
      expect((await viewer(b, token.secret)).errors?.[0]?.extensions?.['code']).toBe('TOKEN_DEACTIVATED');
      expect((await viewer(b, owner.secret)).status).toBe(200);
      expect((await viewer(b, owner.secret)).status).toBe(200);
      expect(cache.counters.misses).toBe(misses + 3);

      await expect.poll(() => cache.active, { timeout: 10_000 }).toBe(true);
      await viewer(b, owner.secret);
      const hits = cache.counters.hits;
      await viewer(b, owner.secret);
      expect(cache.counters.hits).toBe(hits + 1);
      expect(b.logs.join('\n')).toMatch(/lost the LISTEN connection/);
    });
  }
});
