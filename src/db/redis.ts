// The Redis client for shared rate limits. Commands fail fast while Redis is unreachable (no
// offline queue), so the rate limiter falls back to memory instead of stalling requests.
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

export function createRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
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
