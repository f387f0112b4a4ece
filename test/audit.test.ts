// The audit log: every mutation (GraphQL or CLI) leaves exactly one entry with the right actor,
// refused mutations are recorded too, no secret is ever in an entry or a log line, the log is
// filterable, old entries are pruned, and token expiry becomes an event.
import { describe, expect } from 'vitest';
import { encodeId } from '../src/lib/ids.js';
import { AuditEvent } from '../src/modules/audit/audit-event.entity.js';
import { WebhookDispatcher } from '../src/modules/events/dispatcher.js';
import { Event } from '../src/modules/events/event.entity.js';
import { ManagementToken } from '../src/modules/tokens/token.entity.js';
import { WebhookSender } from '../src/modules/webhooks/webhook-sender.js';
import { code } from './helpers/errors.js';
import { createWorkspaceWithOwner, issueToken } from './helpers/factories.js';
import { test } from './helpers/fixtures.js';
import type { TestGateway } from './helpers/gateway.js';
import {
  ActivateApiKeyMutation,
  ActivateTokenMutation,
  AuditLogQuery,
  CreateApiKeyMutation,
  CreateProjectMutation,
  CreateTokenBriefMutation,
  CreateWebhookMutation,
  DeactivateApiKeyMutation,
  DeactivateTokenMutation,
  DeleteApiKeyMutation,
  DeleteProjectMutation,
  DeleteWebhookMutation,
  RevokeTokenMutation,
  RollApiKeyMutation,
  RotateTokenMutation,
  RotateWebhookSecretMutation,
  UpdateProjectMutation,
  UpdateTokenMutation,
  UpdateWebhookMutation,
} from './helpers/operations.js';

const secretsSeen: string[] = [];

// `auditLog`: a page of the audit log (as the owner unless told otherwise).
const it = test.extend(
  'auditLog',
  { scope: 'file' },
  ({ gw, owner }) =>
    async (variables: object = {}, token = owner) =>
      (await gw.execute(AuditLogQuery, { first: 100, ...variables } as never, token.secret)).data!.auditLog!,
);
const beforeAll = it.beforeAll.bind(it);

beforeAll(({ owner }) => {
  secretsSeen.push(owner.secret);
});

