// Project-scoped tokens: a token restricted to projects sees and changes only those projects and
// what belongs to them. Every id of another project answers NOT_FOUND — through every id-taking
// field, node and nodes, nested connections and cursors — and the token mints only subsets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../src/db/pagination.js';
import { decodeId } from '../src/lib/ids.js';
import { createWorkspaceWithOwner, issueToken, type TestToken } from './helpers/factories.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';

let gw: TestGateway;
let owner: TestToken;
let scoped: TestToken;
/** Ids (opaque) of the project the token may use (a) and of the one it may not (b). */
const a = { project: '', apiKey: '', apiKeySecret: '', webhook: '', delivery: '' };
const b = { project: '', apiKey: '', apiKeySecret: '', webhook: '', delivery: '' };

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
const run = async (token: TestToken, query: string, variables: Record<string, unknown> = {}): Promise<Body> =>
  (await gw.post({ query, variables }, { authorization: `Bearer ${token.secret}` })) as Body;
const data = async <T>(token: TestToken, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
  const response = await run(token, query, variables);
  expect(response.errors).toBeUndefined();
  return response.data as T;
};

async function seedProject(target: typeof a, name: string) {
  const created = await data<{ createProject: { project: { id: string } } }>(
    owner,
    'mutation($name: String!) { createProject(input: { name: $name, type: PRODUCTION }) { project { id } } }',
    { name },
  );
  target.project = created.createProject.project.id;
  const key = await data<{ createApiKey: { apiKey: { id: string }; secret: string } }>(
    owner,
    'mutation($p: ID!) { createApiKey(input: { projectId: $p, kind: SECRET }) { apiKey { id } secret } }',
    { p: target.project },
  );
  target.apiKey = key.createApiKey.apiKey.id;
  target.apiKeySecret = key.createApiKey.secret;
  const hook = await data<{ createWebhook: { webhook: { id: string } } }>(
    owner,
    'mutation($p: ID!) { createWebhook(input: { projectId: $p, url: "https://hooks.example.com/x" }) { webhook { id } } }',
    { p: target.project },
  );
  target.webhook = hook.createWebhook.webhook.id;
  await data(owner, 'mutation($p: ID!, $n: String!) { updateProject(input: { id: $p, name: $n }) { project { id } } }', {
    p: target.project,
    n: `${name}-v2`,
  });
  await gw.gateway.dispatcher.fanOut();
  const deliveries = await data<{ webhook: { deliveries: { edges: { node: { id: string } }[] } } }>(
    owner,
    'query($w: ID!) { webhook(id: $w) { deliveries(first: 1) { edges { node { id } } } } }',
    { w: target.webhook },
  );
  target.delivery = deliveries.webhook.deliveries.edges[0]!.node.id;
}

beforeAll(async () => {
  gw = await startGateway({ env: { WEBHOOK_ALLOW_INSECURE_URLS: 'false' } });
  owner = await createWorkspaceWithOwner(gw);
  await seedProject(a, 'alpha');
  await seedProject(b, 'beta');
  scoped = await issueToken(gw, owner.workspaceId, { scopes: ['read', 'write'], projectIds: [decodeId(a.project)!.uuid] });
});
afterAll(() => gw?.close());

