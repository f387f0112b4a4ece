// createGateway({ orm, config }) → the Yoga server with the request path, the schema and the
// background work (coalesced lastUsedAt writes). main.ts serves it; the tests serve it too.
import { GraphQLError } from 'graphql';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { isPglite, type Orm } from './db/orm.js';
import { gatewayError, graphQLErrorOf, internalError } from './graphql/errors.js';
import { DomainError } from './lib/errors.js';
import { DEFAULT_PAGE_SIZE } from './db/pagination.js';
import { schema } from './graphql/schema.js';
import { createLogger, LogCoalescer, type Logger } from './logger.js';
import { RateLimits } from './modules/rate-limits/index.js';
import { TokenCache, useTokenAuth, type Authenticated, type ServerContext } from './modules/auth/index.js';
import { WebhookDispatcher, WebhookSender } from './modules/webhooks/index.js';
import { Maintenance } from './modules/maintenance/index.js';
import { corsOptions, useVaryOnOrigin } from './http/cors.js';
import { consoleDistDir, loadConsoleBuild } from './http/console.js';
import { GRAPHIQL_HEADER_PLACEHOLDER, graphiqlBundle, renderGraphiQLPage } from './http/graphiql.js';
import { useStaticAssets } from './http/static-assets.js';
import { useRequestBodyLimit } from './plugins/body-limit.plugin.js';
import { CompiledExecution } from './plugins/compiled-execution.plugin.js';
import { useErrorCodes } from './plugins/error-codes.plugin.js';
import { useInputStringRules } from './plugins/input-strings.plugin.js';
import { GatewayMetrics } from './plugins/metrics.plugin.js';
import { useQueryCost } from './plugins/query-cost.plugin.js';
import { useQueryLimits } from './plugins/query-limits.plugin.js';
import { useMutationEffects } from './plugins/mutation-effects.plugin.js';
import { LoadMonitor, useOverloadShedding } from './plugins/overload.plugin.js';
import { useReadiness } from './plugins/readiness.plugin.js';
import { useRequestId } from './plugins/request-id.plugin.js';
import { createServices, type Services } from './services.js';
import { useOidcEndpoints } from './modules/oidc/index.js';

export const GRAPHQL_ENDPOINT = '/graphql';

export interface GatewayOptions {
  orm: Orm;
  config: Config;
  logger?: Logger | undefined;
  /** Shared rate-limit store; without it, limits live in process memory. */
  redis?: Redis | undefined;
  /** Namespace of rate-limit keys in Redis. */
  rateLimitKeyPrefix?: string | undefined;
  /** The console build to serve at /console (default: console/dist of this checkout). */
  consoleDistDir?: string | undefined;
}

export interface Gateway {
  yoga: YogaServerInstance<ServerContext, Context>;
  services: Services;
  /** Authenticated tokens, cached until a change notification (see token-cache.ts). */
  tokenCache: TokenCache;
  logger: Logger;
  /** The webhook dispatcher (also when DISPATCHER_ENABLED=false, then not started: tests run it by hand). */
  dispatcher: WebhookDispatcher;
  /** Expiry notices, retention and unused-token revocation (also when MAINTENANCE_ENABLED=false, then not started). */
  maintenance: Maintenance;
  /** Requests in flight and event-loop delay (overload shedding reads them). */
  load: LoadMonitor;
  /** graphql-jit execution (undefined with GRAPHQL_JIT=false). */
  compiledExecution: CompiledExecution | undefined;
  /** The Prometheus registry and its exposition (undefined with METRICS=false). */
  metrics: GatewayMetrics | undefined;
  /** Coalesces repeated errors into one summary line per LOG_REPEAT_INTERVAL_MS (flush() writes it now). */
  repeatedErrors: LogCoalescer;
  /** Marks the process as draining: /ready answers 503 and every response carries `Connection: close` from now on. */
  drain(): void;
  /** Stops background work and flushes what is pending. Does not close the ORM or Redis. */
  close(): Promise<void>;
}

/** Yoga logs a message or an error as its first argument; pino wants an object or a string. */
function yogaLog(logger: Logger, level: 'debug' | 'info' | 'warn' | 'error') {
  return (first: unknown, ...rest: unknown[]) => {
    if (first instanceof Error) logger[level]({ err: first }, first.message);
    else if (typeof first === 'string') logger[level](rest.length > 0 ? { detail: rest } : {}, first);
    else logger[level]({ detail: [first, ...rest] });
  };
}

