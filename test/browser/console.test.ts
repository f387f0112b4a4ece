// The console at /console in Chromium, against a real gateway serving the console's current
// build: every flow of the dashboard, selected by role and label as a person (or a screen reader)
// finds them, with what the UI shows checked against the API itself.
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspaceWithOwner, issueToken, type TestToken } from '../helpers/factories.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { buildConsole, launchBrowser, screenshotOnFailure, unnamedControls, type Browser } from './harness.js';

let gw: TestGateway;
let owner: TestToken;
let browser: Browser;
let receiver: Server;
let receiverUrl: string;
/** Every request the pages sent to /graphql: the console must send hashes only. */
const graphqlBodies: Record<string, unknown>[] = [];
/** Every URL a page loaded: nothing may come from another origin (no CDN, works offline). */
const requestedUrls: string[] = [];

let consoleDir: string;

beforeAll(async () => {
  consoleDir = await buildConsole();
  // A webhook receiver that always fails, so deliveries have failed attempts to show and retry.
  receiver = createServer((_request, response) => response.writeHead(500).end('receiver down'));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  gw = await startGateway({
    consoleDistDir: consoleDir,
    env: { WEBHOOK_ALLOW_INSECURE_URLS: 'true', WEBHOOK_RETRY_SCHEDULE: '0', WEBHOOK_TIMEOUT_MS: '2000' },
  });
  owner = await createWorkspaceWithOwner(gw);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  if (consoleDir) rmSync(consoleDir, { recursive: true, force: true });
});

async function openConsole(name: string): Promise<Page> {
  const page = await browser.context.newPage();
  screenshotOnFailure(page, name);
  page.on('pageerror', (error) => console.error(`[${name}] page error: ${error.message}`));
  page.on('request', (request) => {
    requestedUrls.push(request.url());
    if (request.url().endsWith('/graphql') && request.method() === 'POST')
      graphqlBodies.push(request.postDataJSON() as Record<string, unknown>);
  });
  await page.goto(`${gw.url}/console`);
  return page;
}

async function signIn(page: Page, secret: string) {
  await page.getByLabel('Management token').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Calls the API directly with a secret the UI showed. */
async function apiStatus(secret: string) {
  const response = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query: '{ viewer { token { name } } }' }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[]; data?: { viewer: { token: { name: string } } } };
  return { status: response.status, code: body.errors?.[0]?.extensions?.code, name: body.data?.viewer.token.name };
}

/** Runs a query with a secret; the data. */
async function api(secret: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query, variables }),
  });
  return ((await response.json()) as { data: Record<string, unknown> }).data;
}

/** The secret in an open "shown once" dialog. */
async function secretIn(page: Page, label: string) {
  const field = page.getByRole('dialog').getByLabel(label);
  await field.waitFor();
  return field.inputValue();
}

const tokenRow = (page: Page, name: string) =>
  page
    .getByRole('table', { name: 'Tokens' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name }) });

async function runDispatcher() {
  for (let round = 0; round < 10; round++) {
    const { fannedOut, attempted } = await gw.gateway.dispatcher.runOnce();
    if (fannedOut === 0 && attempted === 0) return;
  }
}

