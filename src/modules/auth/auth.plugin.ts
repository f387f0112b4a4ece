// The request path, in order: one Authorization header → parse the bearer
// header → check format and checksum (no I/O) → refuse an IP blocked for failed authentications
// (unless the secret worked here lately) → look the hash up (cache or one indexed query) → check
// status and expiry → check the IP allowlist (no I/O; a refusal counts against the IP like any failed
// authentication) → hand the principal, confined to its projects, to the GraphQL context. Refusals
// end the request here with 400, 401, 403 or 429 and a GraphQL-shaped body; nothing reaches
// execution without a principal.
// The token's rate limit is charged later, by query-cost.plugin.ts, once the request's cost is known.
import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Em, Orm } from '../../db/em.js';
import type { ErrorCode } from '../../graphql/errors.js';
import { refusalResponse } from '../../http/refusal.js';
import { hasValidChecksum, hashSecret } from '../../lib/secrets.js';
import type { LogCoalescer, Logger } from '../../logger.js';
import { requestIdOf } from '../../plugins/request-id.plugin.js';
import { rateLimitHeaders, type RateLimits, type RateLimitState } from '../rate-limits/index.js';
import { tokenPrincipal, type TokenPrincipal } from './principal.js';
import type { UsageRecorder } from '../../db/usage-recorder.js';
import type { TokenCache } from './token-cache.js';
import { addressAllowed } from '../../lib/cidrs.js';
import { DAY_MS } from '../../lib/time.js';
import { restrictToProjects } from './project-scope.js';
import { recordChange } from '../activity/index.js';
import { TOKEN_SECRET_PREFIX, type TokenRecord } from '../tokens/index.js';

export interface ServerContext {
  req?: IncomingMessage;
}

export interface Authenticated {
  principal: TokenPrincipal;
  em: Em;
}

