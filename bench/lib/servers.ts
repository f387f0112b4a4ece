// The servers a run can start, and the child process that runs one: compiled JavaScript run by
// `node`, as `npm start` runs the gateway (tsx's transform at run time would be measured too), in
// a process of its own, so that autocannon (in the parent) and the server never share an event loop.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ReadyLine } from '../servers/common.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerSpec {
  name: string;
  description: string;
  /** Entry file under bench/servers/. */
  entry: string;
  database: 'postgres' | 'pglite' | null;
  redis: boolean;
}

/** In the order a run starts them; the two anchors first, since every other figure is a ratio to one of them. */
export const SERVERS: readonly ServerSpec[] = [
  { name: 'yoga', description: 'bare graphql-yoga, { hello }', entry: 'yoga-hello.ts', database: null, redis: false },
  {
    name: 'yoga-pg',
    description: "bare graphql-yoga + one raw pg query per list (the lists' anchor, PostgreSQL)",
    entry: 'yoga-pg.ts',
    database: 'postgres',
    redis: false,
  },
  {
    name: 'apollo',
    description: 'Apollo Server 5, same schema, no auth/limits (PostgreSQL)',
    entry: 'apollo.ts',
    database: 'postgres',
    redis: false,
  },
  { name: 'gateway-pg', description: 'gateway on PostgreSQL', entry: 'gateway.ts', database: 'postgres', redis: false },
  { name: 'gateway-pglite', description: 'gateway on in-memory PGlite', entry: 'gateway.ts', database: 'pglite', redis: false },
  {
    name: 'gateway-pg-redis',
    description: 'gateway on PostgreSQL, rate limits in Redis',
    entry: 'gateway.ts',
    database: 'postgres',
    redis: true,
  },
];

export interface MemoryUsage {
  /** Resident set size now, in MiB. */
  rssMb: number;
  /** Peak resident set size since the process started (VmHWM), in MiB. */
  hwmMb: number;
}

/** VmRSS and VmHWM of a process, from /proc (Linux); undefined once it is gone. */
export function memoryOf(pid: number): MemoryUsage | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux this runs on). */
const CLOCK_TICKS_PER_S = 100;

/**
 * CPU time the process has used so far (user + system), in ms, from /proc (Linux); undefined once
 * it is gone. On a shared machine req/s depends on how much CPU the other tenants leave; the CPU a
 * server spends per request depends far less on them, so it is the steadier figure to compare.
 */
export function cpuMsOf(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after "(comm)": state is the first, utime the 12th, stime the 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
}

export interface RunningServer {
  spec: ServerSpec;
  ready: ReadyLine;
  pid: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  memory(): MemoryUsage | undefined;
  /** CPU ms used by the server process so far. */
  cpuMs(): number | undefined;
  /** SIGTERM, then SIGKILL if the child has not exited within 15 s. */
  stop(): Promise<void>;
}

export interface StartOptions {
  env: Record<string, string>;
  /** Extra Node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** How long seeding and start-up may take. */
  timeoutMs: number;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Where the servers are compiled to (tsconfig.bench.json; git ignores it). */
const BUILD_DIR = join(PROJECT_ROOT, 'dist-bench');

/**
 * Compiles the servers and the gateway's sources to JavaScript (incremental: a few seconds when
 * nothing changed). Call once before starting servers.
 */
export function buildServers(): void {
  const tsc = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', join(PROJECT_ROOT, 'tsconfig.bench.json')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`compiling the benchmark servers failed (tsc exit ${built.status ?? built.signal})`);
}

/** Starts the child and resolves when it has printed its ready line (rejects with its stderr otherwise). */
export async function startServer(spec: ServerSpec, options: StartOptions): Promise<RunningServer> {
  const entry = join(BUILD_DIR, 'bench', 'servers', spec.entry.replace(/\.ts$/, '.js'));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--enable-source-maps', entry], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...options.env, BENCH_SERVER: spec.name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000); // keep the tail: the error is at the end
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited(child);
    clearTimeout(killer);
  };

  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${spec.name}: not ready after ${options.timeoutMs / 1000} s\n${stderr}`));
    }, options.timeoutMs);
    lines.on('line', (line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        return; // not the ready line (a library printing something): ignore
      }
      if ((parsed as ReadyLine | null)?.ready === true) {
        clearTimeout(timer);
        resolve(parsed as ReadyLine);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${spec.name}: exited before it was ready (${signal ?? `code ${code}`})\n${stderr}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });

  const pid = child.pid!;
  return {
    spec,
    ready,
    pid,
    origin: `http://127.0.0.1:${ready.port}`,
    memory: () => memoryOf(pid),
    cpuMs: () => cpuMsOf(pid),
    stop,
  };
}
