// Webhook endpoints: safe targets only, catalog event types, valid headers, a signing secret shown
// at creation and rotation only (sealed at rest), and workspace isolation.
import { describe, expect } from 'vitest';
import { decodeId } from '../src/lib/ids.js';
import { Webhook } from '../src/modules/webhooks/webhook.entity.js';
import { ALL_EVENT_TYPES } from '../src/modules/activity/event-catalog.js';
import { createWorkspace, createWorkspaceWithOwner, issueToken, type TestToken } from './helpers/factories.js';
import { code, field } from './helpers/errors.js';
import { test } from './helpers/fixtures.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import {
  CreateProjectMutation,
  CreateWebhookMutation,
  DeleteProjectMutation,
  DeleteWebhookMutation,
  NodeQuery,
  ProjectWebhooksQuery,
  RotateWebhookSecretMutation,
  UpdateWebhookMutation,
  WebhookEventTypesQuery,
  WebhookQuery,
} from './helpers/operations.js';

async function newProject(on: TestGateway, token: TestToken, name: string): Promise<string> {
  const created = await on.execute(CreateProjectMutation, { input: { name, type: 'PRODUCTION' } }, token.secret);
  return created.data!.createProject!.project.id;
}

type WebhookInput = Record<string, unknown>;

// The file's project, and `create`: a webhook on it (as the owner unless told otherwise).
const it = test
  .extend('projectId', { scope: 'file' }, async ({ gw, owner }) => newProject(gw, owner, 'hooks'))
  .extend(
    'create',
    { scope: 'file' },
    ({ gw, owner, projectId }) =>
      (input: WebhookInput, token = owner) =>
        gw.execute(CreateWebhookMutation, { input: { projectId, url: 'https://example.com/hooks', ...input } as never }, token.secret),
  );

describe('creating webhooks', () => {
  it('returns the signing secret once, seals it at rest, and never shows it again', async ({ gw, owner, projectId, create }) => {
    const response = await create({
      description: 'billing sync',
      eventTypes: ['project.created', 'api_key.rolled'],
      headers: [{ name: 'X-Api-Key', value: 'receiver-key' }],
    });
    expect(response.errors).toBeUndefined();
    const { secret, webhook } = response.data!.createWebhook!;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(webhook).toMatchObject({
      url: 'https://example.com/hooks',
      description: 'billing sync',
      eventTypes: ['project.created', 'api_key.rolled'],
      headers: [{ name: 'X-Api-Key', value: '(sealed)' }],
      headerNames: ['X-Api-Key'],
      enabled: true,
      secretRotatedUntil: null,
      project: { id: projectId },
    });
    expect(webhook.id).toMatch(/^whk_/);

    const rows = JSON.stringify(await gw.orm.em.getConnection().execute('select * from webhook'));
    expect(rows).not.toContain(secret.slice(6));
    const seen = JSON.stringify([
      await gw.execute(WebhookQuery, { id: webhook.id }, owner.secret),
      await gw.execute(ProjectWebhooksQuery, { id: projectId, first: 100 }, owner.secret),
      await gw.execute(NodeQuery, { id: webhook.id }, owner.secret),
    ]);
    expect(seen).toContain(webhook.id);
    expect(seen).not.toContain(secret.slice(6));

    const row = await gw.orm.em.fork().findOneOrFail(Webhook, { url: 'https://example.com/hooks', description: 'billing sync' });
    expect(gw.gateway.services.webhooks.signingSecrets(row)).toEqual([secret]);
  });

  it('subscribes to every event when no event type is given', async ({ create }) => {
    const response = await create({});
    expect(response.data?.createWebhook?.webhook.eventTypes).toEqual([]);
  });

  it('lists the event catalog', async ({ gw, owner }) => {
    const catalog = await gw.execute(WebhookEventTypesQuery, {}, owner.secret);
    expect(catalog.data?.webhookEventTypes?.map((type) => type.name)).toEqual(ALL_EVENT_TYPES);
    expect(catalog.data?.webhookEventTypes?.every((type) => type.description.length > 0)).toBe(true);
  });

  it.for([
    ['http://127.0.0.1/hook'],
    ['http://[::1]/hook'],
    ['http://0x7f000001/hook'],
    ['http://169.254.169.254/latest/meta-data'],
    ['http://[::ffff:127.0.0.1]/hook'],
    ['https://127.0.0.1/hook'],
    ['https://[::1]/hook'],
    ['https://0x7f000001/hook'],
    ['https://169.254.169.254/latest/meta-data'],
    ['https://[::ffff:127.0.0.1]/hook'],
    ['https://10.0.0.1/hook'],
    ['https://user:pass@example.com/hook'],
    ['https://localhost/hook'],
    ['https://localhost./hook'],
    ['not a url'],
    [`https://example.com/${'x'.repeat(2100)}`],
  ])('refuses %s with BAD_USER_INPUT on url', async ([url], { create }) => {
    const response = await create({ url });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(field(response)).toBe('url');
  });

  it('refuses an event type outside the catalog, naming it', async ({ create }) => {
    const response = await create({ eventTypes: ['project.created', 'project.exploded'] });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(field(response)).toBe('eventTypes.1');
  });

  it.for([
    [[{ name: 'webhook-signature', value: 'v1,forged' }]],
    [[{ name: 'Content-Length', value: '1' }]],
    [[{ name: 'X-Bad', value: 'a\nb' }]],
    [[{ name: 'bad name', value: 'x' }]],
  ])('refuses extra headers %j with BAD_USER_INPUT on headers', async ([headers], { create }) => {
    const response = await create({ headers });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(field(response)).toBe('headers');
  });

  it('accepts http and loopback targets only where the development setting allows them', async () => {
    const dev = await startGateway({ env: { WEBHOOK_ALLOW_INSECURE_URLS: 'true' } });
    try {
      const devOwner = await createWorkspaceWithOwner(dev);
      const devProject = await newProject(dev, devOwner, 'local');
      const response = await dev.execute(
        CreateWebhookMutation,
        { input: { projectId: devProject, url: 'http://127.0.0.1:3000/hook' } },
        devOwner.secret,
      );
      expect(response.errors).toBeUndefined();
    } finally {
      await dev.close();
    }
  });
});

