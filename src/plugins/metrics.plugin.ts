// Prometheus metrics (prom-client), one registry per gateway: the requests (by operation type and
// HTTP status, with a latency histogram), refusals before GraphQL runs by code, GraphQL errors by
// code, rate-limit points and refusals, the token cache, the webhook dispatcher, the database
// pool, load and shedding, plus Node's default process metrics. Counters owned by other parts
// (rate limits, token cache, dispatcher) are read when Prometheus scrapes, so the request path
// pays nothing for them. Labels are bounded (operation type, status, code): never an id, a name
// or a path. `/metrics` is served here on the main port, or by main.ts on METRICS_PORT.
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { isPglite, type Orm } from '../db/orm.js';
import { refusalCodeOf } from '../graphql/errors.js';
import { Delivery, type WebhookDispatcher } from '../modules/webhooks/index.js';
import type { RateLimits } from '../modules/rate-limits/index.js';
import type { TokenCache } from '../modules/auth/index.js';
import type { CompiledExecution } from './compiled-execution.plugin.js';
import { UNSHED_PATHS, type LoadMonitor } from './overload.plugin.js';

export const METRICS_PATH = '/metrics';

export interface MetricsSources {
  orm: Orm;
  rateLimits: RateLimits;
  tokenCache: TokenCache;
  dispatcher: WebhookDispatcher;
  load: LoadMonitor;
  /** Absent with GRAPHQL_JIT=false. */
  compiledExecution?: CompiledExecution | undefined;
}

/** Slow scrapes must not pile up on a struggling database: a collector gives up after this. */
const COLLECT_TIMEOUT_MS = 1_000;

const timeout = <T>(work: Promise<T>): Promise<T> =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), COLLECT_TIMEOUT_MS).unref())]);

