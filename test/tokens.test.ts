// The management-token lifecycle over GraphQL: issue, list, edit, rotate, deactivate, revoke,
// and the rules around them (secret shown once, limits, policy, names, no escalation).
import { describe, expect } from 'vitest';
import { ManagementToken } from '../src/modules/tokens/token.entity.js';
import { createWorkspace, createWorkspaceWithOwner, issueToken, uniqueName, type TestToken } from './helpers/factories.js';
import { code, field } from './helpers/errors.js';
import { cliActor } from '../src/modules/tokens/principal.js';
import { beforeAll, it } from './helpers/fixtures.js';
import {
  CreateTokenBriefMutation,
  CreateTokenMutation,
  DeactivateTokenMutation,
  ManagementTokenQuery,
  ManagementTokensQuery,
  NodeQuery,
  RevokeTokenMutation,
  RotateTokenMutation,
  UpdateTokenMutation,
  ViewerQuery,
} from './helpers/operations.js';

const DAY = 86_400_000;

describe('creating a token', () => {
  let owner: TestToken;
  beforeAll(async ({ gw }) => {
    owner = await createWorkspaceWithOwner(gw);
  });

  it('returns a working secret once, with the given permissions and a one-year default lifetime', async ({ gw }) => {
    const response = await gw.execute(
      CreateTokenMutation,
      { input: { name: 'ci-pipeline', description: 'deploys', permissions: ['PROJECTS_READ', 'PROJECTS_WRITE'] } },
      owner.secret,
    );
    expect(response.errors).toBeUndefined();
    const { secret, token } = response.data!.createManagementToken!;
    expect(secret).toMatch(/^mgw_[A-Za-z0-9]{36}$/);
    expect(token.prefix).toBe(secret.slice(0, 8));
    expect(token.status).toBe('ACTIVE');
    expect(token.grantedPermissions).toEqual(['PROJECTS_READ', 'PROJECTS_WRITE']);
    expect(token.createdBy).toEqual({ kind: 'TOKEN', token: { id: owner.id, name: 'owner' } });
    const lifetime = new Date(token.expiresAt!).getTime() - Date.now();
    expect(Math.abs(lifetime - 365 * DAY)).toBeLessThan(60_000);

    const viewer = await gw.execute(ViewerQuery, {}, secret);
    expect(viewer.data?.viewer.token.id).toBe(token.id);
    expect(viewer.data?.viewer.permissions.sort()).toEqual(['PROJECTS_READ', 'PROJECTS_WRITE']);
  });

  it('never returns the secret again: not by lookup, list or node', async ({ gw }) => {
    const created = await gw.execute(CreateTokenMutation, { input: { name: uniqueName('once'), scopes: ['READ'] } }, owner.secret);
    const { secret, token } = created.data!.createManagementToken!;
    const seen = JSON.stringify([
      await gw.post({ query: `{ managementToken(id: "${token.id}") { id name prefix } }` }, { authorization: `Bearer ${owner.secret}` }),
      await gw.execute(ManagementTokensQuery, { first: 100 }, owner.secret),
      await gw.execute(NodeQuery, { id: token.id }, owner.secret),
    ]);
    expect(seen).toContain(token.id);
    expect(seen).not.toContain(secret);
    expect(seen).not.toContain(secret.slice(8));
    const schemaHasSecret = await gw.post(
      { query: `{ managementToken(id: "${token.id}") { secret } }` },
      { authorization: `Bearer ${owner.secret}` },
    );
    expect(schemaHasSecret.errors?.[0]?.message).toMatch(/Cannot query field "secret"/);
  });

  it.for([
    ['DAYS_7', 7],
    ['DAYS_30', 30],
    ['DAYS_90', 90],
    ['YEAR_1', 365],
  ] as const)('accepts the lifetime %s', async ([lifetime, days], { gw }) => {
    const response = await gw.execute(
      CreateTokenMutation,
      { input: { name: uniqueName('life'), scopes: ['READ'], lifetime } },
      owner.secret,
    );
    const expiresAt = new Date(response.data!.createManagementToken!.token.expiresAt!).getTime();
    expect(Math.abs(expiresAt - Date.now() - days * DAY)).toBeLessThan(60_000);
    await gw.execute(RevokeTokenMutation, { id: response.data!.createManagementToken!.token.id }, owner.secret);
  });

  it('accepts a custom expiry date', async ({ gw }) => {
    const expiresAt = new Date(Date.now() + 3 * DAY).toISOString();
    const response = await gw.execute(
      CreateTokenMutation,
      { input: { name: uniqueName('custom'), scopes: ['READ'], expiresAt } },
      owner.secret,
    );
    expect(response.data?.createManagementToken?.token.expiresAt).toBe(expiresAt);
    await gw.execute(RevokeTokenMutation, { id: response.data!.createManagementToken!.token.id }, owner.secret);
  });

  it.for([
    ['an empty name', { name: '   ', scopes: ['READ'] }, 'name'],
    ['a name of 101 characters', { name: 'x'.repeat(101), scopes: ['READ'] }, 'name'],
    ['a name with a control character', { name: 'bad\u0007name', scopes: ['READ'] }, 'name'],
    ['no permission and no scope', { name: 'empty', permissions: [] }, 'permissions'],
    [
      'both lifetime and expiresAt',
      { name: 'both', scopes: ['READ'], lifetime: 'DAYS_7', expiresAt: new Date(Date.now() + DAY).toISOString() },
      'expiresAt',
    ],
    ['an expiry date in the past', { name: 'past', scopes: ['READ'], expiresAt: new Date(Date.now() - DAY).toISOString() }, 'expiresAt'],
    ['a description of 501 characters', { name: 'long', scopes: ['READ'], description: 'x'.repeat(501) }, 'description'],
  ] as const)('refuses %s with BAD_USER_INPUT naming the field', async ([, input, expectedField], { gw }) => {
    const response = await gw.execute(CreateTokenMutation, { input: input as never }, owner.secret);
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(field(response)).toBe(expectedField);
  });

  it('refuses an unknown permission before execution', async ({ gw }) => {
    const response = await gw.post(
      { query: 'mutation { createManagementToken(input: { name: "x", permissions: [EVERYTHING] }) { secret } }' },
      { authorization: `Bearer ${owner.secret}` },
    );
    expect(response.errors?.[0]?.message).toMatch(/EVERYTHING/);
    expect(response.data ?? null).toBeNull();
  });

  it('refuses a duplicate live name with CONFLICT, and frees the name once revoked', async ({ gw }) => {
    const name = uniqueName('dup');
    const first = await gw.execute(CreateTokenMutation, { input: { name, scopes: ['READ'] } }, owner.secret);
    const second = await gw.execute(CreateTokenMutation, { input: { name, scopes: ['READ'] } }, owner.secret);
    expect(code(second)).toBe('CONFLICT');
    expect(field(second)).toBe('name');

    await gw.execute(RevokeTokenMutation, { id: first.data!.createManagementToken!.token.id }, owner.secret);
    const third = await gw.execute(CreateTokenMutation, { input: { name, scopes: ['READ'] } }, owner.secret);
    expect(third.errors).toBeUndefined();
    await gw.execute(RevokeTokenMutation, { id: third.data!.createManagementToken!.token.id }, owner.secret);
  });
});

