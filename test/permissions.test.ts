// Each permission guards exactly its fields: without it those fields answer FORBIDDEN (naming the
// permission), and every other field still works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, type Permission } from '../src/modules/tokens/permissions.js';
import { createWorkspaceWithOwner, issueToken, uniqueName, type TestToken } from './helpers/factories.js';
import { cliActor } from '../src/modules/activity/index.js';
import { startGateway, type GraphQLResponse, type TestGateway } from './helpers/gateway.js';
import {
  ActivateTokenMutation,
  CreateProjectMutation,
  CreateTokenBriefMutation,
  DeactivateTokenMutation,
  DeleteProjectMutation,
  ManagementTokenQuery,
  ManagementTokensQuery,
  NodeQuery,
  ProjectQuery,
  ProjectsQuery,
  RateLimitQuery,
  RevokeTokenMutation,
  RotateTokenMutation,
  UpdateProjectMutation,
  UpdateTokenMutation,
  ViewerQuery,
} from './helpers/operations.js';

let gw: TestGateway;
let owner: TestToken;
let projectId: string;
let apiKeyId: string;
let apiKeySecret: string;
let webhookId: string;

beforeAll(async () => {
  gw = await startGateway();
  owner = await createWorkspaceWithOwner(gw);
  const created = await gw.execute(CreateProjectMutation, { input: { name: 'shared', type: 'DEVELOPMENT' } }, owner.secret);
  projectId = created.data!.createProject!.project.id;
  const key = await raw(
    owner.secret,
    `mutation { createApiKey(input: { projectId: "${projectId}", kind: SECRET }) { secret apiKey { id } } }`,
  );
  apiKeyId = (key.data as { createApiKey: { apiKey: { id: string } } }).createApiKey.apiKey.id;
  apiKeySecret = (key.data as { createApiKey: { secret: string } }).createApiKey.secret;
  webhookId = await newWebhook();
});

/** Minimal selections, so that an operation needs exactly the permissions listed for it. */
const raw = (secret: string, query: string) => gw.post({ query }, { authorization: `Bearer ${secret}` });
const newApiKey = async () => {
  const key = await raw(owner.secret, `mutation { createApiKey(input: { projectId: "${projectId}", kind: PUBLIC }) { apiKey { id } } }`);
  return (key.data as { createApiKey: { apiKey: { id: string } } }).createApiKey.apiKey.id;
};
const newWebhook = async () => {
  const hook = await raw(
    owner.secret,
    `mutation { createWebhook(input: { projectId: "${projectId}", url: "https://example.com/h" }) { webhook { id } } }`,
  );
  return (hook.data as { createWebhook: { webhook: { id: string } } }).createWebhook.webhook.id;
};
afterAll(() => gw?.close());