/** A counter whose value lives elsewhere: copied from `read()` at each scrape. */
function mirroredCounter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
  read: () => readonly [Partial<Record<L, string>>, number][],
) {
  return new Counter<L>({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.inc(labels as Record<L, string>, value);
    },
  });
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'operation' | 'status'>;
  private readonly duration: Histogram<'operation'>;
  private readonly refusals: Counter<'code'>;
  private readonly graphqlErrors: Counter<'code'>;

  constructor(sources: MetricsSources) {
    const { registry } = this;
    collectDefaultMetrics({ register: registry });
    this.requests = new Counter({
      name: 'mgw_http_requests_total',
      help: 'HTTP requests answered, by GraphQL operation type (none: refused or answered before execution) and HTTP status.',
      labelNames: ['operation', 'status'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'mgw_http_request_duration_seconds',
      help: 'Time from the request reaching the gateway to its response being ready, by GraphQL operation type.',
      labelNames: ['operation'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.refusals = new Counter({
      name: 'mgw_auth_refusals_total',
      help: 'Requests refused by the request path before GraphQL ran (authentication, rate limits, store outages), by error code.',
      labelNames: ['code'],
      registers: [registry],
    });
    this.graphqlErrors = new Counter({
      name: 'mgw_graphql_errors_total',
      help: 'Errors in GraphQL responses, by extensions.code.',
      labelNames: ['code'],
      registers: [registry],
    });

    const { rateLimits, tokenCache, dispatcher, load, orm } = sources;
    mirroredCounter(registry, 'mgw_rate_limit_points_charged_total', 'Rate-limit points charged to tokens.', [], () => [
      [{}, rateLimits.counters.pointsCharged],
    ]);
    mirroredCounter(
      registry,
      'mgw_rate_limit_refusals_total',
      'Requests refused by a rate limit: a token past its budget, or a client IP past the failed-authentication limit.',
      ['limit'],
      () => [
        [{ limit: 'token' }, rateLimits.counters.tokenRefusals],
        [{ limit: 'auth_failure_ip' }, rateLimits.counters.ipRefusals],
      ],
    );
    mirroredCounter(
      registry,
      'mgw_token_cache_lookups_total',
      'Token lookups, served from memory (hit) or the database (miss).',
      ['result'],
      () => [
        [{ result: 'hit' }, tokenCache.counters.hits],
        [{ result: 'miss' }, tokenCache.counters.misses],
      ],
    );
    mirroredCounter(registry, 'mgw_token_cache_invalidations_total', 'Cached tokens dropped because the token changed.', [], () => [
      [{}, tokenCache.counters.invalidations],
    ]);
    mirroredCounter(
      registry,
      'mgw_token_cache_lease_events_total',
      'Cache-lease events: renewals (a heartbeat came back), lapses (heartbeats stopped coming back), LISTEN reconnects.',
      ['event'],
      () => [
        [{ event: 'renewal' }, tokenCache.counters.lease.renewals],
        [{ event: 'lapse' }, tokenCache.counters.lease.lapses],
        [{ event: 'reconnect' }, tokenCache.counters.lease.reconnects],
      ],
    );
    mirroredCounter(
      registry,
      'mgw_token_changes_announced_total',
      'Token changes made by this process, by how their wait ended: every leased instance acknowledged, or one had to be waited out until its lease ended.',
      ['outcome'],
      () => [
        [{ outcome: 'acknowledged' }, tokenCache.counters.lease.announced - tokenCache.counters.lease.waitedForLease],
        [{ outcome: 'waited_for_lease' }, tokenCache.counters.lease.waitedForLease],
      ],
    );
    new Gauge({
      name: 'mgw_token_cache_active',
      help: '1 while this process holds its cache lease and serves tokens from memory, 0 while every lookup reads the database.',
      registers: [registry],
      collect() {
        this.set(tokenCache.active ? 1 : 0);
      },
    });
    mirroredCounter(
      registry,
      'mgw_graphql_compiled_documents_total',
      'Distinct GraphQL documents compiled with graphql-jit (from their second execution on; 0 with GRAPHQL_JIT=false).',
      [],
      () => [[{}, sources.compiledExecution?.compiledDocuments ?? 0]],
    );
    mirroredCounter(registry, 'mgw_webhook_attempts_total', 'Webhook delivery attempts made by this process.', [], () => [
      [{}, dispatcher.counters.attempts],
    ]);
    mirroredCounter(
      registry,
      'mgw_webhook_attempt_failures_total',
      'Webhook delivery attempts that got no 2xx answer (error, timeout or status).',
      [],
      () => [[{}, dispatcher.counters.failures]],
    );
    new Gauge({
      name: 'mgw_webhook_deliveries_pending',
      help: 'Deliveries waiting to be attempted (shared by every process on the database): due now, or scheduled for a retry.',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const em = orm.em.fork();
        const now = new Date();
        try {
          const [due, scheduled] = await timeout(
            Promise.all([
              em.count(Delivery, { status: 'PENDING', nextAttemptAt: { $lte: now } }),
              em.count(Delivery, { status: 'PENDING', nextAttemptAt: { $gt: now } }),
            ]),
          );
          this.set({ state: 'due' }, due);
          this.set({ state: 'scheduled' }, scheduled);
        } catch {
          // The database is unreachable or slow: leave the series out of this scrape.
          this.reset();
        }
      },
    });
    if (!isPglite(orm)) {
      new Gauge({
        name: 'mgw_db_pool_connections',
        help: 'PostgreSQL connections of this process: open (total), idle, and callers waiting for one.',
        labelNames: ['state'],
        registers: [registry],
        async collect() {
          try {
            const pool = (await timeout(orm.em.getConnection().getNativeClient())) as {
              totalCount: number;
              idleCount: number;
              waitingCount: number;
            };
            this.set({ state: 'total' }, pool.totalCount);
            this.set({ state: 'idle' }, pool.idleCount);
            this.set({ state: 'waiting' }, pool.waitingCount);
          } catch {
            this.reset();
          }
        },
      });
    }
    new Gauge({
      name: 'mgw_event_loop_delay_seconds',
      help: 'Event-loop delay over the last half-second window: mean (what overload shedding looks at) and max.',
      labelNames: ['stat'],
      registers: [registry],
      collect() {
        const { mean, max } = load.eventLoopDelayMs;
        this.set({ stat: 'mean' }, mean / 1000);
        this.set({ stat: 'max' }, max / 1000);
      },
    });
    new Gauge({
      name: 'mgw_requests_in_flight',
      help: 'Requests being handled right now (probes and scrapes excepted).',
      registers: [registry],
      collect() {
        this.set(load.inFlight);
      },
    });
    mirroredCounter(
      registry,
      'mgw_overload_shed_total',
      'Requests refused with 503 OVERLOADED, by the threshold that was passed.',
      ['reason'],
      () => [
        [{ reason: 'in_flight' }, load.shed.inFlight],
        [{ reason: 'event_loop_delay' }, load.shed.eventLoopDelay],
      ],
    );
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /**
   * Counts every request and serves `GET /metrics` on the main port when `serve` is set. Comes
   * right after the request-id plugin, so its clock starts before any other work.
   */
  plugin(options: { serve: boolean }): Plugin {
    const started = new WeakMap<Request, number>();
    const operations = new WeakMap<Request, string>();
    const recordOperation = (request: unknown, operation: string | undefined) => {
      if (request instanceof Request || (typeof request === 'object' && request !== null))
        operations.set(request as Request, operation ?? 'none');
    };
    return {
      onRequest: async ({ request, url, endResponse, fetchAPI }) => {
        if (url.pathname === METRICS_PATH && options.serve && request.method === 'GET') {
          const { contentType, body } = await this.render();
          endResponse(new fetchAPI.Response(body, { status: 200, headers: { 'content-type': contentType } }));
          return;
        }
        if (!UNSHED_PATHS.has(url.pathname)) started.set(request, performance.now());
      },
      onExecute({ args }) {
        const context = args.contextValue as { request?: unknown };
        recordOperation(context.request, getOperationAST(args.document, args.operationName ?? undefined)?.operation);
      },
      onSubscribe({ args }) {
        const context = args.contextValue as { request?: unknown };
        recordOperation(context.request, 'subscription');
      },
      onResultProcess: ({ result }) => {
        const results = Array.isArray(result) ? result : [result];
        for (const one of results) {
          if (!('errors' in one) || !one.errors) continue;
          for (const error of one.errors) {
            const code = (error as { extensions?: Record<string, unknown> }).extensions?.['code'];
            this.graphqlErrors.inc({ code: typeof code === 'string' ? code : 'NONE' });
          }
        }
      },
      onResponse: ({ request, response }) => {
        const start = started.get(request);
        if (start === undefined) return;
        started.delete(request);
        const operation = operations.get(request) ?? 'none';
        this.requests.inc({ operation, status: String(response.status) });
        this.duration.observe({ operation }, (performance.now() - start) / 1000);
        const refused = refusalCodeOf(response);
        if (refused !== undefined && refused !== 'OVERLOADED') this.refusals.inc({ code: refused });
      },
    };
  }
}
