// The operator's command-line interface (`npm run mgw -- <command>`; entry: cli/main.ts): what must happen before any
// token exists, and token administration from a shell, with direct database access. It calls the
// same services as the GraphQL API. Exit codes: 0 success, 1 refused or failed, 2 bad usage.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { DataDirInUseError } from '../db/data-dir-lock.js';
import { initOrm, isPglite, migrate, type Orm } from '../db/orm.js';
import { conflict, DomainError } from '../lib/errors.js';
import { decodeId, encodeId } from '../lib/ids.js';
import { createChangeFeed, type ChangeFeed } from '../modules/auth/index.js';
import {
  ALL_PERMISSIONS,
  ALL_SCOPES,
  type Permission,
  type Scope,
  type ManagementToken,
  tokenStatus,
  type TokenLifetime,
} from '../modules/tokens/index.js';
import { cliActor } from '../modules/activity/index.js';
import type { Workspace } from '../modules/common/index.js';
import type { OidcTrustPolicy } from '../modules/oidc/index.js';
import { createLogger } from '../logger.js';
import { createServices, secretBoxOf, type Services } from '../services.js';

/** Bad usage found after parsing (commander reports its own parse errors itself). */
class UsageError extends Error {}

const LIFETIME_FLAGS: Record<string, TokenLifetime> = {
  '7d': 'DAYS_7',
  '30d': 'DAYS_30',
  '90d': 'DAYS_90',
  '1y': 'YEAR_1',
  never: 'NEVER',
};

function parseEnumList<T extends string>(allowed: readonly T[], what: string) {
  return (value: string, previous: T[] = []): T[] => {
    if (!allowed.includes(value as T)) throw new InvalidArgumentError(`unknown ${what} "${value}"; one of: ${allowed.join(', ')}`);
    return [...previous, value as T];
  };
}

function parsePositiveInt(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a positive whole number');
  return number;
}

function parseNullableInt(value: string): number | null {
  return value === 'none' || value === 'default' ? null : parsePositiveInt(value);
}

/** Commander stores a parser's null as '' (its "no value" fill-in): read it back as null. */
const nullable = (value: number | null | '' | undefined): number | null | undefined => (value === '' ? null : value);

function parseBool(value: string): boolean {
  if (['yes', 'true', '1'].includes(value)) return true;
  if (['no', 'false', '0'].includes(value)) return false;
  throw new InvalidArgumentError('must be yes or no');
}

function parseDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('must be an ISO 8601 date, e.g. 2027-01-31T00:00:00Z');
  return date;
}

/** `tok_…` (as the API shows it) → row id; anything else is taken as a name. */
function tokenKey(idOrName: string): string {
  const decoded = decodeId(idOrName);
  return decoded?.type === 'ManagementToken' ? decoded.uuid : idOrName;
}

