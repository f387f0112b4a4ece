// Every environment variable the gateway reads, parsed and validated once. The README's
// configuration table is checked against `configVariables` by a test.
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');
const positiveInt = z.coerce.number().int().positive();

interface Variable<S extends z.ZodType> {
  schema: S;
  description: string;
  /** Shown in the README; `undefined` means "unset by default". */
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
  SECRET_ENCRYPTION_KEY: variable(
    z
      .string()
      .refine(
        (value) => Buffer.from(value, 'base64').length === 32,
        'must be the base64 encoding of 32 random bytes (openssl rand -base64 32)',
      )
      .optional(),
    'Key that encrypts webhook signing secrets at rest (base64 of 32 bytes). Unset: a key file is created once at `<DATA_DIR>.secret-key`. Set it (the same on every instance) in production.',
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
  DISPATCHER_ENABLED: variable(
    bool,
    'Whether this process delivers webhooks and emits token expiry events (every process may; they share the work).',
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
  TOKEN_CACHE_TTL_MS: variable(
    z.coerce.number().int().min(0).max(3_600_000),
    'How long an authenticated token may be served from memory, in milliseconds (changes to a token reach every instance at once, through LISTEN/NOTIFY). 0 turns the cache off.',
    '5000',
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
  LOG_LEVEL: variable(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'pino log level.', 'info'),
  SHUTDOWN_TIMEOUT_MS: variable(positiveInt, 'Grace given to in-flight requests on SIGTERM before the process exits.', '10000'),
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