describe('changing webhooks', () => {
  it('updates url, description, events, headers and enabled; validates like creation', async ({ gw, owner, projectId, create }) => {
    const { webhook } = (await create({ eventTypes: ['project.created'] })).data!.createWebhook!;
    const updated = await gw.execute(
      UpdateWebhookMutation,
      { input: { id: webhook.id, url: 'https://hooks.example.org/v2', description: 'v2', eventTypes: [], headers: [], enabled: false } },
      owner.secret,
    );
    expect(updated.data?.updateWebhook?.webhook).toMatchObject({
      url: 'https://hooks.example.org/v2',
      description: 'v2',
      eventTypes: [],
      headers: [],
      headerNames: [],
      enabled: false,
    });
    const bad = await gw.execute(UpdateWebhookMutation, { input: { id: webhook.id, url: 'http://[::1]/' } }, owner.secret);
    expect(field(bad)).toBe('url');
    const disabled = await gw.execute(ProjectWebhooksQuery, { id: projectId, enabled: false }, owner.secret);
    expect(disabled.data?.project?.webhooks.edges.map((e) => e.node.id)).toContain(webhook.id);
  });

  it('stores extra-header values sealed and shows only their names, to every reader', async ({ gw, owner, projectId, create }) => {
    const { webhook } = (
      await create({
        headers: [
          { name: 'X-Api-Key', value: 'receiver-credential-1' },
          { name: 'Authorization', value: 'Bearer receiver-credential-2' },
        ],
      })
    ).data!.createWebhook!;
    expect(webhook.headerNames).toEqual(['X-Api-Key', 'Authorization']);
    const reader = await issueToken(gw, owner.workspaceId, { permissions: ['webhooks:read', 'projects:read', 'audit_log:read'] });
    const seen = JSON.stringify([
      webhook,
      await gw.execute(WebhookQuery, { id: webhook.id }, reader.secret),
      await gw.execute(ProjectWebhooksQuery, { id: projectId, first: 100 }, reader.secret),
      await gw.execute(NodeQuery, { id: webhook.id }, reader.secret),
      await gw.post({ query: '{ auditLog(first: 100) { edges { node { summary } } } }' }, { authorization: `Bearer ${reader.secret}` }),
    ]);
    expect(seen).not.toContain('receiver-credential');
    const row = await gw.orm.em.fork().findOneOrFail(Webhook, { id: decodeId(webhook.id)!.uuid });
    expect(row.headers.map((header) => header.name)).toEqual(['X-Api-Key', 'Authorization']);
    expect(row.headers.every((header) => header.sealedValue.startsWith('v1:'))).toBe(true);
    const raw = JSON.stringify(await gw.orm.em.getConnection().execute('select * from webhook'));
    expect(raw).not.toContain('receiver-credential');
    // Deliveries carry the real values (opened for the request only).
    expect(gw.gateway.services.webhooks.deliveryHeaders(row)).toEqual([
      { name: 'X-Api-Key', value: 'receiver-credential-1' },
      { name: 'Authorization', value: 'Bearer receiver-credential-2' },
    ]);
  });

  it('keeps a stored header value when an update sends the placeholder back, and refuses it for a new header', async ({
    gw,
    owner,
    create,
  }) => {
    const { webhook } = (await create({ headers: [{ name: 'X-Api-Key', value: 'kept-credential' }] })).data!.createWebhook!;
    // A client that read the headers and writes them back with one more.
    const roundTrip = await gw.execute(
      UpdateWebhookMutation,
      {
        input: {
          id: webhook.id,
          headers: [...webhook.headers.map(({ name, value }) => ({ name, value })), { name: 'X-Tenant', value: 'acme' }],
        },
      },
      owner.secret,
    );
    expect(roundTrip.errors).toBeUndefined();
    expect(roundTrip.data?.updateWebhook?.webhook.headerNames).toEqual(['X-Api-Key', 'X-Tenant']);
    const row = await gw.orm.em.fork().findOneOrFail(Webhook, { id: decodeId(webhook.id)!.uuid });
    expect(gw.gateway.services.webhooks.deliveryHeaders(row)).toEqual([
      { name: 'X-Api-Key', value: 'kept-credential' },
      { name: 'X-Tenant', value: 'acme' },
    ]);

    const unknown = await gw.execute(
      UpdateWebhookMutation,
      { input: { id: webhook.id, headers: [{ name: 'X-Other', value: '(sealed)' }] } },
      owner.secret,
    );
    expect(code(unknown)).toBe('BAD_USER_INPUT');
    expect(field(unknown)).toBe('headers');
    const onCreate = await create({ headers: [{ name: 'X-Api-Key', value: '(sealed)' }] });
    expect(code(onCreate)).toBe('BAD_USER_INPUT');
    expect(field(onCreate)).toBe('headers');
  });

  it('rotates the secret: the new one is returned once, the previous one keeps signing for 24 hours', async ({ gw, owner, create }) => {
    const { webhook, secret: first } = (await create({})).data!.createWebhook!;
    const rotated = await gw.execute(RotateWebhookSecretMutation, { id: webhook.id }, owner.secret);
    const { secret: second, webhook: after } = rotated.data!.rotateWebhookSecret!;
    expect(second).not.toBe(first);
    const until = new Date(after.secretRotatedUntil!).getTime();
    expect(Math.abs(until - Date.now() - 24 * 3_600_000)).toBeLessThan(60_000);

    const em = gw.orm.em.fork();
    const row = await em.findOneOrFail(Webhook, { id: decodeId(webhook.id)!.uuid });
    expect(gw.gateway.services.webhooks.signingSecrets(row)).toEqual([second, first]);
    expect(gw.gateway.services.webhooks.signingSecrets(row, new Date(Date.now() + 25 * 3_600_000))).toEqual([second]);
  });

  it('deletes a webhook', async ({ gw, owner, create }) => {
    const { webhook } = (await create({})).data!.createWebhook!;
    expect((await gw.execute(DeleteWebhookMutation, { id: webhook.id }, owner.secret)).data?.deleteWebhook?.deletedWebhookId).toBe(
      webhook.id,
    );
    expect(code(await gw.execute(WebhookQuery, { id: webhook.id }, owner.secret))).toBe('NOT_FOUND');
  });
});

