// Who makes a change, and in which workspace: everything a change is confined to and audited with.
// A token's actor is the request's principal (auth/principal.ts); this module only needs its shape.

/** The token behind a change: who it is (for the audit log) and what bounds what it may do. */
export interface ActingToken {
  id: string;
  name: string;
  prefix: string;
  /** Grants as stored on the token (permissions and scopes). */
  grants: readonly string[];
  /** A token it creates cannot outlive it, nor exceed its rate-limit override. */
  expiresAt: Date | null;
  rateLimitPoints: number | null;
  rateLimitWindowSeconds: number | null;
  /** The projects the token is restricted to; null = the whole workspace. */
  projectIds: readonly string[] | null;
  /** The CIDRs the token may be used from; null = anywhere. */
  allowedCidrs: readonly string[] | null;
}

/** A management token acting over the API. */
export interface TokenActor {
  kind: 'token';
  workspaceId: string;
  token: ActingToken;
  /** The grants expanded into permissions. */
  permissions: ReadonlySet<string>;
  clientIp: string;
  userAgent: string | null;
  /** The request's id (`X-Request-Id`), written to the audit entries it causes. */
  requestId?: string | null;
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

export type Actor = TokenActor | CliActor | SystemActor;

export const cliActor = (workspaceId: string): CliActor => ({ kind: 'cli', workspaceId });
export const systemActor = (workspaceId: string): SystemActor => ({ kind: 'system', workspaceId });
