// What every benchmark server child shares: listen on a loopback port, announce itself to the
// parent (bench/run.ts) with one JSON line on stdout, and stop cleanly on SIGTERM.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The line a server child prints once it listens; the parent reads it to know where to send load. */
export interface ReadyLine {
  ready: true;
  server: string;
  port: number;
  pid: number;
  /** Bench token of the seeded workspace (gateway and Apollo servers). */
  secret?: string;
  /** A valid secret API key of that workspace (for verifyApiKey). */
  apiKey?: string;
  /** The seeded project holding the API keys, and the webhook holding the deliveries (opaque ids). */
  projectId?: string;
  webhookId?: string;
  /** The deep-pagination workspace (PostgreSQL gateway, when BENCH_DEEP_PROJECTS is set). */
  deep?: { secret: string; projects: number; page1000After: string };
}

/** Listens on 127.0.0.1 (never another interface) on a free port. */
export async function listenOnLoopback(handler: RequestListener): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

export function announce(line: Omit<ReadyLine, 'ready' | 'pid'>): void {
  process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid, ...line })}\n`);
}

/** Stops accepting connections and drops the open ones (the load generator is gone by then). */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * On SIGTERM / SIGINT: run `stop` (close the server, the ORM, …) and exit 0 — a normal exit, so
 * that `--cpu-prof` gets to write its profile. A stuck stop is cut short after 10 s.
 */
export function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = async () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 10_000).unref();
    try {
      await stop();
    } catch (error) {
      console.error(error);
    }
    process.exit(0);
  };
  process.once('SIGTERM', () => void onSignal());
  process.once('SIGINT', () => void onSignal());
}

/** Ends a child that could not start: the message goes to stderr, which the parent shows. */
export function failStart(error: unknown): never {
  console.error(error);
  process.exit(1);
}
