// The operator CLI for OIDC trust policies: create, list and delete from a shell, through the same
// service (and rules) as the GraphQL API.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../src/cli/program.js';
import { databaseForProcesses } from './helpers/services.js';

let env: Record<string, string>;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ env, cleanup } = await databaseForProcesses('mgw_oidc_cli', inject('postgresTemplate')));
  // No DNS lookups for the example issuer; the SSRF rules themselves are tested in test/oidc.test.ts.
  env = { ...env, OIDC_ALLOW_INSECURE_ISSUERS: 'true' };
});
afterAll(() => cleanup?.());

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('mgw oidc-policy', () => {
  it('creates, lists and deletes trust policies, and refuses bad input with exit code 1 or 2', async () => {
    const bootstrap = await cli('bootstrap', '--workspace', 'ci-corp', '--json');
    expect(bootstrap.code).toBe(0);
    const workspaceId = (JSON.parse(bootstrap.out) as { workspace: { id: string } }).workspace.id;
    const audience = `https://gateway.example.com/${workspaceId}`;
    const created = await cli(
      'oidc-policy',
      'create',
      '--workspace',
      'ci-corp',
      '--name',
      'deploy',
      '--issuer',
      'https://token.actions.githubusercontent.com',
      '--audience',
      audience,
      '--subject',
      'repo:acme/app:ref:refs/heads/*',
      '--claim',
      'repository_owner=acme',
      '--permission',
      'projects:read',
      '--lifetime-seconds',
      '600',
      '--json',
    );
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    const policy = JSON.parse(created.out) as Record<string, unknown>;
    expect(policy).toMatchObject({
      id: expect.stringMatching(/^oidcp_/),
      name: 'deploy',
      subject: 'repo:acme/app:ref:refs/heads/*',
      claims: [{ name: 'repository_owner', value: 'acme' }],
      grants: ['projects:read'],
      tokenLifetimeSeconds: 600,
      maxLiveTokens: 100,
    });

    const list = await cli('oidc-policy', 'list', '--workspace', 'ci-corp');
    expect(list.code).toBe(0);
    expect(list.out).toContain(`${String(policy['id'])}  deploy  https://token.actions.githubusercontent.com`);

    const tooLong = await cli(
      'oidc-policy',
      'create',
      '--workspace',
      'ci-corp',
      '--name',
      'long',
      '--issuer',
      'https://issuer.example.com',
      '--audience',
      audience,
      '--subject',
      's',
      '--scope',
      'read',
      '--lifetime-seconds',
      '7200',
    );
    expect(tooLong.code).toBe(1);
    expect(tooLong.err).toMatch(/tokenLifetimeSeconds: must be at most 3600 seconds.*\(BAD_USER_INPUT\)/);
    const badClaim = await cli(
      'oidc-policy',
      'create',
      '--workspace',
      'ci-corp',
      '--name',
      'x',
      '--issuer',
      'https://issuer.example.com',
      '--audience',
      audience,
      '--subject',
      's',
      '--scope',
      'read',
      '--claim',
      'novalue',
    );
    expect(badClaim.code).toBe(2);
    // An audience without the workspace's id is refused (it could match another workspace's ID tokens).
    const unbound = await cli(
      'oidc-policy',
      'create',
      '--workspace',
      'ci-corp',
      '--name',
      'unbound',
      '--issuer',
      'https://issuer.example.com',
      '--audience',
      'https://gateway.example.com',
      '--subject',
      'repo:acme/app:*',
      '--scope',
      'read',
    );
    expect(unbound.code).toBe(1);
    expect(unbound.err).toContain(`audience: must contain this workspace's id, ${workspaceId}`);

    const deleted = await cli('oidc-policy', 'delete', 'deploy', '--workspace', 'ci-corp');
    expect(deleted.code).toBe(0);
    expect(deleted.out).toBe(`trust policy deploy (${String(policy['id'])}) deleted`);
    expect((await cli('oidc-policy', 'list', '--workspace', 'ci-corp')).out).toBe('no trust policies');
  }, 180_000);
});