export function createGateway(options: GatewayOptions): Gateway {
  const { orm, config, redis } = options;
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const repeatedErrors = new LogCoalescer(logger, config.LOG_REPEAT_INTERVAL_MS);
  const rateLimits = new RateLimits({
    tokenDefault: {
      points: config.RATE_LIMIT_POINTS,
      windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
      blockSeconds: config.RATE_LIMIT_BLOCK_SECONDS,
    },
    authFailure: {
      points: config.AUTH_FAILURE_LIMIT,
      windowSeconds: config.AUTH_FAILURE_WINDOW_SECONDS,
      blockSeconds: config.AUTH_FAILURE_BLOCK_SECONDS,
    },
    testEventsPerMinute: config.WEBHOOK_TEST_EVENTS_PER_MINUTE,
    redis,
    keyPrefix: options.rateLimitKeyPrefix,
    logger,
  });
  const services = createServices(config, orm, logger, { testEventLimit: (webhookId) => rateLimits.chargeTestEvent(webhookId) });
  const { usage } = services;
  const tokenCache = new TokenCache(orm, logger, {
    ttlMs: config.TOKEN_CACHE_TTL_MS,
    leaseMs: config.TOKEN_CACHE_LEASE_MS,
    databaseUrl: isPglite(orm) ? undefined : (config.DATABASE_LISTEN_URL ?? orm.config.get('clientUrl')),
  });
  tokenCache.start();
  const stopDroppingChangedTokens = services.tokens.onChange((tokenIds) => tokenCache.changed(tokenIds));
  usage.tokens.start(config.LAST_USED_FLUSH_MS);
  usage.apiKeys.start(config.LAST_USED_FLUSH_MS);
  const sender = new WebhookSender({ timeoutMs: config.WEBHOOK_TIMEOUT_MS, allowInsecure: config.WEBHOOK_ALLOW_INSECURE_URLS });
  const dispatcher = new WebhookDispatcher(
    orm,
    services.webhooks,
    sender,
    {
      retrySchedule: config.WEBHOOK_RETRY_SCHEDULE,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      pollMs: config.WEBHOOK_POLL_MS,
    },
    logger,
    repeatedErrors,
  );
  if (config.DISPATCHER_ENABLED) dispatcher.start();
  const maintenance = new Maintenance(
    orm,
    services.tokens,
    { auditRetentionDays: config.AUDIT_RETENTION_DAYS, eventRetentionDays: config.EVENT_RETENTION_DAYS },
    logger,
    repeatedErrors,
  );
  if (config.MAINTENANCE_ENABLED) maintenance.start();
  const authenticated = new WeakMap<Request, Authenticated>();
  const consoleBuild = loadConsoleBuild(options.consoleDistDir ?? consoleDistDir(), logger);
  let draining = false;
  const load = new LoadMonitor({
    maxInFlight: config.OVERLOAD_MAX_IN_FLIGHT,
    maxEventLoopDelayMs: config.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
    sampleMs: 500,
  });
  load.start();
  const compiledExecution = config.GRAPHQL_JIT ? new CompiledExecution(logger) : undefined;
  const metrics = config.METRICS ? new GatewayMetrics({ orm, rateLimits, tokenCache, dispatcher, load, compiledExecution }) : undefined;

  const yoga = createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    healthCheckEndpoint: '/health',
    cors: corsOptions(config.CORS_ORIGINS),
    landingPage: false,
    // Replaced by useRequestBodyLimit, which does not stream-wrap a body whose Content-Length is known.
    maxRequestBodySize: false,
    // GraphiQL's assets are bundled and served by the gateway itself (no CDN): it works offline.
    renderGraphiQL: renderGraphiQLPage,
    graphiql: config.GRAPHIQL
      ? {
          title: 'Management Gateway',
          headers: JSON.stringify({ Authorization: GRAPHIQL_HEADER_PLACEHOLDER }),
          defaultQuery:
            '{\n  viewer {\n    token { name prefix expiresAt }\n    workspace { name }\n    permissions\n  }\n  rateLimit { limit remaining resetAt }\n}\n',
        }
      : false,
    logging: {
      debug: yogaLog(logger, 'debug'),
      info: yogaLog(logger, 'info'),
      warn: yogaLog(logger, 'warn'),
      error: yogaLog(logger, 'error'),
    },
    maskedErrors: {
      maskError(error) {
        if (error instanceof GraphQLError) {
          const original = error.originalError;
          // Errors we (or graphql-js) made on purpose go out as they are.
          if (!original || original instanceof GraphQLError) return error;
          // A service refused (NOT_FOUND, BAD_USER_INPUT, …): its code, message and extensions.
          if (original instanceof DomainError) return graphQLErrorOf(original, error);
          repeatedErrors.error({ err: original, path: error.path }, 'unexpected error while executing');
          return new GraphQLError('Internal server error.', { nodes: error.nodes, path: error.path, extensions: { code: 'INTERNAL' } });
        }
        if (error instanceof DomainError) return graphQLErrorOf(error);
        repeatedErrors.error({ err: error }, 'unexpected error');
        return internalError();
      },
    },
    context: ({ request }) => {
      const auth = authenticated.get(request);
      // The auth plugin authenticates every GraphQL route first; this guard keeps it that way.
      if (!auth) throw gatewayError('UNAUTHENTICATED', 'Not authenticated.', { http: { status: 401 } });
      return { em: auth.em, principal: auth.principal, services };
    },
    plugins: [
      // First: everything after it (logs included) runs with the request's id.
      useRequestId(),
      ...(metrics ? [metrics.plugin({ serve: config.METRICS_PORT === undefined })] : []),
      // Before any I/O, so that an overloaded process refuses at almost no cost.
      useOverloadShedding(load),
      useVaryOnOrigin(config.CORS_ORIGINS),
      useErrorCodes({ hideSuggestions: config.NODE_ENV === 'production' }),
      useInputStringRules(),
      useRequestBodyLimit(config.MAX_REQUEST_BODY_BYTES),
      useMutationEffects({ wakeDispatcher: () => dispatcher.wake(), logger }),
      useReadiness({ orm, redis, isDraining: () => draining, timeoutMs: config.READY_CHECK_TIMEOUT_MS }),
      useStaticAssets((pathname) => (config.GRAPHIQL ? graphiqlBundle().assets.get(pathname) : undefined)),
      useStaticAssets(consoleBuild.lookup),
      // The console sends only the hashes of its documents (persisted-documents.json of its build);
      // GraphiQL, scripts and other apps keep sending document text.
      usePersistedOperations({
        allowArbitraryOperations: true,
        getPersistedOperation: (hash) => consoleBuild.persistedDocuments.get(hash) ?? null,
        customErrors: {
          // The message is the one APQ clients (urql, Apollo) look for.
          notFound: { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
          keyNotFound: {
            message: 'Send a query, or a persisted-document hash in extensions.persistedQuery.',
            extensions: { code: 'BAD_USER_INPUT', field: 'query' },
          },
        },
      }),
      // POST /oidc/token and POST /credentials/revoke: unauthenticated by design, so before the token path.
      useOidcEndpoints({
        orm,
        oidc: services.oidc,
        tokens: services.tokens,
        rateLimits,
        logger,
        trustProxy: config.TRUST_PROXY,
        maxBodyBytes: config.MAX_REQUEST_BODY_BYTES,
        exchangesPerMinute: config.OIDC_EXCHANGES_PER_MINUTE,
        revokesPerMinute: config.CREDENTIALS_REVOKE_PER_MINUTE,
      }),
      useTokenAuth({
        orm,
        tokens: tokenCache,
        rateLimits,
        usage: usage.tokens,
        logger,
        repeatedErrors,
        trustProxy: config.TRUST_PROXY,
        authenticated,
      }),
      // After the auth plugin: static limits while parsing and before validation, then the cost.
      useQueryLimits({
        maxTokens: config.MAX_QUERY_TOKENS,
        maxDepth: config.MAX_QUERY_DEPTH,
        maxAliases: config.MAX_QUERY_ALIASES,
        maxDirectives: config.MAX_QUERY_DIRECTIVES,
        maxMutations: config.MAX_MUTATIONS_PER_REQUEST,
        maxFields: config.MAX_QUERY_FIELDS,
        maxFieldRepeats: config.MAX_QUERY_FIELD_REPEATS,
      }),
      useQueryCost({
        rateLimits,
        authenticated,
        settings: { maxCost: config.MAX_QUERY_COST, defaultPageSize: DEFAULT_PAGE_SIZE, maxPageSize: config.MAX_PAGE_SIZE },
      }),
      ...(compiledExecution ? [compiledExecution.plugin()] : []),
    ],
  });

  return {
    yoga,
    services,
    tokenCache,
    logger,
    dispatcher,
    maintenance,
    load,
    compiledExecution,
    metrics,
    /** Coalesces repeated errors into one summary line per interval. */
    repeatedErrors,
    drain: () => {
      draining = true;
    },
    close: async () => {
      stopDroppingChangedTokens();
      await tokenCache.stop();
      await dispatcher.stop();
      await maintenance.stop();
      await Promise.all([usage.tokens.stop(), usage.apiKeys.stop(), sender.close(), services.oidc.verifier.close()]);
      load.stop();
      repeatedErrors.close();
    },
  };
}
