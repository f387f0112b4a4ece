// `npm run bench`: starts each benchmark server in its own child process, one at a time, drives it
// with autocannon from this process, and reports req/s, latency, non-2xx and peak RSS against a bare
// Yoga of the same run, plus the issue's targets. `--soak` runs the long, rate-limited memory check instead.
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { probe, runLoad, type Measurement } from './lib/load.js';
import { createBenchDatabase, type BenchDatabase } from './lib/postgres.js';
import {
  attachRatios,
  evaluateTargets,
  formatTable,
  formatTargets,
  medianRows,
  medianTargets,
  writeResults,
  type Row,
} from './lib/report.js';
import { scenariosFor, type Scenario } from './lib/scenarios.js';
import { PROJECT_ROOT, SERVERS, buildServers, startServer, type RunningServer, type ServerSpec } from './lib/servers.js';

const USAGE = `usage: npm run bench -- [options]

  --duration <s>       seconds measured per scenario (default 10; --smoke: 2)
  --connections <n>    concurrent connections (default 50; --smoke: 10)
  --warmup <s>         unrecorded load before each scenario (default 2; --smoke: 1)
  --rounds <n>         measure every server n times, in alternating order, and judge the targets on
                       the median of each round's ratios (default 1; a shared machine drifts)
  --smoke              short run of a subset, every server started once (what CI runs)
  --only <names>       servers to run, comma-separated: ${SERVERS.map((spec) => spec.name).join(', ')}
  --scenario <names>   scenarios to run, comma-separated (e.g. viewer,projects)
  --soak               soak test instead: the gateway at 70% of its measured viewer capacity
  --soak-duration <s>  length of the soak (default 600)
  --profile <dir>      run the servers with --cpu-prof, writing .cpuprofile files to <dir>
  --help`;

/** 100,000 projects in one workspace for the keyset-pagination scenario (PostgreSQL gateway only). */
const DEEP_PROJECTS = 100_000;
const REDIS_URL = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const RESULTS_DIR = join(PROJECT_ROOT, 'bench', 'results');
/** Start-up includes migrations and seeding (100,000 rows for gateway-pg). */
const START_TIMEOUT_MS = 180_000;
/** Share of the measured viewer capacity the soak runs at. */
const SOAK_LOAD = 0.7;

class UsageError extends Error {}

interface Options {
  durationS: number;
  connections: number;
  warmupS: number;
  smoke: boolean;
  rounds: number;
  servers: ServerSpec[];
  scenarios: string[] | null;
  soak: boolean;
  soakDurationS: number;
  profileDir: string | null;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`--${name} must be a positive number`);
  return number;
}

const list = (values: string[] | undefined) => (values ? values.flatMap((value) => value.split(',')).filter(Boolean) : null);

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      warmup: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      only: { type: 'string', multiple: true },
      scenario: { type: 'string', multiple: true },
      soak: { type: 'boolean', default: false },
      'soak-duration': { type: 'string' },
      profile: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return null;
  const smoke = values.smoke;
  const only = list(values.only);
  for (const name of only ?? []) {
    if (!SERVERS.some((spec) => spec.name === name)) throw new UsageError(`unknown server "${name}"`);
  }
  let servers = SERVERS.filter((spec) => !only || only.includes(spec.name));
  if (values.soak) {
    // The soak runs one gateway: the first one selected, PostgreSQL by default.
    const gateway = servers.find((spec) => spec.entry === 'gateway.ts' && (only || spec.name === 'gateway-pg'));
    if (!gateway) throw new UsageError('--soak needs a gateway server (--only gateway-pg, gateway-pglite or gateway-pg-redis)');
    servers = [gateway];
  }
  return {
    durationS: positive('duration', values.duration, smoke ? 2 : 10),
    connections: Math.round(positive('connections', values.connections, smoke ? 10 : 50)),
    warmupS: positive('warmup', values.warmup, smoke ? 1 : 2),
    smoke,
    rounds: Math.round(positive('rounds', values.rounds, 1)),
    servers,
    scenarios: list(values.scenario),
    soak: values.soak,
    soakDurationS: positive('soak-duration', values['soak-duration'], 600),
    profileDir: values.profile ?? null,
  };
}

