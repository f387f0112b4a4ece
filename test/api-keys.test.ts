// Project API keys: values shown once (SECRET) or readable (PUBLIC), hashes only in the database,
// rolling with and without grace, deactivation, deletion, verification, and workspace isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../src/lib/errors.js';
import { decodeId } from '../src/lib/ids.js';
import { hashSecret } from '../src/lib/secrets.js';
import { cliActor } from '../src/modules/activity/index.js';
import { ApiKey } from '../src/modules/api-keys/api-key.entity.js';
import { createWorkspace, createWorkspaceWithOwner, issueToken, type TestToken } from './helpers/factories.js';
import { code } from './helpers/errors.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import {
  ActivateApiKeyMutation,
  ApiKeyQuery,
  CreateApiKeyMutation,
  CreateProjectMutation,
  DeactivateApiKeyMutation,
  DeleteApiKeyMutation,
  DeleteProjectMutation,
  NodeQuery,
  NodesQuery,
  ProjectApiKeysQuery,
  RollApiKeyMutation,
  VerifyApiKeyQuery,
} from './helpers/operations.js';

let gw: TestGateway;
let owner: TestToken;
let projectId: string;

beforeAll(async () => {
  gw = await startGateway({ countQueries: true });
  owner = await createWorkspaceWithOwner(gw);
  projectId = await newProject(owner, 'api');
});
afterAll(() => gw?.close());

async function newProject(token: TestToken, name: string): Promise<string> {
  const created = await gw.execute(CreateProjectMutation, { input: { name, type: 'PRODUCTION' } }, token.secret);
  return created.data!.createProject!.project.id;
}

async function createKey(kind: 'PUBLIC' | 'SECRET', project = projectId, token = owner, name?: string) {
  const response = await gw.execute(CreateApiKeyMutation, { input: { projectId: project, kind, name } }, token.secret);
  expect(response.errors).toBeUndefined();
  return response.data!.createApiKey!;
}

const verify = (key: string, token = owner) => gw.execute(VerifyApiKeyQuery, { key }, token.secret);