describe('signing in', () => {
  it('signs in with a pasted token kept in sessionStorage, and forgets it on sign-out', async () => {
    const page = await openConsole('sign-in');
    expect(await unnamedControls(page.locator('body'))).toEqual([]);
    await signIn(page, owner.secret);
    await page.getByRole('heading', { name: 'Management tokens' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('mgw.console.token'))).toBe(owner.secret);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Signed in as owner');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Management token').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('mgw.console.token'))).toBeNull();
    await page.close();
  });

  it('returns to sign-in with the gateway’s reason and code on a 401', async () => {
    const page = await openConsole('sign-in-401');
    await page.getByLabel('Management token').fill('mgw_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect.poll(() => alert.textContent()).toMatch(/not a well-formed management token.*\(UNAUTHENTICATED\)/);
    expect(await page.evaluate(() => sessionStorage.getItem('mgw.console.token'))).toBeNull();
    await page.close();
  });

  it('shows the token’s rate-limit budget', async () => {
    const page = await openConsole('rate-limit');
    await signIn(page, owner.secret);
    const budget = page.getByRole('region', { name: 'Rate limit' });
    await budget.getByText(/requests left/).waitFor();
    await expect.poll(() => budget.textContent()).toMatch(/Rate limit: \d+ of 1000 requests left in this 60 s window/);
    const remaining = async () => Number(/Rate limit: (\d+) of/.exec((await budget.textContent()) ?? '')?.[1]);
    const before = await remaining();
    expect(Number(await page.getByRole('meter', { name: 'Requests left' }).evaluate((meter: HTMLMeterElement) => meter.value))).toBe(
      before,
    );
    await page.getByRole('button', { name: 'Refresh budget' }).click();
    await page.waitForFunction((previous) => {
      const shown = /Rate limit: (\d+) of/.exec(document.querySelector('[aria-label="Rate limit"]')?.textContent ?? '');
      return shown !== null && Number(shown[1]) < previous;
    }, before);
    expect(await remaining()).toBeLessThan(before);
    await page.close();
  });
});

