// Per-token rate limits and the per-IP limit on failed authentications, with rate-limiter-flexible.
// In memory on one instance; in Redis when several gateway processes must share one budget. A
// Redis outage falls back to an in-memory insurance limiter: limits stay enforced per process
// and no request fails with a 500 because the store is down.
// A charge of several points (an expensive request) is all or nothing, decided atomically by the
// store: it is counted only if it fits in what is left, so concurrent expensive requests can
// never push a token past its budget (and into a block) between a look and a charge.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../../logger.js';

/**
 * rate-limiter-flexible's increment script for Redis, preceded by the all-or-nothing rule: a charge
 * of more than one point that does not fit in the limit (ARGV[3]) is not counted; the answer is
 * then what the count would have been, so the limiter rejects it like any charge past the limit.
 * A single point (and a negative one: `reward`) is counted as before. The script is registered on
 * the Redis client under one name for every limiter, so every limiter of this module uses it.
 */
const ALL_OR_NOTHING_INCR_SCRIPT = `local points = tonumber(ARGV[1])
if points > 1 then
  local current = tonumber(redis.call('get', KEYS[1]) or '0')
  if current + points > tonumber(ARGV[3]) then
    local ttl = redis.call('pttl', KEYS[1])
    if ttl < 0 then ttl = 1000 * tonumber(ARGV[2]) end
    return {current + points, ttl}
  end
end
redis.call('set', KEYS[1], 0, 'EX', ARGV[2], 'NX')
local consumed = redis.call('incrby', KEYS[1], ARGV[1])
local ttl = redis.call('pttl', KEYS[1])
if ttl == -1 then
  redis.call('expire', KEYS[1], ARGV[2])
  ttl = 1000 * ARGV[2]
end
return {consumed, ttl}`;

/**
 * The in-memory limiter with the same all-or-nothing rule (alone, or as Redis's insurance). Every
 * charge to one key waits for the one before it, so that the look at the count and the charge of
 * a multi-point request are one step for every other request of that key.
 */
class AllOrNothingMemoryLimiter extends RateLimiterMemory {
  private readonly queues = new Map<string, Promise<unknown>>();

  override consume(key: string | number, points = 1, options: Record<string, unknown> = {}): Promise<RateLimiterRes> {
    const charge = async (): Promise<RateLimiterRes> => {
      if (points > 1) {
        const current = await this.get(key);
        const consumed = current?.consumedPoints ?? 0;
        if (consumed + points > this.points) {
          // rate-limiter-flexible's contract: a refused consume rejects with its RateLimiterRes.
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          throw new RateLimiterRes(Math.max(0, this.points - consumed), current?.msBeforeNext ?? this.msDuration, consumed + points, false);
        }
      }
      return super.consume(key, points, options);
    };
    const id = String(key);
    const previous = this.queues.get(id);
    const result = previous ? previous.then(charge, charge) : charge();
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(id, settled);
    void settled.then(() => {
      if (this.queues.get(id) === settled) this.queues.delete(id);
    });
    return result;
  }
}

/** A token's request budget after the current request (the RateLimit headers and `rateLimit`). */
export interface RateLimitState {
  /** Name of the policy in the RateLimit headers: "default" or "token" (an operator override). */
  policy: string;
  limit: number;
  remaining: number;
  windowSeconds: number;
  resetAt: Date;
  /** Points the current request was charged (its cost); set once the request is charged. */
  cost?: number;
}

export interface LimitPolicy {
  points: number;
  windowSeconds: number;
  blockSeconds: number;
}

export type ChargeResult = { allowed: true; state: RateLimitState } | { allowed: false; state: RateLimitState; retryAfterSeconds: number };

export interface RateLimitSettings {
  tokenDefault: LimitPolicy;
  authFailure: LimitPolicy;
  /** `sendTestWebhookEvent` calls per webhook endpoint per minute. */
  testEventsPerMinute?: number | undefined;
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
  /** Tokens known to be blocked for going past their limit (refused without parsing their document). */
  private readonly blockedTokens = new Map<string, number>();
  private readonly testEvents: RateLimiterAbstract;

  constructor(private readonly settings: RateLimitSettings) {
    this.authFailures = this.createLimiter('authfail', settings.authFailure);
    this.testEvents = this.createLimiter('testevt', { points: settings.testEventsPerMinute ?? 10, windowSeconds: 60, blockSeconds: 0 });
  }

  /** The policy that applies to a token: the deployment default or the operator's override. */
  tokenPolicy(override?: { points: number | null; windowSeconds: number | null }): { name: string; policy: LimitPolicy } {
    const base = this.settings.tokenDefault;
    const overridden = override?.points != null || override?.windowSeconds != null;
    return {
      name: overridden ? 'token' : 'default',
      policy: {
        points: override?.points ?? base.points,
        windowSeconds: override?.windowSeconds ?? base.windowSeconds,
        blockSeconds: base.blockSeconds,
      },
    };
  }

