// Per-workspace quotas (issue 9): projects per workspace, live API keys and webhooks per project,
// enforced by the services (so the CLI shares them) and held under concurrent creation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/lib/ids.js';
import { ApiKey } from '../src/modules/api-keys/api-key.entity.js';
import { Project } from '../src/modules/projects/project.entity.js';
import { cliActor } from '../src/modules/activity/index.js';
import { code } from './helpers/errors.js';
import { createWorkspaceWithOwner, type TestToken } from './helpers/factories.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import {
  CreateApiKeyMutation,
  CreateProjectMutation,
  CreateWebhookMutation,
  DeleteApiKeyMutation,
  DeleteWebhookMutation,
  RollApiKeyMutation,
} from './helpers/operations.js';

const rowIdOf = (id: string) => decodeId(id)!.uuid;

describe('workspace quotas', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { MAX_PROJECTS_PER_WORKSPACE: '3', MAX_API_KEYS_PER_PROJECT: '2', MAX_WEBHOOKS_PER_PROJECT: '2' } });
  });
  afterAll(() => gw?.close());

  const createProject = (owner: TestToken, name: string) =>
    gw.execute(CreateProjectMutation, { input: { name, type: 'DEVELOPMENT' } }, owner.secret);
  const createKey = (owner: TestToken, projectId: string) =>
    gw.execute(CreateApiKeyMutation, { input: { projectId, kind: 'SECRET' } }, owner.secret);
  const createWebhook = (owner: TestToken, projectId: string) =>
    gw.execute(CreateWebhookMutation, { input: { projectId, url: 'https://example.com/hooks' } }, owner.secret);
  const projectOf = async (owner: TestToken) => (await createProject(owner, `p-${Math.random()}`)).data!.createProject!.project.id;

  it('refuses a project past MAX_PROJECTS_PER_WORKSPACE, over the API and from the CLI', async () => {
    const owner = await createWorkspaceWithOwner(gw);
    for (const name of ['a', 'b', 'c']) expect((await createProject(owner, name)).errors).toBeUndefined();
    const refused = await createProject(owner, 'd');
    expect(code(refused)).toBe('LIMIT_EXCEEDED');
    expect(refused.errors?.[0]?.extensions?.['limit']).toBe(3);
    expect(refused.errors?.[0]?.message).toContain('MAX_PROJECTS_PER_WORKSPACE');
    await expect(
      gw.gateway.services.projects.create(gw.orm.em.fork(), cliActor(owner.workspaceId), { name: 'cli', type: 'DEVELOPMENT' }),
    ).rejects.toMatchObject({ extensions: { code: 'LIMIT_EXCEEDED', limit: 3 } });
    // Another workspace has its own quota.
    const other = await createWorkspaceWithOwner(gw);
    expect((await createProject(other, 'a')).errors).toBeUndefined();
  });

  it('refuses an API key past MAX_API_KEYS_PER_PROJECT; deleted and expired keys free their place', async () => {
    const owner = await createWorkspaceWithOwner(gw);
    const projectId = await projectOf(owner);
    const first = (await createKey(owner, projectId)).data!.createApiKey!.apiKey.id;
    expect((await createKey(owner, projectId)).errors).toBeUndefined();
    const refused = await createKey(owner, projectId);
    expect(code(refused)).toBe('LIMIT_EXCEEDED');
    expect(refused.errors?.[0]?.extensions?.['limit']).toBe(2);

    // Rolling with a grace period keeps the old key live beside its successor: no room for it.
    const graced = await gw.execute(RollApiKeyMutation, { input: { id: first, gracePeriod: 'ONE_HOUR' } }, owner.secret);
    expect(code(graced)).toBe('LIMIT_EXCEEDED');
    // Without grace the old key expires at once, so the roll fits.
    const rolled = await gw.execute(RollApiKeyMutation, { input: { id: first, gracePeriod: 'NONE' } }, owner.secret);
    expect(rolled.errors).toBeUndefined();
    expect(await gw.orm.em.fork().count(ApiKey, { project: rowIdOf(projectId) })).toBe(3);

    await gw.execute(DeleteApiKeyMutation, { id: rolled.data!.rollApiKey!.apiKey.id }, owner.secret);
    expect((await createKey(owner, projectId)).errors).toBeUndefined();
  });

  it('refuses a webhook past MAX_WEBHOOKS_PER_PROJECT, per project', async () => {
    const owner = await createWorkspaceWithOwner(gw);
    const projectId = await projectOf(owner);
    const first = (await createWebhook(owner, projectId)).data!.createWebhook!.webhook.id;
    expect((await createWebhook(owner, projectId)).errors).toBeUndefined();
    const refused = await createWebhook(owner, projectId);
    expect(code(refused)).toBe('LIMIT_EXCEEDED');
    expect(refused.errors?.[0]?.extensions?.['limit']).toBe(2);
    expect((await createWebhook(owner, await projectOf(owner))).errors).toBeUndefined();
    await gw.execute(DeleteWebhookMutation, { id: first }, owner.secret);
    expect((await createWebhook(owner, projectId)).errors).toBeUndefined();
  });

  it('holds every quota when creations arrive together', async () => {
    const owner = await createWorkspaceWithOwner(gw);
    const projects = await Promise.all(Array.from({ length: 6 }, (_, i) => createProject(owner, `burst-${i}`)));
    expect(projects.filter((response) => !response.errors)).toHaveLength(3);
    expect(projects.filter((response) => code(response) === 'LIMIT_EXCEEDED')).toHaveLength(3);

    const projectId = projects.find((response) => !response.errors)!.data!.createProject!.project.id;
    const keys = await Promise.all(Array.from({ length: 6 }, () => createKey(owner, projectId)));
    expect(keys.filter((response) => !response.errors)).toHaveLength(2);
    expect(keys.filter((response) => code(response) === 'LIMIT_EXCEEDED')).toHaveLength(4);

    const webhooks = await Promise.all(Array.from({ length: 6 }, () => createWebhook(owner, projectId)));
    expect(webhooks.filter((response) => !response.errors)).toHaveLength(2);
    expect(webhooks.filter((response) => code(response) === 'LIMIT_EXCEEDED')).toHaveLength(4);
  });
});

