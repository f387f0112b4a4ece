// Serves the gateway: migrate, listen (and serve /metrics on METRICS_PORT), and drain on
// SIGTERM / SIGINT: /ready answers 503 at once, no new connection is accepted, idle keep-alive
// sockets are closed and busy ones get `Connection: close` on their last response; the process
// exits as soon as the requests, the webhook attempt and the usage flush in flight are done, and
// at SHUTDOWN_TIMEOUT_MS at the latest (what is cut then is safe: an unfinished delivery's lease
// runs out and another process retries it). A second signal exits at once.
import { createServer, type Server } from 'node:http';
import { ConfigError, loadConfig } from './config.js';
import { initOrm, migrate } from './db/orm.js';
import { createRedis } from './db/redis.js';
import { createGateway, GRAPHQL_ENDPOINT } from './gateway.js';
import { createLogger } from './logger.js';
import { METRICS_PATH } from './plugins/metrics.plugin.js';
import { secretBoxOf } from './services.js';

const closed = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const orm = await initOrm({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: config.DATABASE_POOL_MAX });
  const applied = await migrate(orm, { secrets: secretBoxOf(config) });
  if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations');
  const redis = config.REDIS_URL ? createRedis(config.REDIS_URL, logger, { commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS }) : undefined;
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

  const { metrics } = gateway;
  let metricsServer: Server | undefined;
  if (metrics && config.METRICS_PORT !== undefined) {
    metricsServer = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== METRICS_PATH) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: GET /metrics\n');
        return;
      }
      metrics.render().then(
        ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
        (error: unknown) => {
          logger.error({ err: error }, 'could not render metrics');
          response.writeHead(500).end();
        },
      );
    });
    metricsServer.listen(config.METRICS_PORT, config.HOST, () => {
      const address = metricsServer?.address();
      const port = typeof address === 'object' && address ? address.port : config.METRICS_PORT;
      logger.info({ url: `http://${config.HOST}:${port}${METRICS_PATH}` }, 'metrics listening');
    });
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal while draining: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, requestsInFlight: gateway.load.inFlight }, 'shutting down: draining in-flight work');
    gateway.drain();
    const deadline = setTimeout(() => {
      logger.warn(
        { requestsInFlight: gateway.load.inFlight, timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
        'shutdown timeout reached: exiting with work still in flight',
      );
      server.closeAllConnections();
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    // No new connections; idle keep-alive sockets close now, busy ones after their response
    // (which carries Connection: close while draining).
    const requestsDone = closed(server);
    server.closeIdleConnections();
    await Promise.all([requestsDone, gateway.dispatcher.stop(), metricsServer ? closed(metricsServer) : undefined]);
    await gateway.close();
    await redis?.quit().catch(() => undefined);
    await orm.close();
    clearTimeout(deadline);
    logger.info({ signal }, 'stopped: in-flight work finished');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
