// A browser app on another origin, in Chromium: a page served by a second loopback server (the
// app's origin, listed in CORS_ORIGINS) whose own script calls the gateway's /graphql with fetch
// and reads the rate-limit headers, Retry-After on a 429 and WWW-Authenticate on a 401; the same
// page from an origin that is not listed cannot read any answer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/activity/index.js';
import { createWorkspaceWithOwner, issueToken, type TestToken } from '../helpers/factories.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { launchBrowser, screenshotOnFailure, type Browser } from './harness.js';

/** What the app's script reports of one call: what a browser lets it read. */
interface Seen {
  status?: number;
  rateLimit?: string | null;
  rateLimitPolicy?: string | null;
  retryAfter?: string | null;
  wwwAuthenticate?: string | null;
  requestId?: string | null;
  code?: string | null;
  /** The fetch itself failed: the browser withheld the response. */
  failed?: string;
}

// The app: plain script, no framework, as small as a browser app that calls the API can be. It
// asks for application/graphql-response+json, as Apollo Client 4 does.
const APP_PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Another app</title></head>
  <body>
    <h1>Another app</h1>
    <script>
      window.callGateway = async (url, token) => {
        const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json;q=0.9' };
        if (token) headers.authorization = 'Bearer ' + token;
        try {
          const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: '{ viewer { permissions } }' }) });
          const body = await response.json();
          return {
            status: response.status,
            rateLimit: response.headers.get('RateLimit'),
            rateLimitPolicy: response.headers.get('RateLimit-Policy'),
            retryAfter: response.headers.get('Retry-After'),
            wwwAuthenticate: response.headers.get('WWW-Authenticate'),
            requestId: response.headers.get('X-Request-Id'),
            code: body.errors && body.errors[0] && body.errors[0].extensions ? body.errors[0].extensions.code : null,
          };
        } catch (error) {
          return { failed: String(error) };
        }
      };
    </script>
  </body>
</html>`;

async function serveApp(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(APP_PAGE),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let app: { server: Server; origin: string };
let elsewhere: { server: Server; origin: string };
let gw: TestGateway;
let owner: TestToken;
let browser: Browser;

beforeAll(async () => {
  app = await serveApp();
  elsewhere = await serveApp();
  gw = await startGateway({ env: { CORS_ORIGINS: app.origin } });
  owner = await createWorkspaceWithOwner(gw);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
  for (const served of [app, elsewhere]) if (served) await new Promise((resolve) => served.server.close(resolve));
});

async function openApp(origin: string, name: string): Promise<Page> {
  const page = await browser.context.newPage();
  screenshotOnFailure(page, name);
  await page.goto(origin);
  return page;
}

const callGateway = (page: Page, token: string | null): Promise<Seen> =>
  page.evaluate(
    ([url, secret]) =>
      (window as unknown as { callGateway: (url: string, token: string | null) => Promise<Seen> }).callGateway(url!, secret),
    [`${gw.url}/graphql`, token] as const,
  );

describe('a browser app on an origin listed in CORS_ORIGINS', () => {
  it('reads RateLimit and RateLimit-Policy (and the request id) of an answer', async () => {
    const page = await openApp(app.origin, 'cross-origin-ok');
    const seen = await callGateway(page, owner.secret);
    expect(seen).toMatchObject({ status: 200, code: null });
    expect(seen.rateLimit).toMatch(/^"default";r=\d+;t=\d+$/);
    expect(seen.rateLimitPolicy).toMatch(/^"default";q=\d+;w=\d+$/);
    expect(seen.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await page.close();
  });

  it('reads WWW-Authenticate and the code of a 401', async () => {
    const page = await openApp(app.origin, 'cross-origin-401');
    const seen = await callGateway(page, null);
    expect(seen).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(seen.wwwAuthenticate).toMatch(/^Bearer\b/);
    await page.close();
  });

  it('reads Retry-After and the code of a 429', async () => {
    const limited = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    await gw.gateway.services.tokens.setRateLimit(gw.orm.em.fork(), cliActor(owner.workspaceId), limited.rowId, 1, 60);
    const page = await openApp(app.origin, 'cross-origin-429');
    expect(await callGateway(page, limited.secret)).toMatchObject({ status: 200 });
    const seen = await callGateway(page, limited.secret);
    expect(seen).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(seen.retryAfter)).toBeGreaterThan(0);
    await page.close();
  });
});

describe('a browser app on an origin not listed', () => {
  it('cannot read the answer: the browser fails the fetch', async () => {
    const page = await openApp(elsewhere.origin, 'cross-origin-refused');
    const seen = await callGateway(page, owner.secret);
    expect(seen.failed).toMatch(/TypeError/);
    expect(seen.status).toBeUndefined();
    await page.close();
  });
});
