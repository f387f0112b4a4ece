// A TCP proxy on loopback that can be frozen: while frozen it forwards nothing in either direction
// and closes nothing, like a network partition without a reset. Used to stall one connection (a
// gateway's LISTEN connection) without touching the shared database server: pausing a server
// backend instead could stop it inside a commit that holds the cluster-wide NOTIFY lock.
import { createServer, connect, type Socket, type AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Holds everything in flight on every connection until `thaw`. */
  freeze(): void;
  thaw(): void;
  /** While on, every new connection is closed as soon as it is accepted (the server is unreachable). */
  refuse(on: boolean): void;
  /**
   * The next connection whose client sends bytes that `match` falls into a black hole from that
   * chunk on: nothing more is forwarded either way, and nothing closes it. Resolves when it happens.
   */
  blackholeNext(match: (chunk: Buffer) => boolean): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let frozen = false;
  let refusing = false;
  let trap: { match: (chunk: Buffer) => boolean; sprung: () => void } | undefined;
  const sockets = new Set<Socket>();
  const held: (() => void)[] = [];
  const server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let blackholed = false;
    const forward = (from: Socket, to: Socket, fromClient: boolean) => {
      from.on('data', (chunk: Buffer) => {
        if (!blackholed && fromClient && trap?.match(chunk)) {
          blackholed = true;
          trap.sprung();
          trap = undefined;
        }
        if (blackholed) return;
        if (frozen) held.push(() => to.write(chunk));
        else to.write(chunk);
      });
      from.on('close', () => to.destroy());
      from.on('error', () => to.destroy());
    };
    forward(client, upstream, true);
    forward(upstream, client, false);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
      for (const send of held.splice(0)) send();
    },
    refuse: (on) => {
      refusing = on;
    },
    blackholeNext: (match) => new Promise<void>((sprung) => (trap = { match, sprung })),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
