// `/ready`: 200 when the database (and Redis, when configured) answer and the process is not
// draining; 503 otherwise, so a load balancer stops sending traffic. `/health` (liveness) is
// Yoga's own health check.
import type { Redis } from 'ioredis';
import type { Plugin } from 'graphql-yoga';
import type { Orm } from '../db/orm.js';

export interface ReadinessDeps {
  orm: Orm;
  redis?: Redis | undefined;
  isDraining: () => boolean;
}

export function useReadiness(deps: ReadinessDeps): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/ready') return;
      const checks: Record<string, string> = {};
      const database = await deps.orm.checkConnection();
      checks['database'] = database.ok ? 'ok' : 'unavailable';
      if (deps.redis) {
        checks['redis'] = await deps.redis.ping().then(
          () => 'ok',
          () => 'unavailable',
        );
      }
      if (deps.isDraining()) checks['process'] = 'draining';
      const ready = Object.values(checks).every((state) => state === 'ok');
      endResponse(
        new fetchAPI.Response(JSON.stringify({ status: ready ? 'ready' : 'unavailable', checks }), {
          status: ready ? 200 : 503,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
      );
    },
  };
}
