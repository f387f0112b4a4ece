// The operator CLI against a real database: bootstrap prints a token that works over HTTP, token
// administration from a shell, clear errors and exit codes.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { runCli } from '../src/cli/program.js';
import { initOrm } from '../src/db/orm.js';
import { startGateway, type TestDatabase, type TestGateway } from './helpers/gateway.js';
import { CreateProjectMutation, ProjectsQuery, ViewerQuery } from './helpers/operations.js';
import { databaseForProcesses } from './helpers/services.js';

const onPostgres = process.env['TEST_DB'] === 'postgres';
let env: Record<string, string>;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ env, cleanup } = await databaseForProcesses('mgw_cli', inject('postgresTemplate')));
});
afterAll(() => cleanup?.());

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const json = <T>(text: string) => JSON.parse(text) as T;

/** A gateway on the CLI's database (for PGlite: opened after the CLI has closed it). */
async function gatewayOnCliDatabase(): Promise<TestGateway> {
  const orm = await initOrm({ databaseUrl: env['DATABASE_URL'], dataDir: env['DATA_DIR'] });
  const database: TestDatabase = { orm, dispose: () => orm.close() };
  const gw = await startGateway({ database });
  const close = gw.close;
  return { ...gw, close: async () => (await close(), await database.dispose()) };
}