describe('no escalation', () => {
  it('refuses to grant a permission the caller does not hold', async ({ gw }) => {
    const owner = await createWorkspaceWithOwner(gw);
    const limited = await issueToken(gw, owner.workspaceId, { permissions: ['tokens:write', 'projects:read'] });
    const escalation = await gw.execute(
      CreateTokenMutation,
      { input: { name: 'sneaky', permissions: ['PROJECTS_WRITE'] } },
      limited.secret,
    );
    expect(code(escalation)).toBe('FORBIDDEN');
    expect(escalation.errors?.[0]?.extensions?.['missingGrants']).toEqual(['projects:write']);

    const allowed = await gw.execute(CreateTokenBriefMutation, { input: { name: 'fine', permissions: ['PROJECTS_READ'] } }, limited.secret);
    expect(allowed.errors).toBeUndefined();
  });

  it('refuses to grant a scope the caller holds only as individual permissions', async ({ gw }) => {
    const owner = await createWorkspaceWithOwner(gw);
    const reads = ['projects:read', 'api_keys:read', 'webhooks:read', 'tokens:read', 'audit_log:read'] as const;
    const limited = await issueToken(gw, owner.workspaceId, { permissions: [...reads, 'tokens:write'] });
    const escalation = await gw.execute(CreateTokenMutation, { input: { name: 'scoped', scopes: ['READ'] } }, limited.secret);
    expect(code(escalation)).toBe('FORBIDDEN');
  });

  it('refuses to rotate a token that holds more than the caller (it would hand over its secret)', async ({ gw }) => {
    const owner = await createWorkspaceWithOwner(gw);
    const limited = await issueToken(gw, owner.workspaceId, { permissions: ['tokens:write'] });
    const rotated = await gw.execute(RotateTokenMutation, { input: { id: owner.id } }, limited.secret);
    expect(code(rotated)).toBe('FORBIDDEN');
    expect((await gw.execute(ViewerQuery, {}, owner.secret)).status).toBe(200);
  });
});

