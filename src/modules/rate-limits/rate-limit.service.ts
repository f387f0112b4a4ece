// Per-token rate limits and the per-IP limit on failed authentications, with rate-limiter-flexible.
// In memory on one instance; in Redis when several gateway processes must share one budget. A
// Redis outage falls back to an in-memory insurance limiter: limits stay enforced per process
// and no request fails with a 500 because the store is down.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../../logger.js';
import type { RateLimitState } from '../tokens/principal.js';

export interface LimitPolicy {
  points: number;
  windowSeconds: number;
  blockSeconds: number;
}

export type ChargeResult = { allowed: true; state: RateLimitState } | { allowed: false; state: RateLimitState; retryAfterSeconds: number };

export interface RateLimitSettings {
  tokenDefault: LimitPolicy;
  authFailure: LimitPolicy;
  redis?: Redis | undefined;
  /** Namespace of the keys in Redis (tests give each run its own). */
  keyPrefix?: string | undefined;
  logger: Logger;
}

export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();
  private readonly authFailures: RateLimiterAbstract;
  /** IPs known to be blocked for failed authentications, so that refusing them costs no I/O. */
  private readonly blockedIps = new Map<string, number>();
  /** What this process charged and refused, for /metrics. */
  readonly counters = { pointsCharged: 0, tokenRefusals: 0, ipRefusals: 0 };

  constructor(private readonly settings: RateLimitSettings) {
    this.authFailures = this.createLimiter('authfail', settings.authFailure);
  }

  /** Charges one request to a token's budget. `override` is the operator's per-token limit. */
  async chargeToken(tokenId: string, override?: { points: number | null; windowSeconds: number | null }): Promise<ChargeResult> {
    const base = this.settings.tokenDefault;
    const overridden = override?.points != null || override?.windowSeconds != null;
    const policy: LimitPolicy = {
      points: override?.points ?? base.points,
      windowSeconds: override?.windowSeconds ?? base.windowSeconds,
      blockSeconds: base.blockSeconds,
    };
    const limiter = this.tokenLimiter(policy);
    const name = overridden ? 'token' : 'default';
    try {
      const res = await limiter.consume(tokenId);
      this.counters.pointsCharged += 1;
      return { allowed: true, state: this.state(name, policy, res) };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      this.counters.tokenRefusals += 1;
      return { allowed: false, state: this.state(name, policy, rejection), retryAfterSeconds: retryAfter(rejection) };
    }
  }

  /** Seconds an IP must still wait because of failed authentications (0 = not blocked). No I/O. */
  ipBlockedFor(ip: string, now = Date.now()): number {
    const until = this.blockedIps.get(ip);
    if (until === undefined) return 0;
    if (until <= now) {
      this.blockedIps.delete(ip);
      return 0;
    }
    this.counters.ipRefusals += 1;
    return Math.ceil((until - now) / 1000);
  }

  /** Records a failed authentication; returns the seconds the IP is now blocked for (0 = not blocked). */
  async recordAuthFailure(ip: string): Promise<number> {
    try {
      await this.authFailures.consume(ip);
      return 0;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = retryAfter(rejection);
      this.counters.ipRefusals += 1;
      this.blockedIps.set(ip, Date.now() + seconds * 1000);
      return seconds;
    }
  }

  private tokenLimiter(policy: LimitPolicy): RateLimiterAbstract {
    const key = `tok:${policy.points}:${policy.windowSeconds}:${policy.blockSeconds}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = this.createLimiter(key, policy);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }

  private createLimiter(name: string, policy: LimitPolicy): RateLimiterAbstract {
    const options = {
      keyPrefix: `${this.settings.keyPrefix ?? 'mgw'}:${name}`,
      points: policy.points,
      duration: policy.windowSeconds,
      blockDuration: policy.blockSeconds,
    };
    if (!this.settings.redis) return new RateLimiterMemory(options);
    return new RateLimiterRedis({
      ...options,
      storeClient: this.settings.redis,
      // Fail fast when Redis is unreachable and count in memory meanwhile.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
      // A token that is blocked is refused from memory, without a Redis round trip.
      inMemoryBlockOnConsumed: policy.points + 1,
      inMemoryBlockDuration: policy.blockSeconds,
    });
  }

  private state(policyName: string, policy: LimitPolicy, res: RateLimiterRes): RateLimitState {
    return {
      policy: policyName,
      limit: policy.points,
      remaining: Math.max(0, res.remainingPoints),
      windowSeconds: policy.windowSeconds,
      resetAt: new Date(Date.now() + res.msBeforeNext),
    };
  }
}

function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** The IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers) for a budget. */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  const seconds = Math.max(0, Math.ceil((state.resetAt.getTime() - Date.now()) / 1000));
  return {
    'RateLimit-Policy': `"${state.policy}";q=${state.limit};w=${state.windowSeconds}`,
    RateLimit: `"${state.policy}";r=${state.remaining};t=${seconds}`,
  };
}
