// Measures how long the gateway takes to refuse the abusive requests of issue 9, and how /health
// answers meanwhile: the gateway runs in a child process (bench/servers/gateway.ts: in-memory
// PGlite, default limits, a seeded workspace), this process sends each request over loopback
// HTTP several times (each time as a document the gateway has not cached) while another loop
// keeps calling /health. Prints a Markdown table (the one in docs/limits.md). Run: npx tsx scripts/measure-refusals.ts [runs per request, default 5]
import { availableParallelism, loadavg } from 'node:os';
import { SERVERS, buildServers, startServer, type RunningServer } from '../bench/lib/servers.js';

interface Abuse {
  name: string;
  body: (ids: Ids) => { query: string; variables?: Record<string, unknown> };
  /** The bench token (read + write) or a read token. */
  token: 'owner' | 'reader';
}

interface Ids {
  projectId: string;
}

const times = (count: number, make: (i: number) => string) => Array.from({ length: count }, (_, i) => make(i)).join(' ');
const nest = (levels: number, page: string) =>
  `${'{ project(id: $P) { '}${times(levels - 1, () => `apiKeys(first: ${page}) { edges { node { project { `)}apiKeys(first: ${page}) { edges { node { id } } }${' } } } }'.repeat(levels - 1)} } }`;

const ABUSES: readonly Abuse[] = [
  {
    name: 'four-level fan-out `project { apiKeys(first: 100) { … project { apiKeys(first: 100) …` (depth 17)',
    body: ({ projectId }) => ({ query: `query ($P: ID!) ${nest(4, '100')}`, variables: { P: projectId } }),
    token: 'reader',
  },
  {
    name: 'three-level fan-out, page size in a defaulted variable (`$n: Int = 100`, not sent)',
    body: ({ projectId }) => ({ query: `query ($P: ID!, $n: Int = 100) ${nest(3, '$n')}`, variables: { P: projectId } }),
    token: 'reader',
  },
  {
    name: '1,200 fields `a: project(id: "prj_…") { id }` (one alias, 59 KB)',
    body: () => ({ query: `{ ${times(1200, (i) => `a: project(id: "prj_${String(i).padStart(22, '0')}") { id }`)} }` }),
    token: 'reader',
  },
  {
    name: 'depth 53 through `ApiKey.project.apiKeys…`',
    body: ({ projectId }) => {
      const chain = ['project(id: $P)'];
      const cycle = ['apiKeys(first: 1)', 'edges', 'node', 'project'];
      while (chain.length < 52) chain.push(cycle[(chain.length - 1) % cycle.length]!);
      return { query: `query ($P: ID!) { ${chain.join(' { ')} { id ${' }'.repeat(chain.length)} }`, variables: { P: projectId } };
    },
    token: 'reader',
  },
  {
    name: '1,000 aliases of `projects(first: 100)`',
    body: () => ({ query: `{ ${times(1000, (i) => `p${i}: projects(first: 100) { edges { node { id } } }`)} }` }),
    token: 'reader',
  },
  {
    name: '100 aliased `createApiKey` mutations',
    body: ({ projectId }) => ({
      query: `mutation { ${times(100, (i) => `k${i}: createApiKey(input: { projectId: "${projectId}", kind: SECRET }) { apiKey { id } }`)} }`,
    }),
    token: 'owner',
  },
  {
    name: '500 aliased forbidden `createProject` mutations (read token)',
    body: () => ({
      query: `mutation { ${times(500, (i) => `p${i}: createProject(input: { name: "x${i}", type: DEVELOPMENT }) { project { id } }`)} }`,
    }),
    token: 'reader',
  },
];

async function graphql(server: RunningServer, secret: string, body: unknown) {
  const response = await fetch(`${server.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    json: (await response.json()) as { data?: Record<string, unknown>; errors?: { extensions?: Record<string, unknown> }[] },
  };
}

/** Calls /health back to back until `stop()`, keeping the slowest answer (ms). */
function healthProbe(server: RunningServer) {
  let running = true;
  let slowest = 0;
  let calls = 0;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${server.origin}/health`)).text();
      slowest = Math.max(slowest, performance.now() - started);
      calls += 1;
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { slowest, calls };
    },
  };
}

/** Requests per abuse for the CPU figure (/proc counts CPU in 10 ms ticks). */
const CPU_RUNS = 200;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => value.toFixed(1);

async function main() {
  const runs = Number(process.argv[2] ?? 5);
  const spec = SERVERS.find((server) => server.name === 'gateway-pglite')!;
  buildServers();
  // The issue's project holds 100 API keys; the bench seed gives it 50, so the quota is raised.
  const server = await startServer(spec, { env: { MAX_API_KEYS_PER_PROJECT: '100', DATABASE_URL: '', REDIS_URL: '' }, timeoutMs: 120_000 });
  try {
    const owner = server.ready.secret!;
    const projectId = server.ready.projectId!;
    for (let i = 0; i < 50; i++)
      await graphql(server, owner, {
        query: `mutation { createApiKey(input: { projectId: "${projectId}", kind: PUBLIC }) { apiKey { id } } }`,
      });
    const issued = await graphql(server, owner, {
      query: 'mutation { createManagementToken(input: { name: "reader", scopes: [READ] }) { secret } }',
    });
    const reader = (issued.json.data?.['createManagementToken'] as { secret: string }).secret;
    const keys = await graphql(server, owner, { query: `{ project(id: "${projectId}") { apiKeys { totalCount } } }` });
    const keyCount = (keys.json.data?.['project'] as { apiKeys: { totalCount: number } } | undefined)?.apiKeys.totalCount;
    if (keyCount !== 100) throw new Error(`the project should hold 100 API keys, not ${String(keyCount)}`);

    const idle = healthProbe(server);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const baseline = await idle.stop();

    const rows: string[] = [];
    for (const abuse of ABUSES) {
      const body = abuse.body({ projectId });
      const secret = abuse.token === 'owner' ? owner : reader;
      await graphql(server, secret, body); // warm-up: the first call of a shape compiles code paths
      const probe = healthProbe(server);
      const elapsed: number[] = [];
      let outcome = '';
      for (let i = 0; i < runs; i++) {
        // A comment makes each document new to Yoga's parse and validation caches (a comment is no token).
        const fresh = { ...body, query: `# run ${i}\n${body.query}` };
        const started = performance.now();
        const { status, json } = await graphql(server, secret, fresh);
        elapsed.push(performance.now() - started);
        const error = json.errors?.[0]?.extensions;
        outcome = `${status} ${String(error?.['code'] ?? 'ok')}${error?.['variable'] ? ` (${String(error['variable'])})` : ''}`;
      }
      const health = await probe.stop();
      // Wall times on a shared machine follow its load; the server's CPU time per refusal does far less.
      const cpuBefore = server.cpuMs()!;
      for (let i = 0; i < CPU_RUNS; i++) await graphql(server, secret, { ...body, query: `# cpu ${i}\n${body.query}` });
      const cpuPerRefusal = (server.cpuMs()! - cpuBefore) / CPU_RUNS;
      rows.push(
        `| ${abuse.name} | ${outcome} | ${ms(median(elapsed))} | ${ms(Math.max(...elapsed))} | ${ms(cpuPerRefusal)} | ${ms(health.slowest)} |`,
      );
    }
    console.log(
      `${availableParallelism()} cores, load average ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}`,
    );
    console.log(`/health alone: slowest of ${baseline.calls} calls in 0.5 s: ${ms(baseline.slowest)} ms\n`);
    console.log(
      `| Request | Answer | Refused in (median of ${runs}, ms) | Slowest (ms) | Server CPU per refusal (${CPU_RUNS} runs, ms) | Slowest /health meanwhile (ms) |`,
    );
    console.log('|---|---|---:|---:|---:|---:|');
    for (const row of rows) console.log(row);
  } finally {
    await server.stop();
  }
}

await main();