  /** The budget of a token before anything is charged (full), until the charge replaces it. */
  unchargedState(override?: { points: number | null; windowSeconds: number | null }): RateLimitState {
    const { name, policy } = this.tokenPolicy(override);
    return {
      policy: name,
      limit: policy.points,
      remaining: policy.points,
      windowSeconds: policy.windowSeconds,
      resetAt: new Date(Date.now() + policy.windowSeconds * 1000),
    };
  }

  /**
   * Charges `points` (a request's cost) to a token's budget. `override` is the operator's
   * per-token limit. A request that costs more than what is left is refused without charging
   * anything (so one expensive request does not block the token, and a cheaper one still passes);
   * the store decides this atomically (all or nothing), also under concurrent requests and across
   * instances. The request that goes past the limit blocks the token for `blockSeconds`.
   */
  async chargeToken(
    tokenId: string,
    override?: { points: number | null; windowSeconds: number | null },
    points = 1,
  ): Promise<ChargeResult> {
    const { name, policy } = this.tokenPolicy(override);
    const limiter = this.tokenLimiter(policy);
    try {
      const res = await limiter.consume(tokenId, points);
      this.counters.pointsCharged += points;
      return { allowed: true, state: this.state(name, policy, res) };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      this.counters.tokenRefusals += 1;
      // What was spent before this request: a refused charge of several points was not counted.
      const spent = rejection.consumedPoints - points;
      if (points > 1 && spent <= policy.points) {
        const state = { ...this.state(name, policy, rejection), remaining: policy.points - spent };
        return { allowed: false, state, retryAfterSeconds: retryAfter(rejection) };
      }
      let res = rejection;
      // The point that crossed the limit starts the block, in the store (every instance sees it).
      if (points === 1 && spent === policy.points && policy.blockSeconds > 0) {
        res = await limiter.block(tokenId, policy.blockSeconds).catch((error: unknown) => {
          this.settings.logger.warn({ err: error }, 'could not record a rate-limit block in the store');
          return rejection;
        });
      }
      const retryAfterSeconds = retryAfter(res);
      this.blockedTokens.set(tokenId, Date.now() + retryAfterSeconds * 1000);
      return { allowed: false, state: this.state(name, policy, res), retryAfterSeconds };
    }
  }

  /**
   * Seconds a token must still wait after going past its limit (0 = not known to be blocked), from
   * this process's memory: a blocked token is refused before its document is even parsed.
   */
  tokenBlockedFor(tokenId: string, now = Date.now()): number {
    const seconds = secondsBlocked(this.blockedTokens, tokenId, now);
    // A refusal like the one that started the block (mgw_rate_limit_refusals_total{limit="token"}).
    if (seconds > 0) this.counters.tokenRefusals += 1;
    return seconds;
  }

  /**
   * A per-client-IP budget of `pointsPerMinute` for an unauthenticated endpoint (POST /oidc/token,
   * POST /credentials/revoke), shared through Redis like the token limits. The returned function
   * charges one request and resolves to the seconds to wait when refused (0 = allowed).
   */
  perClientLimit(name: string, pointsPerMinute: number): (ip: string) => Promise<number> {
    const limiter = this.createLimiter(`ip:${name}`, { points: pointsPerMinute, windowSeconds: 60, blockSeconds: 0 });
    return async (ip) => {
      try {
        await limiter.consume(ip);
        return 0;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return retryAfter(rejection);
      }
    };
  }

  /**
   * Counts one `sendTestWebhookEvent` against the endpoint's own budget (per webhook, per minute,
   * shared through Redis like the token limits). Returns the seconds to wait when refused (0 = allowed).
   */
  async chargeTestEvent(webhookId: string): Promise<number> {
    try {
      await this.testEvents.consume(webhookId);
      return 0;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return retryAfter(rejection);
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
      // chargeToken blocks the token itself: the limiter's own block would also start on a
      // refused (uncounted) expensive charge.
      limiter = this.createLimiter(key, { ...policy, blockSeconds: 0 });
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
    if (!this.settings.redis) return new AllOrNothingMemoryLimiter(options);
    return new RateLimiterRedis({
      ...options,
      storeClient: this.settings.redis,
      customIncrTtlLuaScript: ALL_OR_NOTHING_INCR_SCRIPT,
      // Fail fast when Redis is unreachable and count in memory meanwhile.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new AllOrNothingMemoryLimiter(options),
      // A token that is blocked is refused from memory, without a Redis round trip.
      ...(policy.blockSeconds > 0 ? { inMemoryBlockOnConsumed: policy.points + 1, inMemoryBlockDuration: policy.blockSeconds } : {}),
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

/** Seconds until `key`'s block in `blocks` (ends as epoch ms) is over; forgets a block that is over. */
function secondsBlocked(blocks: Map<string, number>, key: string, now: number): number {
  const until = blocks.get(key);
  if (until === undefined) return 0;
  if (until <= now) {
    blocks.delete(key);
    return 0;
  }
  return Math.ceil((until - now) / 1000);
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
