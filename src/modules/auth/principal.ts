// Who is calling over the API: the token the request path authenticated, as its actor.
import { expandGrants, type Permission, type TokenRecord } from '../tokens/index.js';
import type { TokenActor } from '../activity/index.js';
import type { RateLimitState } from '../rate-limits/index.js';

export interface TokenPrincipal extends TokenActor {
  /** The token's row as authenticated (from the token cache or the lookup), for `viewer.token`. */
  token: TokenRecord;
  permissions: ReadonlySet<Permission>;
  rateLimit: RateLimitState;
}

/** The principal of an authenticated token: the one place a principal is built. */
export function tokenPrincipal(
  token: TokenRecord,
  request: { clientIp: string; userAgent: string | null; requestId?: string | null | undefined },
  rateLimit: RateLimitState,
): TokenPrincipal {
  return {
    kind: 'token',
    workspaceId: token.workspaceId,
    token,
    permissions: expandGrants(token.grants),
    clientIp: request.clientIp,
    userAgent: request.userAgent,
    requestId: request.requestId ?? null,
    rateLimit,
  };
}