const expectNotFound = (response: Body, id?: string) => {
  expect(response.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  if (id) expect(response.errors?.[0]?.extensions?.['id']).toBe(id);
};

describe('a project-scoped token', () => {
  it('shows its projects on ManagementToken.projects (null for an unrestricted token)', async () => {
    const shown = await data<{ viewer: { token: { projects: { id: string }[] | null } } }>(
      scoped,
      '{ viewer { token { projects { id } } } }',
    );
    expect(shown.viewer.token.projects).toEqual([{ id: a.project }]);
    const unrestricted = await data<{ viewer: { token: { projects: unknown } } }>(owner, '{ viewer { token { projects { id } } } }');
    expect(unrestricted.viewer.token.projects).toBeNull();
  });

  it('lists, reads and changes its own project and what belongs to it', async () => {
    const projects = await data<{ projects: { totalCount: number; edges: { node: { id: string } }[] } }>(
      scoped,
      '{ projects(first: 100) { totalCount edges { node { id } } } }',
    );
    expect(projects.projects.edges.map((edge) => edge.node.id)).toEqual([a.project]);
    expect(projects.projects.totalCount).toBe(1);
    const nested = await data<{
      project: { apiKeys: { edges: unknown[] }; webhooks: { edges: { node: { deliveries: { totalCount: number } } }[] } };
    }>(
      scoped,
      'query($p: ID!) { project(id: $p) { apiKeys { edges { node { id } } } webhooks { edges { node { deliveries { totalCount } } } } } }',
      { p: a.project },
    );
    expect(nested.project.apiKeys.edges).toHaveLength(1);
    expect(nested.project.webhooks.edges[0]!.node.deliveries.totalCount).toBeGreaterThan(0);
    await data(scoped, 'mutation($p: ID!) { createApiKey(input: { projectId: $p, kind: PUBLIC }) { apiKey { id } } }', { p: a.project });
    await data(scoped, 'mutation($p: ID!) { updateProject(input: { id: $p, name: "alpha-v3" }) { project { id } } }', { p: a.project });
    const verified = await data<{ verifyApiKey: { valid: boolean } }>(scoped, 'query($k: String!) { verifyApiKey(key: $k) { valid } }', {
      k: a.apiKeySecret,
    });
    expect(verified.verifyApiKey.valid).toBe(true);
  });

  it.each([
    ['project', 'query($id: ID!) { project(id: $id) { id } }', () => b.project],
    ['apiKey', 'query($id: ID!) { apiKey(id: $id) { id } }', () => b.apiKey],
    ['webhook', 'query($id: ID!) { webhook(id: $id) { id } }', () => b.webhook],
    ['delivery', 'query($id: ID!) { delivery(id: $id) { id } }', () => b.delivery],
    ['node (project)', 'query($id: ID!) { node(id: $id) { id } }', () => b.project],
    ['node (API key)', 'query($id: ID!) { node(id: $id) { id } }', () => b.apiKey],
    ['node (webhook)', 'query($id: ID!) { node(id: $id) { id } }', () => b.webhook],
    ['node (delivery)', 'query($id: ID!) { node(id: $id) { id } }', () => b.delivery],
    ['updateProject', 'mutation($id: ID!) { updateProject(input: { id: $id, name: "x" }) { project { id } } }', () => b.project],
    ['createApiKey', 'mutation($id: ID!) { createApiKey(input: { projectId: $id, kind: SECRET }) { secret } }', () => b.project],
    ['rollApiKey', 'mutation($id: ID!) { rollApiKey(input: { id: $id }) { secret } }', () => b.apiKey],
    ['deactivateApiKey', 'mutation($id: ID!) { deactivateApiKey(id: $id) { apiKey { id } } }', () => b.apiKey],
    ['activateApiKey', 'mutation($id: ID!) { activateApiKey(id: $id) { apiKey { id } } }', () => b.apiKey],
    ['deleteApiKey', 'mutation($id: ID!) { deleteApiKey(id: $id) { deletedApiKeyId } }', () => b.apiKey],
    [
      'createWebhook',
      'mutation($id: ID!) { createWebhook(input: { projectId: $id, url: "https://hooks.example.com/y" }) { secret } }',
      () => b.project,
    ],
    ['updateWebhook', 'mutation($id: ID!) { updateWebhook(input: { id: $id, enabled: false }) { webhook { id } } }', () => b.webhook],
    ['deleteWebhook', 'mutation($id: ID!) { deleteWebhook(id: $id) { deletedWebhookId } }', () => b.webhook],
    ['rotateWebhookSecret', 'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', () => b.webhook],
    [
      'sendTestWebhookEvent',
      'mutation($id: ID!) { sendTestWebhookEvent(input: { webhookId: $id, eventType: "project.updated" }) { event { id } } }',
      () => b.webhook,
    ],
    ['retryWebhookDelivery', 'mutation($id: ID!) { retryWebhookDelivery(id: $id) { delivery { id } } }', () => b.delivery],
    [
      'recoverWebhookDeliveries',
      'mutation($id: ID!) { recoverWebhookDeliveries(input: { webhookId: $id, since: "2020-01-01T00:00:00Z" }) { recoveredCount } }',
      () => b.webhook,
    ],
    // Last: were it to slip through, it would take the other project's rows with it.
    ['deleteProject', 'mutation($id: ID!) { deleteProject(id: $id) { deletedProjectId } }', () => b.project],
  ])('answers %s with an id of another project NOT_FOUND', async (_field, query, id) => {
    expectNotFound(await run(scoped, query, { id: id() }), id());
  });

  it('left the other project untouched by those attempts', async () => {
    const seen = await data<{
      project: { name: string; apiKeys: { totalCount: number }; webhooks: { edges: { node: { enabled: boolean } }[] } };
    }>(owner, 'query($p: ID!) { project(id: $p) { name apiKeys { totalCount } webhooks { edges { node { enabled } } } } }', {
      p: b.project,
    });
    expect(seen.project).toEqual({ name: 'beta-v2', apiKeys: { totalCount: 1 }, webhooks: { edges: [{ node: { enabled: true } }] } });
  });

  it('gets null from nodes for every id of another project', async () => {
    const nodes = await data<{ nodes: unknown[] }>(scoped, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [a.project, b.project, b.apiKey, b.webhook, b.delivery, a.webhook],
    });
    expect(nodes.nodes).toEqual([{ id: a.project }, null, null, null, null, { id: a.webhook }]);
  });

  it('finds nothing of another project through cursors of its lists', async () => {
    // A cursor naming another project's row only sets a position: the page is still its own project's.
    const apiKeys = await data<{ project: { apiKeys: { edges: { node: { id: string } }[] } } }>(
      scoped,
      'query($p: ID!, $after: String) { project(id: $p) { apiKeys(first: 100, after: $after) { edges { node { id } } } } }',
      { p: a.project, after: encodeCursor('apiKeys', 'ffffffff-ffff-7fff-bfff-ffffffffffff') },
    );
    expect(apiKeys.project.apiKeys.edges.map((edge) => edge.node.id)).not.toContain(b.apiKey);
    const projects = await data<{ projects: { edges: { node: { id: string } }[] } }>(
      scoped,
      'query($after: String) { projects(first: 100, after: $after) { edges { node { id } } } }',
      { after: encodeCursor('projects', 'ffffffff-ffff-7fff-bfff-ffffffffffff') },
    );
    expect(projects.projects.edges.map((edge) => edge.node.id)).toEqual([a.project]);
    const before = await data<{ projects: { edges: { node: { id: string } }[] } }>(
      scoped,
      'query($before: String) { projects(last: 100, before: $before) { edges { node { id } } } }',
      { before: encodeCursor('projects', '00000000-0000-7000-8000-000000000000') },
    );
    expect(before.projects.edges.map((edge) => edge.node.id)).toEqual([a.project]);
  });

  it('does not verify another project key (UNKNOWN, as if it did not exist)', async () => {
    const verified = await data<{ verifyApiKey: { valid: boolean; reason: string } }>(
      scoped,
      'query($k: String!) { verifyApiKey(key: $k) { valid reason } }',
      { k: b.apiKeySecret },
    );
    expect(verified.verifyApiKey).toEqual({ valid: false, reason: 'UNKNOWN' });
  });

  it('reads only the audit entries of its projects', async () => {
    const log = await data<{ auditLog: { edges: { node: { targetId: string | null; action: string } }[] } }>(
      scoped,
      '{ auditLog(first: 100) { edges { node { action targetId } } } }',
    );
    const targets = log.auditLog.edges.map((edge) => edge.node.targetId);
    expect(targets).toContain(a.project);
    for (const id of [b.project, b.apiKey, b.webhook]) expect(targets).not.toContain(id);
    // Workspace-wide entries (token changes, the workspace itself) are not shown either.
    expect(
      log.auditLog.edges
        .map((edge) => edge.node.action)
        .filter((action) => !action.startsWith('project') && !action.startsWith('api_key') && !action.startsWith('webhook')),
    ).toEqual([]);
    const filtered = await data<{ auditLog: { totalCount: number } }>(scoped, 'query($t: ID!) { auditLog(targetId: $t) { totalCount } }', {
      t: b.project,
    });
    expect(filtered.auditLog.totalCount).toBe(0);
  });

  it('cannot create projects', async () => {
    const response = await run(scoped, 'mutation { createProject(input: { name: "gamma", type: DEVELOPMENT }) { project { id } } }');
    expect(response.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('mints only tokens restricted to a subset of its projects (inherited when none are given)', async () => {
    const create = (projectIds?: string[]) =>
      run(scoped, 'mutation($input: CreateManagementTokenInput!) { createManagementToken(input: $input) { token { projects { id } } } }', {
        input: { name: `minted-${Math.random().toString(36).slice(2)}`, scopes: ['READ'], ...(projectIds ? { projectIds } : {}) },
      });
    expectNotFound(await create([b.project]), b.project);
    expectNotFound(await create([a.project, b.project]));
    expect((await create([a.project])).data).toEqual({ createManagementToken: { token: { projects: [{ id: a.project }] } } });
    expect((await create()).data).toEqual({ createManagementToken: { token: { projects: [{ id: a.project }] } } });
    expect((await create([])).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'projectIds' });
  });

  it('cannot act on a token that reaches other projects, or the whole workspace', async () => {
    const both = await issueToken(gw, owner.workspaceId, {
      permissions: ['projects:read'],
      projectIds: [decodeId(a.project)!.uuid, decodeId(b.project)!.uuid],
    });
    const wide = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    const deactivate = 'mutation($id: ID!) { deactivateManagementToken(id: $id) { token { id } } }';
    const onBoth = await run(scoped, deactivate, { id: both.id });
    expect(onBoth.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', missingProjectIds: [b.project] });
    const onWide = await run(scoped, deactivate, { id: wide.id });
    expect(onWide.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', missingWorkspaceAccess: true });
    const same = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'], projectIds: [decodeId(a.project)!.uuid] });
    expect((await run(scoped, deactivate, { id: same.id })).errors).toBeUndefined();
  });

  it('hides another project from ManagementToken.projects of a token it can see', async () => {
    const both = await issueToken(gw, owner.workspaceId, {
      permissions: ['projects:read'],
      projectIds: [decodeId(a.project)!.uuid, decodeId(b.project)!.uuid],
    });
    const shown = await data<{ managementToken: { projects: { id: string }[] } }>(
      scoped,
      'query($id: ID!) { managementToken(id: $id) { projects { id } } }',
      {
        id: both.id,
      },
    );
    expect(shown.managementToken.projects).toEqual([{ id: a.project }]);
  });
});