describe('creating and reading API keys', () => {
  it('returns a SECRET key once, and never again: not by lookup, list or node', async () => {
    const { secret, apiKey } = await createKey('SECRET', projectId, owner, 'backend');
    expect(secret).toMatch(/^sk_[A-Za-z0-9]{36}$/);
    expect(apiKey).toMatchObject({
      kind: 'SECRET',
      name: 'backend',
      prefix: secret.slice(0, 7),
      value: null,
      status: 'ACTIVE',
      expiresAt: null,
    });
    expect(apiKey.id).toMatch(/^key_/);
    const seen = JSON.stringify([
      await gw.execute(ApiKeyQuery, { id: apiKey.id }, owner.secret),
      await gw.execute(ProjectApiKeysQuery, { id: projectId, first: 100 }, owner.secret),
      await gw.execute(NodeQuery, { id: apiKey.id }, owner.secret),
      await gw.execute(NodesQuery, { ids: [apiKey.id] }, owner.secret),
    ]);
    expect(seen).toContain(apiKey.id);
    expect(seen).not.toContain(secret);
    expect(seen).not.toContain(secret.slice(7));
  });

  it('shows a PUBLIC key value to readers', async () => {
    const { secret, apiKey } = await createKey('PUBLIC');
    expect(secret).toMatch(/^pk_[A-Za-z0-9]{36}$/);
    expect(apiKey.value).toBe(secret);
    const reader = await issueToken(gw, owner.workspaceId, { permissions: ['api_keys:read'] });
    expect((await gw.execute(ApiKeyQuery, { id: apiKey.id }, reader.secret)).data?.apiKey?.value).toBe(secret);
  });

  it('stores only hashes of SECRET keys', async () => {
    const { secret, apiKey } = await createKey('SECRET');
    const rows = await gw.orm.em.getConnection().execute('select * from api_key');
    expect(JSON.stringify(rows)).not.toContain(secret.slice(3));
    const row = await gw.orm.em.fork().findOneOrFail(ApiKey, { secretHash: hashSecret(secret) });
    expect(row.publicValue).toBeNull();
    expect(apiKey.id).toMatch(/^key_/);
  });

  it("lists a project's keys newest first, filtered by kind, with a total", async () => {
    const project = await newProject(owner, 'listing');
    const a = await createKey('PUBLIC', project);
    const b = await createKey('SECRET', project);
    const c = await createKey('SECRET', project);
    const all = await gw.execute(ProjectApiKeysQuery, { id: project }, owner.secret);
    expect(all.data?.project?.apiKeys.edges.map((e) => e.node.id)).toEqual([c.apiKey.id, b.apiKey.id, a.apiKey.id]);
    expect(all.data?.project?.apiKeys.totalCount).toBe(3);
    const secretOnly = await gw.execute(ProjectApiKeysQuery, { id: project, kind: 'SECRET' }, owner.secret);
    expect(secretOnly.data?.project?.apiKeys.totalCount).toBe(2);
    const page = await gw.execute(ProjectApiKeysQuery, { id: project, first: 2 }, owner.secret);
    const next = await gw.execute(
      ProjectApiKeysQuery,
      { id: project, first: 2, after: page.data!.project!.apiKeys.pageInfo.endCursor },
      owner.secret,
    );
    expect(next.data?.project?.apiKeys.edges.map((e) => e.node.id)).toEqual([a.apiKey.id]);
  });

  it('refuses a bad name and an unknown project', async () => {
    const badName = await gw.execute(CreateApiKeyMutation, { input: { projectId, kind: 'SECRET', name: 'x'.repeat(101) } }, owner.secret);
    expect(code(badName)).toBe('BAD_USER_INPUT');
    expect(badName.errors?.[0]?.extensions?.['field']).toBe('name');
    const nowhere = await gw.execute(
      CreateApiKeyMutation,
      { input: { projectId: 'prj_0000000000000000000000', kind: 'SECRET' } },
      owner.secret,
    );
    expect(code(nowhere)).toBe('NOT_FOUND');
  });
});