describe('limits and policy', () => {
  it('refuses the 11th live token with LIMIT_EXCEEDED, and counts neither revoked nor expired ones', async ({ gw }) => {
    const owner = await createWorkspaceWithOwner(gw); // live token 1
    const ids: string[] = [];
    for (let i = 2; i <= 10; i++) {
      const response = await gw.execute(CreateTokenMutation, { input: { name: `t${i}`, scopes: ['READ'] } }, owner.secret);
      expect(response.errors).toBeUndefined();
      ids.push(response.data!.createManagementToken!.token.id);
    }
    const eleventh = await gw.execute(CreateTokenMutation, { input: { name: 't11', scopes: ['READ'] } }, owner.secret);
    expect(code(eleventh)).toBe('LIMIT_EXCEEDED');
    expect(eleventh.errors?.[0]?.extensions?.['limit']).toBe(10);

    // A deactivated token still counts (it can be activated again)...
    await gw.execute(DeactivateTokenMutation, { id: ids[0]! }, owner.secret);
    expect(code(await gw.execute(CreateTokenMutation, { input: { name: 't11', scopes: ['READ'] } }, owner.secret))).toBe('LIMIT_EXCEEDED');
    // ...a revoked one does not...
    await gw.execute(RevokeTokenMutation, { id: ids[0]! }, owner.secret);
    const replaced = await gw.execute(CreateTokenMutation, { input: { name: 't11', scopes: ['READ'] } }, owner.secret);
    expect(replaced.errors).toBeUndefined();
    // ...nor does an expired one.
    await gw.orm.em
      .fork()
      .nativeUpdate(ManagementToken, { name: 't3', workspace: owner.workspaceId }, { expiresAt: new Date(Date.now() - 1000) });
    expect((await gw.execute(CreateTokenMutation, { input: { name: 't12', scopes: ['READ'] } }, owner.secret)).errors).toBeUndefined();
  });

  it('holds the limit under concurrent creation', async ({ gw }) => {
    const owner = await createWorkspaceWithOwner(gw);
    const responses = await Promise.all(
      Array.from({ length: 15 }, (_, i) => gw.execute(CreateTokenMutation, { input: { name: `c${i}`, scopes: ['READ'] } }, owner.secret)),
    );
    expect(responses.filter((r) => !r.errors)).toHaveLength(9);
    expect(responses.filter((r) => code(r) === 'LIMIT_EXCEEDED')).toHaveLength(6);
  });

  it('follows a workspace limit set by an operator', async ({ gw }) => {
    const owner = await createWorkspaceWithOwner(gw);
    await gw.gateway.services.workspaces.setPolicy(gw.orm.em.fork(), owner.workspaceId, { maxLiveTokens: 2 });
    expect((await gw.execute(CreateTokenMutation, { input: { name: 'second', scopes: ['READ'] } }, owner.secret)).errors).toBeUndefined();
    expect(code(await gw.execute(CreateTokenMutation, { input: { name: 'third', scopes: ['READ'] } }, owner.secret))).toBe(
      'LIMIT_EXCEEDED',
    );
  });

  it('refuses a never-expiring token unless the policy allows it', async ({ gw }) => {
    const owner = await createWorkspaceWithOwner(gw);
    const refused = await gw.execute(
      CreateTokenMutation,
      { input: { name: 'forever', scopes: ['READ'], lifetime: 'NEVER' } },
      owner.secret,
    );
    expect(code(refused)).toBe('BAD_USER_INPUT');
    expect(field(refused)).toBe('lifetime');

    await gw.gateway.services.workspaces.setPolicy(gw.orm.em.fork(), owner.workspaceId, { allowNeverExpiringTokens: true });
    // A token that expires cannot create one that never does...
    const outlives = await gw.execute(
      CreateTokenMutation,
      { input: { name: 'forever', scopes: ['READ'], lifetime: 'NEVER' } },
      owner.secret,
    );
    expect(code(outlives)).toBe('BAD_USER_INPUT');
    expect(outlives.errors?.[0]?.message).toMatch(/outlives it/);
    // ...but a never-expiring one (issued by an operator) can.
    const immortal = await issueToken(gw, owner.workspaceId, { scopes: ['read', 'write'], lifetime: 'NEVER' });
    const allowed = await gw.execute(
      CreateTokenMutation,
      { input: { name: 'forever', scopes: ['READ'], lifetime: 'NEVER' } },
      immortal.secret,
    );
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data?.createManagementToken?.token.expiresAt).toBeNull();
  });

  it('refuses a far-future custom date where never-expiring tokens are not allowed', async ({ gw }) => {
    const owner = await createWorkspaceWithOwner(gw);
    const response = await gw.execute(
      CreateTokenMutation,
      { input: { name: 'almost-forever', scopes: ['READ'], expiresAt: '9999-12-31T00:00:00Z' } },
      owner.secret,
    );
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(field(response)).toBe('expiresAt');
  });

  it('never lets a token mint one that outlives it or escapes its rate limit', async ({ gw }) => {
    const owner = await createWorkspaceWithOwner(gw);
    const shortLived = await issueToken(gw, owner.workspaceId, { scopes: ['read', 'write'], lifetime: 'DAYS_7' });
    await gw.gateway.services.tokens.setRateLimit(gw.orm.em.fork(), cliActor(owner.workspaceId), shortLived.rowId, 50, 60);
    const minted = await gw.execute(
      CreateTokenMutation,
      { input: { name: 'escape', scopes: ['READ'], lifetime: 'YEAR_1' } },
      shortLived.secret,
    );
    expect(minted.errors).toBeUndefined();
    const expiresAt = new Date(minted.data!.createManagementToken!.token.expiresAt!).getTime();
    expect(Math.abs(expiresAt - Date.now() - 7 * DAY)).toBeLessThan(60_000);
    const viewer = await gw.execute(ViewerQuery, {}, minted.data!.createManagementToken!.secret);
    expect(viewer.headers.get('ratelimit-policy')).toBe('"token";q=50;w=60');

    const custom = await gw.execute(
      CreateTokenMutation,
      { input: { name: 'escape-2', scopes: ['READ'], expiresAt: new Date(Date.now() + 30 * DAY).toISOString() } },
      shortLived.secret,
    );
    expect(field(custom)).toBe('expiresAt');
  });

  it('never issues beyond the policy maximum lifetime, and caps the default to it', async ({ gw }) => {
    const owner = await createWorkspaceWithOwner(gw);
    await gw.gateway.services.workspaces.setPolicy(gw.orm.em.fork(), owner.workspaceId, { maxTokenLifetimeDays: 30 });
    const tooLong = await gw.execute(CreateTokenMutation, { input: { name: 'long', scopes: ['READ'], lifetime: 'DAYS_90' } }, owner.secret);
    expect(code(tooLong)).toBe('BAD_USER_INPUT');
    const tooLate = await gw.execute(
      CreateTokenMutation,
      { input: { name: 'late', scopes: ['READ'], expiresAt: new Date(Date.now() + 31 * DAY).toISOString() } },
      owner.secret,
    );
    expect(field(tooLate)).toBe('expiresAt');
    const defaulted = await gw.execute(CreateTokenMutation, { input: { name: 'default', scopes: ['READ'] } }, owner.secret);
    const expiresAt = new Date(defaulted.data!.createManagementToken!.token.expiresAt!).getTime();
    expect(Math.abs(expiresAt - Date.now() - 30 * DAY)).toBeLessThan(60_000);
  });
});

