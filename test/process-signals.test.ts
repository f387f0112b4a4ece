// A supervisor's SIGTERM to `npm start` (what docker stop, systemd or a pid-file kill send) drains
// and stops the compiled gateway: real processes, raw keep-alive sockets, a request held in flight
// by sending its body only in part, and a webhook attempt held by its receiver. Nothing is timed:
// each step waits for the event that proves the previous one happened.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../src/cli/program.js';
import { initOrm } from '../src/db/orm.js';
import { Delivery, DeliveryAttempt } from '../src/modules/webhooks/delivery.entity.js';
import { TEST_ENCRYPTION_KEY } from './helpers/gateway.js';
import { databaseForProcesses } from './helpers/services.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

let env: Record<string, string>;
let cleanup: () => Promise<void>;
let secret: string;
const started: { npm: ChildProcess; gatewayPid: number | undefined }[] = [];
const sockets: Socket[] = [];

/**
 * The pglite and postgres projects run this file at the same time: one `tsc` at a time writes
 * dist/. The lock is a directory (mkdir is atomic); a leftover of a killed run is taken over.
 */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), `mgw-build-lock-${Buffer.from(ROOT).toString('hex').slice(-32)}`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  ({ env, cleanup } = await databaseForProcesses('mgw_signals', inject('postgresTemplate')));
  env['SECRET_ENCRYPTION_KEY'] = TEST_ENCRYPTION_KEY;
  const out: string[] = [];
  expect(
    await runCli(['bootstrap', '--workspace', 'signals', '--json'], { out: (text) => out.push(text), err: () => undefined }, env),
  ).toBe(0);
  secret = (JSON.parse(out.join('\n')) as { secret: string }).secret;
  await withBuildLock(() => run('npm', ['run', '--silent', 'build'], { cwd: ROOT }));
}, 180_000);

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const { npm, gatewayPid } of started.splice(0)) {
    for (const pid of [gatewayPid, npm.pid]) {
      try {
        if (pid) process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
});
afterAll(async () => {
  await cleanup?.();
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

interface Gateway {
  npm: ChildProcess;
  /** The node process npm started (the one `exec` put in place of the shell). */
  gatewayPid: number;
  url: string;
  port: number;
  logs: string[];
  exited: Promise<number | null>;
}

/** `npm start` (with its prestart build, or with --ignore-scripts after the build of beforeAll). */
async function npmStart(extraEnv: Record<string, string>, options: { withBuild: boolean }): Promise<Gateway> {
  const port = await freePort();
  const args = options.withBuild ? ['start'] : ['start', '--ignore-scripts'];
  const start = async () => {
    const npm = spawn('npm', args, {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const entry = { npm, gatewayPid: undefined as number | undefined };
    started.push(entry);
    const logs: string[] = [];
    let buffered = '';
    npm.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      logs.push(...lines);
    });
    npm.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    for (;;) {
      if (npm.exitCode !== null) throw new Error(`npm start exited early:\n${logs.join('\n')}`);
      const ready = await fetch(`${url}/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) break;
      await sleep(100);
    }
    const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(npm.pid)], { encoding: 'utf8' })
      .trim()
      .split('\n');
    const gateway = children.find((line) => line.includes('dist/src/main.js'));
    if (!gateway) throw new Error(`no gateway process under npm: ${children.join(' | ')}`);
    entry.gatewayPid = Number(gateway.trim().split(/\s+/)[0]);
    // `exec` replaced the shell: the process under npm is node itself, not `sh -c`.
    expect(gateway).toMatch(/^\s*\d+\s+node\b/);
    return { npm, gatewayPid: entry.gatewayPid, url, port, logs, exited };
  };
  return options.withBuild ? withBuildLock(start) : start();
}

const gql = async <T>(url: string, query: string) => {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data: T };
};

async function openSocket(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => text, closed };
}

function parseRaw(text: string) {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

/** A webhook receiver that answers only when the test says so. */
async function holdingReceiver() {
  const held: ServerResponse[] = [];
  let arrived: () => void = () => undefined;
  const firstArrival = new Promise<void>((resolve) => (arrived = resolve));
  const server: Server = createServer((request: IncomingMessage, response) => {
    request.resume();
    held.push(response);
    arrived();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    firstArrival,
    release: () => held.splice(0).forEach((response) => response.writeHead(200).end('ok')),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Creates a project and a webhook and changes the project: one delivery goes to the receiver. */
async function triggerDelivery(url: string, receiverUrl: string) {
  const project = await gql<{ createProject: { project: { id: string } } }>(
    url,
    'mutation { createProject(input: { name: "p", type: PRODUCTION }) { project { id } } }',
  );
  const projectId = project.data.createProject.project.id;
  await gql(
    url,
    `mutation { createWebhook(input: { projectId: "${projectId}", url: "${receiverUrl}", eventTypes: ["project.updated"] }) { webhook { id } } }`,
  );
  await gql(url, `mutation { updateProject(input: { id: "${projectId}", name: "p-${Date.now()}" }) { project { id } } }`);
}

const deliveryEnv = { WEBHOOK_ALLOW_INSECURE_URLS: 'true', WEBHOOK_POLL_MS: '200', WEBHOOK_RETRY_SCHEDULE: '0,60' };

describe('SIGTERM to the npm process', () => {
  it(
    'drains: /ready 503, no new connections, idle sockets closed, busy ones answered with Connection: close, exit once the work is done',
    { timeout: 180_000 },
    async () => {
      const receiver = await holdingReceiver();
      const metricsPort = await freePort();
      try {
        const gw = await npmStart({ ...deliveryEnv, WEBHOOK_TIMEOUT_MS: '60000', METRICS_PORT: String(metricsPort) }, { withBuild: true });

        // Metrics on their own port; the main port's /metrics then needs a token like any path.
        const scrape = () => fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((response) => response.text());
        expect(await scrape()).toContain('mgw_http_requests_total');
        expect((await fetch(`${gw.url}/metrics`)).status).toBe(401);

        // A webhook attempt in flight, held by its receiver.
        await triggerDelivery(gw.url, receiver.url);
        await receiver.firstArrival;

        // A: a keep-alive socket, idle after one answered request.
        const idle = await openSocket(gw.port);
        idle.socket.write('GET /health HTTP/1.1\r\nHost: gateway\r\n\r\n');
        while (!idle.received().includes('\r\n\r\n')) await sleep(5);
        expect(parseRaw(idle.received()).status).toBe(200);

        // C: a probe whose request has begun (headers not finished): not idle, so it is kept. It is
        // sent before B, so that B being in flight (below) shows the gateway has read C's bytes too.
        const probe = await openSocket(gw.port);
        probe.socket.write('GET /ready HTTP/1.1\r\nHost: gateway\r\n');

        // B: a keep-alive request in flight: its body lacks its last byte.
        const body = JSON.stringify({ query: '{ viewer { workspace { name } } }' });
        const busy = await openSocket(gw.port);
        busy.socket.write(
          `POST /graphql HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer ${secret}\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, -1)}`,
        );
        while (!(await scrape()).includes('\nmgw_requests_in_flight 1\n')) await sleep(10);
        expect(await scrape()).toContain('\nmgw_requests_in_flight 1\n');

        process.kill(gw.npm.pid!, 'SIGTERM');

        // The idle socket is closed by the gateway, and the port no longer accepts connections. (On a
        // busy machine the idle socket may already have met its keep-alive timeout, so the test waits
        // for the drain to begin, and then for the port to refuse, rather than assuming either.)
        while (!gw.logs.some((line) => line.includes('shutting down: draining in-flight work'))) await sleep(10);
        await idle.closed;
        const tryConnect = () =>
          new Promise<string>((resolve) => {
            const attempt = connect(gw.port, '127.0.0.1');
            attempt.once('connect', () => {
              attempt.destroy();
              resolve('connected');
            });
            attempt.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
          });
        while ((await tryConnect()) !== 'ECONNREFUSED') await sleep(10);

        // The probe arriving now is told the process is draining, and to close.
        probe.socket.write('\r\n');
        await probe.closed;
        const ready = parseRaw(probe.received());
        expect(ready.status).toBe(503);
        expect(ready.headers['connection']).toBe('close');
        expect(JSON.parse(ready.body)).toEqual({ status: 'unavailable', checks: { process: 'draining' } });

        // The request in flight completes — no reset — with Connection: close.
        busy.socket.write(body.slice(-1));
        await busy.closed;
        const answered = parseRaw(busy.received());
        expect(answered.status).toBe(200);
        expect(answered.headers['connection']).toBe('close');
        expect(JSON.parse(answered.body)).toMatchObject({ data: { viewer: { workspace: { name: 'signals' } } } });

        // Every connection is gone, but the webhook attempt is still held: the process waits for it.
        expect(isAlive(gw.gatewayPid)).toBe(true);
        expect(gw.npm.exitCode).toBeNull();
        receiver.release();

        expect(await gw.exited).toBe(0);
        expect(isAlive(gw.gatewayPid)).toBe(false);
        const logs = gw.logs.join('\n');
        expect(logs).toContain('stopped: in-flight work finished');
        expect(logs).not.toContain('shutdown timeout reached');

        // The port and the database are free again, and the attempt was recorded before exiting.
        const again = createServer();
        await new Promise<void>((resolve, reject) => again.once('error', reject).listen(gw.port, '127.0.0.1', resolve));
        await new Promise<void>((resolve) => again.close(() => resolve()));
        const orm = await initOrm({ databaseUrl: env['DATABASE_URL'], dataDir: env['DATA_DIR'] });
        try {
          const deliveries = await orm.em.fork().find(Delivery, {});
          expect(deliveries.map((delivery) => [delivery.status, delivery.attemptCount])).toEqual([['SUCCEEDED', 1]]);
          expect(await orm.em.fork().count(DeliveryAttempt, {})).toBe(1);
        } finally {
          await orm.close();
        }
      } finally {
        await receiver.close();
      }
    },
  );

  it('exits at SHUTDOWN_TIMEOUT_MS when a webhook attempt would outlast it', { timeout: 120_000 }, async () => {
    const receiver = await holdingReceiver();
    try {
      const gw = await npmStart({ ...deliveryEnv, WEBHOOK_TIMEOUT_MS: '600000', SHUTDOWN_TIMEOUT_MS: '1000' }, { withBuild: false });
      await triggerDelivery(gw.url, receiver.url);
      await receiver.firstArrival;
      process.kill(gw.npm.pid!, 'SIGTERM');
      // The attempt would wait for ten minutes; the test's own timeout is two.
      expect(await gw.exited).toBe(1);
      expect(isAlive(gw.gatewayPid)).toBe(false);
      const logs = gw.logs.join('\n');
      expect(logs).toContain('shutdown timeout reached: exiting with work still in flight');
      expect(logs).not.toContain('stopped: in-flight work finished');
    } finally {
      await receiver.close();
    }
  });

  it('stops at once when nothing is in flight', { timeout: 120_000 }, async () => {
    const gw = await npmStart({}, { withBuild: false });
    // A keep-alive client that is idle does not hold the process up.
    const idle = await openSocket(gw.port);
    idle.socket.write('GET /health HTTP/1.1\r\nHost: gateway\r\n\r\n');
    while (!idle.received().includes('\r\n\r\n')) await sleep(5);
    process.kill(gw.npm.pid!, 'SIGTERM');
    await idle.closed;
    expect(await gw.exited).toBe(0);
    expect(gw.logs.join('\n')).not.toContain('shutdown timeout reached');
  });
});