describe('verification', () => {
  it('accepts a valid key with its project and kind, in one indexed lookup, and records lastUsedAt', async () => {
    const { secret, apiKey } = await createKey('SECRET');
    const before = gw.queries.length;
    const response = await verify(secret);
    const sql = gw.queries.slice(before);
    expect(response.data?.verifyApiKey).toEqual({
      valid: true,
      reason: null,
      kind: 'SECRET',
      project: { id: projectId, name: 'api' },
      apiKey: { id: apiKey.id },
    });
    // One lookup of the key (the rest resolve the project and the caller's token).
    expect(sql.filter((statement) => /from "api_key"/.test(statement))).toHaveLength(1);
    expect(sql.find((statement) => /from "api_key"/.test(statement))).toMatch(/secret_hash/);

    await gw.gateway.services.usage.apiKeys.flush();
    const read = await gw.execute(ApiKeyQuery, { id: apiKey.id }, owner.secret);
    expect(read.data?.apiKey?.lastUsedAt).not.toBeNull();
  });

  it('answers MALFORMED without a database read, UNKNOWN for a well-formed stranger', async () => {
    const { secret } = await createKey('SECRET');
    const before = gw.queries.length;
    const typo = await verify(`${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`);
    expect(typo.data?.verifyApiKey).toMatchObject({ valid: false, reason: 'MALFORMED' });
    expect(gw.queries.slice(before).some((statement) => /api_key/.test(statement))).toBe(false);
    expect((await verify('hello')).data?.verifyApiKey?.reason).toBe('MALFORMED');

    const stranger = await createKey('SECRET');
    await gw.orm.em.fork().nativeDelete(ApiKey, { secretHash: hashSecret(stranger.secret) });
    expect((await verify(stranger.secret)).data?.verifyApiKey).toMatchObject({ valid: false, reason: 'UNKNOWN', project: null });
  });

  it('answers DELETED for a deleted key, which stops at once', async () => {
    const { secret, apiKey } = await createKey('SECRET');
    const deleted = await gw.execute(DeleteApiKeyMutation, { id: apiKey.id }, owner.secret);
    expect(deleted.data?.deleteApiKey?.deletedApiKeyId).toBe(apiKey.id);
    expect((await verify(secret)).data?.verifyApiKey).toMatchObject({ valid: false, reason: 'DELETED', apiKey: null });
    expect(code(await gw.execute(ApiKeyQuery, { id: apiKey.id }, owner.secret))).toBe('NOT_FOUND');
    expect(code(await gw.execute(DeleteApiKeyMutation, { id: apiKey.id }, owner.secret))).toBe('NOT_FOUND');
  });

  it('answers DEACTIVATED while a key is deactivated, and valid again once activated', async () => {
    const { secret, apiKey } = await createKey('PUBLIC');
    expect((await gw.execute(DeactivateApiKeyMutation, { id: apiKey.id }, owner.secret)).data?.deactivateApiKey?.apiKey.status).toBe(
      'DEACTIVATED',
    );
    expect((await verify(secret)).data?.verifyApiKey?.reason).toBe('DEACTIVATED');
    expect((await gw.execute(ActivateApiKeyMutation, { id: apiKey.id }, owner.secret)).data?.activateApiKey?.apiKey.status).toBe('ACTIVE');
    expect((await verify(secret)).data?.verifyApiKey?.valid).toBe(true);
  });

  it("answers UNKNOWN for another workspace's key (it does not exist from here)", async () => {
    const other = await issueToken(gw, await createWorkspace(gw));
    const theirProject = await newProject(other, 'theirs');
    const { secret } = await createKey('SECRET', theirProject, other);
    expect((await verify(secret)).data?.verifyApiKey).toMatchObject({ valid: false, reason: 'UNKNOWN', project: null, apiKey: null });
    expect((await verify(secret, other)).data?.verifyApiKey?.valid).toBe(true);
  });
});

describe('rolling', () => {
  it('answers NOT_FOUND, not INTERNAL, for a key deleted between its lookup and the roll', async () => {
    const { apiKey } = await createKey('SECRET', projectId, owner, 'vanishing');
    const rowId = decodeId(apiKey.id)!.uuid;
    const em = gw.orm.em.fork();
    // The key goes (with its project, say) after the roll has looked it up, before its transaction reads it again.
    const transactional = em.transactional.bind(em);
    em.transactional = (async (work: Parameters<typeof transactional>[0]) => {
      await gw.orm.em.fork().nativeDelete(ApiKey, { id: rowId });
      return transactional(work);
    }) as typeof em.transactional;
    const refused = await gw.gateway.services.apiKeys.roll(em, cliActor(owner.workspaceId), rowId).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'NOT_FOUND', extensions: { code: 'NOT_FOUND', id: apiKey.id } });
  });

  it('without grace: the new key works, the old one is expired at once', async () => {
    const old = await createKey('SECRET', projectId, owner, 'rolled');
    const rolled = await gw.execute(RollApiKeyMutation, { input: { id: old.apiKey.id } }, owner.secret);
    const { secret, apiKey, previousApiKey } = rolled.data!.rollApiKey!;
    expect(secret).not.toBe(old.secret);
    expect(apiKey).toMatchObject({ kind: 'SECRET', name: 'rolled', rolledFrom: { id: old.apiKey.id }, status: 'ACTIVE' });
    expect(previousApiKey?.status).toBe('EXPIRED');
    expect((await verify(secret)).data?.verifyApiKey?.valid).toBe(true);
    expect((await verify(old.secret)).data?.verifyApiKey?.reason).toBe('EXPIRED');
    const listed = await gw.execute(ProjectApiKeysQuery, { id: projectId, first: 100 }, owner.secret);
    expect(listed.data?.project?.apiKeys.edges.map((e) => e.node.id)).not.toContain(old.apiKey.id);
    const withExpired = await gw.execute(ProjectApiKeysQuery, { id: projectId, first: 100, includeExpired: true }, owner.secret);
    expect(withExpired.data?.project?.apiKeys.edges.map((e) => e.node.id)).toContain(old.apiKey.id);
  });

  it('with grace: the old key works until its expiresAt, then answers EXPIRED', async () => {
    const old = await createKey('PUBLIC');
    const rolled = await gw.execute(RollApiKeyMutation, { input: { id: old.apiKey.id, gracePeriod: 'ONE_DAY' } }, owner.secret);
    const { secret, previousApiKey } = rolled.data!.rollApiKey!;
    const expiresAt = new Date(previousApiKey!.expiresAt!).getTime();
    expect(Math.abs(expiresAt - Date.now() - 86_400_000)).toBeLessThan(60_000);
    expect((await verify(old.secret)).data?.verifyApiKey?.valid).toBe(true);
    expect((await verify(secret)).data?.verifyApiKey?.valid).toBe(true);

    await gw.orm.em.fork().nativeUpdate(ApiKey, { secretHash: hashSecret(old.secret) }, { expiresAt: new Date(Date.now() - 1000) });
    expect((await verify(old.secret)).data?.verifyApiKey?.reason).toBe('EXPIRED');
    expect((await verify(secret)).data?.verifyApiKey?.valid).toBe(true);
  });

  it('refuses to roll a key twice', async () => {
    const old = await createKey('SECRET');
    await gw.execute(RollApiKeyMutation, { input: { id: old.apiKey.id, gracePeriod: 'ONE_HOUR' } }, owner.secret);
    const again = await gw.execute(RollApiKeyMutation, { input: { id: old.apiKey.id } }, owner.secret);
    expect(code(again)).toBe('CONFLICT');
  });
});

