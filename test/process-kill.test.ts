// Nothing is lost when a gateway process is killed mid-delivery: a real `src/main.ts` process is
// killed with SIGKILL while its attempt hangs, another is started on the same database, and the
// delivery goes out after the lease runs out — with the same webhook-id.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../src/cli/program.js';
import { TEST_ENCRYPTION_KEY } from './helpers/gateway.js';
import { databaseForProcesses } from './helpers/services.js';

let env: Record<string, string>;
let cleanup: () => Promise<void>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  ({ env, cleanup } = await databaseForProcesses('mgw_kill', inject('postgresTemplate')));
  env['SECRET_ENCRYPTION_KEY'] = TEST_ENCRYPTION_KEY;
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await cleanup?.();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `src/main.ts` as its own process (one process: tsx as a loader, so SIGKILL kills it all) and
 * waits until it is ready — however long a busy machine takes; the test's timeout bounds it, and a
 * process that exits first fails the start at once.
 */
async function startProcess(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOW_INSECURE_URLS: 'true',
      WEBHOOK_TIMEOUT_MS: '1500',
      WEBHOOK_POLL_MS: '200',
      WEBHOOK_RETRY_SCHEDULE: '0,0,0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  for (;;) {
    if (exited !== undefined) throw new Error(`the gateway process exited (${exited}) before it was ready`);
    const ready = await fetch(`${url}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, child };
    await sleep(100);
  }
}

const gql = async <T>(url: string, secret: string, query: string) => {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data: T; errors?: unknown[] };
};

describe('a gateway process killed mid-delivery', () => {
  let receiver: Server;
  const received: string[] = [];
  // One promise per expected request, resolved when the receiver sees it: the test waits for events,
  // not for a number of polls that a loaded machine may not fit into.
  const arrived: Array<() => void> = [];
  const arrivals = [0, 1].map((n) => new Promise<void>((resolve) => (arrived[n] = resolve)));

  beforeAll(async () => {
    // The first request hangs (the attempt is in flight when its process dies); later ones succeed.
    receiver = createServer((request, response) => {
      request.resume();
      received.push(String(request.headers['webhook-id']));
      arrived[received.length - 1]?.();
      if (received.length === 1) return; // never answered
      response.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('loses nothing: a restarted process delivers the event after the lease runs out', { timeout: 240_000 }, async () => {
    const out: string[] = [];
    expect(
      await runCli(['bootstrap', '--workspace', 'killable', '--json'], { out: (text) => out.push(text), err: () => undefined }, env),
    ).toBe(0);
    const secret = (JSON.parse(out.join('\n')) as { secret: string }).secret;
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    const first = await startProcess();
    const project = await gql<{ createProject: { project: { id: string } } }>(
      first.url,
      secret,
      'mutation { createProject(input: { name: "p", type: PRODUCTION }) { project { id } } }',
    );
    const projectId = project.data.createProject.project.id;
    const hook = await gql<{ createWebhook: { webhook: { id: string } } }>(
      first.url,
      secret,
      `mutation { createWebhook(input: { projectId: "${projectId}", url: "${receiverUrl}", eventTypes: ["project.updated"] }) { webhook { id } } }`,
    );
    const webhookId = hook.data.createWebhook.webhook.id;
    await gql<unknown>(first.url, secret, `mutation { updateProject(input: { id: "${projectId}", name: "p2" }) { project { id } } }`);

    // Wait until the attempt is in flight, then kill the process without any chance to clean up.
    await arrivals[0];
    expect(received).toHaveLength(1);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await startProcess();
    await arrivals[1];
    expect(received).toHaveLength(2);
    expect(received[1]).toBe(received[0]);

    let status = '';
    while (status !== 'SUCCEEDED' && status !== 'FAILED') {
      const result = await gql<{ webhook: { deliveries: { edges: { node: { status: string } }[] } } }>(
        second.url,
        secret,
        `{ webhook(id: "${webhookId}") { deliveries { edges { node { status attemptCount } } } } }`,
      );
      status = result.data.webhook.deliveries.edges[0]?.node.status ?? '';
      if (status !== 'SUCCEEDED') await sleep(100);
    }
    expect(status).toBe('SUCCEEDED');
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
  });
});