const mb = (value: number | undefined) => (value === undefined ? '?' : value.toFixed(0));

function serverEnv(spec: ServerSpec, database: BenchDatabase | undefined, deep: boolean): Record<string, string> {
  return {
    DATABASE_URL: spec.database === 'postgres' ? database!.url : '',
    REDIS_URL: spec.redis ? REDIS_URL : '',
    BENCH_DEEP_PROJECTS: deep && spec.name === 'gateway-pg' ? String(DEEP_PROJECTS) : '0',
  };
}

function start(spec: ServerSpec, options: Options, database: BenchDatabase | undefined, deep: boolean): Promise<RunningServer> {
  const profiling = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  return startServer(spec, { env: serverEnv(spec, database, deep), nodeArgs: profiling, timeoutMs: START_TIMEOUT_MS });
}

/** What went wrong in a measurement: statuses other than the expected one, errors, GraphQL errors. */
function problemsOf(measurement: Measurement, scenario: Scenario): string[] {
  const problems: string[] = [];
  if (measurement.unexpected > 0) {
    const codes = Object.entries(measurement.statusCodes).filter(([code]) => code !== String(scenario.expectStatus));
    problems.push(
      `${measurement.unexpected} responses with an unexpected status (${codes.map(([code, n]) => `${code}: ${n}`).join(', ')})`,
    );
  }
  if (measurement.errors > 0) problems.push(`${measurement.errors} connection errors`);
  if (measurement.timeouts > 0) problems.push(`${measurement.timeouts} timeouts`);
  if (measurement.graphqlErrors > 0) problems.push(`${measurement.graphqlErrors} answers with GraphQL errors`);
  if (measurement.requests === 0) problems.push('no request completed');
  return problems;
}

/** Probe, warm up (not recorded), measure; samples the server's RSS every second throughout. */
async function measureScenario(server: RunningServer, scenario: Scenario, options: Options): Promise<Row> {
  const connections = scenario.connections ?? options.connections;
  const problems: string[] = [];
  try {
    await probe(server.origin, scenario);
  } catch (error) {
    problems.push(`probe failed: ${(error as Error).message}`);
  }
  let peakRssMb = server.memory()?.rssMb ?? 0;
  const sample = () => {
    peakRssMb = Math.max(peakRssMb, server.memory()?.rssMb ?? 0);
  };
  await runLoad(server.origin, scenario, { connections, durationS: options.warmupS, onTick: sample });
  const cpuBefore = server.cpuMs();
  const measurement = await runLoad(server.origin, scenario, { connections, durationS: options.durationS, onTick: sample });
  const cpuAfter = server.cpuMs();
  sample();
  problems.push(...problemsOf(measurement, scenario));
  const row: Row = {
    server: server.spec.name,
    scenario: scenario.name,
    title: scenario.title,
    connections,
    expectStatus: scenario.expectStatus,
    measurement,
    peakRssMb,
    hwmMb: server.memory()?.hwmMb ?? Number.NaN,
    cpuMsPerRequest:
      cpuBefore !== undefined && cpuAfter !== undefined && measurement.requests > 0 ? (cpuAfter - cpuBefore) / measurement.requests : null,
    vsYoga: null,
    vsAnchor: null,
    cpuVsAnchor: null,
    problems,
  };
  const m = measurement;
  console.log(
    `  ${scenario.name.padEnd(15)} ${m.rps.toFixed(0).padStart(7)} req/s  p50 ${m.latencyMs.p50.toFixed(2)} ms  p99 ${m.latencyMs.p99.toFixed(2)} ms` +
      `  non-2xx ${m.non2xx}  CPU ${row.cpuMsPerRequest?.toFixed(2) ?? '?'} ms/req  RSS peak ${mb(peakRssMb)} MB${problems.length > 0 ? `\n    FAIL: ${problems.join('; ')}` : ''}`,
  );
  return row;
}

function machine() {
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryMb: Math.round(totalmem() / 2 ** 20),
  };
}

