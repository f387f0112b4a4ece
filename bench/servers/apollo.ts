// Benchmark server: Apollo Server 5 (its node:http standalone integration) serving the gateway's own
// Pothos schema over the same data, WITHOUT the auth and rate-limit plugins: every request gets a
// fixed principal holding every permission and a fresh EntityManager fork. The comparison point
// for the gateway's request path. PostgreSQL when DATABASE_URL is set, else in-memory PGlite.
import { randomBytes } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { loadConfig } from '../../src/config.js';
import type { Context } from '../../src/context.js';
import { initOrm, migrate } from '../../src/db/orm.js';
import { schema } from '../../src/graphql/schema.js';
import { createLogger } from '../../src/logger.js';
import { tokenPrincipal } from '../../src/modules/auth/index.js';
import { tokenRecord } from '../../src/modules/tokens/index.js';
import { createServices } from '../../src/services.js';
import { announce, failStart, stopOnSignal } from './common.js';
import { BENCH_RATE_LIMIT, seedWorkspace } from './seed.js';

async function main() {
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    DATA_DIR: 'memory://',
    SECRET_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  });
  const logger = createLogger(config.LOG_LEVEL);
  const orm = await initOrm({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: config.DATABASE_POOL_MAX });
  await migrate(orm);
  const services = createServices(config, orm, logger);
  const seeded = await seedWorkspace(orm, services, 'bench-apollo');
  const { token } = seeded;

  // What the auth plugin would have put in the context for the bench token, fixed once.
  const principal = tokenPrincipal(
    tokenRecord(token),
    { clientIp: '127.0.0.1', userAgent: null },
    {
      policy: 'token',
      limit: BENCH_RATE_LIMIT.points,
      remaining: BENCH_RATE_LIMIT.points,
      windowSeconds: BENCH_RATE_LIMIT.windowSeconds,
      resetAt: new Date(Date.now() + BENCH_RATE_LIMIT.windowSeconds * 1000),
    },
  );

  const apollo = new ApolloServer<Context>({
    schema,
    plugins: [ApolloServerPluginLandingPageDisabled()],
    includeStacktraceInErrorResponses: false,
  });
  const { url } = await startStandaloneServer(apollo, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async () => ({ em: orm.em.fork(), principal, services }),
  });
  stopOnSignal(async () => {
    await apollo.stop(); // also closes the HTTP server (the standalone integration drains it)
    await orm.close();
  });
  announce({
    server: process.env['BENCH_SERVER'] ?? 'apollo',
    port: Number(new URL(url).port),
    secret: seeded.secret,
    apiKey: seeded.apiKey,
    projectId: seeded.projectId,
    webhookId: seeded.webhookId,
  });
}

main().catch(failStart);