describe('mgw CLI', () => {
  let ownerSecret: string;
  let ciSecret: string;
  let doomedSecret: string;

  it('bootstraps a workspace and prints its first token once (--json for scripts)', async () => {
    const result = await cli('bootstrap', '--workspace', 'acme', '--json');
    expect(result.code).toBe(0);
    const body = json<{ workspace: { id: string; name: string }; token: { id: string; grants: string[] }; secret: string }>(result.out);
    expect(body.workspace).toMatchObject({ name: 'acme' });
    expect(body.workspace.id).toMatch(/^ws_/);
    expect(body.token.grants).toEqual(['read', 'write']);
    expect(body.secret).toMatch(/^mgw_[A-Za-z0-9]{36}$/);
    expect(result.err).toMatch(/shown once/);
    ownerSecret = body.secret;
    // On PGlite the first command creates and migrates a new database: seconds on an idle machine,
    // much longer with every core busy.
  }, 180_000);

  it('prints the secret for people too, and refuses a second workspace of the same name', async () => {
    const human = await cli('bootstrap', '--workspace', 'globex');
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/workspace globex \(ws_[0-9A-Za-z]+\) created/);
    expect(human.out.match(/mgw_[A-Za-z0-9]{36}/g)).toHaveLength(1);

    const again = await cli('bootstrap', '--workspace', 'acme');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already exists, and bootstrap only creates new workspaces/);
    expect(again.err).toMatch(/mgw token create --workspace acme --name <name>.*\(CONFLICT\)$/);
  });

  it('fails loudly when bootstrap runs again for an existing workspace with --json: exit 1, nothing on stdout', async () => {
    const again = await cli('bootstrap', '--workspace', 'acme', '--json');
    expect(again.code).toBe(1);
    expect(again.out).toBe('');
    expect(again.err).toMatch(/^error: A workspace named "acme" already exists/);
  });

  it('creates, lists and revokes tokens by name', async () => {
    const created = await cli(
      'token',
      'create',
      '--workspace',
      'acme',
      '--name',
      'ci',
      '--permission',
      'projects:read',
      '--permission',
      'projects:write',
      '--expires-in',
      '30d',
      '--json',
    );
    expect(created.code).toBe(0);
    const body = json<{ token: { expiresAt: string; grants: string[] }; secret: string }>(created.out);
    expect(body.token.grants).toEqual(['projects:read', 'projects:write']);
    expect(Math.abs(new Date(body.token.expiresAt).getTime() - Date.now() - 30 * 86_400_000)).toBeLessThan(60_000);
    ciSecret = body.secret;

    const doomed = await cli('token', 'create', '--workspace', 'acme', '--name', 'doomed', '--scope', 'read', '--json');
    doomedSecret = json<{ secret: string }>(doomed.out).secret;
    const revoked = await cli('token', 'revoke', 'doomed', '--workspace', 'acme');
    expect(revoked).toMatchObject({ code: 0 });
    expect(revoked.out).toMatch(/token doomed \(tok_\w+\) revoked/);

    const list = await cli('token', 'list', '--workspace', 'acme', '--json');
    expect(json<{ name: string }[]>(list.out).map((t) => t.name)).toEqual(['ci', 'owner']);
    const all = await cli('token', 'list', '--workspace', 'acme', '--all', '--json');
    expect(json<{ name: string; status: string }[]>(all.out).map((t) => `${t.name}:${t.status}`)).toEqual([
      'doomed:REVOKED',
      'ci:ACTIVE',
      'owner:ACTIVE',
    ]);
    expect(list.out + all.out).not.toContain(ciSecret);
  });

  it('sets a workspace policy that token creation then follows', async () => {
    const refused = await cli('token', 'create', '--workspace', 'acme', '--name', 'forever', '--scope', 'read', '--expires-in', 'never');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/never expire.*\(BAD_USER_INPUT\)/);
    const policy = await cli('workspace', 'policy', 'acme', '--allow-never-expiring', 'yes', '--max-live-tokens', '5', '--json');
    expect(json(policy.out)).toMatchObject({ allowNeverExpiringTokens: true, maxLiveTokens: 5 });
    const allowed = await cli(
      'token',
      'create',
      '--workspace',
      'acme',
      '--name',
      'forever',
      '--scope',
      'read',
      '--expires-in',
      'never',
      '--json',
    );
    expect(json<{ token: { expiresAt: null } }>(allowed.out).token.expiresAt).toBeNull();
  });

  it('sets and resets a per-token rate limit', async () => {
    const set = await cli('token', 'rate-limit', 'ci', '--workspace', 'acme', '--points', '50', '--window-seconds', '10', '--json');
    expect(json(set.out)).toMatchObject({ rateLimit: 50, rateLimitWindowSeconds: 10 });
    const reset = await cli('token', 'rate-limit', 'ci', '--workspace', 'acme', '--reset', '--json');
    expect(json(reset.out)).toMatchObject({ rateLimit: null, rateLimitWindowSeconds: null });
  });

  it('issues project-scoped tokens with an allowlist, changes the allowlist, and sets revokeUnusedAfterDays', async () => {
    const boot = json<{ secret: string }>((await cli('bootstrap', '--workspace', 'scoped-co', '--json')).out);
    const gw = await gatewayOnCliDatabase();
    let projectId: string;
    try {
      const created = await gw.execute(CreateProjectMutation, { input: { name: 'shop', type: 'PRODUCTION' } }, boot.secret);
      projectId = created.data!.createProject!.project.id;
    } finally {
      await gw.close();
    }
    const issued = await cli(
      'token',
      'create',
      '--workspace',
      'scoped-co',
      '--name',
      'shop-ci',
      '--scope',
      'read',
      '--project',
      'shop',
      '--allow-cidr',
      '10.0.0.0/8',
      '--allow-cidr',
      '2001:db8::/32',
      '--json',
    );
    expect(issued.code).toBe(0);
    expect(json<{ token: object }>(issued.out).token).toMatchObject({
      projectIds: [projectId],
      allowedCidrs: ['10.0.0.0/8', '2001:db8::/32'],
    });
    const byId = await cli(
      'token',
      'create',
      '--workspace',
      'scoped-co',
      '--name',
      'shop-ci-2',
      '--scope',
      'read',
      '--project',
      projectId,
      '--json',
    );
    expect(json<{ token: object }>(byId.out).token).toMatchObject({ projectIds: [projectId], allowedCidrs: null });
    const unknown = await cli('token', 'create', '--workspace', 'scoped-co', '--name', 'x', '--scope', 'read', '--project', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/NOT_FOUND/);
    const badCidr = await cli(
      'token',
      'create',
      '--workspace',
      'scoped-co',
      '--name',
      'x',
      '--scope',
      'read',
      '--allow-cidr',
      '10.0.0.0/40',
    );
    expect(badCidr.code).toBe(1);
    expect(badCidr.err).toMatch(/BAD_USER_INPUT/);

    const changed = await cli('token', 'allowlist', 'shop-ci', '--workspace', 'scoped-co', '--allow-cidr', '192.0.2.1', '--json');
    expect(json(changed.out)).toMatchObject({ allowedCidrs: ['192.0.2.1/32'] });
    const cleared = await cli('token', 'allowlist', 'shop-ci', '--workspace', 'scoped-co', '--clear', '--json');
    expect(json(cleared.out)).toMatchObject({ allowedCidrs: null });
    expect((await cli('token', 'allowlist', 'shop-ci', '--workspace', 'scoped-co')).code).toBe(2);

    const policy = await cli('workspace', 'policy', 'scoped-co', '--revoke-unused-after-days', '90', '--json');
    expect(json(policy.out)).toMatchObject({ revokeUnusedAfterDays: 90 });
    const off = await cli('workspace', 'policy', 'scoped-co', '--revoke-unused-after-days', 'none', '--json');
    expect(json(off.out)).toMatchObject({ revokeUnusedAfterDays: null });
    // The other nullable policy values read "none"/"default" the same way.
    const reset = await cli('workspace', 'policy', 'scoped-co', '--max-lifetime-days', 'none', '--max-live-tokens', 'default', '--json');
    expect(json(reset.out)).toMatchObject({ maxTokenLifetimeDays: null, maxLiveTokens: null });
    const revoked = await cli('token', 'revoke', 'shop-ci', '--workspace', 'scoped-co', '--json');
    expect(json(revoked.out)).toMatchObject({ status: 'REVOKED', revokedReason: 'MANUAL' });
  });

  it('answers bad usage with exit code 2 and a refused operation with exit code 1', async () => {
    expect((await cli()).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('bootstrap')).code).toBe(2);
    const badPermission = await cli('token', 'create', '--workspace', 'acme', '--name', 'x', '--permission', 'everything');
    expect(badPermission.code).toBe(2);
    expect(badPermission.err).toMatch(/unknown permission "everything"/);
    const noFlags = await cli('token', 'rate-limit', 'ci', '--workspace', 'acme');
    expect(noFlags.code).toBe(2);
    expect(noFlags.err).toMatch(/give --points and\/or --window-seconds, or --reset/);
    expect((await cli('bootstrap', '--workspace', 'x', '--expires-in', 'never')).code).toBe(2);
    const unknownWorkspace = await cli('token', 'list', '--workspace', 'nowhere');
    expect(unknownWorkspace.code).toBe(1);
    expect(unknownWorkspace.err).toMatch(/nowhere was not found\. \(NOT_FOUND\)/);
    const unknownToken = await cli('token', 'revoke', 'ghost', '--workspace', 'acme');
    expect(unknownToken.code).toBe(1);
    expect((await cli('--help')).code).toBe(0);
  });

  it('hands out tokens that work over HTTP, and a revoked one that does not', async () => {
    const gw = await gatewayOnCliDatabase();
    try {
      const viewer = await gw.execute(ViewerQuery, {}, ownerSecret);
      expect(viewer.status).toBe(200);
      expect(viewer.data?.viewer.workspace.name).toBe('acme');
      expect(viewer.data?.viewer.permissions).toHaveLength(10);

      const created = await gw.execute(CreateProjectMutation, { input: { name: 'from-ci', type: 'PRODUCTION' } }, ciSecret);
      expect(created.errors).toBeUndefined();
      const listed = await gw.execute(ProjectsQuery, {}, ownerSecret);
      expect(listed.data?.projects?.edges.map((e) => e.node.name)).toEqual(['from-ci']);

      const revoked = await gw.execute(ViewerQuery, {}, doomedSecret);
      expect(revoked.status).toBe(401);
      expect(revoked.errors?.[0]?.extensions?.['code']).toBe('TOKEN_REVOKED');
    } finally {
      await gw.close();
    }
  });
});

