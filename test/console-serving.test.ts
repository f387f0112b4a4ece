// The gateway's side of the console: the page and its hashed assets at /console (no token,
// compressed, cacheable, same-origin CSP), and the persisted documents of that build accepted by
// hash while arbitrary documents stay allowed.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsoleBuild } from '../src/http/console.js';
import { buildConsole } from './browser/harness.js';
import { createWorkspaceWithOwner, type TestToken } from './helpers/factories.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';

let consoleDir: string;
let gw: TestGateway;
let owner: TestToken;
let manifest: Record<string, string>;

beforeAll(async () => {
  consoleDir = await buildConsole();
  manifest = JSON.parse(readFileSync(join(consoleDir, 'persisted-documents.json'), 'utf8')) as Record<string, string>;
  gw = await startGateway({ consoleDistDir: consoleDir });
  owner = await createWorkspaceWithOwner(gw);
});
afterAll(async () => {
  await gw?.close();
  if (consoleDir) rmSync(consoleDir, { recursive: true, force: true });
});

const hashOf = (operationName: string) => Object.entries(manifest).find(([, document]) => document.includes(`query ${operationName}`))![0];

describe('/console', () => {
  it('serves the page without a token, revalidated, with a same-origin Content-Security-Policy', async () => {
    for (const path of ['/console', '/console/', '/console/tokens']) {
      const response = await fetch(`${gw.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(await response.text()).toMatch(/<script type="module" crossorigin src="\/console\/assets\/index-[\w-]+\.js">/);
    }
  });

  it('serves the hashed assets compressed and immutable, and 404 for an unknown one', async () => {
    const html = await (await fetch(`${gw.url}/console`)).text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const response = await fetch(`${gw.url}${script}`, { headers: { 'accept-encoding': 'br' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${gw.url}/console/assets/nope.js`)).status).toBe(404);
  });

  it('does not serve the manifest itself (any other path is the page)', async () => {
    const response = await fetch(`${gw.url}/console/persisted-documents.json`);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('answers 503 with instructions when the console is not built, and the API keeps working', async () => {
    const missing = loadConsoleBuild(join(consoleDir, 'does-not-exist'));
    expect(missing.lookup('/console')).toMatchObject({ status: 503, text: expect.stringMatching(/npm run build:console/) });
    expect(missing.lookup('/graphql')).toBeUndefined();
    expect(missing.persistedDocuments.size).toBe(0);
  });
});

describe('persisted documents', () => {
  const byHash = (sha256Hash: string, token: string | null, variables: Record<string, unknown> = {}) =>
    gw.post({ variables, extensions: { persistedQuery: { version: 1, sha256Hash } } }, token ? { authorization: `Bearer ${token}` } : {});

  it('runs a document of the console’s manifest by its hash alone', async () => {
    const response = await byHash(hashOf('ConsoleViewer'), owner.secret);
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect((response.data as { viewer: { token: { name: string } } }).viewer.token.name).toBe('owner');
  });

  it('still needs a token and the field’s permission for a persisted document', async () => {
    expect((await byHash(hashOf('ConsoleViewer'), null)).status).toBe(401);
    const { issueToken } = await import('./helpers/factories.js');
    const reader = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    const response = await byHash(hashOf('ConsoleTokens'), reader.secret, { first: 10 });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredPermission: 'tokens:read' });
  });

  it('refuses an unknown hash with PERSISTED_QUERY_NOT_FOUND (the message APQ clients look for)', async () => {
    const response = await byHash(`sha256:${'0'.repeat(64)}`, owner.secret);
    expect(response.errors?.[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
    const strict = await gw.post(
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'nope' } } },
      { authorization: `Bearer ${owner.secret}`, accept: 'application/graphql-response+json' },
    );
    // 200 in either media type: APQ clients read the error from the body to fall back to the document.
    expect(strict.status).toBe(200);
    expect(strict.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(strict.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('keeps arbitrary documents allowed, and refuses a body with neither document nor hash', async () => {
    const arbitrary = await gw.post({ query: '{ viewer { permissions } }' }, { authorization: `Bearer ${owner.secret}` });
    expect(arbitrary.status).toBe(200);
    expect(arbitrary.errors).toBeUndefined();
    const empty = await gw.post({ variables: {} }, { authorization: `Bearer ${owner.secret}` });
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
  });
});