describe('editing, deactivating, revoking', () => {
  let owner: TestToken;
  beforeAll(async ({ gw }) => {
    owner = await createWorkspaceWithOwner(gw);
  });

  it('renames a token and edits or clears its description', async ({ gw }) => {
    const token = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    const renamed = await gw.execute(
      UpdateTokenMutation,
      { input: { id: token.id, name: 'renamed', description: 'for backups' } },
      owner.secret,
    );
    expect(renamed.data?.updateManagementToken?.token).toEqual({
      id: token.id,
      name: 'renamed',
      description: 'for backups',
      allowedCidrs: null,
    });
    const cleared = await gw.execute(UpdateTokenMutation, { input: { id: token.id, description: '' } }, owner.secret);
    expect(cleared.data?.updateManagementToken?.token.description).toBeNull();
    const clash = await gw.execute(UpdateTokenMutation, { input: { id: token.id, name: 'owner' } }, owner.secret);
    expect(code(clash)).toBe('CONFLICT');
  });

  it('keeps revocation idempotent and irreversible, and refuses to edit a revoked token', async ({ gw }) => {
    const token = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    const first = await gw.execute(RevokeTokenMutation, { id: token.id }, owner.secret);
    const second = await gw.execute(RevokeTokenMutation, { id: token.id }, owner.secret);
    expect(second.data?.revokeManagementToken?.token.revokedAt).toBe(first.data?.revokeManagementToken?.token.revokedAt);
    expect(code(await gw.execute(DeactivateTokenMutation, { id: token.id }, owner.secret))).toBe('CONFLICT');
    expect(code(await gw.execute(UpdateTokenMutation, { input: { id: token.id, name: 'zombie' } }, owner.secret))).toBe('CONFLICT');
    expect(code(await gw.execute(RotateTokenMutation, { input: { id: token.id } }, owner.secret))).toBe('CONFLICT');
  });
});