describe('isolation and cascades', () => {
  it("answers NOT_FOUND for another workspace's webhooks: direct, node, nested, every mutation", async ({ gw, owner, create }) => {
    const other = await issueToken(gw, await createWorkspace(gw));
    const theirProject = await newProject(gw, other, 'their-hooks');
    const theirs = (await create({ projectId: theirProject }, other)).data!.createWebhook!.webhook;
    const attempts = [
      await gw.execute(WebhookQuery, { id: theirs.id }, owner.secret),
      await gw.execute(NodeQuery, { id: theirs.id }, owner.secret),
      await gw.execute(ProjectWebhooksQuery, { id: theirProject }, owner.secret),
      await create({ projectId: theirProject }),
      await gw.execute(UpdateWebhookMutation, { input: { id: theirs.id, url: 'https://attacker.example.com/' } }, owner.secret),
      await gw.execute(RotateWebhookSecretMutation, { id: theirs.id }, owner.secret),
      await gw.execute(DeleteWebhookMutation, { id: theirs.id }, owner.secret),
    ];
    for (const attempt of attempts) expect(code(attempt)).toBe('NOT_FOUND');
    expect((await gw.execute(WebhookQuery, { id: theirs.id }, other.secret)).data?.webhook?.url).toBe('https://example.com/hooks');
  });

  it('deletes a project with its webhooks in the same transaction', async ({ gw, owner, create }) => {
    const project = await newProject(gw, owner, 'doomed-with-hooks');
    const { webhook } = (await create({ projectId: project })).data!.createWebhook!;
    await gw.execute(DeleteProjectMutation, { id: project }, owner.secret);
    expect(code(await gw.execute(WebhookQuery, { id: webhook.id }, owner.secret))).toBe('NOT_FOUND');
  });
});
