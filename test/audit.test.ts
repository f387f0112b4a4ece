// The audit log: every mutation (GraphQL or CLI) leaves exactly one entry with the right actor,
// refused mutations are recorded too, no secret is ever in an entry or a log line, the log is
// filterable, old entries are pruned, and token expiry becomes an event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId, encodeId } from '../src/lib/ids.js';
import { cliActor } from '../src/modules/activity/index.js';
import { AuditEvent } from '../src/modules/activity/audit-event.entity.js';
import { Maintenance } from '../src/modules/maintenance/index.js';
import { Event } from '../src/modules/activity/event.entity.js';
import { ManagementToken } from '../src/modules/tokens/token.entity.js';
import { code } from './helpers/errors.js';
import { createWorkspaceWithOwner, issueToken, type TestToken } from './helpers/factories.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
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

let gw: TestGateway;
let owner: TestToken;
const secretsSeen: string[] = [];

beforeAll(async () => {
  gw = await startGateway();
  owner = await createWorkspaceWithOwner(gw);
  secretsSeen.push(owner.secret);
});
afterAll(() => gw?.close());

const auditLog = async (variables: Parameters<typeof gw.execute<unknown, object>>[1] = {}, token = owner) =>
  (await gw.execute(AuditLogQuery, { first: 100, ...variables } as never, token.secret)).data!.auditLog!;

