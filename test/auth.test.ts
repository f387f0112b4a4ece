// The request path: every way a credential can be refused, and what a good one gets.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/lib/secrets.js';
import { ManagementToken } from '../src/modules/tokens/token.entity.js';
import { createWorkspaceWithOwner, issueToken, type TestToken } from './helpers/factories.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import { ActivateTokenMutation, DeactivateTokenMutation, RevokeTokenMutation, ViewerQuery } from './helpers/operations.js';

let gw: TestGateway;
let owner: TestToken;

beforeAll(async () => {
  // A TTL no test outlasts, and a lease no busy machine lets lapse: the query counts must not depend
  // on the machine's speed (the lease is test/token-cache.test.ts's subject, not this file's).
  gw = await startGateway({ countQueries: true, env: { TOKEN_CACHE_TTL_MS: '600000', TOKEN_CACHE_LEASE_MS: '30000' } });
  owner = await createWorkspaceWithOwner(gw);
});
afterAll(() => gw?.close());

const viewer = (token: string | null, headers?: Record<string, string>) => gw.execute(ViewerQuery, {}, token, headers);

function expectRefused(response: { status: number; headers: Headers; errors?: { extensions?: Record<string, unknown> }[] }, code: string) {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
  expect(response.errors?.[0]?.extensions?.['code']).toBe(code);
}

describe('authentication', () => {
  it('serves a valid token its own identity, workspace and permissions', async () => {
    const response = await viewer(owner.secret);
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data?.viewer.token.id).toBe(owner.id);
    expect(response.data?.viewer.token.prefix).toBe(owner.secret.slice(0, 8));
    expect(response.data?.viewer.permissions).toHaveLength(10);
  });

  it('refuses a request without an Authorization header with 401 and a Bearer challenge', async () => {
    const response = await viewer(null);
    expectRefused(response, 'UNAUTHENTICATED');
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="management-gateway"');
  });

  it('refuses a malformed Authorization header', async () => {
    expectRefused(await viewer(null, { authorization: 'Bearer' }), 'UNAUTHENTICATED');
    expectRefused(await viewer(null, { authorization: `Bearer ${owner.secret} extra` }), 'UNAUTHENTICATED');
  });

  it('refuses another scheme than Bearer', async () => {
    expectRefused(await viewer(null, { authorization: `Basic ${Buffer.from(`x:${owner.secret}`).toString('base64')}` }), 'UNAUTHENTICATED');
    expectRefused(await viewer(null, { authorization: `Token ${owner.secret}` }), 'UNAUTHENTICATED');
  });

  it('refuses a token with a bad checksum without reading the database', async () => {
    const last = owner.secret.at(-1) === 'A' ? 'B' : 'A';
    const typo = `${owner.secret.slice(0, -1)}${last}`;
    const before = gw.queries.length;
    const response = await viewer(typo);
    expectRefused(response, 'UNAUTHENTICATED');
    expect(response.errors?.[0]?.message).toMatch(/not a well-formed/);
    expect(gw.queries.slice(before)).toEqual([]);
  });

  it('refuses garbage, a wrong prefix and a wrong length without reading the database', async () => {
    const before = gw.queries.length;
    for (const secret of ['hello', `ghp_${owner.secret.slice(4)}`, `${owner.secret}0`, 'mgw_' + '!'.repeat(36)]) {
      expectRefused(await viewer(secret), 'UNAUTHENTICATED');
    }
    expect(gw.queries.slice(before)).toEqual([]);
  });

  it('refuses an unknown token with a valid checksum after one indexed lookup', async () => {
    const stranger = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    // Forget it from the database but keep a well-formed secret.
    await gw.orm.em.fork().nativeDelete(ManagementToken, { id: stranger.rowId });
    // Once the deletion's notification is applied: arriving during the lookup, it would rightly make
    // the lookup read again.
    expect(gw.gateway.tokenCache.active).toBe(true);
    await gw.gateway.tokenCache.synced();
    const before = gw.queries.length;
    const response = await viewer(stranger.secret);
    expectRefused(response, 'UNAUTHENTICATED');
    expect(response.errors?.[0]?.message).toBe('Unknown management token.');
    const sql = gw.queries.slice(before);
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/secret_hash/);
  });

  it('refuses an expired token with TOKEN_EXPIRED', async () => {
    const token = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    await gw.orm.em.fork().nativeUpdate(ManagementToken, { id: token.rowId }, { expiresAt: new Date(Date.now() - 1000) });
    expectRefused(await viewer(token.secret), 'TOKEN_EXPIRED');
  });

  it('refuses a deactivated token on the very next request, and serves it again once activated', async () => {
    const token = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    expect((await viewer(token.secret)).status).toBe(200);

    const deactivated = await gw.execute(DeactivateTokenMutation, { id: token.id }, owner.secret);
    expect(deactivated.data?.deactivateManagementToken?.token.status).toBe('DEACTIVATED');
    expectRefused(await viewer(token.secret), 'TOKEN_DEACTIVATED');

    const activated = await gw.execute(ActivateTokenMutation, { id: token.id }, owner.secret);
    expect(activated.data?.activateManagementToken?.token.status).toBe('ACTIVE');
    expect((await viewer(token.secret)).status).toBe(200);
  });

  it('refuses a revoked token on the very next request, for good', async () => {
    const token = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    expect((await viewer(token.secret)).status).toBe(200);

    const revoked = await gw.execute(RevokeTokenMutation, { id: token.id }, owner.secret);
    expect(revoked.data?.revokeManagementToken?.token.status).toBe('REVOKED');
    expectRefused(await viewer(token.secret), 'TOKEN_REVOKED');

    const reactivated = await gw.execute(ActivateTokenMutation, { id: token.id }, owner.secret);
    expect(reactivated.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    expectRefused(await viewer(token.secret), 'TOKEN_REVOKED');
  });

  it('lets a token revoke itself, refusing it from then on', async () => {
    const token = await issueToken(gw, owner.workspaceId, { permissions: ['tokens:write'] });
    const response = await gw.execute(RevokeTokenMutation, { id: token.id }, token.secret);
    expect(response.data?.revokeManagementToken?.token.status).toBe('REVOKED');
    expectRefused(await viewer(token.secret), 'TOKEN_REVOKED');
  });

  it('stores only the SHA-256 hash of a secret', async () => {
    const row = await gw.orm.em.fork().findOneOrFail(ManagementToken, { id: owner.rowId });
    expect(row.secretHash).toBe(hashSecret(owner.secret));
    const raw = await gw.orm.em.getConnection().execute('select * from management_token');
    expect(JSON.stringify(raw)).not.toContain(owner.secret);
    expect(JSON.stringify(raw)).not.toContain(owner.secret.slice(4));
  });

  it('records lastUsedAt, IP and user agent off the request path, coalesced', async () => {
    const token = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    await viewer(token.secret, { 'user-agent': 'ci-job/1.0' });
    await viewer(token.secret, { 'user-agent': 'ci-job/2.0' });
    const before = await gw.orm.em.fork().findOneOrFail(ManagementToken, { id: token.rowId });
    expect(before.lastUsedAt).toBeNull(); // not written on the request path

    await gw.gateway.services.usage.tokens.flush();
    const after = await gw.orm.em.fork().findOneOrFail(ManagementToken, { id: token.rowId });
    expect(after.lastUsedAt).toBeInstanceOf(Date);
    expect(after.lastUsedIp).toBe('127.0.0.1');
    expect(after.lastUsedUserAgent).toBe('ci-job/2.0');
  });

  it('never writes a secret to the logs', async () => {
    await viewer(owner.secret);
    await viewer(`${owner.secret.slice(0, -1)}x`);
    const all = gw.logs.join('\n');
    expect(all).not.toContain(owner.secret);
    expect(all).not.toContain(owner.secret.slice(4, 20));
  });
});

