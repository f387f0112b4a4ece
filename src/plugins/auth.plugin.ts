// The request path (DESIGN.md "Requests"), in order: parse the bearer header → check format and
// checksum (no I/O) → look the hash up (one indexed query) → check status and expiry → charge the
// token's rate limit → hand the principal to the GraphQL context. Refusals end the request here
// with 401 or 429 and a GraphQL-shaped body (http/refusal.ts); nothing reaches execution without a principal.
import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Em, Orm } from '../db/orm.js';
import type { ErrorCode } from '../graphql/errors.js';
import { refusalResponse } from '../http/refusal.js';
import { hasValidChecksum } from '../lib/secrets.js';
import type { Logger } from '../logger.js';
import { rateLimitHeaders, type RateLimits } from '../modules/rate-limits/rate-limit.service.js';
import { expandGrants } from '../modules/tokens/permissions.js';
import type { TokenPrincipal } from '../modules/tokens/principal.js';
import type { UsageRecorder } from '../db/usage-recorder.js';
import type { TokenCache } from '../modules/tokens/token-cache.js';
import { TOKEN_SECRET_PREFIX } from '../modules/tokens/token.service.js';

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
  trustProxy: boolean;
  /** Where the plugin leaves the principal of each authenticated request for the context factory. */
  authenticated: WeakMap<Request, Authenticated>;
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;
const STATUS_CODES = { REVOKED: 'TOKEN_REVOKED', EXPIRED: 'TOKEN_EXPIRED', DEACTIVATED: 'TOKEN_DEACTIVATED' } as const;
const STATUS_MESSAGES = {
  REVOKED: 'This token was revoked.',
  EXPIRED: 'This token has expired.',
  DEACTIVATED: 'This token is deactivated.',
} as const;

function clientIp(request: Request, serverContext: ServerContext, trustProxy: boolean): string {
  if (trustProxy) {
    // The rightmost entry is the one the trusted proxy appended; entries left of it come from the client.
    const forwarded = request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return serverContext.req?.socket.remoteAddress ?? 'unknown';
}

/** Refusals of one request, in the media type its Accept asks for. */
function refuser(request: Request, fetchAPI: { Response: typeof Response }) {
  return (code: ErrorCode, message: string, headers: Record<string, string> = {}) =>
    refusalResponse(request, fetchAPI, code, message, { headers });
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

  return {
    async onRequest({ request, serverContext, endResponse, fetchAPI }) {
      // Every other route needs a token: /health, /ready and GraphiQL answer before this plugin, and
      // Yoga serves GraphQL on more paths than the endpoint itself (e.g. a trailing slash).
      if (request.method === 'OPTIONS') return;
      const refusal = refuser(request, fetchAPI);
      try {
        await authenticate(request, serverContext, endResponse, fetchAPI);
      } catch (error) {
        // A store that is down must not surface as a stack trace: answer 503 and log the cause.
        logger.error({ err: error }, 'authentication could not complete');
        endResponse(refusal('INTERNAL', 'The gateway cannot authenticate requests right now; try again shortly.', { 'Retry-After': '5' }));
      }
    },

    onResponse({ request, response }) {
      const auth = authenticated.get(request);
      if (!auth) return;
      for (const [name, value] of Object.entries(rateLimitHeaders(auth.principal.rateLimit))) response.headers.set(name, value);
    },
  };

  async function authenticate(
    request: Request,
    serverContext: ServerContext,
    endResponse: (response: Response) => void,
    fetchAPI: { Response: typeof Response },
  ): Promise<void> {
    const ip = clientIp(request, serverContext, deps.trustProxy);
    const refusal = refuser(request, fetchAPI);

    const refuseBlockedIp = (seconds: number) =>
      endResponse(refusal('RATE_LIMITED', 'Too many failed authentications from this address.', { 'Retry-After': String(seconds) }));

    const blockedFor = rateLimits.ipBlockedFor(ip);
    if (blockedFor > 0) return refuseBlockedIp(blockedFor);

    /** A presented credential failed: count it against the IP, then refuse. */
    const fail = async (code: ErrorCode, message: string) => {
      logger.info({ ip, code }, 'authentication refused');
      const blocked = await rateLimits.recordAuthFailure(ip);
      if (blocked > 0) return refuseBlockedIp(blocked);
      return endResponse(refusal(code, message, challenge(message)));
    };

    const header = request.headers.get('authorization');
    if (!header) {
      return endResponse(refusal('UNAUTHENTICATED', 'Send a management token: Authorization: Bearer mgw_…', challenge()));
    }
    const secret = BEARER.exec(header)?.[1];
    if (!secret) return fail('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>".');
    if (!hasValidChecksum(secret, TOKEN_SECRET_PREFIX)) {
      return fail('UNAUTHENTICATED', 'This is not a well-formed management token (mgw_ followed by 36 characters).');
    }

    const em = deps.orm.em.fork();
    const lookup = await tokens.lookup(em, secret);
    if (lookup.outcome === 'unknown') return fail('UNAUTHENTICATED', 'Unknown management token.');
    if (lookup.outcome === 'refused') return fail(STATUS_CODES[lookup.status], STATUS_MESSAGES[lookup.status]);

    const { token } = lookup;
    const charge = await rateLimits.chargeToken(token.id, { points: token.rateLimitPoints, windowSeconds: token.rateLimitWindowSeconds });
    if (!charge.allowed) {
      return endResponse(
        refusal('RATE_LIMITED', `Rate limit of ${charge.state.limit} requests per ${charge.state.windowSeconds} s exceeded.`, {
          'Retry-After': String(charge.retryAfterSeconds),
          ...rateLimitHeaders(charge.state),
        }),
      );
    }

    const userAgent = request.headers.get('user-agent');
    usage.record(token.id, ip, userAgent);
    authenticated.set(request, {
      em,
      principal: {
        kind: 'token',
        tokenId: token.id,
        tokenName: token.name,
        tokenPrefix: token.prefix,
        workspaceId: token.workspaceId,
        grants: token.grants,
        permissions: expandGrants(token.grants),
        tokenExpiresAt: token.expiresAt,
        rateLimitPoints: token.rateLimitPoints,
        rateLimitWindowSeconds: token.rateLimitWindowSeconds,
        clientIp: ip,
        userAgent,
        rateLimit: charge.state,
        record: token,
      },
    });
  }
}
