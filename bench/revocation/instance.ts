// One gateway process for the revocation benchmark (bench/revocation/run.ts): createGateway on the
// DATABASE_URL it is given, served on a loopback port; no seeding (the parent owns the data).
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config.js';
import { initOrm } from '../../src/db/orm.js';
import { createGateway } from '../../src/gateway.js';
import { createLogger } from '../../src/logger.js';
import { announce, closeServer, failStart, listenOnLoopback, stopOnSignal } from '../servers/common.js';

async function main() {
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'silent',
    DISPATCHER_ENABLED: 'false',
    GRAPHIQL: 'false',
    SECRET_ENCRYPTION_KEY: process.env['SECRET_ENCRYPTION_KEY'] ?? randomBytes(32).toString('base64'),
    RATE_LIMIT_POINTS: '100000000',
    AUTH_FAILURE_LIMIT: '1000000000',
  });
  const orm = await initOrm({ databaseUrl: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX });
  const gateway = createGateway({
    orm,
    config,
    logger: createLogger(config.LOG_LEVEL),
    rateLimitKeyPrefix: `mgw-revocation-${process.pid}`,
  });
  await gateway.tokenCache.ready;
  const { server, port } = await listenOnLoopback(gateway.yoga);
  stopOnSignal(async () => {
    await closeServer(server);
    await gateway.close();
    await orm.close();
  });
  announce({ server: `instance-${gateway.tokenCache.feed.instanceId}`, port });
}

main().catch(failStart);