describe('rotation', () => {
  let owner: TestToken;
  beforeAll(async ({ gw }) => {
    owner = await createWorkspaceWithOwner(gw);
  });

  it('without a grace period: the new secret works and the old one stops at once', async ({ gw }) => {
    const token = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    const rotated = await gw.execute(RotateTokenMutation, { input: { id: token.id } }, owner.secret);
    const { secret, token: after } = rotated.data!.rotateManagementToken!;
    expect(secret).not.toBe(token.secret);
    expect(after.prefix).toBe(secret.slice(0, 8));
    expect(after.previousSecretExpiresAt).toBeNull();
    expect((await gw.execute(ViewerQuery, {}, secret)).data?.viewer.token.id).toBe(token.id);
    const old = await gw.execute(ViewerQuery, {}, token.secret);
    expect(old.status).toBe(401);
    expect(code(old)).toBe('UNAUTHENTICATED');
  });

  it('with a grace period: both secrets work until it ends, then only the new one', async ({ gw }) => {
    const token = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    const rotated = await gw.execute(RotateTokenMutation, { input: { id: token.id, gracePeriod: 'ONE_HOUR' } }, owner.secret);
    const { secret, token: after } = rotated.data!.rotateManagementToken!;
    const graceEnd = new Date(after.previousSecretExpiresAt!).getTime();
    expect(Math.abs(graceEnd - Date.now() - 3_600_000)).toBeLessThan(60_000);
    expect((await gw.execute(ViewerQuery, {}, secret)).status).toBe(200);
    expect((await gw.execute(ViewerQuery, {}, token.secret)).status).toBe(200);

    // The grace period ends.
    await gw.orm.em.fork().nativeUpdate(ManagementToken, { id: token.rowId }, { previousSecretExpiresAt: new Date(Date.now() - 1000) });
    // Written past the services (no waiter): it applies once the cache has caught up, within one lease.
    await gw.gateway.tokenCache.synced();
    expect((await gw.execute(ViewerQuery, {}, token.secret)).status).toBe(401);
    expect((await gw.execute(ViewerQuery, {}, secret)).status).toBe(200);
  });

  it('a second rotation ends the grace of the first secret at once', async ({ gw }) => {
    const token = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    const first = await gw.execute(RotateTokenMutation, { input: { id: token.id, gracePeriod: 'ONE_DAY' } }, owner.secret);
    await gw.execute(RotateTokenMutation, { input: { id: token.id, gracePeriod: 'ONE_DAY' } }, owner.secret);
    expect((await gw.execute(ViewerQuery, {}, token.secret)).status).toBe(401);
    expect((await gw.execute(ViewerQuery, {}, first.data!.rotateManagementToken!.secret)).status).toBe(200);
  });

  it('revoking ends a grace period too', async ({ gw }) => {
    const token = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    await gw.execute(RotateTokenMutation, { input: { id: token.id, gracePeriod: 'ONE_DAY' } }, owner.secret);
    await gw.execute(RevokeTokenMutation, { id: token.id }, owner.secret);
    expect((await gw.execute(ViewerQuery, {}, token.secret)).status).toBe(401);
  });
});

