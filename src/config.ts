// Every environment variable the gateway reads, parsed and validated once. The
// configuration table of docs/operations.md is checked against `configVariables` by a test.
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');
const positiveInt = z.coerce.number().int().positive();

/**
 * The longest cache lease any gateway accepts (`TOKEN_CACHE_LEASE_MS`): a token change that cannot
 * tell which instances hold a lease has waited all of them out this long after its commit.
 */
export const MAX_TOKEN_CACHE_LEASE_MS = 60_000;

interface Variable<S extends z.ZodType> {
  schema: S;
  description: string;
  /** Shown in docs/operations.md; `undefined` means "unset by default". */
  default?: string;
}

function variable<S extends z.ZodType>(schema: S, description: string, fallback?: string): Variable<S> {
  return { schema, description, ...(fallback === undefined ? {} : { default: fallback }) };
}

export const configVariables = {
  HOST: variable(z.string().min(1), 'Interface the HTTP server binds to (`0.0.0.0` to accept remote clients).', '127.0.0.1'),
  PORT: variable(z.coerce.number().int().min(0).max(65535), 'TCP port of the HTTP server.', '4000'),
  DATABASE_URL: variable(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    'PostgreSQL connection string. Unset: the embedded PGlite database under `DATA_DIR`.',
  ),
  DATABASE_LISTEN_URL: variable(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    "PostgreSQL connection string for the token cache's one `LISTEN` connection. Unset: `DATABASE_URL`. Set it when `DATABASE_URL` goes through a transaction-pooling proxy (e.g. PgBouncer), which cannot hold a `LISTEN`.",
  ),
  DATABASE_POOL_MAX: variable(positiveInt.max(1000), 'Most PostgreSQL connections one gateway process opens.', '10'),
  DATA_DIR: variable(
    z.string().min(1),
    'Directory of the embedded PGlite database (ignored when `DATABASE_URL` is set); `memory://` keeps it in memory.',
    './data/pglite',
  ),
  REDIS_URL: variable(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
    'Redis connection string. Set: rate limits are shared by every gateway process through Redis. Unset: kept in process memory.',
  ),
  REDIS_COMMAND_TIMEOUT_MS: variable(
    positiveInt.max(60_000),
    'Longest a Redis command may wait for its reply, in milliseconds; past it (a frozen or partitioned Redis) the in-memory insurance limiter decides at once.',
    '200',
  ),
  SECRET_ENCRYPTION_KEY: variable(
    z
      .string()
      .refine(
        (value) => Buffer.from(value, 'base64').length === 32,
        'must be the base64 encoding of 32 random bytes (openssl rand -base64 32)',
      )
      .optional(),
    'Key that encrypts webhook signing secrets at rest (base64 of 32 bytes). Unset: a key file is created once at `<DATA_DIR>.secret-key` (with `DATA_DIR=memory://`, a key in memory for the process). Set it (the same on every instance) in production.',
  ),
  WEBHOOK_ALLOW_INSECURE_URLS: variable(
    bool,
    'Development only: accept `http://` webhook URLs and hosts on loopback or private networks.',
    'false',
  ),
  WEBHOOK_RETRY_SCHEDULE: variable(
    z
      .string()
      .regex(/^\d+(,\d+)*$/, 'must be a comma-separated list of seconds, e.g. 0,5,300')
      .transform((value) => value.split(',').map(Number)),
    'Seconds to wait before each delivery attempt (the first is the initial attempt); jitter of ±10% is added. After the last, a delivery is marked failed.',
    '0,5,300,1800,7200,18000,36000,36000',
  ),
  WEBHOOK_TIMEOUT_MS: variable(
    positiveInt,
    'Time limit of one delivery attempt (connect, send, response headers), in milliseconds.',
    '10000',
  ),
  WEBHOOK_POLL_MS: variable(
    positiveInt,
    'How often the dispatcher looks for work written by other processes, in milliseconds (its own process wakes it at once).',
    '1000',
  ),
  DISPATCHER_ENABLED: variable(bool, 'Whether this process delivers webhooks (every process may; they share the work).', 'true'),
  MAINTENANCE_ENABLED: variable(
    bool,
    'Whether this process runs the background upkeep: token expiry events, pruning the audit log and finished events past their retention, and revoking unused tokens (every process may; they share the work).',
    'true',
  ),
  AUDIT_RETENTION_DAYS: variable(positiveInt, 'Audit entries older than this are pruned by a background task.', '365'),
  EVENT_RETENTION_DAYS: variable(
    positiveInt,
    'Events older than this many days are deleted with their deliveries and attempts, once none of their deliveries is still pending.',
    '30',
  ),
  RATE_LIMIT_POINTS: variable(positiveInt, 'Requests one token may make per window (a token may carry its own override).', '1000'),
  RATE_LIMIT_WINDOW_SECONDS: variable(positiveInt, 'Length of the rate-limit window, in seconds.', '60'),
  RATE_LIMIT_BLOCK_SECONDS: variable(positiveInt, 'How long a token that went past its limit is refused, in seconds.', '60'),
  AUTH_FAILURE_LIMIT: variable(positiveInt, 'Failed authentications one client IP may make per window before it is refused.', '30'),
  AUTH_FAILURE_WINDOW_SECONDS: variable(positiveInt, 'Window of the failed-authentication limit, in seconds.', '60'),
  AUTH_FAILURE_BLOCK_SECONDS: variable(
    positiveInt,
    'How long a client IP past the failed-authentication limit is refused, in seconds.',
    '300',
  ),
  MAX_LIVE_TOKENS: variable(
    positiveInt,
    'Default maximum of live (non-revoked, non-expired) tokens per workspace; a workspace policy may override it.',
    '10',
  ),
  MAX_PAGE_SIZE: variable(positiveInt.max(1000), 'Largest `first`/`last` a connection accepts.', '100'),
  MAX_REQUEST_BODY_BYTES: variable(
    positiveInt,
    'Largest request body accepted, in bytes; a larger one is refused with HTTP 413 and `REQUEST_TOO_LARGE` before it is parsed.',
    '1048576',
  ),
  MAX_QUERY_TOKENS: variable(
    positiveInt,
    'Most lexer tokens a GraphQL document may have; parsing stops past it, before any validation (HTTP 400, `QUERY_TOO_COMPLEX`).',
    '1000',
  ),
  MAX_QUERY_DEPTH: variable(positiveInt, 'Deepest field nesting an operation may have, through fragments (`QUERY_TOO_COMPLEX`).', '15'),
  MAX_QUERY_ALIASES: variable(positiveInt, 'Most aliases an operation may use, through fragments (`QUERY_TOO_COMPLEX`).', '20'),
  MAX_QUERY_DIRECTIVES: variable(positiveInt, 'Most directives an operation may use, through fragments (`QUERY_TOO_COMPLEX`).', '50'),
  MAX_QUERY_FIELDS: variable(
    positiveInt,
    'Most fields an operation may have once its fragments are expanded (each spread counts again; `QUERY_TOO_COMPLEX`).',
    '2000',
  ),
  MAX_QUERY_FIELD_REPEATS: variable(
    positiveInt,
    'Most fields an operation may have on one response path, e.g. `project` asked for several times without aliases (`QUERY_TOO_COMPLEX`).',
    '10',
  ),
  MAX_MUTATIONS_PER_REQUEST: variable(
    positiveInt,
    'Most top-level mutation fields one request may run (each alias counts; `QUERY_TOO_COMPLEX`).',
    '10',
  ),
  MAX_QUERY_COST: variable(
    positiveInt,
    'Highest cost, in rate-limit points, one request may have (`QUERY_TOO_COMPLEX`); see "Query cost and limits".',
    '200',
  ),
  WEBHOOK_TEST_EVENTS_PER_MINUTE: variable(
    positiveInt,
    '`sendTestWebhookEvent` calls allowed per webhook endpoint per minute; past it, `LIMIT_EXCEEDED`.',
    '10',
  ),
  MAX_PROJECTS_PER_WORKSPACE: variable(positiveInt, 'Most projects one workspace may have (`LIMIT_EXCEEDED`).', '100'),
  MAX_API_KEYS_PER_PROJECT: variable(
    positiveInt,
    'Most live (not deleted, not expired) API keys one project may have (`LIMIT_EXCEEDED`).',
    '50',
  ),
  MAX_WEBHOOKS_PER_PROJECT: variable(positiveInt, 'Most webhook endpoints one project may have (`LIMIT_EXCEEDED`).', '20'),
  MAX_OIDC_POLICIES_PER_WORKSPACE: variable(positiveInt, 'Most OIDC trust policies one workspace may have (`LIMIT_EXCEEDED`).', '20'),
  OIDC_ALLOW_INSECURE_ISSUERS: variable(
    bool,
    'Development and tests only: accept OIDC trust policies whose issuer is `http://` or on loopback or a private network (otherwise issuers must be public https URLs, as webhook targets).',
    'false',
  ),
  OIDC_JWKS_CACHE_SECONDS: variable(
    positiveInt.max(86_400),
    "How long an issuer's discovery document and signing keys (JWKS) are kept before they are fetched again, in seconds. While an issuer cannot be reached, the keys last fetched keep being used.",
    '600',
  ),
  OIDC_JWKS_REFRESH_INTERVAL_SECONDS: variable(
    z.coerce.number().int().min(10).max(3600),
    "An ID token signed with a key (`kid`) the cached JWKS lacks makes the gateway fetch the issuer's keys again, at most once per this many seconds per issuer (key rotation without a flood of fetches); after a failed fetch (the issuer down), the gateway waits as long before it asks again. At least 10.",
    '60',
  ),
  OIDC_FETCH_TIMEOUT_MS: variable(
    positiveInt.max(60_000),
    'Time limit of one request to an OIDC issuer (discovery or JWKS), in milliseconds.',
    '5000',
  ),
  OIDC_MAX_LIVE_TOKENS_PER_POLICY: variable(
    positiveInt,
    'Default and largest cap (`maxLiveTokens`) of live tokens minted through one OIDC trust policy (they do not count against `MAX_LIVE_TOKENS`).',
    '100',
  ),
  OIDC_EXCHANGES_PER_MINUTE: variable(positiveInt, 'Requests to `POST /oidc/token` one client IP may make per minute; past it, 429.', '60'),
  CREDENTIALS_REVOKE_PER_MINUTE: variable(
    positiveInt,
    'Requests to `POST /credentials/revoke` one client IP may make per minute; past it, 429.',
    '60',
  ),
  NODE_ENV: variable(
    z.string().optional(),
    '`production` hides the "Did you mean …" suggestions of every error (unknown fields, arguments, types, enum values, in documents and in variables), so the schema cannot be guessed name by name.',
  ),
  TOKEN_CACHE_TTL_MS: variable(
    z.coerce.number().int().min(0).max(3_600_000),
    'Longest time one cached token entry is served from memory, in milliseconds (changes to a token reach every instance before the change is answered, see `TOKEN_CACHE_LEASE_MS`). 0 turns the cache off.',
    '5000',
  ),
  TOKEN_CACHE_LEASE_MS: variable(
    z.coerce.number().int().min(100).max(MAX_TOKEN_CACHE_LEASE_MS),
    'Length of the cache lease, in milliseconds: a process serves tokens from memory only while a heartbeat sent through its LISTEN connection came back less than this long ago. A token change waits at most this long for an instance that does not acknowledge it. At most 60000: a token change that cannot read the instance registry keeps trying that long (the longest lease any gateway may hold) before it answers.',
    '2000',
  ),
  LAST_USED_FLUSH_MS: variable(positiveInt, 'How often the coalesced `lastUsedAt` writes are flushed, in milliseconds.', '5000'),
  TRUST_PROXY: variable(
    bool,
    'Behind one reverse proxy you control: take the client IP from the last `X-Forwarded-For` entry (the one your proxy appended).',
    'false',
  ),
  CORS_ORIGINS: variable(
    z
      .string()
      .trim()
      .refine(
        (value) => value === '*' || value === 'none' || value.split(',').every((origin) => /^https?:\/\/[^/\s,]+$/.test(origin.trim())),
        'must be *, none, or a comma-separated list of origins such as https://app.example.com,http://localhost:5173',
      )
      .transform((value): '*' | string[] =>
        value === '*' ? '*' : value === 'none' ? [] : value.split(',').map((origin) => origin.trim()),
      ),
    'Origins whose browser scripts may call the API (CORS): `*` for any, `none` for same-origin only, or a comma-separated list of exact origins (`https://app.example.com`). Never sends `Access-Control-Allow-Credentials`: bearer tokens are not cookies.',
    '*',
  ),
  GRAPHIQL: variable(bool, 'Serve GraphiQL on `GET /graphql` from a browser.', 'true'),
  GRAPHQL_JIT: variable(
    bool,
    'Execute a document with graphql-jit (compiled once, then run as plain JavaScript) from its second request on; `false` keeps every request on the generic executor.',
    'true',
  ),
  LOG_LEVEL: variable(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'pino log level.', 'info'),
  SHUTDOWN_TIMEOUT_MS: variable(
    positiveInt,
    'On SIGTERM / SIGINT the process drains and exits as soon as its in-flight work (requests, a webhook attempt, the usage flush) is done, and at the latest after this many milliseconds.',
    '10000',
  ),
  READY_CHECK_TIMEOUT_MS: variable(
    positiveInt.max(60_000),
    'Longest `/ready` waits for each store (database, Redis) before reporting it as `timeout`, in milliseconds.',
    '1000',
  ),
  OVERLOAD_MAX_IN_FLIGHT: variable(
    z.coerce.number().int().min(0),
    'Requests one process handles at once; more are refused at once with 503 `OVERLOADED` (`/health`, `/ready` and `/metrics` excepted). 0 turns the limit off.',
    '1000',
  ),
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: variable(
    z.coerce.number().int().min(0),
    'Event-loop delay (mean over the last half second) past which requests are refused with 503 `OVERLOADED` while another request is in flight, in milliseconds. 0 turns the check off.',
    '500',
  ),
  LOG_REPEAT_INTERVAL_MS: variable(
    positiveInt,
    'Identical errors repeated within this interval (e.g. every request during a database outage) are logged once, then as one line with a count per interval, in milliseconds.',
    '10000',
  ),
  METRICS: variable(bool, 'Serve Prometheus metrics (`GET /metrics`).', 'true'),
  METRICS_PORT: variable(
    z.coerce.number().int().min(0).max(65535).optional(),
    'Serve `/metrics` on this port (on `HOST`) instead of the main port. Unset: on the main port.',
  ),
} as const;

type Variables = typeof configVariables;
export type Config = { [K in keyof Variables]: z.output<Variables[K]['schema']> };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment (or any record of strings); throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(configVariables) as [keyof Variables, Variable<z.ZodType>][]) {
    const raw = env[name] === '' ? undefined : env[name];
    const result = spec.schema.safeParse(raw ?? spec.default);
    if (result.success) config[name] = result.data;
    else problems.push(`${name}: ${result.error.issues.map((issue) => issue.message).join('; ')}`);
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return config as Config;
}