describe('audit entries', () => {
  it('records every mutation exactly once, with the acting token, its IP and user agent, and no secret', async () => {
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

  it('records a mutation refused for a missing permission', async () => {
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

  it('records CLI changes with the CLI as actor', async () => {
    await gw.gateway.services.workspaces.setPolicy(gw.orm.em.fork(), owner.workspaceId, { maxLiveTokens: 9 });
    const [entry] = (await auditLog({ action: 'workspace.policy_updated' })).edges.map((edge) => edge.node);
    expect(entry).toMatchObject({ actor: { kind: 'CLI', tokenId: null }, summary: { maxLiveTokens: { from: null, to: 9 } } });
  });

  it('filters by action, actor, target and time, and needs audit_log:read', async () => {
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

  it("never shows another workspace's entries", async () => {
    const other = await createWorkspaceWithOwner(gw);
    secretsSeen.push(other.secret);
    await gw.execute(CreateProjectMutation, { input: { name: 'theirs', type: 'DEVELOPMENT' } }, other.secret);
    const mine = await auditLog();
    expect(mine.edges.some((edge) => edge.node.actor.tokenId === other.id)).toBe(false);
  });

  it('holds no secret and no secret hash, in any entry or event, nor in any log line', async () => {
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

describe('updates that change nothing', () => {
  it('are audited (and emitted) for no object: project, webhook, token, rate limit, workspace policy', async () => {
    const run = async <R, V>(document: Parameters<typeof gw.execute<R, V>>[0], variables: V) => {
      const response = await gw.execute(document, variables, owner.secret);
      expect(response.errors).toBeUndefined();
      return response.data!;
    };
    const project = (await run(CreateProjectMutation, { input: { name: 'unchanged', type: 'DEVELOPMENT' } })).createProject!.project;
    const hook = await run(CreateWebhookMutation, {
      input: { projectId: project.id, url: 'https://example.com/same', eventTypes: ['project.updated'] },
    });
    const hookId = hook.createWebhook!.webhook.id;
    const token = await run(CreateTokenBriefMutation, { input: { name: 'unchanged-token', scopes: ['READ'] } });
    const tokenId = token.createManagementToken!.token.id;
    const entries = async () => (await auditLog()).totalCount;
    const events = () => gw.orm.em.fork().count(Event, { workspace: owner.workspaceId });
    const [entriesBefore, eventsBefore] = [await entries(), await events()];

    await run(UpdateProjectMutation, { input: { id: project.id, name: 'unchanged' } });
    await run(UpdateWebhookMutation, { input: { id: hookId, url: 'https://example.com/same', eventTypes: ['project.updated'] } });
    await run(UpdateTokenMutation, { input: { id: tokenId, name: 'unchanged-token' } });
    const em = gw.orm.em.fork();
    await gw.gateway.services.tokens.setRateLimit(em, cliActor(owner.workspaceId), decodeId(tokenId)!.uuid, null, null);
    await gw.gateway.services.workspaces.setPolicy(em, owner.workspaceId, {});

    expect(await entries()).toBe(entriesBefore);
    expect(await events()).toBe(eventsBefore);
    // Not vacuous: a real change is audited.
    await run(UpdateTokenMutation, { input: { id: tokenId, name: 'changed-token' } });
    expect(await entries()).toBe(entriesBefore + 1);
  });
});

describe('workspace names', () => {
  it('follow the rules of every other name (nameSchema): no control characters, at most 100 characters', async () => {
    const em = gw.orm.em.fork();
    await expect(gw.gateway.services.workspaces.create(em, 'tab\there')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'name' },
      message: 'name: must not contain control characters.',
    });
    await expect(gw.gateway.services.workspaces.create(em, 'x'.repeat(101))).rejects.toMatchObject({
      message: 'name: must be at most 100 characters.',
    });
    expect((await gw.gateway.services.workspaces.create(em, '  trimmed  ')).name).toBe('trimmed');
  });
});

describe('background work', () => {
  const maintenance = () =>
    new Maintenance(gw.orm, gw.gateway.services.tokens, { auditRetentionDays: 30, eventRetentionDays: 30 }, gw.gateway.logger);

  it('emits management_token.expiring 7 days and 1 day ahead, and management_token.expired, once each', async () => {
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

    await maintenance().runOnce();
    expect(await events()).toEqual([]);
    await set(6.5);
    await maintenance().runOnce();
    await maintenance().runOnce();
    expect(await events()).toEqual(['management_token.expiring:7']);
    await set(0.5);
    await maintenance().runOnce();
    expect(await events()).toEqual(['management_token.expiring:7', 'management_token.expiring:1']);
    await set(-0.01);
    await maintenance().runOnce();
    await maintenance().runOnce();
    expect(await events()).toEqual(['management_token.expiring:7', 'management_token.expiring:1', 'management_token.expired:-']);
    const [expired] = await gw.orm.em.fork().find(Event, { workspace: workspace.workspaceId, type: 'management_token.expired' });
    expect((expired!.payload['data'] as { id: string }).id).toBe(encodeId('ManagementToken', token.rowId));
  });

  it('prunes audit entries past the retention period', async () => {
    const em = gw.orm.em.fork();
    const old = await em.findOneOrFail(AuditEvent, { workspace: owner.workspaceId }, { orderBy: { createdAt: 'asc' } });
    await em.nativeUpdate(AuditEvent, { id: old.id }, { createdAt: new Date(Date.now() - 31 * 86_400_000) });
    await maintenance().runOnce();
    expect(await gw.orm.em.fork().count(AuditEvent, { id: old.id })).toBe(0);
    expect(await gw.orm.em.fork().count(AuditEvent, { workspace: owner.workspaceId })).toBeGreaterThan(0);
  });

  it('prunes the audit log where webhooks are not delivered (DISPATCHER_ENABLED=false, MAINTENANCE_ENABLED on)', async () => {
    const em = gw.orm.em.fork();
    const old = await em.findOneOrFail(AuditEvent, { workspace: owner.workspaceId }, { orderBy: { createdAt: 'asc' } });
    await em.nativeUpdate(AuditEvent, { id: old.id }, { createdAt: new Date(Date.now() - 400 * 86_400_000) });
    // A second instance on the same database: no dispatcher, maintenance on (its default).
    const other = await startGateway({ database: gw.database, env: { DISPATCHER_ENABLED: 'false', MAINTENANCE_ENABLED: 'true' } });
    try {
      expect(other.config.MAINTENANCE_ENABLED).toBe(true);
      // Its first pass starts with the gateway.
      await other.gateway.maintenance.idle();
      expect(await gw.orm.em.fork().count(AuditEvent, { id: old.id })).toBe(0);
    } finally {
      await other.close();
    }
  });
});
