// Serves the gateway: migrate, listen, and shut down gracefully on SIGTERM / SIGINT.
import { createServer } from 'node:http';
import { ConfigError, loadConfig } from './config.js';
import { initOrm, migrate } from './db/orm.js';
import { createRedis } from './db/redis.js';
import { createGateway, GRAPHQL_ENDPOINT } from './gateway.js';
import { createLogger } from './logger.js';
import { secretBoxOf } from './services.js';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const orm = await initOrm({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: config.DATABASE_POOL_MAX });
  const applied = await migrate(orm, { secrets: secretBoxOf(config) });
  if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations');
  const redis = config.REDIS_URL ? createRedis(config.REDIS_URL, logger) : undefined;
  const gateway = createGateway({ orm, config, logger, redis });

  const server = createServer(gateway.yoga);
  server.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    logger.info(
      {
        url: `http://${config.HOST}:${port}${GRAPHQL_ENDPOINT}`,
        database: config.DATABASE_URL ? 'postgresql' : 'pglite',
        rateLimitStore: redis ? 'redis' : 'memory',
      },
      'management gateway listening',
    );
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    gateway.drain();
    const forced = setTimeout(() => {
      logger.warn('shutdown timeout reached; closing remaining connections');
      server.closeAllConnections();
    }, config.SHUTDOWN_TIMEOUT_MS);
    forced.unref();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await gateway.close();
    await redis?.quit().catch(() => undefined);
    await orm.close();
    logger.info('stopped');
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
