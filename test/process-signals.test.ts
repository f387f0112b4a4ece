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
import { ManagementToken } from '../src/modules/tokens/token.entity.js';
import { Delivery, DeliveryAttempt } from '../src/modules/webhooks/delivery.entity.js';
import { TEST_ENCRYPTION_KEY } from './helpers/gateway.js';
import { createPostgresDatabase, databaseForProcesses, POSTGRES_ADMIN_URL } from './helpers/services.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';

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
  // What `npm start` builds first (the server incrementally, the console if stale); the tests with
  // --ignore-scripts start what this built.
  await withBuildLock(() => run('npm', ['run', '--silent', 'prestart'], { cwd: ROOT }));
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

interface Started {
  npm: ChildProcess;
  url: string;
  port: number;
  logs: string[];
  exited: Promise<number | null>;
}

/** Spawns `npm start` (with its prestart build, or with --ignore-scripts after the build of beforeAll) and collects its output. */
async function spawnNpmStart(extraEnv: Record<string, string>, options: { withBuild: boolean }): Promise<Started> {
  const port = await freePort();
  const args = options.withBuild ? ['start'] : ['start', '--ignore-scripts'];
  const npm = spawn('npm', args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push({ npm, gatewayPid: undefined });
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
  return { npm, url: `http://127.0.0.1:${port}`, port, logs, exited };
}

/** The node process npm started (the one `exec` put in place of the shell). */
function gatewayPidUnder(npm: ChildProcess): number {
  const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(npm.pid)], { encoding: 'utf8' })
    .trim()
    .split('\n');
  const gateway = children.find((line) => line.includes('dist/src/main.js'));
  if (!gateway) throw new Error(`no gateway process under npm: ${children.join(' | ')}`);
  const pid = Number(gateway.trim().split(/\s+/)[0]);
  const entry = started.find((candidate) => candidate.npm === npm);
  if (entry) entry.gatewayPid = pid;
  // `exec` replaced the shell: the process under npm is node itself, not `sh -c`.
  expect(gateway).toMatch(/^\s*\d+\s+node\b/);
  return pid;
}

