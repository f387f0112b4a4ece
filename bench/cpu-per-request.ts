// `npm run bench:cpu -- <scenario> [requests]`: the gateway's own CPU time per request of one
// scenario, in one process — requests go through `yoga.fetch` (no sockets, no load generator) from
// 10 concurrent loops, on PostgreSQL, after a warm-up. On a machine shared with other work, req/s
// of `npm run bench` swings; this figure moves much less, so it is what to compare before and after
// a change, and what to profile:
//   npm exec -- node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/cpu-per-request.ts projects
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createBenchDatabase } from './lib/postgres.js';
import { seedWorkspace } from './servers/seed.js';
import { loadConfig } from '../src/config.js';
import { initOrm, migrate } from '../src/db/orm.js';
import { createGateway } from '../src/gateway.js';
import { createLogger } from '../src/logger.js';

const SCENARIOS = {
  viewer: '{ viewer { token { id name } permissions } }',
  typename: '{ __typename }',
  projects: '{ projects(first: 50) { edges { node { id name type } } } }',
  'api-keys': 'query Keys($id: ID!) { project(id: $id) { apiKeys(first: 50) { edges { node { id name kind prefix createdAt } } } } }',
  deliveries:
    'query Deliveries($id: ID!) { webhook(id: $id) { deliveries(first: 50) { edges { node { id eventType status attemptCount createdAt } } } } }',
} as const;
type ScenarioName = keyof typeof SCENARIOS;

const CONCURRENCY = 10;
const WARMUP = 2_000;

const { positionals } = parseArgs({ allowPositionals: true });
const [scenario = 'projects', count = '5000'] = positionals;
if (!(scenario in SCENARIOS) || !(Number(count) > 0)) {
  console.error(`usage: npm run bench:cpu -- <${Object.keys(SCENARIOS).join('|')}> [requests]`);
  process.exit(2);
}

const database = await createBenchDatabase();
const config = loadConfig({
  ...process.env,
  DATABASE_URL: database.url,
  LOG_LEVEL: 'silent',
  DISPATCHER_ENABLED: 'false',
  MAINTENANCE_ENABLED: 'false',
  GRAPHIQL: 'false',
  // Measured, not shed: the loops keep 10 requests in flight on purpose.
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
  SECRET_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
});
const orm = await initOrm({ databaseUrl: database.url, poolMax: config.DATABASE_POOL_MAX });
await migrate(orm);
const gateway = createGateway({ orm, config, logger: createLogger('silent') });
try {
  const seeded = await seedWorkspace(orm, gateway.services, 'bench-cpu');
  const variables = { 'api-keys': { id: seeded.projectId }, deliveries: { id: seeded.webhookId } }[scenario as string];
  const body = JSON.stringify({ query: SCENARIOS[scenario as ScenarioName], variables });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${seeded.secret}` };
  const request = async () => {
    const response = await gateway.yoga.fetch('http://localhost/graphql', { method: 'POST', headers, body });
    const text = await response.text();
    if (response.status !== 200 || text.includes('"errors"')) throw new Error(`unexpected answer: ${response.status} ${text}`);
  };
  const run = async (requests: number) => {
    let sent = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent++ < requests) await request();
      }),
    );
  };
  await run(WARMUP);
  const requests = Number(count);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run(requests);
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${scenario}: ${((used.user + used.system) / 1000 / requests).toFixed(3)} ms CPU per request ` +
      `(${requests} requests, ${(requests / seconds).toFixed(0)} req/s in one process)`,
  );
} finally {
  await gateway.close();
  await orm.close();
  await database.drop();
}
