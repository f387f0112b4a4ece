// `/ready`: 200 when the database (and Redis, when configured) answer within the check timeout
// and the process is not draining; 503 otherwise, so a load balancer stops sending traffic. Each
// store is checked at the same time and reported on its own (`ok`, `timeout` when it is slow,
// `unavailable` when it refuses), so an operator sees which one is at fault. While draining,
// `/ready` answers 503 without checking anything, and every response asks its client to close
// the connection (`Connection: close`), so keep-alive clients move to another instance instead
// of having a socket reset under them. `/health` (liveness) is Yoga's own health check.
import type { Redis } from 'ioredis';
import type { Plugin } from 'graphql-yoga';
import type { Orm } from '../db/em.js';
import { isRedisTimeout } from '../db/redis.js';

export interface ReadinessDeps {
  orm: Orm;
  redis?: Redis | undefined;
  isDraining: () => boolean;
  /** Longest each store check may take, in milliseconds. */
  timeoutMs: number;
}

export type CheckState = 'ok' | 'timeout' | 'unavailable';

const TIMED_OUT = Symbol('timed out');

async function withTimeout(check: () => Promise<boolean>, timeoutMs: number): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs)));
  try {
    const outcome = await Promise.race([
      check().then(
        (ok) => (ok ? 'ok' : 'unavailable') as CheckState,
        (error: unknown) => (isRedisTimeout(error) ? 'timeout' : 'unavailable') as CheckState,
      ),
      expired,
    ]);
    return outcome === TIMED_OUT ? 'timeout' : outcome;
  } finally {
    clearTimeout(timer);
  }
}

export function useReadiness(deps: ReadinessDeps): Plugin {
  // A new object each time: the Response may keep (and extend) the one it is given.
  const json = () => ({ 'content-type': 'application/json; charset=utf-8' });
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/ready') return;
      if (deps.isDraining()) {
        endResponse(
          new fetchAPI.Response(JSON.stringify({ status: 'unavailable', checks: { process: 'draining' } }), {
            status: 503,
            headers: json(),
          }),
        );
        return;
      }
      const { redis } = deps;
      const [database, redisState] = await Promise.all([
        withTimeout(async () => (await deps.orm.checkConnection()).ok, deps.timeoutMs),
        redis ? withTimeout(async () => (await redis.ping()) === 'PONG', deps.timeoutMs) : undefined,
      ]);
      const checks: Record<string, CheckState | 'draining'> = { database };
      if (redisState) checks['redis'] = redisState;
      // The process may have started draining while the stores were checked.
      if (deps.isDraining()) checks['process'] = 'draining';
      const ready = Object.values(checks).every((state) => state === 'ok');
      endResponse(
        new fetchAPI.Response(JSON.stringify({ status: ready ? 'ready' : 'unavailable', checks }), {
          status: ready ? 200 : 503,
          headers: json(),
        }),
      );
    },
    onResponse({ response }) {
      if (deps.isDraining()) response.headers.set('connection', 'close');
    },
  };
}
