// Benchmark server: the gateway itself (createGateway, served with node:http) on PostgreSQL when
// DATABASE_URL is set, else on in-memory PGlite; rate limits in Redis when REDIS_URL is set.
// Seeds its own workspace before it listens; BENCH_DEEP_PROJECTS=n also seeds the pagination workspace.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { loadConfig } from '../../src/config.js';
import { initOrm, migrate } from '../../src/db/orm.js';
import { createRedis } from '../../src/db/redis.js';
import { createGateway } from '../../src/gateway.js';
import { createLogger } from '../../src/logger.js';
import { announce, closeServer, failStart, listenOnLoopback, stopOnSignal } from './common.js';
import { seedDeepWorkspace, seedWorkspace } from './seed.js';

async function main() {
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    DISPATCHER_ENABLED: 'false',
    GRAPHIQL: 'false',
    DATA_DIR: 'memory://',
    SECRET_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // The refusal scenarios fail authentication tens of thousands of times from 127.0.0.1: they are
    // measured as 401s, so the per-IP brute-force limiter must not turn them into 429s.
    AUTH_FAILURE_LIMIT: '1000000000',
    // create-delete keeps up to one project per connection alive, and autocannon stops with some
    // creations not yet deleted: the bench measures throughput, not the workspace quota.
    MAX_PROJECTS_PER_WORKSPACE: '1000000',
  });
  const logger = createLogger(config.LOG_LEVEL);
  const orm = await initOrm({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: config.DATABASE_POOL_MAX });
  await migrate(orm);
  const redis = config.REDIS_URL ? createRedis(config.REDIS_URL, logger) : undefined;
  // Commands sent before Redis is ready fail fast (no offline queue) and fall back to memory.
  if (redis && redis.status !== 'ready') await once(redis, 'ready', { signal: AbortSignal.timeout(10_000) });

  const gateway = createGateway({ orm, config, logger, redis, rateLimitKeyPrefix: `mgw-bench-${process.pid}` });
  const seeded = await seedWorkspace(orm, gateway.services, 'bench-gateway');
  const deepCount = Number(process.env['BENCH_DEEP_PROJECTS'] ?? 0);
  const deep = deepCount > 0 ? await seedDeepWorkspace(orm, gateway.services, deepCount) : undefined;

  const { server, port } = await listenOnLoopback(gateway.yoga);
  stopOnSignal(async () => {
    await closeServer(server);
    await gateway.close();
    await redis?.quit().catch(() => undefined);
    await orm.close();
  });
  announce({
    server: process.env['BENCH_SERVER'] ?? 'gateway',
    port,
    secret: seeded.secret,
    apiKey: seeded.apiKey,
    projectId: seeded.projectId,
    webhookId: seeded.webhookId,
    ...(deep ? { deep } : {}),
  });
}

main().catch(failStart);