describe('management tokens', () => {
  it('generates a token: the secret is shown once with a copy button and a warning, works over the API, and is gone when the dialog closes', async () => {
    const page = await openConsole('generate-token');
    await signIn(page, owner.secret);
    await page.getByRole('button', { name: 'Generate new token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate new token' });
    expect(await unnamedControls(dialog)).toEqual([]);
    await dialog.getByLabel('Name').fill('ci-deploy');
    await dialog.getByLabel('Description').fill('Deploys from CI');
    await dialog.getByRole('checkbox', { name: 'projects:read' }).check();
    await dialog.getByRole('checkbox', { name: 'projects:write' }).check();
    await dialog.getByRole('radio', { name: '30 days' }).check();
    // The workspace policy does not allow tokens without expiry.
    expect(await dialog.getByRole('radio', { name: 'No expiry' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Generate token' }).click();

    const shown = page.getByRole('dialog', { name: 'Token generated' });
    const secret = await secretIn(page, 'New token secret');
    expect(secret).toMatch(/^mgw_[A-Za-z0-9]{36}$/);
    await expect.poll(() => shown.getByRole('status').textContent()).toMatch(/shown once and cannot be read again/);
    await shown.getByRole('button', { name: 'Copy' }).click();
    await shown.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    expect(await apiStatus(secret)).toMatchObject({ status: 200, name: 'ci-deploy' });

    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);

    const row = tokenRow(page, 'ci-deploy');
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[0]).toBe(`${secret.slice(0, 8)}…`);
    expect(cells[1]).toBe('projects:read, projects:write');
    expect(cells[2]).toBe('active');
    expect(cells[4]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    expect(cells[5]).toBe('never');
    await page.close();
  });

  it('offers 7/30/90 days, 1 year, a custom date, and no expiry where the policy allows it', async () => {
    await gw.gateway.services.workspaces.setPolicy(gw.orm.em.fork(), owner.workspaceId, { allowNeverExpiringTokens: true });
    // Only a token that does not expire itself may create one that never expires.
    const forever = await issueToken(gw, owner.workspaceId, { name: 'forever', scopes: ['read', 'write'], lifetime: 'NEVER' });
    const page = await openConsole('expiry');
    await signIn(page, forever.secret);
    await page.getByRole('button', { name: 'Generate new token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate new token' });
    for (const preset of ['7 days', '30 days', '90 days', '1 year', 'Custom date', 'No expiry']) {
      expect(await dialog.getByRole('radio', { name: preset }).isEnabled(), preset).toBe(true);
    }
    await dialog.getByLabel('Name').fill('never-expires');
    await dialog.getByRole('checkbox', { name: 'projects:read' }).check();
    await dialog.getByRole('radio', { name: 'No expiry' }).check();
    await dialog.getByRole('button', { name: 'Generate token' }).click();
    await secretIn(page, 'New token secret');
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => tokenRow(page, 'never-expires').getByRole('cell').nth(4).textContent()).toBe('never');

    await page.getByRole('button', { name: 'Generate new token' }).click();
    const custom = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
    await dialog.getByLabel('Name').fill('custom-expiry');
    await dialog.getByRole('checkbox', { name: /^read/ }).check();
    await dialog.getByRole('radio', { name: 'Custom date' }).check();
    await dialog.getByLabel('Expiry date').fill(custom);
    await dialog.getByRole('button', { name: 'Generate token' }).click();
    await secretIn(page, 'New token secret');
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    // The table refetches after the dialog: wait for the row before reading its cells.
    const customRow = tokenRow(page, 'custom-expiry');
    await expect.poll(() => customRow.getByRole('cell').nth(4).textContent()).toBe(`${custom} 23:59 UTC`);
    const cells = await customRow.getByRole('cell').allTextContents();
    expect(cells[1]).toBe('read (scope)');
    expect(cells[4]).toBe(`${custom} 23:59 UTC`);
    await page.close();
    // Signed in with a token that expires, "No expiry" is off, and says why.
    const expiring = await openConsole('expiry-blocked');
    await signIn(expiring, owner.secret);
    await expiring.getByRole('button', { name: 'Generate new token' }).click();
    const blocked = expiring.getByRole('dialog', { name: 'Generate new token' });
    expect(await blocked.getByRole('radio', { name: 'No expiry' }).isDisabled()).toBe(true);
    await expect.poll(() => blocked.textContent()).toMatch(/Your token expires .* so it cannot create one without expiry/);
    await expiring.close();
  });

  it('shows a refused creation by its code (a duplicate name is CONFLICT)', async () => {
    const page = await openConsole('token-conflict');
    await signIn(page, owner.secret);
    await page.getByRole('button', { name: 'Generate new token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate new token' });
    await dialog.getByLabel('Name').fill('owner');
    await dialog.getByRole('checkbox', { name: 'projects:read' }).check();
    await dialog.getByRole('button', { name: 'Generate token' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    await expect.poll(() => alert.textContent()).toMatch(/^CONFLICT /);
    await page.close();
  });

  it('deactivates and activates a token, and the API follows', async () => {
    const target = await issueToken(gw, owner.workspaceId, { name: 'pausable', permissions: ['projects:read'] });
    const page = await openConsole('deactivate');
    await signIn(page, owner.secret);
    await page.getByRole('button', { name: 'Deactivate pausable' }).click();
    await page.getByRole('button', { name: 'Activate pausable', exact: true }).waitFor();
    await expect.poll(() => tokenRow(page, 'pausable').getByRole('cell').nth(2).textContent()).toBe('deactivated');
    expect(await apiStatus(target.secret)).toMatchObject({ status: 401, code: 'TOKEN_DEACTIVATED' });

    await page.getByRole('button', { name: 'Activate pausable', exact: true }).click();
    await page.getByRole('button', { name: 'Deactivate pausable' }).waitFor();
    expect(await apiStatus(target.secret)).toMatchObject({ status: 200 });
    await page.close();
  });

  it('rotates a token with a grace period: the new secret works and the old one keeps working until then', async () => {
    const target = await issueToken(gw, owner.workspaceId, { name: 'rotating', permissions: ['projects:read'] });
    const page = await openConsole('rotate');
    await signIn(page, owner.secret);
    await page.getByRole('button', { name: 'Rotate rotating' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate rotating' });
    await dialog.getByLabel('Grace period').selectOption({ label: '1 hour' });
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    const secret = await secretIn(page, 'New token secret');
    expect(secret).not.toBe(target.secret);
    expect(await apiStatus(secret)).toMatchObject({ status: 200, name: 'rotating' });
    expect(await apiStatus(target.secret)).toMatchObject({ status: 200, name: 'rotating' });
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => tokenRow(page, 'rotating').getByRole('cell').nth(2).textContent()).toMatch(/old secret until/);
    await page.close();
  });

  it('revokes a token behind a confirmation that says it cannot be undone, and the API refuses it from then on', async () => {
    const target = await issueToken(gw, owner.workspaceId, { name: 'doomed', permissions: ['projects:read'] });
    const page = await openConsole('revoke');
    await signIn(page, owner.secret);
    await page.getByRole('button', { name: 'Revoke doomed' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke doomed?' });
    await expect.poll(() => confirm.textContent()).toMatch(/cannot be undone/);
    // Cancel first: nothing happens.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await apiStatus(target.secret)).toMatchObject({ status: 200 });

    await page.getByRole('button', { name: 'Revoke doomed' }).click();
    await page.getByRole('dialog', { name: 'Revoke doomed?' }).getByRole('button', { name: 'Revoke token' }).click();
    await tokenRow(page, 'doomed').waitFor({ state: 'detached' });
    expect(await apiStatus(target.secret)).toMatchObject({ status: 401, code: 'TOKEN_REVOKED' });

    await page.getByLabel('Status').selectOption({ label: 'Revoked' });
    const revoked = tokenRow(page, 'doomed');
    await revoked.waitFor();
    await expect.poll(() => revoked.getByRole('cell').nth(2).textContent()).toBe('revoked');
    expect(await revoked.getByRole('button').count()).toBe(0);
    await page.close();
  });

  it('filters the table by status and by name or prefix', async () => {
    const page = await openConsole('token-filters');
    await signIn(page, owner.secret);
    await tokenRow(page, 'owner').waitFor();
    await page.getByLabel('Name or prefix').fill('ci-dep');
    await tokenRow(page, 'owner').waitFor({ state: 'detached' });
    expect(await page.getByRole('table', { name: 'Tokens' }).getByRole('rowheader').allTextContents()).toEqual([
      'ci-deployDeploys from CI',
    ]);
    await page.getByLabel('Name or prefix').fill(owner.secret.slice(0, 8));
    await tokenRow(page, 'owner').waitFor();
    await page.getByLabel('Name or prefix').fill('');
    await page.getByLabel('Status').selectOption({ label: 'Deactivated' });
    await tokenRow(page, 'owner').waitFor({ state: 'detached' });
    await page.close();
  });

  it('ends the session when its own token is revoked, with the reason', async () => {
    const self = await issueToken(gw, owner.workspaceId, { name: 'self-revoker', scopes: ['read', 'write'] });
    const page = await openConsole('self-revoke');
    await signIn(page, self.secret);
    await page.getByRole('button', { name: 'Revoke self-revoker' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    // The table reloads with the revoked token: the gateway answers 401 and the console signs out.
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect.poll(() => alert.textContent()).toMatch(/This token was revoked\. \(TOKEN_REVOKED\)/);
    expect(await page.evaluate(() => sessionStorage.getItem('mgw.console.token'))).toBeNull();
    await page.close();
  });
});

describe('errors', () => {
  it('names the missing permission of a FORBIDDEN refusal', async () => {
    const reader = await issueToken(gw, owner.workspaceId, { name: 'reader', scopes: ['read'] });
    const page = await openConsole('forbidden');
    await signIn(page, reader.secret);
    await page.getByRole('link', { name: 'Projects' }).click();
    await page.getByLabel('Project name').fill('not-allowed');
    await page.getByRole('button', { name: 'Create project' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect.poll(() => alert.textContent()).toMatch(/^FORBIDDEN Missing permission: projects:write\./);
    await page.close();
  });
});

describe('projects', () => {
  it('creates, renames and deletes a project (behind a confirmation)', async () => {
    const page = await openConsole('projects');
    await signIn(page, owner.secret);
    await page.getByRole('link', { name: 'Projects' }).click();
    await page.getByLabel('Project name').fill('storefront');
    await page.getByLabel('Type', { exact: true }).selectOption('PRODUCTION');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('link', { name: 'storefront' }).waitFor();
    expect(await unnamedControls(page.locator('main'))).toEqual([]);

    await page.getByRole('button', { name: 'Rename storefront' }).click();
    await page.getByRole('dialog', { name: 'Rename storefront' }).getByLabel('New name').fill('storefront-eu');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('link', { name: 'storefront-eu' }).waitFor();

    await page.getByRole('button', { name: 'Delete storefront-eu' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete storefront-eu?' });
    await expect.poll(() => confirm.textContent()).toMatch(/cannot be undone/);
    await confirm.getByRole('button', { name: 'Delete project' }).click();
    await page.getByRole('link', { name: 'storefront-eu' }).waitFor({ state: 'detached' });
    expect(JSON.stringify(await api(owner.secret, '{ projects(first: 100) { edges { node { name } } } }'))).not.toContain('storefront');
    await page.close();
  });
});

describe('a project page', () => {
  let projectId: string;
  beforeAll(async () => {
    const data = (await api(
      owner.secret,
      'mutation { createProject(input: { name: "checkout", type: PRODUCTION }) { project { id } } }',
    )) as {
      createProject: { project: { id: string } };
    };
    projectId = data.createProject.project.id;
  });

  const keyRow = (page: Page, name: string) =>
    page
      .getByRole('table', { name: 'API keys' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name }) });
  const verify = async (key: string) =>
    (
      (await api(owner.secret, 'query ($key: String!) { verifyApiKey(key: $key) { valid reason } }', { key })) as {
        verifyApiKey: { valid: boolean; reason: string | null };
      }
    ).verifyApiKey;

  it('creates API keys: a secret key is shown once, a public key stays visible', async () => {
    const page = await openConsole('api-keys-create');
    await signIn(page, owner.secret);
    await page.goto(`${gw.url}/console#/projects/${projectId}`);
    await page.getByRole('heading', { name: /checkout/ }).waitFor();
    expect(await unnamedControls(page.locator('main'))).toEqual([]);

    await page.getByLabel('Key name').fill('backend');
    await page.getByLabel('Kind').selectOption('SECRET');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const secret = await secretIn(page, 'New secret key');
    expect(secret).toMatch(/^sk_/);
    await expect.poll(() => page.getByRole('dialog').getByRole('status').textContent()).toMatch(/shown once/);
    expect(await verify(secret)).toEqual({ valid: true, reason: null });
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await keyRow(page, 'backend').waitFor();
    const secretCells = await keyRow(page, 'backend').getByRole('cell').allTextContents();
    expect(secretCells[1]).toBe(`${secret.slice(0, 7)}…`);
    expect(await page.content()).not.toContain(secret);

    await page.getByLabel('Key name').fill('web');
    await page.getByLabel('Kind').selectOption('PUBLIC');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const publicKey = await secretIn(page, 'New public key');
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => keyRow(page, 'web').getByRole('cell').nth(1).textContent()).toBe(publicKey);
    await page.close();
  });

  it('rolls a key with a grace preset, deactivates and deletes keys', async () => {
    const page = await openConsole('api-keys-roll');
    await signIn(page, owner.secret);
    await page.goto(`${gw.url}/console#/projects/${projectId}`);
    await page.getByRole('button', { name: 'Roll backend' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Roll backend' });
    await dialog.getByLabel('Grace period').selectOption({ label: '1 day' });
    await dialog.getByRole('button', { name: 'Roll key' }).click();
    const rolled = await secretIn(page, 'New key');
    expect(await verify(rolled)).toEqual({ valid: true, reason: null });
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    // The old key keeps working for a day: it is listed beside the new one, with its expiry.
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="API keys"] tbody tr').length === 3);
    const expiries = await Promise.all((await keyRow(page, 'backend').all()).map((row) => row.getByRole('cell').nth(4).textContent()));
    expect(expiries.sort()).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/), 'never']);

    await page.getByRole('button', { name: 'Deactivate web' }).click();
    await page.getByRole('button', { name: 'Activate web', exact: true }).waitFor();
    const publicKey = (await keyRow(page, 'web').getByRole('cell').nth(1).textContent())!;
    expect(await verify(publicKey)).toMatchObject({ valid: false, reason: 'DEACTIVATED' });

    await page.getByRole('button', { name: 'Delete web' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete web?' });
    await expect.poll(() => confirm.textContent()).toMatch(/cannot be undone/);
    await confirm.getByRole('button', { name: 'Delete key' }).click();
    await keyRow(page, 'web').waitFor({ state: 'detached' });
    expect(await verify(publicKey)).toMatchObject({ valid: false });
    await page.close();
  });

  it('creates a webhook with the event-type picker, rotates its secret, sends a test event, shows deliveries with attempts, retries and recovers', async () => {
    // Fan out earlier events first (the key rolled above): only the test event may reach the new webhook.
    await runDispatcher();
    const page = await openConsole('webhooks');
    await signIn(page, owner.secret);
    await page.goto(`${gw.url}/console#/projects/${projectId}`);
    await page.getByLabel('Endpoint URL').fill(receiverUrl);
    await page.getByLabel('Webhook description').fill('Order service');
    await page.getByRole('checkbox', { name: 'project.updated' }).check();
    await page.getByRole('checkbox', { name: 'api_key.rolled' }).check();
    await page.getByRole('button', { name: 'Create webhook' }).click();
    const first = await secretIn(page, 'Signing secret');
    expect(first).toMatch(/^whsec_/);
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('table', { name: 'Webhooks' }).getByRole('row').filter({ hasText: receiverUrl });
    await expect.poll(() => row.getByRole('cell').first().textContent()).toBe('project.updated, api_key.rolled');

    await page.getByRole('button', { name: `Rotate secret of ${receiverUrl}` }).click();
    const second = await secretIn(page, 'New signing secret');
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();

    await page.getByRole('link', { name: receiverUrl }).click();
    await page.getByRole('heading', { name: receiverUrl }).waitFor();
    expect(await unnamedControls(page.locator('main'))).toEqual([]);
    expect(await page.getByLabel('Test event type').locator('option').allTextContents()).toEqual(['project.updated', 'api_key.rolled']);
    await page.getByLabel('Test event type').selectOption('api_key.rolled');
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Test event evt_\w+ \(api_key.rolled\) sent/ })
      .waitFor();

    // The dispatcher attempts it (the receiver answers 500) and, with a one-attempt schedule, gives up.
    await runDispatcher();
    await page.getByRole('button', { name: 'Refresh deliveries' }).click();
    const delivery = page
      .getByRole('table', { name: 'Deliveries' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'api_key.rolled' }) });
    await delivery.getByText('failed').waitFor();
    await delivery.getByText('1 attempt').click();
    await expect.poll(() => delivery.getByRole('list').textContent()).toMatch(/#1 at .* UTC: HTTP 500/);

    await delivery.getByRole('button', { name: /^Retry delivery/ }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /will be attempted again now/ })
      .waitFor();
    await runDispatcher();
    await page.getByRole('button', { name: 'Refresh deliveries' }).click();
    await delivery.getByText('2 attempts').waitFor();

    await page.getByRole('button', { name: 'Recover failed deliveries' }).click();
    await page.getByRole('status').filter({ hasText: '1 failed delivery will be attempted again.' }).waitFor();
    await page.getByLabel('Delivery status').selectOption('PENDING');
    await delivery.getByText('pending').waitFor();
    await page.close();
  });
});

describe('the audit log', () => {
  it('lists what happened, filtered by action and target', async () => {
    const page = await openConsole('audit');
    await signIn(page, owner.secret);
    await page.getByRole('link', { name: 'Audit log' }).click();
    const table = page.getByRole('table', { name: 'Audit log' });
    await table.getByRole('rowheader', { name: 'project.created' }).first().waitFor();
    expect(await unnamedControls(page.locator('main'))).toEqual([]);
    await page.getByLabel('Action').fill('management_token.revoked');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await table.getByRole('rowheader', { name: 'project.created' }).first().waitFor({ state: 'detached' });
    const actions = await table.getByRole('rowheader').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['management_token.revoked']));
    await expect.poll(() => table.textContent()).toContain('owner (');
    await page.getByLabel('From (UTC)').fill('2000-01-01');
    await page.getByLabel('To (UTC)').fill('2000-01-02');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('0 entries').waitFor();
    await page.close();
  });
});

describe('project restriction and IP allowlist', () => {
  /** A workspace of its own with two projects, so "only that project" is visible in counts. */
  async function workspaceWithProjects() {
    const ws = await createWorkspaceWithOwner(gw);
    const ids: Record<string, string> = {};
    for (const name of ['alpha', 'beta']) {
      const data = (await api(ws.secret, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }', {
        input: { name, type: 'DEVELOPMENT' },
      })) as { createProject: { project: { id: string } } };
      ids[name] = data.createProject.project.id;
    }
    return { ws, ids };
  }

  const visibleProjects = async (secret: string) => {
    const data = (await api(secret, '{ projects(first: 10) { totalCount edges { node { name } } } }')) as {
      projects: { totalCount: number; edges: { node: { name: string } }[] };
    };
    return { totalCount: data.projects.totalCount, names: data.projects.edges.map((edge) => edge.node.name).sort() };
  };

  async function generate(page: Page, name: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
    await page.getByRole('button', { name: 'Generate new token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate new token' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('checkbox', { name: 'projects:read' }).check();
    await fill(dialog);
    await dialog.getByRole('button', { name: 'Generate token' }).click();
    const secret = await secretIn(page, 'New token secret');
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    return secret;
  }

  it('restricts a token to the checked project: over the API it sees only that one; none checked is the whole workspace', async () => {
    const { ws, ids } = await workspaceWithProjects();
    const page = await openConsole('token-projects');
    await signIn(page, ws.secret);
    await page.getByRole('button', { name: 'Generate new token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate new token' });
    const projects = dialog.getByRole('group', { name: 'Projects' });
    await projects.getByRole('checkbox', { name: 'beta' }).waitFor();
    expect(await projects.getByRole('checkbox').count()).toBe(2);
    await dialog.getByLabel('IP allowlist').fill('10.0.0.0/8');
    await dialog.getByLabel('IP allowlist').fill('');
    expect(await unnamedControls(dialog)).toEqual([]);
    expect(await dialog.getByRole('textbox', { name: 'IP allowlist' }).getAttribute('aria-describedby')).toBeTruthy();
    expect(await dialog.getByRole('textbox', { name: 'IP allowlist' }).getAttribute('aria-invalid')).toBe('false');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const alphaOnly = await generate(page, 'alpha-only', async (form) => {
      await form.getByRole('group', { name: 'Projects' }).getByRole('checkbox', { name: 'alpha' }).check();
    });
    expect(await visibleProjects(alphaOnly)).toEqual({ totalCount: 1, names: ['alpha'] });
    // The other project, by id: the owner reads it, the restricted token gets null (as for any unknown id).
    const projectById = 'query($id: ID!) { project(id: $id) { name } }';
    expect(await api(ws.secret, projectById, { id: ids['beta'] })).toEqual({ project: { name: 'beta' } });
    expect(await api(alphaOnly, projectById, { id: ids['beta'] })).toEqual({ project: null });
    await tokenRow(page, 'alpha-only').waitFor();
    const cells = await tokenRow(page, 'alpha-only').getByRole('cell').allTextContents();
    expect(cells[6]).toBe('alpha');
    expect(cells[7]).toBe('any address');

    const everywhere = await generate(page, 'whole-workspace', async () => {});
    expect(await visibleProjects(everywhere)).toEqual({ totalCount: 2, names: ['alpha', 'beta'] });
    await expect.poll(() => tokenRow(page, 'whole-workspace').getByRole('cell').nth(6).textContent()).toBe('all');
    await page.close();
  });

  it('gives a token an IP allowlist: one that excludes 127.0.0.1 is refused with 403 IP_NOT_ALLOWED, one that includes it works', async () => {
    const page = await openConsole('token-allowlist');
    await signIn(page, owner.secret);
    const elsewhere = await generate(page, 'private-net-only', async (form) => {
      await form.getByLabel('IP allowlist').fill('10.0.0.0/8\n\n  192.168.0.0/16  \n');
    });
    expect(await apiStatus(elsewhere)).toMatchObject({ status: 403, code: 'IP_NOT_ALLOWED' });
    await expect.poll(() => tokenRow(page, 'private-net-only').getByRole('cell').nth(7).textContent()).toBe('10.0.0.0/8, 192.168.0.0/16');

    const local = await generate(page, 'loopback-only', async (form) => {
      await form.getByLabel('IP allowlist').fill('127.0.0.0/8\n::1/128');
    });
    expect(await apiStatus(local)).toMatchObject({ status: 200, name: 'loopback-only' });
    await expect.poll(() => tokenRow(page, 'loopback-only').getByRole('cell').nth(7).textContent()).toBe('127.0.0.0/8, ::1/128');
    await page.close();
  });

  it('shows an invalid CIDR as BAD_USER_INPUT naming the field and line, and creates nothing', async () => {
    const page = await openConsole('token-bad-cidr');
    await signIn(page, owner.secret);
    await page.getByRole('button', { name: 'Generate new token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate new token' });
    await dialog.getByLabel('Name').fill('bad-cidr');
    await dialog.getByRole('checkbox', { name: 'projects:read' }).check();
    await dialog.getByLabel('IP allowlist').fill('10.0.0.0/8\n10.0.0.300/33');
    await dialog.getByRole('button', { name: 'Generate token' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    await expect
      .poll(() => alert.textContent())
      .toMatch(/^BAD_USER_INPUT IP allowlist \(line 2\): allowedCidrs\.1: "10\.0\.0\.300\/33" is not an IPv4 or IPv6 CIDR/);
    expect(await dialog.getByLabel('New token secret').count()).toBe(0);
    expect(await dialog.getByLabel('IP allowlist').getAttribute('aria-invalid')).toBe('true');
    const names = (await api(owner.secret, '{ managementTokens(first: 100) { edges { node { name } } } }')) as {
      managementTokens: { edges: { node: { name: string } }[] };
    };
    expect(names.managementTokens.edges.map((edge) => edge.node.name)).not.toContain('bad-cidr');
    await page.close();
  });

  it('names what is missing when a token with an allowlist tries to pass on other addresses (FORBIDDEN)', async () => {
    // A workspace of its own: the shared one is near its live-token limit by now.
    const fenced = await issueToken(gw, (await createWorkspaceWithOwner(gw)).workspaceId, {
      name: 'fenced',
      scopes: ['read', 'write'],
      allowedCidrs: ['127.0.0.0/8', '::1/128'],
    });
    const page = await openConsole('token-forbidden-cidr');
    await signIn(page, fenced.secret);
    await page.getByRole('button', { name: 'Generate new token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate new token' });
    await dialog.getByLabel('Name').fill('wider');
    await dialog.getByRole('checkbox', { name: 'projects:read' }).check();
    await dialog.getByLabel('IP allowlist').fill('10.0.0.0/8');
    await dialog.getByRole('button', { name: 'Generate token' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    await expect.poll(() => alert.textContent()).toMatch(/^FORBIDDEN Missing addresses: 10\.0\.0\.0\/8\. /);
    await page.close();
  });

  it('offers a project-restricted token only its own projects, and what it generates with none checked inherits the restriction', async () => {
    const { ws, ids } = await workspaceWithProjects();
    const data = (await api(
      ws.secret,
      'mutation($input: CreateManagementTokenInput!) { createManagementToken(input: $input) { secret } }',
      { input: { name: 'alpha-admin', scopes: ['READ', 'WRITE'], projectIds: [ids['alpha']] } },
    )) as { createManagementToken: { secret: string } };
    const page = await openConsole('token-projects-inherited');
    await signIn(page, data.createManagementToken.secret);
    await page.getByRole('button', { name: 'Generate new token' }).click();
    const projects = page.getByRole('dialog', { name: 'Generate new token' }).getByRole('group', { name: 'Projects' });
    await projects.getByRole('checkbox', { name: 'alpha' }).waitFor();
    expect(await projects.getByRole('checkbox').count()).toBe(1);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    const child = await generate(page, 'alpha-child', async () => {});
    expect(await visibleProjects(child)).toEqual({ totalCount: 1, names: ['alpha'] });
    await expect.poll(() => tokenRow(page, 'alpha-child').getByRole('cell').nth(6).textContent()).toBe('alpha');
    await page.close();
  });
});

describe('what the pages loaded', () => {
  it('sent only persisted-document hashes to /graphql, and loaded nothing from another origin', () => {
    expect(graphqlBodies.length).toBeGreaterThan(20);
    for (const body of graphqlBodies) {
      expect(body['query']).toBeUndefined();
      expect(body['extensions']).toMatchObject({
        persistedQuery: { version: 1, sha256Hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
      });
    }
    const origins = new Set(requestedUrls.map((url) => new URL(url).origin));
    expect([...origins]).toEqual([gw.url]);
  });
});