export interface AuthDeps {
  orm: Orm;
  tokens: TokenCache;
  rateLimits: RateLimits;
  usage: UsageRecorder;
  logger: Logger;
  /** Where errors that repeat during an outage are logged (one line per interval with a count). */
  repeatedErrors: LogCoalescer;
  trustProxy: boolean;
  /** Where the plugin leaves the principal of each authenticated request for the context factory. */
  authenticated: WeakMap<Request, Authenticated>;
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;
/** How long, and for how many secrets, a success lets a secret past its IP's failure block. */
const RECENTLY_VALID_MS = 3_600_000;
const RECENTLY_VALID_MAX = 10_000;
const IP_REFUSAL_AUDIT_EVERY_MS = 60_000;
/** Like GitHub-Authentication-Token-Expiration: sent while the calling token expires within 7 days. */
export const TOKEN_EXPIRATION_HEADER = 'Management-Token-Expiration';
const EXPIRY_WARNING_MS = 7 * DAY_MS;

/** `2026-12-08 10:00:00 UTC`, the format of GitHub's header. */
const formatExpiration = (at: Date) => `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
const STATUS_CODES = { REVOKED: 'TOKEN_REVOKED', EXPIRED: 'TOKEN_EXPIRED', DEACTIVATED: 'TOKEN_DEACTIVATED' } as const;
const STATUS_MESSAGES = {
  REVOKED: 'This token was revoked.',
  EXPIRED: 'This token has expired.',
  DEACTIVATED: 'This token is deactivated.',
} as const;

export function clientIp(request: Request, serverContext: ServerContext, trustProxy: boolean): string {
  if (trustProxy) {
    // The rightmost entry is the one the trusted proxy appended; entries left of it come from the client.
    const forwarded = request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return serverContext.req?.socket.remoteAddress ?? 'unknown';
}

/**
 * How many Authorization headers the client sent. Node keeps only the first in `req.headers` (and
 * so in the fetch Request); a fetch Request built elsewhere joins them with ", ". A bearer token
 * never holds a comma, so either sign means more than one.
 */
function authorizationHeaderCount(request: Request, serverContext: ServerContext): number {
  const raw = serverContext.req?.rawHeaders;
  let count = 0;
  if (raw) for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === 'authorization') count += 1;
  const joined = request.headers.get('authorization');
  if (joined?.includes(',')) count = Math.max(count, 2);
  return Math.max(count, joined == null ? 0 : 1);
}

/** No budget was charged for a refused request. */
const UNCHARGED: RateLimitState = { policy: 'default', limit: 0, remaining: 0, windowSeconds: 0, resetAt: new Date(0) };

/** A refusal of `request`, in the media type its Accept asks for (http/refusal.ts). */
function refusal(
  request: Request,
  fetchAPI: { Response: typeof Response },
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return refusalResponse(request, fetchAPI, code, message, { headers });
}

/** RFC 6750: no error attribute when no credentials were sent, `invalid_token` when bad ones were. */
function challenge(description?: string): Record<string, string> {
  return {
    'WWW-Authenticate': description
      ? `Bearer realm="management-gateway", error="invalid_token", error_description="${description}"`
      : 'Bearer realm="management-gateway"',
  };
}

export function useTokenAuth(deps: AuthDeps): Plugin<Record<string, unknown>, ServerContext> {
  const { tokens, rateLimits, usage, logger, authenticated } = deps;
  /**
   * Hashes of secrets that authenticated in this process within the last hour (insertion order =
   * age), each with the time it stops counting. A client IP blocked for failed authentications
   * (shared NAT, a noisy neighbour) still gets in with one of these: the block exists to stop
   * guessing, and a secret seen to work is no guess. Unknown secrets stay blocked.
   */
  const recentlyValid = new Map<string, number>();
  const rememberValid = (hash: string, now: number) => {
    recentlyValid.delete(hash);
    if (recentlyValid.size >= RECENTLY_VALID_MAX) recentlyValid.delete(recentlyValid.keys().next().value!);
    recentlyValid.set(hash, now + RECENTLY_VALID_MS);
  };
  const wasRecentlyValid = (secret: string, now: number) => (recentlyValid.get(hashSecret(secret)) ?? 0) > now;

  /** When each token + address was last audited as refused, so that a flood writes one entry a minute. */
  const ipRefusalsAudited = new Map<string, number>();
  const auditIpRefusal = (token: TokenRecord, ip: string, userAgent: string | null, requestId: string | null, now: number) => {
    const key = `${token.id} ${ip}`;
    if ((ipRefusalsAudited.get(key) ?? 0) > now) return;
    if (ipRefusalsAudited.size >= RECENTLY_VALID_MAX) ipRefusalsAudited.clear();
    ipRefusalsAudited.set(key, now + IP_REFUSAL_AUDIT_EVERY_MS);
    const em = deps.orm.em.fork();
    recordChange(em, tokenPrincipal(token, { clientIp: ip, userAgent, requestId }, UNCHARGED), {
      action: 'authorization.ip_refused',
      target: { type: 'ManagementToken', id: token.id },
      summary: { name: token.name, clientIp: ip },
    });
    em.flush().catch((error: unknown) => logger.error({ err: error }, 'could not audit a refused address'));
  };

  return {
    async onRequest({ request, serverContext, endResponse, fetchAPI }) {
      // Every other route needs a token: /health, /ready and GraphiQL answer before this plugin, and
      // Yoga serves GraphQL on more paths than the endpoint itself (e.g. a trailing slash).
      if (request.method === 'OPTIONS') return;
      try {
        await authenticate(request, serverContext, endResponse, fetchAPI);
      } catch (error) {
        // A store that is down must not surface as a stack trace: answer 503 and log the cause.
        deps.repeatedErrors.error({ err: error }, 'authentication could not complete');
        endResponse(
          refusal(request, fetchAPI, 'INTERNAL', 'The gateway cannot authenticate requests right now; try again shortly.', {
            'Retry-After': '5',
          }),
        );
      }
    },

    onResponse({ request, response }) {
      const auth = authenticated.get(request);
      if (!auth) return;
      for (const [name, value] of Object.entries(rateLimitHeaders(auth.principal.rateLimit))) response.headers.set(name, value);
      const expiresAt = auth.principal.token.expiresAt;
      if (expiresAt && expiresAt.getTime() - Date.now() <= EXPIRY_WARNING_MS) {
        response.headers.set(TOKEN_EXPIRATION_HEADER, formatExpiration(expiresAt));
      }
    },
  };

  async function authenticate(
    request: Request,
    serverContext: ServerContext,
    endResponse: (response: Response) => void,
    fetchAPI: { Response: typeof Response },
  ): Promise<void> {
    const ip = clientIp(request, serverContext, deps.trustProxy);

    const refuseBlockedIp = (seconds: number) =>
      endResponse(
        refusal(request, fetchAPI, 'RATE_LIMITED', 'Too many failed authentications from this address.', {
          'Retry-After': String(seconds),
        }),
      );

    // Which of two credentials would count is ambiguous (and proxies disagree): refuse both.
    if (authorizationHeaderCount(request, serverContext) > 1) {
      return endResponse(refusal(request, fetchAPI, 'BAD_REQUEST', 'Send exactly one Authorization header.'));
    }
    const header = request.headers.get('authorization');
    const secret = header ? BEARER.exec(header)?.[1] : undefined;
    const wellFormed = secret !== undefined && hasValidChecksum(secret, TOKEN_SECRET_PREFIX);

    const now = Date.now();
    const blockedFor = rateLimits.ipBlockedFor(ip, now);
    // A blocked address is refused without I/O, unless it presents a secret that worked here lately.
    const blocked = blockedFor > 0 && !(wellFormed && wasRecentlyValid(secret, now));
    if (blocked) return refuseBlockedIp(blockedFor);

    /**
     * A presented credential failed: count it against the IP (unless already blocked), then refuse
     * (401 with a Bearer challenge, unless `headers` say otherwise).
     */
    const fail = async (code: ErrorCode, message: string, headers = challenge(message)) => {
      logger.info({ ip, code }, 'authentication refused');
      if (blockedFor > 0) return refuseBlockedIp(blockedFor);
      const blockedNow = await rateLimits.recordAuthFailure(ip);
      if (blockedNow > 0) return refuseBlockedIp(blockedNow);
      return endResponse(refusal(request, fetchAPI, code, message, headers));
    };

    if (!header) {
      return endResponse(
        refusal(request, fetchAPI, 'UNAUTHENTICATED', 'Send a management token: Authorization: Bearer mgw_…', challenge()),
      );
    }
    if (!secret) return fail('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>".');
    if (!wellFormed) {
      return fail('UNAUTHENTICATED', 'This is not a well-formed management token (mgw_ followed by 36 characters).');
    }

    const em = deps.orm.em.fork();
    const lookup = await tokens.lookup(em, secret);
    if (lookup.outcome === 'unknown') return fail('UNAUTHENTICATED', 'Unknown management token.');
    if (lookup.outcome === 'refused') return fail(STATUS_CODES[lookup.status], STATUS_MESSAGES[lookup.status]);

    const { token } = lookup;
    // The allowlist is part of the token's row: checked without I/O; the refusal is audited off the path.
    if (token.allowedCidrs && !addressAllowed(ip, token.allowedCidrs)) {
      logger.info({ ip, tokenId: token.id }, 'token used from an address outside its allowlist');
      auditIpRefusal(token, ip, request.headers.get('user-agent'), requestIdOf(request) ?? null, now);
      // A 403 tells the caller that the secret is real (an unknown one gets 401), so it counts as a
      // failed authentication of the address: nobody outside an allowlist can test secrets without limit.
      return fail('IP_NOT_ALLOWED', `This token may not be used from ${ip}.`, {});
    }
    // The current secret's hash; a previous secret in its grace period is looked up again when blocked.
    rememberValid(token.secretHash, now);

    const userAgent = request.headers.get('user-agent');
    usage.record(token.id, ip, userAgent);
    if (token.projectIds) restrictToProjects(em, token.projectIds);
    authenticated.set(request, {
      em,
      principal: tokenPrincipal(
        token,
        { clientIp: ip, userAgent, requestId: requestIdOf(request) ?? null },
        // The request's cost is charged once its document is known (query-cost.plugin.ts).
        rateLimits.unchargedState({ points: token.rateLimitPoints, windowSeconds: token.rateLimitWindowSeconds }),
      ),
    });
  }
}