/** Each operation of the API and the permission it needs (null: any valid token). */
const operations: {
  name: string;
  needs: Permission | Permission[] | null;
  run: (secret: string, missing: Permission) => Promise<GraphQLResponse<unknown>>;
}[] = [
  { name: 'viewer', needs: null, run: (s) => gw.execute(ViewerQuery, {}, s) },
  { name: 'rateLimit', needs: null, run: (s) => gw.execute(RateLimitQuery, {}, s) },
  { name: 'projects', needs: 'projects:read', run: (s) => gw.execute(ProjectsQuery, {}, s) },
  { name: 'project', needs: 'projects:read', run: (s) => gw.execute(ProjectQuery, { id: projectId }, s) },
  { name: 'node(project)', needs: 'projects:read', run: (s) => gw.execute(NodeQuery, { id: projectId }, s) },
  {
    name: 'createProject',
    needs: 'projects:write',
    run: (s) => gw.execute(CreateProjectMutation, { input: { name: uniqueName('p'), type: 'DEVELOPMENT' } }, s),
  },
  {
    name: 'updateProject',
    needs: 'projects:write',
    run: (s) => gw.execute(UpdateProjectMutation, { input: { id: projectId, type: 'DEVELOPMENT' } }, s),
  },
  {
    name: 'deleteProject',
    needs: 'projects:write',
    run: async (s) => {
      const created = await gw.execute(CreateProjectMutation, { input: { name: uniqueName('doomed'), type: 'DEVELOPMENT' } }, owner.secret);
      return gw.execute(DeleteProjectMutation, { id: created.data!.createProject!.project.id }, s);
    },
  },
  {
    name: 'project.apiKeys',
    needs: ['projects:read', 'api_keys:read'] as Permission[],
    run: (s) => raw(s, `{ project(id: "${projectId}") { apiKeys { totalCount } } }`),
  },
  { name: 'apiKey', needs: 'api_keys:read', run: (s) => raw(s, `{ apiKey(id: "${apiKeyId}") { id prefix } }`) },
  { name: 'node(apiKey)', needs: 'api_keys:read', run: (s) => raw(s, `{ node(id: "${apiKeyId}") { id ... on ApiKey { prefix } } }`) },
  {
    name: 'verifyApiKey',
    needs: 'api_keys:read',
    run: (s) => raw(s, `{ verifyApiKey(key: "${apiKeySecret}") { valid reason project { id } } }`),
  },
  {
    name: 'createApiKey',
    needs: 'api_keys:create',
    run: (s) => raw(s, `mutation { createApiKey(input: { projectId: "${projectId}", kind: SECRET }) { secret apiKey { id } } }`),
  },
  {
    name: 'rollApiKey',
    needs: 'api_keys:create',
    run: async (s) => raw(s, `mutation { rollApiKey(input: { id: "${await newApiKey()}" }) { secret apiKey { id } } }`),
  },
  {
    name: 'activateApiKey',
    needs: 'api_keys:create',
    run: (s) => raw(s, `mutation { activateApiKey(id: "${apiKeyId}") { apiKey { id } } }`),
  },
  {
    name: 'deactivateApiKey',
    needs: 'api_keys:delete',
    run: async (s) => raw(s, `mutation { deactivateApiKey(id: "${await newApiKey()}") { apiKey { id } } }`),
  },
  {
    name: 'deleteApiKey',
    needs: 'api_keys:delete',
    run: async (s) => raw(s, `mutation { deleteApiKey(id: "${await newApiKey()}") { deletedApiKeyId } }`),
  },
  {
    name: 'project.webhooks',
    needs: ['projects:read', 'webhooks:read'] as Permission[],
    run: (s) => raw(s, `{ project(id: "${projectId}") { webhooks { totalCount } } }`),
  },
  { name: 'webhook', needs: 'webhooks:read', run: (s) => raw(s, `{ webhook(id: "${webhookId}") { id url } }`) },
  { name: 'node(webhook)', needs: 'webhooks:read', run: (s) => raw(s, `{ node(id: "${webhookId}") { id ... on Webhook { url } } }`) },
  { name: 'webhookEventTypes', needs: null, run: (s) => raw(s, '{ webhookEventTypes { name } }') },
  {
    name: 'createWebhook',
    needs: 'webhooks:write',
    run: (s) =>
      raw(s, `mutation { createWebhook(input: { projectId: "${projectId}", url: "https://example.com/x" }) { secret webhook { id } } }`),
  },
  {
    name: 'updateWebhook',
    needs: 'webhooks:write',
    run: (s) => raw(s, `mutation { updateWebhook(input: { id: "${webhookId}", description: "d" }) { webhook { id } } }`),
  },
  {
    name: 'rotateWebhookSecret',
    needs: 'webhooks:write',
    run: (s) => raw(s, `mutation { rotateWebhookSecret(id: "${webhookId}") { secret webhook { id } } }`),
  },
  {
    name: 'deleteWebhook',
    needs: 'webhooks:write',
    run: async (s) => raw(s, `mutation { deleteWebhook(id: "${await newWebhook()}") { deletedWebhookId } }`),
  },
  { name: 'auditLog', needs: 'audit_log:read', run: (s) => raw(s, '{ auditLog { totalCount } }') },
  {
    name: 'webhook.deliveries',
    needs: 'webhooks:read',
    run: (s) => raw(s, `{ webhook(id: "${webhookId}") { deliveries { totalCount } } }`),
  },
  {
    name: 'sendTestWebhookEvent',
    needs: 'webhooks:write',
    run: (s) =>
      raw(s, `mutation { sendTestWebhookEvent(input: { webhookId: "${webhookId}", eventType: "project.created" }) { event { id } } }`),
  },
  {
    name: 'recoverWebhookDeliveries',
    needs: 'webhooks:write',
    run: (s) =>
      raw(
        s,
        `mutation { recoverWebhookDeliveries(input: { webhookId: "${webhookId}", since: "2026-01-01T00:00:00Z" }) { recoveredCount } }`,
      ),
  },
  { name: 'managementTokens', needs: 'tokens:read', run: (s) => gw.execute(ManagementTokensQuery, {}, s) },
  { name: 'managementToken', needs: 'tokens:read', run: (s) => gw.execute(ManagementTokenQuery, { id: owner.id }, s) },
  { name: 'node(token)', needs: 'tokens:read', run: (s) => gw.execute(NodeQuery, { id: owner.id }, s) },
  {
    name: 'createManagementToken',
    needs: 'tokens:write',
    run: async (s, missing) => {
      const permission = missing === 'audit_log:read' ? 'PROJECTS_READ' : 'AUDIT_LOG_READ';
      const response = await gw.execute(CreateTokenBriefMutation, { input: { name: uniqueName('t'), permissions: [permission] } }, s);
      // Keep the workspace under its live-token limit.
      const id = response.data?.createManagementToken?.token.id;
      if (id) await gw.execute(RevokeTokenMutation, { id }, owner.secret);
      return response;
    },
  },
  {
    name: 'updateManagementToken',
    needs: 'tokens:write',
    run: (s, m) => withTarget(m, (id) => gw.execute(UpdateTokenMutation, { input: { id, description: 'x' } }, s)),
  },
  {
    name: 'rotateManagementToken',
    needs: 'tokens:write',
    run: (s, m) => withTarget(m, (id) => gw.execute(RotateTokenMutation, { input: { id } }, s)),
  },
  {
    name: 'deactivateManagementToken',
    needs: 'tokens:write',
    run: (s, m) => withTarget(m, (id) => gw.execute(DeactivateTokenMutation, { id }, s)),
  },
  {
    name: 'activateManagementToken',
    needs: 'tokens:write',
    run: (s, m) => withTarget(m, (id) => gw.execute(ActivateTokenMutation, { id }, s)),
  },
  {
    name: 'revokeManagementToken',
    needs: 'tokens:write',
    run: (s, m) => withTarget(m, (id) => gw.execute(RevokeTokenMutation, { id }, s)),
  },
];

