// The error codes of the API and the only way errors toward a client are made. Each error is a
// GraphQLError with a stable `extensions.code`; the table in docs/api.md is checked against ERROR_CODES.
// The services raise DomainErrors (lib/errors.ts); `graphQLErrorOf` gives them their wire form.
import { GraphQLError, type ASTNode } from 'graphql';
import type { DomainError, DomainErrorCode } from '../lib/errors.js';

export const ERROR_CODES = {
  UNAUTHENTICATED: { status: 401, description: 'No bearer token, a malformed one, or one the gateway does not know.' },
  TOKEN_EXPIRED: { status: 401, description: 'A real token whose expiry date has passed.' },
  TOKEN_REVOKED: { status: 401, description: 'A real token that was revoked (irreversible).' },
  TOKEN_DEACTIVATED: { status: 401, description: 'A real token that is deactivated (can be activated again).' },
  FORBIDDEN: {
    status: 200,
    description:
      'The token lacks the permission the field requires (`extensions.requiredPermission`), or tried to grant one it does not hold.',
  },
  NOT_FOUND: { status: 200, description: "No such object in the calling token's workspace (ids of other workspaces answer this too)." },
  BAD_USER_INPUT: {
    status: 200,
    description:
      'Invalid input; `extensions.field` names the offending field (or variable). Invalid variables are refused before execution with HTTP 400.',
  },
  BAD_REQUEST: {
    status: 400,
    description:
      'The HTTP request itself is malformed: a body that is not JSON, a batch (an array of operations, not supported), or more than one Authorization header. From Yoga or the request path, before authentication finishes.',
  },
  GRAPHQL_PARSE_FAILED: { status: 200, description: 'The document is not valid GraphQL syntax (from Yoga, before execution).' },
  GRAPHQL_VALIDATION_FAILED: {
    status: 200,
    description: 'The document does not match the schema, e.g. an unknown field or a literal of the wrong type (before execution).',
  },
  PERSISTED_QUERY_NOT_FOUND: {
    status: 200,
    description:
      'A request sent only a persisted-document hash (`extensions.persistedQuery.sha256Hash`) that the gateway does not know: it knows the hashes of the console it serves; send the document text otherwise. HTTP 200 in either media type, so that APQ clients fall back to sending the document.',
  },
  CONFLICT: { status: 200, description: 'The change clashes with the current state (a duplicate name, a revoked token).' },
  LIMIT_EXCEEDED: { status: 200, description: 'A workspace limit was reached (e.g. live tokens); `extensions.limit` gives it.' },
  RATE_LIMITED: {
    status: 429,
    description: 'The token (or, for failed authentications, the client IP) went past its rate limit; see `Retry-After`.',
  },
  QUERY_TOO_COMPLEX: {
    status: 400,
    description:
      'The document is past a static limit (tokens, depth, aliases, directives, fields, repeated fields, mutation fields) or `MAX_QUERY_COST`; `extensions.variable` names the limit, `extensions.found` and `extensions.limit` give the value and the maximum. Refused before it runs.',
  },
  IP_NOT_ALLOWED: {
    status: 403,
    description:
      'The token has an IP allowlist (`allowedCidrs`) and the request comes from an address outside it (the client IP follows `TRUST_PROXY`). Refused in the request path; audited as `authorization.ip_refused`.',
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    description: 'The request body is larger than `MAX_REQUEST_BODY_BYTES` (`extensions.limit`); refused before it is parsed.',
  },
  OVERLOADED: {
    status: 503,
    description:
      'The gateway is past its load threshold (`OVERLOAD_MAX_IN_FLIGHT` or `OVERLOAD_MAX_EVENT_LOOP_DELAY_MS`) and refused the request before doing any work; see `Retry-After`.',
  },
  INTERNAL: {
    status: 503,
    description:
      'An unexpected error (details are logged, never returned). During execution it comes in a 200 response; when the database cannot be reached to authenticate, the request is refused with 503 and `Retry-After`.',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A GraphQLError carrying one of our codes (and, for request-level errors, its HTTP status). */
export function gatewayError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

const refusalCodes = new WeakMap<Response, ErrorCode>();

/** Marks a response as a refusal with `code` (what /metrics counts refusals by). */
export function markRefusal(response: Response, code: ErrorCode): Response {
  refusalCodes.set(response, code);
  return response;
}

/** The code of a response made by `refusalResponse` (http/refusal.ts), if it is one. */
export const refusalCodeOf = (response: Response): ErrorCode | undefined => refusalCodes.get(response);

/** A document refused before it runs: HTTP 400, naming the limit, the value found and the maximum. */
export const queryTooComplex = (message: string, variable: string, found: number, limit: number) =>
  // `spec: false`: Yoga answers spec-defined validation errors with 200 under application/json; this is ours.
  gatewayError('QUERY_TOO_COMPLEX', message, { variable, found, limit, http: { status: 400, spec: false } });

export const internalError = () => gatewayError('INTERNAL', 'Internal server error.');

/**
 * A service's error as the API answers it: the same code, message and extensions, at the
 * position (`path`, `nodes`) of the field that raised it.
 */
export function graphQLErrorOf(
  error: DomainError,
  at: { nodes?: readonly ASTNode[] | undefined; path?: readonly (string | number)[] | undefined } = {},
) {
  const code: ErrorCode = error.code satisfies DomainErrorCode; // every code a service raises is one of the API's
  return new GraphQLError(error.message, {
    nodes: at.nodes,
    path: at.path,
    originalError: error,
    extensions: { ...error.extensions, code },
  });
}