async function benchmark(options: Options, database: BenchDatabase | undefined, track: (server?: RunningServer) => void): Promise<number> {
  const startedAt = new Date();
  const runId = randomBytes(3).toString('hex');
  const wanted = (name: string) => !options.scenarios || options.scenarios.includes(name);
  const deep = !options.smoke && (wanted('page-1') || wanted('page-1000'));
  const rounds: Row[][] = [];
  const failures: string[] = [];
  const servers: { name: string; description: string; startupRssMb: number | null }[] = [];

  for (let round = 0; round < options.rounds; round++) {
    const rows: Row[] = [];
    rounds.push(rows);
    // Every other round in reverse, so that a machine getting busier or quieter favours nobody.
    const order = round % 2 === 0 ? options.servers : [...options.servers].reverse();
    if (options.rounds > 1) console.log(`\n== round ${round + 1} of ${options.rounds}`);
    for (const spec of order) await measureServer(spec, rows);
    attachRatios(rows);
  }
  const rows = rounds.length === 1 ? rounds[0]! : medianRows(rounds);
  const targets = rounds.length === 1 ? evaluateTargets(rows) : medianTargets(rounds.map(evaluateTargets));

  async function measureServer(spec: ServerSpec, rows: Row[]) {
    console.log(`\n${spec.name}: ${spec.description}`);
    let server: RunningServer;
    try {
      server = await start(spec, options, database, deep);
    } catch (error) {
      failures.push(`${spec.name} did not start`);
      console.error(`  FAIL: ${(error as Error).message}`);
      return;
    }
    track(server);
    try {
      const startupRssMb = server.memory()?.rssMb ?? null;
      if (!servers.some((known) => known.name === spec.name))
        servers.push({ name: spec.name, description: spec.description, startupRssMb });
      console.log(`  pid ${server.pid}, ${server.origin}, RSS ${mb(startupRssMb ?? undefined)} MB after start-up (and seeding)`);
      const scenarios = scenariosFor(spec.name, server.ready, runId).filter((s) => wanted(s.name) && (!options.smoke || s.smoke));
      for (const scenario of scenarios) rows.push(await measureScenario(server, scenario, options));
    } finally {
      await server.stop();
      track(undefined);
    }
  }

  const median = rounds.length > 1 ? `; the median of ${rounds.length} rounds, ratios taken within each round` : '';
  console.log(
    `\nResults (${options.durationS} s per scenario after ${options.warmupS} s warm-up, ${options.connections} connections; ${machine().cpus} CPUs shared by load generator, server and databases${median})\n`,
  );
  console.log(formatTable(rows));
  console.log(
    '\n  rps/yoga = req/s ÷ bare Yoga req/s; p99/yoga = p99 ÷ bare Yoga p99; rps/anchor = req/s ÷ bare Yoga + raw pg req/s on the same list; cpu/anchor = server CPU ms per request ÷ the anchor CPU on the same list, lower is better (same run). Scenarios:',
  );
  for (const [name, title] of new Map(rows.map((row) => [row.scenario, row.title]))) console.log(`    ${name.padEnd(15)} ${title}`);
  console.log('\nTargets\n');
  console.log(formatTargets(targets));

  const problems = [
    ...failures,
    ...rounds
      .flat()
      .filter((row) => row.problems.length > 0)
      .map((row) => `${row.server} ${row.scenario}: ${row.problems.join('; ')}`),
  ];
  // Smoke runs (CI) keep their results apart, so they never replace the measured ones.
  const file = await writeResults(options.smoke ? join(RESULTS_DIR, 'smoke') : RESULTS_DIR, startedAt, {
    kind: 'bench',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { ...options, servers: options.servers.map((spec) => spec.name) },
    machine: machine(),
    servers,
    results: rows,
    ...(rounds.length > 1 ? { rounds } : {}),
    targets,
    problems,
  });
  console.log(`\nwrote ${file} (and latest.json)`);
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    return 1;
  }
  return 0;
}