// A PGlite data directory belongs to one process at a time, so a CLI beside a running gateway
// exists on PostgreSQL only; there the CLI's change reaches the gateway's token cache by NOTIFY.
if (onPostgres) {
  describe('the CLI beside a running gateway', () => {
    it('revokes a token the gateway has cached, and the gateway refuses it on the next request', async () => {
      const gw = await gatewayOnCliDatabase();
      try {
        const created = await cli('token', 'create', '--workspace', 'acme', '--name', 'cached', '--scope', 'read', '--json');
        const secret = json<{ secret: string }>(created.out).secret;
        expect((await gw.execute(ViewerQuery, {}, secret)).status).toBe(200);
        expect((await gw.execute(ViewerQuery, {}, secret)).status).toBe(200);
        expect(gw.gateway.tokenCache.counters.hits).toBeGreaterThan(0);

        expect(await cli('token', 'revoke', 'cached', '--workspace', 'acme')).toMatchObject({ code: 0 });
        const refused = await gw.execute(ViewerQuery, {}, secret);
        expect(refused.errors?.[0]?.extensions?.['code']).toBe('TOKEN_REVOKED');
      } finally {
        await gw.close();
      }
    });
  });
}

describe('the mgw entry point', () => {
  it('runs as a process, with exit code 2 on bad usage', async () => {
    const run = promisify(execFile);
    const help = await run('npx', ['tsx', 'src/cli/main.ts', '--help']);
    expect(help.stdout).toMatch(/bootstrap/);
    const bad = await run('npx', ['tsx', 'src/cli/main.ts', 'bootstrap']).catch((error: { code: number; stderr: string }) => error);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(/required option '--workspace <name>'/);
  });
});
