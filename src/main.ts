// Serves the gateway: migrate, listen (and serve /metrics on METRICS_PORT), and drain on
// SIGTERM / SIGINT: /ready answers 503 at once, no new connection is accepted, idle keep-alive
// sockets are closed and busy ones get `Connection: close` on their last response; the process
// exits as soon as the requests, the webhook attempt and the usage flush in flight are done, and
// at SHUTDOWN_TIMEOUT_MS at the latest (what is cut then is safe: an unfinished delivery's lease
// runs out and another process retries it). A second signal exits at once. A signal during
// start-up stops the process once the step under way (opening the database, migrating) is done.
import { createServer, type Server } from 'node:http';
import { ConfigError, loadConfig } from './config.js';
import { initOrm, migrate, type Orm } from './db/orm.js';
import { createRedis } from './db/redis.js';
import { createGateway, GRAPHQL_ENDPOINT, type Gateway } from './gateway.js';
import { createLogger } from './logger.js';
import { METRICS_PATH } from './plugins/metrics.plugin.js';
import { secretBoxOf } from './services.js';

const closed = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);

  // The handlers are in place before anything slow (opening the database, migrations): a signal
  // during start-up stops the process too, once the step under way is done (a migration is not cut
  // in half), and SHUTDOWN_TIMEOUT_MS bounds that wait like any other.
  let stopSignal: string | undefined;
  // Filled in once serving: what the timeout and the drain act on.
  const serving: {
    server?: Server;
    gateway?: Gateway;
    drainAndStop?: (signal: string, deadline: NodeJS.Timeout) => Promise<void>;
  } = {};
  const onSignal = (signal: string) => {
    if (stopSignal !== undefined) {
      logger.warn({ signal }, 'second signal while stopping: exiting now');
      process.exit(1);
    }
    stopSignal = signal;
    const deadline = setTimeout(() => {
      logger.warn(
        { requestsInFlight: serving.gateway?.load.inFlight, timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
        'shutdown timeout reached: exiting with work still in flight',
      );
      serving.server?.closeAllConnections();
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    if (serving.drainAndStop) void serving.drainAndStop(signal, deadline);
    else logger.info({ signal }, 'signal during start-up: stopping once the current step is done');
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  /** Stops before serving: closes what start-up opened so far. */
  const stopDuringStartup = async (orm: Orm) => {
    await orm.close();
    logger.info({ signal: stopSignal }, 'stopped during start-up');
    process.exit(0);
  };

  logger.info({ database: config.DATABASE_URL ? 'postgresql' : 'pglite' }, 'starting: opening the database and applying migrations');
  const orm = await initOrm({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: config.DATABASE_POOL_MAX });
  if (stopSignal !== undefined) return stopDuringStartup(orm);
  const applied = await migrate(orm, { secrets: secretBoxOf(config) });
  if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations');
  if (stopSignal !== undefined) return stopDuringStartup(orm);

  // From here to the end of this function nothing waits: no signal can come in between.
  const redis = config.REDIS_URL ? createRedis(config.REDIS_URL, logger, { commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS }) : undefined;
  const gw = createGateway({ orm, config, logger, redis });
  serving.gateway = gw;
  const mainServer = createServer(gw.yoga);
  serving.server = mainServer;
  mainServer.listen(config.PORT, config.HOST, () => {
    const address = mainServer.address();
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

  const { metrics } = gw;
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

  serving.drainAndStop = async (signal, deadline) => {
    logger.info({ signal, requestsInFlight: gw.load.inFlight }, 'shutting down: draining in-flight work');
    gw.drain();
    // No new connections; idle keep-alive sockets close now, busy ones after their response
    // (which carries Connection: close while draining).
    const requestsDone = closed(mainServer);
    mainServer.closeIdleConnections();
    await Promise.all([requestsDone, gw.dispatcher.stop(), metricsServer ? closed(metricsServer) : undefined]);
    await gw.close();
    await redis?.quit().catch(() => undefined);
    await orm.close();
    clearTimeout(deadline);
    logger.info({ signal }, 'stopped: in-flight work finished');
    process.exit(0);
  };
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