async function soak(options: Options, database: BenchDatabase | undefined, track: (server?: RunningServer) => void): Promise<number> {
  const startedAt = new Date();
  const spec = options.servers[0]!;
  console.log(`soak: ${spec.name} (${spec.description})`);
  const server = await start(spec, options, database, false);
  track(server);
  try {
    const viewer = scenariosFor(spec.name, server.ready, 'soak').find((scenario) => scenario.name === 'viewer')!;
    await probe(server.origin, viewer);
    await runLoad(server.origin, viewer, { connections: options.connections, durationS: options.warmupS });
    const capacity = await runLoad(server.origin, viewer, { connections: options.connections, durationS: options.durationS });
    const rate = Math.max(1, Math.round(SOAK_LOAD * capacity.rps));
    const before = server.memory();
    console.log(
      `  viewer capacity ${capacity.rps.toFixed(0)} req/s → soak at ${rate} req/s (${SOAK_LOAD * 100}%) for ${options.soakDurationS} s`,
    );
    console.log(`  RSS at start ${mb(before?.rssMb)} MB`);

    let seconds = 0;
    let peakRssMb = before?.rssMb ?? 0;
    const every = Math.max(10, Math.round(options.soakDurationS / 10));
    const result = await runLoad(server.origin, viewer, {
      connections: options.connections,
      durationS: options.soakDurationS,
      overallRate: rate,
      onTick: () => {
        const now = server.memory();
        peakRssMb = Math.max(peakRssMb, now?.rssMb ?? 0);
        if (++seconds % every === 0) console.log(`  ${String(seconds).padStart(5)} s  RSS ${mb(now?.rssMb)} MB`);
      },
    });
    const after = server.memory();
    const growth = before && after ? (100 * (after.rssMb - before.rssMb)) / before.rssMb : Number.NaN;
    const fiveXx = Object.entries(result.statusCodes)
      .filter(([code]) => code.startsWith('5'))
      .reduce((sum, [, count]) => sum + count, 0);
    const problems = problemsOf(result, viewer);
    if (fiveXx > 0 && !problems.some((p) => p.includes('unexpected status'))) problems.push(`${fiveXx} 5xx responses`);

    console.log(`\nSoak result (${spec.name}, viewer)`);
    console.log(
      `  achieved      ${result.rps.toFixed(0)} req/s of ${rate} requested, ${result.requests} requests in ${result.durationS} s`,
    );
    console.log(
      `  latency       p50 ${result.latencyMs.p50.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms, max ${result.latencyMs.max.toFixed(1)} ms`,
    );
    console.log(
      `  RSS           start ${mb(before?.rssMb)} MB → end ${mb(after?.rssMb)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%), peak ${mb(peakRssMb)} MB, VmHWM ${mb(after?.hwmMb)} MB`,
    );
    console.log(`  5xx           ${fiveXx}`);
    console.log(`  status codes  ${JSON.stringify(result.statusCodes)}`);
    const file = await writeResults(RESULTS_DIR, startedAt, {
      kind: 'soak',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      options: { ...options, servers: [spec.name] },
      machine: machine(),
      server: spec.name,
      capacity,
      rate,
      result,
      rss: {
        startMb: before?.rssMb ?? null,
        endMb: after?.rssMb ?? null,
        growthPercent: growth,
        peakMb: peakRssMb,
        hwmMb: after?.hwmMb ?? null,
      },
      fiveXx,
      problems,
    });
    console.log(`\nwrote ${file} (and latest.json)`);
    if (problems.length > 0) {
      console.error(`FAIL: ${problems.join('; ')}`);
      return 1;
    }
    return 0;
  } finally {
    await server.stop();
    track(undefined);
  }
}

async function main(): Promise<number> {
  let options: Options | null;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }

  let database: BenchDatabase | undefined;
  let current: RunningServer | undefined;
  const track = (server?: RunningServer) => {
    current = server;
  };
  // Ctrl-C: stop the server child and drop the database before leaving.
  process.once('SIGINT', () => {
    void (async () => {
      await current?.stop();
      await database?.drop().catch(() => undefined);
      process.exit(130);
    })();
  });

  console.log(`node ${process.version}, ${machine().cpus} CPUs (${machine().cpuModel})`);
  buildServers();
  try {
    if (options.servers.some((spec) => spec.database === 'postgres')) {
      try {
        database = await createBenchDatabase();
      } catch (error) {
        console.error(`error: cannot create the PostgreSQL database: ${(error as Error).message}`);
        return 1;
      }
      console.log(`database ${database.name}`);
    }
    return options.soak ? await soak(options, database, track) : await benchmark(options, database, track);
  } finally {
    await database?.drop().catch((error: unknown) => console.error(`could not drop ${database?.name}: ${(error as Error).message}`));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