/** A throwaway token holding one permission the caller holds (so it may rotate it), revoked afterwards. */
async function withTarget(missing: Permission, run: (id: string) => Promise<GraphQLResponse<unknown>>) {
  const target = await issueToken(gw, owner.workspaceId, {
    permissions: [missing === 'audit_log:read' ? 'projects:read' : 'audit_log:read'],
  });
  try {
    return await run(target.id);
  } finally {
    await gw.gateway.services.tokens.revoke(gw.orm.em.fork(), cliActor(owner.workspaceId), target.rowId);
  }
}

const codes = (response: GraphQLResponse<unknown>) => (response.errors ?? []).map((error) => error.extensions?.['code']);

describe.each(ALL_PERMISSIONS)('without %s', (missing) => {
  let token: TestToken;
  beforeAll(async () => {
    token = await issueToken(gw, owner.workspaceId, { permissions: ALL_PERMISSIONS.filter((p) => p !== missing) });
  });
  afterAll(() => gw.gateway.services.tokens.revoke(gw.orm.em.fork(), cliActor(owner.workspaceId), token.rowId));

  for (const operation of operations) {
    if ([operation.needs].flat().includes(missing)) {
      it(`${operation.name} answers FORBIDDEN naming ${missing}`, async () => {
        const response = await operation.run(token.secret, missing);
        expect(response.status).toBe(200);
        expect(codes(response)).toContain('FORBIDDEN');
        expect(response.errors?.find((e) => e.extensions?.['code'] === 'FORBIDDEN')?.extensions?.['requiredPermission']).toBe(missing);
      });
    } else {
      it(`${operation.name} still works`, async () => {
        const response = await operation.run(token.secret, missing);
        expect(response.errors).toBeUndefined();
      });
    }
  }
});

describe('scopes', () => {
  it('expands the read scope into every :read permission and nothing else', async () => {
    const reader = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    const viewer = await gw.execute(ViewerQuery, {}, reader.secret);
    expect(viewer.data?.viewer.permissions.sort()).toEqual([
      'API_KEYS_READ',
      'AUDIT_LOG_READ',
      'PROJECTS_READ',
      'TOKENS_READ',
      'WEBHOOKS_READ',
    ]);
    expect(viewer.data?.viewer.token.scopes).toEqual(['READ']);
    expect((await gw.execute(ProjectsQuery, {}, reader.secret)).errors).toBeUndefined();
    const write = await gw.execute(CreateProjectMutation, { input: { name: uniqueName('p'), type: 'DEVELOPMENT' } }, reader.secret);
    expect(codes(write)).toEqual(['FORBIDDEN']);
  });

  it('expands the write scope into every other permission', async () => {
    const writer = await issueToken(gw, owner.workspaceId, { scopes: ['write'] });
    const viewer = await gw.execute(ViewerQuery, {}, writer.secret);
    expect(viewer.data?.viewer.permissions.sort()).toEqual([
      'API_KEYS_CREATE',
      'API_KEYS_DELETE',
      'PROJECTS_WRITE',
      'TOKENS_WRITE',
      'WEBHOOKS_WRITE',
    ]);
    expect(codes(await gw.execute(ProjectsQuery, {}, writer.secret))).toEqual(['FORBIDDEN']);
  });

  it('lets a token see itself through viewer without tokens:read', async () => {
    const token = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    const viewer = await gw.execute(ViewerQuery, {}, token.secret);
    expect(viewer.errors).toBeUndefined();
    expect(viewer.data?.viewer.token.id).toBe(token.id);
    expect(codes(await gw.execute(ManagementTokenQuery, { id: token.id }, token.secret))).toEqual(['FORBIDDEN']);
  });
});