describe('audit entries', () => {
  it('records every mutation exactly once, with the acting token, its IP and user agent, and no secret', async ({
    gw,
    owner,
    auditLog,
  }) => {
    const headers = { 'user-agent': 'audit-test/1.0' };
    const run = async <R, V>(document: Parameters<typeof gw.execute<R, V>>[0], variables: V) => {
      const response = await gw.execute(document, variables, owner.secret, headers);
      expect(response.errors).toBeUndefined();
      return response.data!;
    };
    const before = await auditLog();
    const project = (await run(CreateProjectMutation, { input: { name: 'audited', type: 'DEVELOPMENT' } })).createProject!.project;
    await run(UpdateProjectMutation, { input: { id: project.id, name: 'audited-2' } });
    const key = await run(CreateApiKeyMutation, { input: { projectId: project.id, kind: 'SECRET' } });
    secretsSeen.push(key.createApiKey!.secret);
    const keyId = key.createApiKey!.apiKey.id;
    await run(DeactivateApiKeyMutation, { id: keyId });
    await run(ActivateApiKeyMutation, { id: keyId });
    const rolled = await run(RollApiKeyMutation, { input: { id: keyId } });
    secretsSeen.push(rolled.rollApiKey!.secret);
    await run(DeleteApiKeyMutation, { id: rolled.rollApiKey!.apiKey.id });
    const hook = await run(CreateWebhookMutation, {
      input: { projectId: project.id, url: 'https://example.com/h', headers: [{ name: 'Authorization', value: 'Bearer receiver-secret' }] },
    });
    secretsSeen.push(hook.createWebhook!.secret, 'receiver-secret');
    const hookId = hook.createWebhook!.webhook.id;
    await run(UpdateWebhookMutation, { input: { id: hookId, description: 'changed' } });
    secretsSeen.push((await run(RotateWebhookSecretMutation, { id: hookId })).rotateWebhookSecret!.secret);
    await run(DeleteWebhookMutation, { id: hookId });
    const token = await run(CreateTokenBriefMutation, { input: { name: 'audited-token', scopes: ['READ'] } });
    secretsSeen.push(token.createManagementToken!.secret);
    const tokenId = token.createManagementToken!.token.id;
    await run(UpdateTokenMutation, { input: { id: tokenId, description: 'd' } });
    secretsSeen.push((await run(RotateTokenMutation, { input: { id: tokenId } })).rotateManagementToken!.secret);
    await run(DeactivateTokenMutation, { id: tokenId });
    await run(ActivateTokenMutation, { id: tokenId });
    await run(RevokeTokenMutation, { id: tokenId });
    await run(DeleteProjectMutation, { id: project.id });

    const after = await auditLog();
    const entries = after.edges.slice(0, after.totalCount - before.totalCount).map((edge) => edge.node);
    expect(entries.map((entry) => entry.action).reverse()).toEqual([
      'project.created',
      'project.updated',
      'api_key.created',
      'api_key.deactivated',
      'api_key.activated',
      'api_key.rolled',
      'api_key.deleted',
      'webhook.created',
      'webhook.updated',
      'webhook.secret_rotated',
      'webhook.deleted',
      'management_token.created',
      'management_token.updated',
      'management_token.rotated',
      'management_token.deactivated',
      'management_token.activated',
      'management_token.revoked',
      'project.deleted',
    ]);
    for (const entry of entries) {
      expect(entry.actor).toEqual({ kind: 'TOKEN', tokenId: owner.id, tokenName: 'owner', tokenPrefix: owner.secret.slice(0, 8) });
      expect(entry).toMatchObject({ clientIp: '127.0.0.1', userAgent: 'audit-test/1.0' });
    }
    expect(entries.find((entry) => entry.action === 'project.updated')!.summary).toEqual({ name: { from: 'audited', to: 'audited-2' } });
    expect(entries.find((entry) => entry.action === 'project.created')!.targetId).toBe(project.id);
  });

  it('records a mutation refused for a missing permission', async ({ gw, owner, auditLog }) => {
    const reader = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    secretsSeen.push(reader.secret);
    const refused = await gw.execute(CreateProjectMutation, { input: { name: 'nope', type: 'DEVELOPMENT' } }, reader.secret);
    expect(code(refused)).toBe('FORBIDDEN');
    const [entry] = (await auditLog({ action: 'authorization.denied', actorTokenId: reader.id })).edges.map((edge) => edge.node);
    expect(entry).toMatchObject({
      action: 'authorization.denied',
      actor: { kind: 'TOKEN', tokenId: reader.id },
      summary: { fields: [{ field: 'createProject', requiredPermission: 'projects:write', missingGrants: null }] },
    });
  });

  it('records CLI changes with the CLI as actor', async ({ gw, owner, auditLog }) => {
    await gw.gateway.services.workspaces.setPolicy(gw.orm.em.fork(), owner.workspaceId, { maxLiveTokens: 9 });
    const [entry] = (await auditLog({ action: 'workspace.policy_updated' })).edges.map((edge) => edge.node);
    expect(entry).toMatchObject({ actor: { kind: 'CLI', tokenId: null }, summary: { maxLiveTokens: { from: null, to: 9 } } });
  });

  it('filters by action, actor, target and time, and needs audit_log:read', async ({ gw, owner, auditLog }) => {
    const project = await gw.execute(CreateProjectMutation, { input: { name: 'filtered', type: 'DEVELOPMENT' } }, owner.secret);
    const projectId = project.data!.createProject!.project.id;
    const byTarget = await auditLog({ targetId: projectId });
    expect(byTarget.edges.map((edge) => edge.node.action)).toEqual(['project.created']);
    const future = await auditLog({ from: new Date(Date.now() + 60_000).toISOString() });
    expect(future.totalCount).toBe(0);
    const past = await auditLog({ to: new Date(Date.now() - 3_600_000).toISOString() });
    expect(past.totalCount).toBe(0);

    const noAudit = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    secretsSeen.push(noAudit.secret);
    expect(code(await gw.execute(AuditLogQuery, {}, noAudit.secret))).toBe('FORBIDDEN');
  });

  it("never shows another workspace's entries", async ({ gw, auditLog }) => {
    const other = await createWorkspaceWithOwner(gw);
    secretsSeen.push(other.secret);
    await gw.execute(CreateProjectMutation, { input: { name: 'theirs', type: 'DEVELOPMENT' } }, other.secret);
    const mine = await auditLog();
    expect(mine.edges.some((edge) => edge.node.actor.tokenId === other.id)).toBe(false);
  });

  it('holds no secret and no secret hash, in any entry or event, nor in any log line', async ({ gw }) => {
    const stored = JSON.stringify([
      await gw.orm.em.getConnection().execute('select * from audit_event'),
      await gw.orm.em.getConnection().execute('select * from event'),
    ]);
    const logs = gw.logs.join('\n');
    const tokens = await gw.orm.em.fork().find(ManagementToken, {});
    for (const secret of secretsSeen) {
      expect(stored).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    for (const token of tokens) expect(stored).not.toContain(token.secretHash);
  });
});

describe('background work', () => {
  const dispatcher = (gw: TestGateway) =>
    new WebhookDispatcher(
      gw.orm,
      gw.gateway.services.webhooks,
      new WebhookSender({ timeoutMs: 1000, allowInsecure: false }),
      { retrySchedule: [0], timeoutMs: 1000, pollMs: 60_000, auditRetentionDays: 30, eventRetentionDays: 30 },
      gw.gateway.logger,
    );

  it('emits management_token.expiring 7 days and 1 day ahead, and management_token.expired, once each', async ({ gw }) => {
    const workspace = await createWorkspaceWithOwner(gw);
    const token = await issueToken(gw, workspace.workspaceId, { scopes: ['read'], lifetime: 'DAYS_30' });
    const events = async () =>
      (
        await gw.orm.em
          .fork()
          .find(Event, { workspace: workspace.workspaceId, type: { $like: 'management_token.expir%' } }, { orderBy: { createdAt: 'asc' } })
      ).map((event) => `${event.type}:${String((event.payload['data'] as { expiresInDays?: number }).expiresInDays ?? '-')}`);
    const set = (days: number) =>
      gw.orm.em.fork().nativeUpdate(ManagementToken, { id: token.rowId }, { expiresAt: new Date(Date.now() + days * 86_400_000) });

    await dispatcher(gw).runOnce();
    expect(await events()).toEqual([]);
    await set(6.5);
    await dispatcher(gw).runOnce();
    await dispatcher(gw).runOnce();
    expect(await events()).toEqual(['management_token.expiring:7']);
    await set(0.5);
    await dispatcher(gw).runOnce();
    expect(await events()).toEqual(['management_token.expiring:7', 'management_token.expiring:1']);
    await set(-0.01);
    await dispatcher(gw).runOnce();
    await dispatcher(gw).runOnce();
    expect(await events()).toEqual(['management_token.expiring:7', 'management_token.expiring:1', 'management_token.expired:-']);
    const [expired] = await gw.orm.em.fork().find(Event, { workspace: workspace.workspaceId, type: 'management_token.expired' });
    expect((expired!.payload['data'] as { id: string }).id).toBe(encodeId('ManagementToken', token.rowId));
  });

  it('prunes audit entries past the retention period', async ({ gw, owner }) => {
    const em = gw.orm.em.fork();
    const old = await em.findOneOrFail(AuditEvent, { workspace: owner.workspaceId }, { orderBy: { createdAt: 'asc' } });
    await em.nativeUpdate(AuditEvent, { id: old.id }, { createdAt: new Date(Date.now() - 31 * 86_400_000) });
    await dispatcher(gw).runOnce();
    expect(await gw.orm.em.fork().count(AuditEvent, { id: old.id })).toBe(0);
    expect(await gw.orm.em.fork().count(AuditEvent, { workspace: owner.workspaceId })).toBeGreaterThan(0);
  });
});