/** A raw HTTP/1.1 POST, so that a header can be sent twice (fetch would join the values). */
function postWithHeaders(headers: Record<string, string | string[]>, body: string): Promise<{ status: number; body: string }> {
  const url = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('malformed requests', () => {
  const query = JSON.stringify({ query: '{ viewer { permissions } }' });

  it('refuses two Authorization headers with 400 BAD_REQUEST, even when the first is valid', async () => {
    const other = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    for (const pair of [
      [`Bearer ${owner.secret}`, `Bearer ${other.secret}`],
      [`Bearer ${owner.secret}`, `Bearer ${owner.secret}`],
      [`Bearer ${owner.secret}`, 'Basic eDp5'],
    ]) {
      const response = await postWithHeaders({ authorization: pair }, query);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(response.body).not.toContain('"data"');
    }
    // One header still works over the same raw path.
    expect((await postWithHeaders({ authorization: `Bearer ${owner.secret}` }, query)).status).toBe(200);
  });

  it('refuses values joined into one header (as a fetch Request joins duplicates) with 400', async () => {
    const response = await viewer(null, { authorization: `Bearer ${owner.secret}, Bearer ${owner.secret}` });
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('BAD_REQUEST');
    const inProcess = await gw.gateway.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: [
        ['content-type', 'application/json'],
        ['authorization', `Bearer ${owner.secret}`],
        ['authorization', `Bearer ${owner.secret}`],
      ],
      body: query,
    });
    expect(inProcess.status).toBe(400);
  });

  it('answers a body that is not JSON, and a batch, with 400 BAD_REQUEST', async () => {
    const auth = { authorization: `Bearer ${owner.secret}` };
    const notJson = await gw.post('{not json', auth);
    expect(notJson.status).toBe(400);
    expect(notJson.errors?.[0]?.extensions?.['code']).toBe('BAD_REQUEST');
    const batch = await gw.post([{ query: '{ viewer { permissions } }' }, { query: '{ viewer { permissions } }' }], auth);
    expect(batch.status).toBe(400);
    expect(batch.errors?.[0]?.extensions?.['code']).toBe('BAD_REQUEST');
  });
});

describe('health', () => {
  it('answers /health and /ready without a token', async () => {
    expect((await fetch(`${gw.url}/health`)).status).toBe(200);
    const ready = await fetch(`${gw.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
  });

  it('serves GraphiQL to a browser without a token', async () => {
    const response = await fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('GraphiQL');
  });
});

describe('the request path in steady state', () => {
  it('costs one database query for a token not yet cached (the lookup), and none once cached', async () => {
    const token = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    const request = () =>
      gw.post(
        { query: '{ viewer { token { id name } permissions } rateLimit { remaining } }' },
        { authorization: `Bearer ${token.secret}` },
      );
    let before = gw.queries.length;
    expect((await request()).errors).toBeUndefined();
    // viewer.token comes from the row the request path read, not from a second query.
    const sql = gw.queries.slice(before);
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/secret_hash/);

    before = gw.queries.length;
    expect((await request()).errors).toBeUndefined();
    expect(gw.queries.slice(before)).toEqual([]);
  });
});
