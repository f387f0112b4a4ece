// What a browser app needs from the HTTP layer: CORS without credentials that exposes the
// rate-limit and challenge headers, refusals in the media type the client asked for (Apollo
// Client 4 asks for application/graphql-response+json), and a GraphiQL page that a browser's
// fetch accepts, with its assets compressed and cacheable.
import { get } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import * as graphiql from '@graphql-yoga/render-graphiql/graphiql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHIQL_HEADER_PLACEHOLDER } from '../src/http/graphiql.js';
import { cliActor } from '../src/modules/activity/index.js';
import { createWorkspaceWithOwner, type TestToken } from './helpers/factories.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';

const APOLLO_ACCEPT = 'application/graphql-response+json,application/json;q=0.9';
const GRAPHQL_RESPONSE = 'application/graphql-response+json; charset=utf-8';

let gw: TestGateway;
let owner: TestToken;

beforeAll(async () => {
  gw = await startGateway();
  owner = await createWorkspaceWithOwner(gw);
});
afterAll(() => gw?.close());

async function call(target: TestGateway, headers: Record<string, string>, body: unknown = { query: '{ viewer { permissions } }' }) {
  const response = await fetch(`${target.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] },
  };
}

/** GET without fetch's automatic decompression, to see the bytes on the wire. */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const preflight = (target: TestGateway, origin: string) =>
  fetch(`${target.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });

describe('CORS (default CORS_ORIGINS=*)', () => {
  it('answers a preflight from any origin without Allow-Credentials', async () => {
    const response = await preflight(gw, 'https://app.example.com');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('access-control-max-age')).toBe('600');
  });

  it('lets a script on another origin read RateLimit, RateLimit-Policy, Retry-After, WWW-Authenticate and X-Request-Id', async () => {
    const ok = await call(gw, { origin: 'https://app.example.com', authorization: `Bearer ${owner.secret}` });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    expect(ok.headers.get('access-control-expose-headers')?.split(', ')).toEqual([
      'RateLimit',
      'RateLimit-Policy',
      'Retry-After',
      'WWW-Authenticate',
      'X-Request-Id',
    ]);
    // Refusals carry them too: a 401 must tell the browser app why.
    const refused = await call(gw, { origin: 'https://app.example.com' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-expose-headers')).toMatch(/WWW-Authenticate/);
  });
});

describe('CORS with a list of origins', () => {
  let listed: TestGateway;
  let listedOwner: TestToken;
  beforeAll(async () => {
    listed = await startGateway({ env: { CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' } });
    listedOwner = await createWorkspaceWithOwner(listed);
  });
  afterAll(() => listed?.close());

  it('answers listed origins and varies on Origin', async () => {
    for (const origin of ['https://app.example.com', 'http://localhost:5173']) {
      const response = await preflight(listed, origin);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      const ok = await call(listed, { origin, authorization: `Bearer ${listedOwner.secret}` });
      expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
      expect(ok.headers.get('vary')).toMatch(/Origin/);
    }
  });

  it('gives any other origin no CORS headers at all, so its browser blocks the read', async () => {
    const response = await preflight(listed, 'https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-expose-headers')).toBeNull();
    const ok = await call(listed, { origin: 'https://app.example.com.evil.example', authorization: `Bearer ${listedOwner.secret}` });
    expect(ok.headers.get('access-control-allow-origin')).toBeNull();
    expect(ok.headers.get('vary')).toMatch(/Origin/);
  });
});

describe('CORS_ORIGINS=none', () => {
  it('sends no CORS headers: same-origin pages only', async () => {
    const closed = await startGateway({ env: { CORS_ORIGINS: 'none' } });
    try {
      const response = await preflight(closed, 'https://app.example.com');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await closed.close();
    }
  });
});

describe('refusals follow the Accept header', () => {
  it('answers a 401 as application/graphql-response+json when Apollo Client 4 asks for it, with the code in the body', async () => {
    const response = await call(gw, { accept: APOLLO_ACCEPT });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe(GRAPHQL_RESPONSE);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps application/json for clients that ask for it, for */* and without Accept', async () => {
    for (const accept of ['application/json', '*/*', 'application/json, application/graphql-response+json;q=0.5', undefined]) {
      const response = await call(gw, accept ? { accept } : {});
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
  });

  it('answers TOKEN_REVOKED in the asked-for media type too', async () => {
    const doomed = await createWorkspaceWithOwner(gw);
    await gw.gateway.services.tokens.revoke(gw.orm.em.fork(), cliActor(doomed.workspaceId), doomed.rowId);
    const response = await call(gw, { accept: APOLLO_ACCEPT, authorization: `Bearer ${doomed.secret}` });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe(GRAPHQL_RESPONSE);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('TOKEN_REVOKED');
  });

  it('answers a 429 in the asked-for media type', async () => {
    const limited = await startGateway({ env: { RATE_LIMIT_POINTS: '1' } });
    try {
      const token = await createWorkspaceWithOwner(limited);
      expect((await call(limited, { authorization: `Bearer ${token.secret}` })).status).toBe(200);
      const response = await call(limited, { accept: APOLLO_ACCEPT, authorization: `Bearer ${token.secret}` });
      expect(response.status).toBe(429);
      expect(response.headers.get('content-type')).toBe(GRAPHQL_RESPONSE);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      // During the block the token is refused before its document is parsed: the same media type.
      const blocked = await call(limited, { accept: APOLLO_ACCEPT, authorization: `Bearer ${token.secret}` });
      expect(blocked.status).toBe(429);
      expect(blocked.headers.get('content-type')).toBe(GRAPHQL_RESPONSE);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(blocked.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      const plain = await call(limited, { accept: 'application/json', authorization: `Bearer ${token.secret}` });
      expect(plain.status).toBe(429);
      expect(plain.headers.get('content-type')).toBe('application/json; charset=utf-8');
    } finally {
      await limited.close();
    }
  });

  it('answers a 413 in the asked-for media type', async () => {
    const small = await startGateway({ env: { MAX_REQUEST_BODY_BYTES: '100' } });
    try {
      const token = await createWorkspaceWithOwner(small);
      const body = { query: `{ viewer { permissions } } # ${'x'.repeat(200)}` };
      const response = await call(small, { accept: APOLLO_ACCEPT, authorization: `Bearer ${token.secret}` }, body);
      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toBe(GRAPHQL_RESPONSE);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('REQUEST_TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  it('answers the 503 of an authentication that cannot complete in the asked-for media type', async () => {
    const broken = await startGateway();
    try {
      const token = await createWorkspaceWithOwner(broken);
      // The token store fails (as when the database is unreachable): the request path must answer 503, not throw.
      broken.gateway.tokenCache.lookup = () => Promise.reject(new Error('connection refused'));
      const response = await call(broken, { accept: APOLLO_ACCEPT, authorization: `Bearer ${token.secret}` });
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe(GRAPHQL_RESPONSE);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.body.errors?.[0]?.extensions?.code).toBe('INTERNAL');
    } finally {
      await broken.close();
    }
  });

  it('answers validation errors with 400 under application/graphql-response+json and 200 under application/json (as docs/api.md says)', async () => {
    const auth = { authorization: `Bearer ${owner.secret}` };
    const strict = await call(gw, { ...auth, accept: APOLLO_ACCEPT }, { query: '{ nope }' });
    expect(strict.status).toBe(400);
    expect(strict.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const legacy = await call(gw, { ...auth, accept: 'application/json' }, { query: '{ nope }' });
    expect(legacy.status).toBe(200);
    expect(legacy.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const parse = await call(gw, { ...auth, accept: APOLLO_ACCEPT }, { query: '{ projects(' });
    expect(parse.status).toBe(400);
    expect(parse.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});

describe('GraphiQL', () => {
  const page = async (target: TestGateway = gw) => {
    const response = await fetch(`${target.url}/graphql`, { headers: { accept: 'text/html' } });
    return { response, html: await response.text() };
  };
  const assetUrls = (html: string) => [...html.matchAll(/"(\/graphiql\/assets\/[^"]+)"/g)].map((match) => match[1]!);

  it('pre-fills an ASCII-only Authorization header that a browser fetch accepts and the gateway answers with 401', async () => {
    const { response, html } = await page();
    expect(response.status).toBe(200);
    expect(html).toContain(JSON.stringify(JSON.stringify({ Authorization: GRAPHIQL_HEADER_PLACEHOLDER })).slice(1, -1));
    // fetch() throws on a header value outside ISO-8859-1; this placeholder is plain ASCII.
    expect(GRAPHIQL_HEADER_PLACEHOLDER).toMatch(/^[\x20-\x7e]+$/);
    const refused = await call(gw, { authorization: GRAPHIQL_HEADER_PLACEHOLDER });
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('serves a small page that links its assets instead of inlining 9 MB', async () => {
    const { html } = await page();
    expect(Buffer.byteLength(html)).toBeLessThan(4096);
    const urls = assetUrls(html);
    // JavaScript, CSS, favicon and the three Monaco workers.
    expect(urls).toHaveLength(6);
    expect(new Set(urls).size).toBe(6);
  });

  it('serves each asset compressed (brotli, else gzip), immutable and with an ETag, without a token', async () => {
    const { html } = await page();
    const js = assetUrls(html).find((url) => url.includes('/graphiql.') && url.endsWith('.js'))!;
    const br = await rawGet(`${gw.url}${js}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(br.body.length).toBeLessThan(graphiql.js.length / 3);
    expect(brotliDecompressSync(br.body).toString()).toBe(graphiql.js);

    const gz = await rawGet(`${gw.url}${js}`, { 'accept-encoding': 'gzip, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(graphiql.js);

    const plain = await rawGet(`${gw.url}${js}`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(graphiql.js);

    const again = await fetch(`${gw.url}${js}`, { headers: { 'if-none-match': String(br.headers['etag']) } });
    expect(again.status).toBe(304);
  });

  it('answers an unknown asset path like any other unauthenticated request', async () => {
    const response = await fetch(`${gw.url}/graphiql/assets/graphiql.0000.js`);
    expect(response.status).toBe(401);
  });

  it('serves neither page nor assets with GRAPHIQL=false', async () => {
    const { html } = await page();
    const off = await startGateway({ env: { GRAPHIQL: 'false' } });
    try {
      expect((await page(off)).response.status).not.toBe(200);
      expect((await fetch(`${off.url}${assetUrls(html)[0]!}`)).status).toBe(401);
    } finally {
      await off.close();
    }
  });
});

describe('documentation examples', () => {
  it('sends the test event of docs/webhooks.md: a type the example webhook subscribes to', async () => {
    const auth = { authorization: `Bearer ${owner.secret}` };
    const project = await call(gw, auth, {
      query: 'mutation ($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }',
      variables: { input: { name: 'storefront', type: 'PRODUCTION' } },
    });
    const projectId = (project.body as { data: { createProject: { project: { id: string } } } }).data.createProject.project.id;
    const webhook = await call(gw, auth, {
      query: 'mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id url eventTypes enabled } } }',
      variables: {
        input: {
          projectId,
          url: 'https://hooks.example.com/mgw',
          eventTypes: ['project.updated', 'api_key.rolled'],
          headers: [{ name: 'X-Receiver-Key', value: 'r3c31v3r' }],
        },
      },
    });
    const webhookId = (webhook.body as { data: { createWebhook: { webhook: { id: string } } } }).data.createWebhook.webhook.id;
    const send = (eventType: string) =>
      call(gw, auth, {
        query: 'mutation ($input: SendTestWebhookEventInput!) { sendTestWebhookEvent(input: $input) { event { id type payload } } }',
        variables: { input: { webhookId, eventType } },
      });
    const sent = (await send('api_key.rolled')).body as {
      data: { sendTestWebhookEvent: { event: { type: string; payload: { test: boolean } } } };
    };
    expect(sent.data.sendTestWebhookEvent.event).toMatchObject({ type: 'api_key.rolled', payload: { type: 'api_key.rolled', test: true } });
    // The type the example used before: not subscribed, so refused.
    const refused = await send('api_key.created');
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'eventType' });
  });
});
