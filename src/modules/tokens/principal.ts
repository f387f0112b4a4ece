// Who is calling: a management token (over GraphQL) or the operator's CLI.
import type { Permission } from './permissions.js';
import type { TokenRecord } from './token-cache.js';

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

export interface TokenPrincipal {
  kind: 'token';
  tokenId: string;
  tokenName: string;
  tokenPrefix: string;
  workspaceId: string;
  /** Grants as stored on the token (permissions and scopes). */
  grants: readonly string[];
  /** The grants expanded into permissions. */
  permissions: ReadonlySet<Permission>;
  /** The token's own expiry and operator rate-limit override (a token it creates cannot exceed them). */
  tokenExpiresAt: Date | null;
  rateLimitPoints: number | null;
  rateLimitWindowSeconds: number | null;
  /** The projects the token is restricted to; null = the whole workspace. */
  projectIds: readonly string[] | null;
  /** The CIDRs the token may be used from; null = anywhere. */
  allowedCidrs: readonly string[] | null;
  clientIp: string;
  userAgent: string | null;
  /** The request's id (`X-Request-Id`), written to the audit entries it causes. */
  requestId?: string | null;
  rateLimit: RateLimitState;
  /** The token's row as authenticated (from the token cache or the lookup), for `viewer.token`. */
  record: TokenRecord;
}

/** An operator at the command line, acting on one workspace. */
export interface CliActor {
  kind: 'cli';
  workspaceId: string;
}

/** The gateway itself, acting on a workspace's policy (e.g. revoking unused tokens). */
export interface SystemActor {
  kind: 'system';
  workspaceId: string;
}

/** Who makes a change, and in which workspace: everything a change is confined to and audited with. */
export type Actor = TokenPrincipal | CliActor | SystemActor;

export const cliActor = (workspaceId: string): CliActor => ({ kind: 'cli', workspaceId });
export const systemActor = (workspaceId: string): SystemActor => ({ kind: 'system', workspaceId });