describe('listing and workspace isolation', () => {
  it('lists newest first, hides revoked tokens unless asked, and filters by status', async ({ gw }) => {
    const owner = await createWorkspaceWithOwner(gw);
    const a = await issueToken(gw, owner.workspaceId, { scopes: ['read'], name: 'a' });
    const b = await issueToken(gw, owner.workspaceId, { scopes: ['read'], name: 'b' });
    const c = await issueToken(gw, owner.workspaceId, { scopes: ['read'], name: 'c' });
    await gw.execute(RevokeTokenMutation, { id: b.id }, owner.secret);
    await gw.execute(DeactivateTokenMutation, { id: c.id }, owner.secret);

    const names = async (variables: Parameters<typeof gw.execute<unknown, object>>[1]) =>
      (await gw.execute(ManagementTokensQuery, variables as never, owner.secret)).data!.managementTokens!.edges.map((e) => e.node.name);
    expect(await names({})).toEqual(['c', 'a', 'owner']);
    expect(await names({ includeRevoked: true })).toEqual(['c', 'b', 'a', 'owner']);
    expect(await names({ status: 'REVOKED' })).toEqual(['b']);
    expect(await names({ status: 'DEACTIVATED' })).toEqual(['c']);
    expect(await names({ status: 'ACTIVE' })).toEqual(['a', 'owner']);
    const total = await gw.execute(ManagementTokensQuery, { includeRevoked: true }, owner.secret);
    expect(total.data?.managementTokens?.totalCount).toBe(4);
    expect(a.id).toMatch(/^tok_/);
  });

  it("answers NOT_FOUND for another workspace's token, directly, via node and via every mutation", async ({ gw }) => {
    const mine = await createWorkspaceWithOwner(gw);
    const theirs = await issueToken(gw, await createWorkspace(gw), { scopes: ['read', 'write'] });
    const attempts = [
      await gw.execute(ManagementTokenQuery, { id: theirs.id }, mine.secret),
      await gw.execute(NodeQuery, { id: theirs.id }, mine.secret),
      await gw.execute(UpdateTokenMutation, { input: { id: theirs.id, name: 'mine now' } }, mine.secret),
      await gw.execute(RotateTokenMutation, { input: { id: theirs.id } }, mine.secret),
      await gw.execute(DeactivateTokenMutation, { id: theirs.id }, mine.secret),
      await gw.execute(RevokeTokenMutation, { id: theirs.id }, mine.secret),
    ];
    for (const attempt of attempts) expect(code(attempt)).toBe('NOT_FOUND');
    expect((await gw.execute(ViewerQuery, {}, theirs.secret)).status).toBe(200);
    const list = await gw.execute(ManagementTokensQuery, { first: 100 }, mine.secret);
    expect(list.data?.managementTokens?.edges.map((e) => e.node.id)).not.toContain(theirs.id);
  });

  it('answers NOT_FOUND for ids that are garbage or of another type', async ({ gw }) => {
    const owner = await createWorkspaceWithOwner(gw);
    for (const id of ['nonsense', 'tok_', 'tok_!!!!!!!!!!!!!!!!!!!!!!', owner.id.replace('tok_', 'prj_')]) {
      expect(code(await gw.execute(ManagementTokenQuery, { id }, owner.secret))).toBe('NOT_FOUND');
    }
  });
});