describe('isolation and cascades', () => {
  it("answers NOT_FOUND for another workspace's keys: direct, node, nested, every mutation", async () => {
    const other = await issueToken(gw, await createWorkspace(gw));
    const theirProject = await newProject(other, 'isolated');
    const theirs = await createKey('PUBLIC', theirProject, other);
    const attempts = [
      await gw.execute(ApiKeyQuery, { id: theirs.apiKey.id }, owner.secret),
      await gw.execute(NodeQuery, { id: theirs.apiKey.id }, owner.secret),
      await gw.execute(ProjectApiKeysQuery, { id: theirProject }, owner.secret),
      await gw.execute(CreateApiKeyMutation, { input: { projectId: theirProject, kind: 'SECRET' } }, owner.secret),
      await gw.execute(RollApiKeyMutation, { input: { id: theirs.apiKey.id } }, owner.secret),
      await gw.execute(DeactivateApiKeyMutation, { id: theirs.apiKey.id }, owner.secret),
      await gw.execute(ActivateApiKeyMutation, { id: theirs.apiKey.id }, owner.secret),
      await gw.execute(DeleteApiKeyMutation, { id: theirs.apiKey.id }, owner.secret),
    ];
    for (const attempt of attempts) expect(code(attempt)).toBe('NOT_FOUND');
    const nodes = await gw.execute(NodesQuery, { ids: [theirs.apiKey.id] }, owner.secret);
    expect(nodes.data?.nodes).toEqual([null]);
    expect((await verify(theirs.secret, other)).data?.verifyApiKey?.valid).toBe(true);
  });

  it('deletes a project with its keys in the same transaction', async () => {
    const project = await newProject(owner, 'doomed-with-keys');
    const key = await createKey('SECRET', project);
    await gw.execute(DeleteProjectMutation, { id: project }, owner.secret);
    expect(await gw.orm.em.fork().count(ApiKey, { project: { $ne: null }, secretHash: hashSecret(key.secret) })).toBe(0);
    expect((await verify(key.secret)).data?.verifyApiKey?.reason).toBe('UNKNOWN');
  });
});
