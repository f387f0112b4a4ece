// The Redis client for shared rate limits. Commands fail fast: not queued while Redis is
// unreachable (no offline queue, no retry of a command across a reconnect), and bounded by a
// command timeout while it is connected but does not answer (a frozen server, a partition
// without a reset). Either way the rate limiter's in-memory insurance decides at once instead of
// stalling the request, and the client reconnects by itself.
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

export interface RedisSettings {
  /** Longest a command may wait for its reply, in milliseconds. */
  commandTimeoutMs: number;
}

export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 200;

export function createRedis(url: string, logger: Logger, settings?: RedisSettings): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: settings?.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported) logger.warn({ err: error }, 'redis unavailable; rate limits fall back to process memory');
    reported = true;
  });
  redis.on('ready', () => {
    if (reported) logger.info('redis reachable again');
    reported = false;
  });
  return redis;
}

/** Whether an ioredis error is its command timeout (the server is connected but does not answer). */
export const isRedisTimeout = (error: unknown): boolean => error instanceof Error && error.message === 'Command timed out';