/** `npm start`, once /ready answers 200. */
async function npmStart(extraEnv: Record<string, string>, options: { withBuild: boolean }): Promise<Gateway> {
  const start = async () => {
    const gw = await spawnNpmStart(extraEnv, options);
    for (;;) {
      if (gw.npm.exitCode !== null) throw new Error(`npm start exited early:\n${gw.logs.join('\n')}`);
      const ready = await fetch(`${gw.url}/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) break;
      await sleep(100);
    }
    return { ...gw, gatewayPid: gatewayPidUnder(gw.npm) };
  };
  return options.withBuild ? withBuildLock(start) : start();
}

/** Waits until a line of the gateway's output contains `text`; fails if the process exits first. */
async function untilLogged(gw: Started, text: string) {
  while (!gw.logs.some((line) => line.includes(text))) {
    if (gw.npm.exitCode !== null) throw new Error(`exited before logging "${text}":\n${gw.logs.join('\n')}`);
    await sleep(10);
  }
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
        // The shutdown timeout is not what this test is about: long enough for every step below on a busy machine.
        const gw = await npmStart(
          { ...deliveryEnv, WEBHOOK_TIMEOUT_MS: '60000', METRICS_PORT: String(metricsPort), SHUTDOWN_TIMEOUT_MS: '150000' },
          { withBuild: true },
        );

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

        // B: a keep-alive request in flight: its body lacks its last byte.
        const body = JSON.stringify({ query: '{ viewer { workspace { name } } }' });
        const busy = await openSocket(gw.port);
        busy.socket.write(
          `POST /graphql HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer ${secret}\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, -1)}`,
        );
        while (!(await scrape()).includes('\nmgw_requests_in_flight 1\n')) await sleep(10);
        expect(await scrape()).toContain('\nmgw_requests_in_flight 1\n');

        // C: a keep-alive socket whose next request arrives during the drain. Its first request
        // (GET /health announcing a body) is answered at once, which proves the gateway has read it,
        // yet stays in progress until its body is complete, so the socket is not idle and is kept.
        // A byte of that body now and then keeps the socket from meeting its keep-alive timeout.
        const probe = await openSocket(gw.port);
        const probeBodyBytes = 100_000;
        let probeBodySent = 0;
        const keepProbeTalking = () => {
          if (probeBodySent < probeBodyBytes - 1) {
            probe.socket.write('x');
            probeBodySent += 1;
          }
        };
        probe.socket.write(`GET /health HTTP/1.1\r\nHost: gateway\r\nContent-Length: ${probeBodyBytes}\r\n\r\n`);
        while (!probe.received().includes('\r\n\r\n')) await sleep(5);
        expect(parseRaw(probe.received()).status).toBe(200);

        process.kill(gw.npm.pid!, 'SIGTERM');

        // The drain begins (its log line is written in the same tick as the idle sockets are closed).
        while (!gw.logs.some((line) => line.includes('shutting down: draining in-flight work'))) {
          keepProbeTalking();
          await sleep(10);
        }

        // The probe arriving now, on the kept socket, is told the process is draining, and to close.
        const answeredBefore = probe.received().length;
        probe.socket.write(`${'x'.repeat(probeBodyBytes - probeBodySent)}GET /ready HTTP/1.1\r\nHost: gateway\r\n\r\n`);
        await probe.closed;
        const ready = parseRaw(probe.received().slice(answeredBefore));
        expect(ready.status).toBe(503);
        expect(ready.headers['connection']).toBe('close');
        expect(JSON.parse(ready.body)).toEqual({ status: 'unavailable', checks: { process: 'draining' } });

        // The idle socket is closed by the gateway, and the port no longer accepts connections. (On a
        // busy machine the idle socket may already have met its keep-alive timeout, so the test waits
        // for the port to refuse rather than assuming either.)
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
    // Longer than the test: a drain stuck until the timeout fails the test instead of exiting 1.
    const gw = await npmStart({ SHUTDOWN_TIMEOUT_MS: '150000' }, { withBuild: false });
    // A keep-alive client that is idle does not hold the process up.
    const idle = await openSocket(gw.port);
    idle.socket.write('GET /health HTTP/1.1\r\nHost: gateway\r\n\r\n');
    while (!idle.received().includes('\r\n\r\n')) await sleep(5);
    process.kill(gw.npm.pid!, 'SIGTERM');
    await idle.closed;
    expect(await gw.exited).toBe(0);
    expect(gw.logs.join('\n')).not.toContain('shutdown timeout reached');
  });

  it('writes the pending lastUsedAt before exiting, however long the flush interval', { timeout: 120_000 }, async () => {
    const out: string[] = [];
    const name = `used-once-${Date.now()}`;
    expect(
      await runCli(
        ['token', 'create', '--workspace', 'signals', '--name', name, '--scope', 'read', '--json'],
        { out: (text) => out.push(text), err: () => undefined },
        env,
      ),
    ).toBe(0);
    const used = JSON.parse(out.join('\n')) as { token: { id: string }; secret: string };
    const gw = await npmStart({ LAST_USED_FLUSH_MS: '3600000', SHUTDOWN_TIMEOUT_MS: '150000' }, { withBuild: false });
    const response = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${used.secret}` },
      body: JSON.stringify({ query: '{ viewer { permissions } }' }),
    });
    expect(response.status).toBe(200);
    // Not written yet: the next flush is an hour away.
    const before = await gql<{ managementToken: { lastUsedAt: string | null } }>(
      gw.url,
      `{ managementToken(id: "${used.token.id}") { lastUsedAt } }`,
    );
    expect(before.data.managementToken.lastUsedAt).toBeNull();

    process.kill(gw.npm.pid!, 'SIGTERM');
    expect(await gw.exited).toBe(0);

    const orm = await initOrm({ databaseUrl: env['DATABASE_URL'], dataDir: env['DATA_DIR'] });
    try {
      const row = await orm.em.fork().findOneOrFail(ManagementToken, { name });
      expect(row.lastUsedAt).toBeInstanceOf(Date);
      expect(row.lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 120_000);
    } finally {
      await orm.close();
    }
  });

  it('stops cleanly when the signal comes during start-up, once the step under way is done', { timeout: 120_000 }, async () => {
    // The gateway's database behind a proxy that forwards nothing yet: start-up waits on it.
    const database = await createPostgresDatabase('mgw_startup', inject('postgresTemplate'));
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(POSTGRES_ADMIN_URL).port || 5432) });
    try {
      proxy.freeze();
      const url = new URL(database.url);
      url.port = String(proxy.port);
      const gw = await spawnNpmStart({ DATABASE_URL: url.toString(), SHUTDOWN_TIMEOUT_MS: '150000' }, { withBuild: false });
      await untilLogged(gw, 'starting: opening the database and applying migrations');
      const gatewayPid = gatewayPidUnder(gw.npm);
      process.kill(gw.npm.pid!, 'SIGTERM');
      await untilLogged(gw, 'signal during start-up: stopping once the current step is done');
      expect(isAlive(gatewayPid)).toBe(true);
      proxy.thaw();
      expect(await gw.exited).toBe(0);
      expect(isAlive(gatewayPid)).toBe(false);
      const logs = gw.logs.join('\n');
      expect(logs).toContain('stopped during start-up');
      expect(logs).not.toContain('management gateway listening');
      expect(logs).not.toContain('shutdown timeout reached');
    } finally {
      await proxy.close();
      await database.drop();
    }
  });
});
