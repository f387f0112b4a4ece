// Revocation across real gateway processes on one PostgreSQL (issue: "revocation that is immediate
// on every instance"). `npm run bench:revocation [-- --tries 50]`:
// 1. For each of revoke, deactivate and rotate, with B idle and with B under load: a token is
//    issued and cached by B, changed through A, and the very next request (sent the moment A has
//    answered) goes to B. Every admission is counted: the expected count is 0.
// 2. The same with B's LISTEN connection stalled (a proxy between B and PostgreSQL stops forwarding,
//    like a partition without a reset): B must read the database instead.
// 3. The latency of revokeManagementToken through A with 1, 2 and 3 running instances (p50/p99).
// Results go to bench/results/revocation-<time>.json and stdout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { initOrm, migrate } from '../../src/db/orm.js';
import { cliActor } from '../../src/modules/activity/index.js';
import { createServices } from '../../src/services.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { buildServers, startServer, PROJECT_ROOT, type RunningServer } from '../lib/servers.js';
import { startTcpProxy } from '../../test/helpers/tcp-proxy.js';

const { values } = parseArgs({
  options: {
    tries: { type: 'string', default: '50' },
    'latency-tries': { type: 'string', default: '100' },
    postgres: { type: 'string', default: process.env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const TRIES = Number(values.tries);
const LATENCY_TRIES = Number(values['latency-tries']);
const spec = {
  name: 'instance',
  description: 'gateway process',
  entry: '../revocation/instance.ts',
  database: 'postgres' as const,
  redis: false,
};

async function gql<T = unknown>(origin: string, secret: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: T; errors?: unknown[] } };
}

const VIEWER = '{ viewer { token { id } } }';
const CHANGES = {
  revoke: 'mutation ($id: ID!) { revokeManagementToken(id: $id) { token { id } } }',
  deactivate: 'mutation ($id: ID!) { deactivateManagementToken(id: $id) { token { id } } }',
  rotate: 'mutation ($id: ID!) { rotateManagementToken(input: { id: $id }) { secret } }',
} as const;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  buildServers();
  const admin = new pg.Client({ connectionString: values.postgres });
  await admin.connect();
  const name = `mgw_revocation_${process.pid}`;
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(values.postgres);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const orm = await initOrm({ databaseUrl });
  await migrate(orm);
  const config = loadConfig({ DATABASE_URL: databaseUrl, MAX_LIVE_TOKENS: '100000' });
  const services = createServices(config, orm, createLogger('silent'));
  const em = orm.em.fork();
  const workspace = await services.workspaces.create(em, 'revocation');
  const owner = await services.tokens.issue(em, cliActor(workspace.id), { name: 'owner', scopes: ['read', 'write'] });
  await em.flush();
  const ownerSecret = owner.secret;

  const env = { DATABASE_URL: databaseUrl, MAX_LIVE_TOKENS: '100000' };
  const instances: RunningServer[] = [];
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  const proxiedUrl = new URL(databaseUrl);
  proxiedUrl.port = String(proxy.port);
  const start = async (extra: Record<string, string> = {}) => {
    const started = await startServer(spec, { env: { ...env, ...extra }, timeoutMs: 60_000 });
    instances.push(started);
    return started;
  };
  const results: Record<string, unknown> = { date: new Date().toISOString(), tries: TRIES };
  try {
    const [a, b] = [await start(), await start({ DATABASE_LISTEN_URL: proxiedUrl.toString() })];
    const issue = async (i: number) => {
      const created = await gql<{ createManagementToken?: { secret: string; token: { id: string } } }>(
        a.origin,
        ownerSecret,
        'mutation ($n: String!) { createManagementToken(input: { name: $n, scopes: [READ] }) { secret token { id } } }',
        {
          n: `t-${Date.now()}-${i}`,
        },
      );
      const payload = created.body.data?.createManagementToken;
      if (!payload) throw new Error(`could not issue a token: ${JSON.stringify(created.body.errors)}`);
      return { id: payload.token.id, secret: payload.secret };
    };

    const tryChanges = async (label: string) => {
      const admitted: Record<string, number> = {};
      for (const [change, mutation] of Object.entries(CHANGES)) {
        admitted[change] = 0;
        for (let i = 0; i < TRIES; i++) {
          const token = await issue(i);
          if ((await gql(b.origin, token.secret, VIEWER)).status !== 200) throw new Error('B did not admit a fresh token');
          const changed = await gql(a.origin, ownerSecret, mutation, { id: token.id });
          if (changed.body.errors) throw new Error(JSON.stringify(changed.body.errors));
          if ((await gql(b.origin, token.secret, VIEWER)).status === 200) admitted[change] += 1;
        }
      }
      results[label] = admitted;
      console.log(label, admitted);
    };

    await tryChanges('B idle: admitted after A answered');
    const load = autocannon({
      url: `${b.origin}/graphql`,
      connections: 20,
      duration: 600,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerSecret}` },
      body: JSON.stringify({ query: VIEWER }),
    });
    await tryChanges('B loaded (20 connections of viewer): admitted after A answered');
    load.stop();

    proxy.freeze();
    try {
      await new Promise((resolve) => setTimeout(resolve, 2500)); // one default lease
      await tryChanges("B's LISTEN connection stalled: admitted after A answered");
    } finally {
      proxy.thaw();
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));

    for (const count of [1, 2, 3]) {
      while (instances.length > count) await instances.pop()!.stop();
      while (instances.length < count) await start();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const latencies: number[] = [];
      for (let i = 0; i < LATENCY_TRIES; i++) {
        const token = await issue(i);
        for (const instance of instances) await gql(instance.origin, token.secret, VIEWER);
        const t0 = performance.now();
        await gql(instances[0]!.origin, ownerSecret, CHANGES.revoke, { id: token.id });
        latencies.push(performance.now() - t0);
      }
      latencies.sort((x, y) => x - y);
      const figures = { p50Ms: +percentile(latencies, 50).toFixed(2), p99Ms: +percentile(latencies, 99).toFixed(2) };
      results[`revokeManagementToken latency, ${count} instance${count > 1 ? 's' : ''}`] = figures;
      console.log(`revoke latency with ${count} instance(s)`, figures);
    }
  } finally {
    for (const instance of instances) await instance.stop();
    await proxy.close();
    await orm.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  mkdirSync(`${PROJECT_ROOT}/bench/results`, { recursive: true });
  const file = `${PROJECT_ROOT}/bench/results/revocation-${new Date().toISOString().replaceAll(':', '-')}.json`;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results: ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