describe('a creation racing another for the last place', () => {
  it('waits for the first one to commit, then finds no room', async () => {
    const gw = await startGateway({ env: { MAX_PROJECTS_PER_WORKSPACE: '2' } });
    const { projects } = gw.gateway.services;
    try {
      const owner = await createWorkspaceWithOwner(gw);
      await gw.execute(CreateProjectMutation, { input: { name: 'existing', type: 'DEVELOPMENT' } }, owner.secret);

      // The first creation counts (1 of 2), then pauses inside its transaction, before its insert.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let paused!: () => void;
      const pausedAt = new Promise<void>((resolve) => (paused = resolve));
      let counted = 0;
      projects.hooks.afterQuotaCount = async () => {
        counted += 1;
        if (counted === 1) {
          paused();
          await released;
        }
      };
      const first = gw.execute(CreateProjectMutation, { input: { name: 'first', type: 'DEVELOPMENT' } }, owner.secret);
      await pausedAt;
      const second = gw.execute(CreateProjectMutation, { input: { name: 'second', type: 'DEVELOPMENT' } }, owner.secret);

      if (process.env['TEST_DB'] === 'postgres') {
        // The second creation is blocked on the workspace row the first one locked (not merely slow):
        // PostgreSQL shows its backend waiting for a lock. Without the lock it would count 1 of 2
        // here and reach the hook, and both creations would succeed.
        const pg = (await import('pg')).default;
        const client = new pg.Client({ connectionString: gw.orm.config.get('clientUrl') });
        await client.connect();
        try {
          for (;;) {
            const waiting = await client.query(
              "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
            );
            if (waiting.rows[0].n >= 1 || counted > 1) break;
            await new Promise((resolve) => setImmediate(resolve));
          }
        } finally {
          await client.end();
        }
      }
      // (On PGlite, one connection runs one transaction at a time: the second waits by construction.)
      expect(counted).toBe(1);
      release();

      const [firstResult, secondResult] = await Promise.all([first, second]);
      expect(firstResult.errors).toBeUndefined();
      expect(code(secondResult)).toBe('LIMIT_EXCEEDED');
      expect(counted).toBe(1);
      expect(await gw.orm.em.fork().count(Project, { workspace: owner.workspaceId })).toBe(2);
    } finally {
      projects.hooks.afterQuotaCount = undefined;
      await gw.close();
    }
  });
});