function projectKey(idOrName: string): string {
  const decoded = decodeId(idOrName);
  return decoded?.type === 'Project' ? decoded.uuid : idOrName;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function workspaceKey(idOrName: string): string {
  const decoded = decodeId(idOrName);
  return decoded?.type === 'Workspace' ? decoded.uuid : idOrName;
}

function tokenView(token: ManagementToken) {
  return {
    id: encodeId('ManagementToken', token.id),
    name: token.name,
    prefix: token.prefix,
    status: tokenStatus(token),
    grants: token.grants,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    rateLimit: token.rateLimitPoints ?? null,
    rateLimitWindowSeconds: token.rateLimitWindowSeconds ?? null,
    revokedReason: token.revokedReason ?? null,
    projectIds: token.projectIds?.map((id) => encodeId('Project', id)) ?? null,
    allowedCidrs: token.allowedCidrs ?? null,
  };
}

function oidcPolicyView(policy: OidcTrustPolicy) {
  return {
    id: encodeId('OidcTrustPolicy', policy.id),
    name: policy.name,
    issuer: policy.issuer,
    audience: policy.audience,
    subject: policy.subject,
    claims: policy.claims,
    grants: policy.grants,
    projectIds: policy.projectIds?.map((id) => encodeId('Project', id)) ?? null,
    allowedCidrs: policy.allowedCidrs ?? null,
    tokenLifetimeSeconds: policy.tokenLifetimeSeconds,
    maxLiveTokens: policy.maxLiveTokens,
    createdAt: policy.createdAt.toISOString(),
  };
}

function workspaceView(workspace: Workspace) {
  return {
    id: encodeId('Workspace', workspace.id),
    name: workspace.name,
    createdAt: workspace.createdAt.toISOString(),
    maxTokenLifetimeDays: workspace.maxTokenLifetimeDays ?? null,
    allowNeverExpiringTokens: workspace.allowNeverExpiringTokens,
    maxLiveTokens: workspace.maxLiveTokens ?? null,
    revokeUnusedAfterDays: workspace.revokeUnusedAfterDays ?? null,
  };
}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * Opens the database, applies pending migrations, runs `work`, and always closes it again. A token
 * change made by the command waits, like one made through the API, until every running gateway
 * that may serve the token from memory has applied it (cache-lease.ts); on PGlite no gateway can
 * run beside the CLI.
 */
async function withDatabase<T>(config: Config, work: (orm: Orm, services: Services) => Promise<T>): Promise<T> {
  const orm = await initOrm({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const logger = createLogger('silent');
  let feed: ChangeFeed | undefined;
  try {
    await migrate(orm, { secrets: secretBoxOf(config) });
    const services = createServices(config, orm, logger);
    if (!isPglite(orm)) {
      services.tokens.onChange(async () => {
        if (!feed) {
          feed = createChangeFeed(
            orm,
            logger,
            { tokenChanged: () => undefined, reset: () => undefined },
            { leaseMs: config.TOKEN_CACHE_LEASE_MS, databaseUrl: config.DATABASE_LISTEN_URL ?? config.DATABASE_URL, serving: false },
          );
          feed.start();
          // Acknowledgements arrive on the LISTEN connection; without it the change waits out the leases.
          await Promise.race([feed.ready, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
        }
        await feed.announce();
      });
    }
    return await work(orm, services);
  } finally {
    await feed?.stop();
    await orm.close();
  }
}

const SECRET_NOTICE = 'This secret is shown once and cannot be read again. Store it now (e.g. in a password manager or CI secret).';

/** Prints a new secret: in the JSON document, or on a line of its own; the notice goes to stderr. */
function printSecret(io: Io, json: boolean | undefined, document: unknown, human: () => void, secret: string) {
  if (json) io.out(JSON.stringify(document, null, 2));
  else {
    human();
    io.out(`\n  ${secret}\n`);
  }
  io.err(SECRET_NOTICE);
}

export function buildProgram(io: Io, env: Record<string, string | undefined> = process.env): Command {
  const config = () => loadConfig(env);
  const print = (json: boolean | undefined, value: unknown, human: () => void) => (json ? io.out(JSON.stringify(value, null, 2)) : human());

  const program = new Command('mgw')
    .description('Management Gateway operator CLI (direct database access: DATABASE_URL or the embedded DATA_DIR)')
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) })
    .exitOverride()
    .showHelpAfterError();

  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const orm = await initOrm({ databaseUrl: config().DATABASE_URL, dataDir: config().DATA_DIR });
      try {
        const applied = await migrate(orm, { secrets: secretBoxOf(config()) });
        print(options.json, { applied }, () =>
          io.out(applied.length > 0 ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database is up to date'),
        );
      } finally {
        await orm.close();
      }
    });

  program
    .command('migration:create')
    .description('(development) write a migration for the difference between the entities and the migrated schema')
    .argument('[name]', 'a short name for the migration')
    .action(async (name?: string) => {
      const orm = await initOrm({ dataDir: 'memory://' });
      try {
        await migrate(orm);
        const result = await orm.migrator.create(undefined, false, false, name);
        io.out(result.fileName ? `wrote migrations/${result.fileName}: add it to migrations/index.ts` : 'no changes: nothing to write');
      } finally {
        await orm.close();
      }
    });

  program
    .command('bootstrap')
    .description('create a workspace and its first token, holding every permission (the secret is printed once)')
    .requiredOption('--workspace <name>', 'name of the new workspace')
    .option('--token-name <name>', 'name of the first token', 'owner')
    .addOption(
      new Option('--expires-in <lifetime>', 'lifetime of the token (a new workspace allows no never-expiring tokens)')
        .choices(Object.keys(LIFETIME_FLAGS).filter((flag) => flag !== 'never'))
        .default('1y'),
    )
    .option('--json', 'machine-readable output ({ workspace, token, secret })')
    .action(async (options: { workspace: string; tokenName: string; expiresIn: string; json?: boolean }) => {
      await withDatabase(config(), async (orm, services) => {
        const { workspace, issued } = await orm.em.fork().transactional(async (em) => {
          const workspace = await services.workspaces.create(em, options.workspace).catch((error: unknown) => {
            // Run twice (a copied README line), bootstrap must not look like it printed an empty secret.
            if (!(error instanceof DomainError) || error.code !== 'CONFLICT') throw error;
            throw conflict(
              `A workspace named "${options.workspace}" already exists, and bootstrap only creates new workspaces. ` +
                `For another token in it, run: mgw token create --workspace ${options.workspace} --name <name> --scope read --scope write`,
            );
          });
          const issued = await services.tokens.issue(em, cliActor(workspace.id), {
            name: options.tokenName,
            description: 'Created by `mgw bootstrap`.',
            scopes: ['read', 'write'],
            lifetime: LIFETIME_FLAGS[options.expiresIn],
          });
          return { workspace, issued };
        });
        printSecret(
          io,
          options.json,
          { workspace: workspaceView(workspace), token: tokenView(issued.token), secret: issued.secret },
          () => {
            io.out(`workspace ${workspace.name} (${encodeId('Workspace', workspace.id)}) created`);
            io.out(
              `token ${issued.token.name} (${encodeId('ManagementToken', issued.token.id)}) with every permission, expires ${issued.token.expiresAt?.toISOString() ?? 'never'}:`,
            );
          },
          issued.secret,
        );
      });
    });

  const workspace = program.command('workspace').description('workspaces and their token policy');
  workspace
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      await withDatabase(config(), async (orm, services) => {
        const workspaces = (await services.workspaces.list(orm.em.fork())).map(workspaceView);
        print(options.json, workspaces, () => {
          if (workspaces.length === 0) io.out('no workspaces yet: run `mgw bootstrap --workspace <name>`');
          for (const w of workspaces) io.out(`${w.id}  ${w.name}`);
        });
      });
    });
  workspace
    .command('policy')
    .description('show or set the token policy of a workspace')
    .argument('<workspace>', 'workspace id (ws_…) or name')
    .option('--max-lifetime-days <days|none>', 'longest lifetime of a new token', parseNullableInt)
    .option('--allow-never-expiring <yes|no>', 'whether tokens that never expire may be created', parseBool)
    .option('--max-live-tokens <n|default>', 'live-token ceiling of the workspace', parseNullableInt)
    .option(
      '--revoke-unused-after-days <days|none>',
      'revoke tokens unused for this many days (never used: since creation)',
      parseNullableInt,
    )
    .option('--json', 'machine-readable output')
    .action(
      async (
        key: string,
        options: {
          maxLifetimeDays?: number | null | '';
          allowNeverExpiring?: boolean;
          maxLiveTokens?: number | null | '';
          revokeUnusedAfterDays?: number | null | '';
          json?: boolean;
        },
      ) => {
        await withDatabase(config(), async (orm, services) => {
          const updated = await services.workspaces.setPolicy(orm.em.fork(), workspaceKey(key), {
            maxTokenLifetimeDays: nullable(options.maxLifetimeDays),
            allowNeverExpiringTokens: options.allowNeverExpiring,
            maxLiveTokens: nullable(options.maxLiveTokens),
            revokeUnusedAfterDays: nullable(options.revokeUnusedAfterDays),
          });
          const view = workspaceView(updated);
          print(options.json, view, () => {
            io.out(`workspace ${view.name} (${view.id})`);
            io.out(
              `  max token lifetime:       ${view.maxTokenLifetimeDays === null ? 'no maximum' : `${view.maxTokenLifetimeDays} days`}`,
            );
            io.out(`  never-expiring tokens:    ${view.allowNeverExpiringTokens ? 'allowed' : 'not allowed'}`);
            io.out(`  max live tokens:          ${view.maxLiveTokens ?? `default (${config().MAX_LIVE_TOKENS})`}`);
            io.out(
              `  revoke unused tokens:     ${view.revokeUnusedAfterDays === null ? 'off' : `after ${view.revokeUnusedAfterDays} days`}`,
            );
          });
        });
      },
    );

  const token = program.command('token').description('issue, list, revoke management tokens as an operator');
  token
    .command('create')
    .requiredOption('--workspace <workspace>', 'workspace id (ws_…) or name')
    .requiredOption('--name <name>', 'token name, unique among live tokens')
    .option('--description <text>', 'what the token is for')
    .option(
      '--permission <permission>',
      `a permission (repeatable): ${ALL_PERMISSIONS.join(', ')}`,
      parseEnumList(ALL_PERMISSIONS, 'permission'),
    )
    .option('--scope <scope>', `a scope (repeatable): ${ALL_SCOPES.join(', ')}`, parseEnumList(ALL_SCOPES, 'scope'))
    .addOption(new Option('--expires-in <lifetime>', 'lifetime (default 1y)').choices(Object.keys(LIFETIME_FLAGS)).conflicts('expiresAt'))
    .option('--expires-at <date>', 'a custom expiry date (ISO 8601)', parseDate)
    .option('--project <project>', 'restrict the token to a project, by id (prj_…) or name (repeatable)', collect)
    .option('--allow-cidr <cidr>', 'allow use only from this IPv4/IPv6 CIDR (repeatable)', collect)
    .option('--json', 'machine-readable output ({ token, secret })')
    .action(
      async (options: {
        workspace: string;
        name: string;
        description?: string;
        permission?: Permission[];
        scope?: Scope[];
        expiresIn?: string;
        expiresAt?: Date;
        project?: string[];
        allowCidr?: string[];
        json?: boolean;
      }) => {
        await withDatabase(config(), async (orm, services) => {
          const em = orm.em.fork();
          const ws = await services.workspaces.get(em, workspaceKey(options.workspace));
          const projectIds = options.project
            ? await Promise.all(options.project.map(async (key) => (await services.projects.getByIdOrName(em, ws.id, projectKey(key))).id))
            : undefined;
          const issued = await services.tokens.issue(em, cliActor(ws.id), {
            projectIds,
            allowedCidrs: options.allowCidr,
            name: options.name,
            description: options.description,
            permissions: options.permission,
            scopes: options.scope,
            lifetime: options.expiresIn ? LIFETIME_FLAGS[options.expiresIn] : undefined,
            expiresAt: options.expiresAt,
          });
          printSecret(
            io,
            options.json,
            { token: tokenView(issued.token), secret: issued.secret },
            () =>
              io.out(
                `token ${issued.token.name} (${encodeId('ManagementToken', issued.token.id)}) created, expires ${issued.token.expiresAt?.toISOString() ?? 'never'}:`,
              ),
            issued.secret,
          );
        });
      },
    );
  token
    .command('list')
    .requiredOption('--workspace <workspace>', 'workspace id (ws_…) or name')
    .option('--all', 'include revoked tokens')
    .option('--json', 'machine-readable output')
    .action(async (options: { workspace: string; all?: boolean; json?: boolean }) => {
      await withDatabase(config(), async (orm, services) => {
        const em = orm.em.fork();
        const ws = await services.workspaces.get(em, workspaceKey(options.workspace));
        const tokens: ReturnType<typeof tokenView>[] = [];
        let after: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof services.tokens.list>> = await services.tokens.list(
            em,
            ws.id,
            { includeRevoked: options.all ?? false },
            { first: config().MAX_PAGE_SIZE, after },
          );
          tokens.push(...page.items.map((token) => tokenView(token)));
          after = page.hasNextPage && page.items.length > 0 ? page.cursorOf(page.items.at(-1)!) : null;
        } while (after);
        print(options.json, tokens, () => {
          if (tokens.length === 0) io.out('no tokens');
          for (const t of tokens) {
            io.out(
              `${t.id}  ${t.prefix}…  ${t.status.padEnd(11)}  ${t.name}  expires ${t.expiresAt ?? 'never'}  last used ${t.lastUsedAt ?? 'never'}`,
            );
          }
        });
      });
    });
  token
    .command('revoke')
    .description('revoke a token at once (irreversible)')
    .argument('<token>', 'token id (tok_…) or name')
    .requiredOption('--workspace <workspace>', 'workspace id (ws_…) or name')
    .option('--json', 'machine-readable output')
    .action(async (key: string, options: { workspace: string; json?: boolean }) => {
      await withDatabase(config(), async (orm, services) => {
        const em = orm.em.fork();
        const ws = await services.workspaces.get(em, workspaceKey(options.workspace));
        const found = await services.tokens.getByIdOrName(em, ws.id, tokenKey(key));
        const revoked = await services.tokens.revoke(em, cliActor(ws.id), found.id);
        print(options.json, tokenView(revoked), () => io.out(`token ${revoked.name} (${encodeId('ManagementToken', revoked.id)}) revoked`));
      });
    });
  token
    .command('allowlist')
    .description("replace a token's IP allowlist (or with --clear, remove it)")
    .argument('<token>', 'token id (tok_…) or name')
    .requiredOption('--workspace <workspace>', 'workspace id (ws_…) or name')
    .option('--allow-cidr <cidr>', 'an IPv4/IPv6 CIDR the token may be used from (repeatable)', collect)
    .option('--clear', 'no allowlist: the token may be used from anywhere')
    .option('--json', 'machine-readable output')
    .action(async (key: string, options: { workspace: string; allowCidr?: string[]; clear?: boolean; json?: boolean }) => {
      if (!options.clear === !options.allowCidr) throw new UsageError('give --allow-cidr (one or more) or --clear');
      await withDatabase(config(), async (orm, services) => {
        const em = orm.em.fork();
        const ws = await services.workspaces.get(em, workspaceKey(options.workspace));
        const found = await services.tokens.getByIdOrName(em, ws.id, tokenKey(key));
        const updated = await services.tokens.update(em, cliActor(ws.id), found.id, {
          allowedCidrs: options.clear ? [] : options.allowCidr,
        });
        print(options.json, tokenView(updated), () =>
          io.out(
            `token ${updated.name} (${encodeId('ManagementToken', updated.id)}) allowlist: ${updated.allowedCidrs?.join(', ') ?? 'none (anywhere)'}`,
          ),
        );
      });
    });
  token
    .command('rate-limit')
    .description("set (or with --reset, clear) a token's own rate limit")
    .argument('<token>', 'token id (tok_…) or name')
    .requiredOption('--workspace <workspace>', 'workspace id (ws_…) or name')
    .option('--points <n>', 'requests per window', parsePositiveInt)
    .option('--window-seconds <n>', 'window length in seconds', parsePositiveInt)
    .option('--reset', 'back to the deployment default')
    .option('--json', 'machine-readable output')
    .action(
      async (key: string, options: { workspace: string; points?: number; windowSeconds?: number; reset?: boolean; json?: boolean }) => {
        if (!options.reset && options.points === undefined && options.windowSeconds === undefined) {
          throw new UsageError('give --points and/or --window-seconds, or --reset');
        }
        await withDatabase(config(), async (orm, services) => {
          const em = orm.em.fork();
          const ws = await services.workspaces.get(em, workspaceKey(options.workspace));
          const found = await services.tokens.getByIdOrName(em, ws.id, tokenKey(key));
          const updated = await services.tokens.setRateLimit(
            em,
            cliActor(ws.id),
            found.id,
            options.reset ? null : (options.points ?? found.rateLimitPoints ?? null),
            options.reset ? null : (options.windowSeconds ?? found.rateLimitWindowSeconds ?? null),
          );
          const view = tokenView(updated);
          print(options.json, view, () =>
            io.out(
              `token ${view.name}: ${view.rateLimit ?? config().RATE_LIMIT_POINTS} requests per ${view.rateLimitWindowSeconds ?? config().RATE_LIMIT_WINDOW_SECONDS} s`,
            ),
          );
        });
      },
    );

  const oidcPolicy = program
    .command('oidc-policy')
    .description('OIDC trust policies: which CI jobs may exchange their ID token for a token');
  oidcPolicy
    .command('create')
    .requiredOption('--workspace <workspace>', 'workspace id (ws_…) or name')
    .requiredOption('--name <name>', 'policy name, unique in the workspace')
    .requiredOption('--issuer <url>', "the ID tokens' iss, e.g. https://token.actions.githubusercontent.com")
    .requiredOption(
      '--audience <aud>',
      "the audience the ID tokens must carry; it must contain the workspace's id, e.g. https://gateway.example.com/ws_…",
    )
    .requiredOption('--subject <sub>', 'the subject: exact, or a glob such as repo:acme/app:ref:refs/heads/*')
    .option('--claim <name=value>', 'an exact-match condition on another claim (repeatable)', collect)
    .option('--permission <permission>', `a permission of minted tokens (repeatable)`, parseEnumList(ALL_PERMISSIONS, 'permission'))
    .option('--scope <scope>', `a scope of minted tokens (repeatable): ${ALL_SCOPES.join(', ')}`, parseEnumList(ALL_SCOPES, 'scope'))
    .option('--project <project>', 'restrict minted tokens to a project, by id (prj_…) or name (repeatable)', collect)
    .option('--allow-cidr <cidr>', 'minted tokens may be used only from this CIDR (repeatable)', collect)
    .option('--lifetime-seconds <n>', 'lifetime of minted tokens (default 900, at most 3600)', parsePositiveInt)
    .option('--max-live-tokens <n>', 'most live tokens minted through the policy at once', parsePositiveInt)
    .option('--json', 'machine-readable output')
    .action(
      async (options: {
        workspace: string;
        name: string;
        issuer: string;
        audience: string;
        subject: string;
        claim?: string[];
        permission?: Permission[];
        scope?: Scope[];
        project?: string[];
        allowCidr?: string[];
        lifetimeSeconds?: number;
        maxLiveTokens?: number;
        json?: boolean;
      }) => {
        const claims = (options.claim ?? []).map((pair) => {
          const separator = pair.indexOf('=');
          if (separator < 1) throw new UsageError(`--claim must be name=value, not "${pair}"`);
          return { name: pair.slice(0, separator), value: pair.slice(separator + 1) };
        });
        await withDatabase(config(), async (orm, services) => {
          const em = orm.em.fork();
          const ws = await services.workspaces.get(em, workspaceKey(options.workspace));
          const projectIds = options.project
            ? await Promise.all(options.project.map(async (key) => (await services.projects.getByIdOrName(em, ws.id, projectKey(key))).id))
            : undefined;
          const policy = await services.oidc.create(em, cliActor(ws.id), {
            name: options.name,
            issuer: options.issuer,
            audience: options.audience,
            subject: options.subject,
            claims,
            permissions: options.permission,
            scopes: options.scope,
            projectIds,
            allowedCidrs: options.allowCidr,
            tokenLifetimeSeconds: options.lifetimeSeconds,
            maxLiveTokens: options.maxLiveTokens,
          });
          const view = oidcPolicyView(policy);
          print(options.json, view, () => io.out(`trust policy ${view.name} (${view.id}) created: ${view.issuer} ${view.subject}`));
        });
      },
    );
  oidcPolicy
    .command('list')
    .requiredOption('--workspace <workspace>', 'workspace id (ws_…) or name')
    .option('--json', 'machine-readable output')
    .action(async (options: { workspace: string; json?: boolean }) => {
      await withDatabase(config(), async (orm, services) => {
        const em = orm.em.fork();
        const ws = await services.workspaces.get(em, workspaceKey(options.workspace));
        const policies: ReturnType<typeof oidcPolicyView>[] = [];
        let after: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof services.oidc.list>> = await services.oidc.list(em, ws.id, {
            first: config().MAX_PAGE_SIZE,
            after,
          });
          policies.push(...page.items.map((policy) => oidcPolicyView(policy)));
          after = page.hasNextPage && page.items.length > 0 ? page.cursorOf(page.items.at(-1)!) : null;
        } while (after);
        print(options.json, policies, () => {
          if (policies.length === 0) io.out('no trust policies');
          for (const view of policies) {
            io.out(
              `${view.id}  ${view.name}  ${view.issuer}  aud ${view.audience}  sub ${view.subject}  grants ${view.grants.join(',')}  ${view.tokenLifetimeSeconds} s`,
            );
          }
        });
      });
    });
  oidcPolicy
    .command('delete')
    .description('delete a trust policy (tokens it minted keep working until they expire)')
    .argument('<policy>', 'policy id (oidcp_…) or name')
    .requiredOption('--workspace <workspace>', 'workspace id (ws_…) or name')
    .option('--json', 'machine-readable output')
    .action(async (key: string, options: { workspace: string; json?: boolean }) => {
      await withDatabase(config(), async (orm, services) => {
        const em = orm.em.fork();
        const ws = await services.workspaces.get(em, workspaceKey(options.workspace));
        const decoded = decodeId(key);
        const found = await services.oidc.getByIdOrName(em, ws.id, decoded?.type === 'OidcTrustPolicy' ? decoded.uuid : key);
        const deleted = await services.oidc.delete(em, cliActor(ws.id), found.id);
        const view = oidcPolicyView(deleted);
        print(options.json, view, () => io.out(`trust policy ${view.name} (${view.id}) deleted`));
      });
    });

  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function runCli(argv: string[], io: Io, env: Record<string, string | undefined> = process.env): Promise<number> {
  const program = buildProgram(io, env);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      return 2;
    }
    if (error instanceof DomainError) {
      io.err(`error: ${error.message} (${error.code})`);
      return 1;
    }
    if (error instanceof ConfigError || error instanceof DataDirInUseError) {
      io.err(`error: ${error.message}`);
      return 1;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
