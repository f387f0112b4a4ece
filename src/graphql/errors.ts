// The error codes of the API and the only way errors toward a client are made. Each error is a
// GraphQLError with a stable `extensions.code`; the README's table is checked against ERROR_CODES.
import { GraphQLError } from 'graphql';
import type { z } from 'zod';
import { encodeId, isUuid, type NodeTypeName } from '../lib/ids.js';

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

const TYPE_LABELS: Record<NodeTypeName, string> = {
  Workspace: 'Workspace',
  ManagementToken: 'Management token',
  Project: 'Project',
  ApiKey: 'API key',
  Webhook: 'Webhook',
  Event: 'Event',
  Delivery: 'Delivery',
  AuditEvent: 'Audit event',
  OidcTrustPolicy: 'OIDC trust policy',
};

const refusalCodes = new WeakMap<Response, ErrorCode>();

/** Marks a response as a refusal with `code` (what /metrics counts refusals by). */
export function markRefusal(response: Response, code: ErrorCode): Response {
  refusalCodes.set(response, code);
  return response;
}

/** The code of a response made by `refusalResponse` (http/refusal.ts), if it is one. */
export const refusalCodeOf = (response: Response): ErrorCode | undefined => refusalCodes.get(response);

/** NOT_FOUND for a row id (shown as the opaque id clients know), an opaque id or a name. */
export function notFound(type: NodeTypeName, key: string) {
  const shown = isUuid(key) ? encodeId(type, key) : key;
  return gatewayError('NOT_FOUND', `${TYPE_LABELS[type]} ${shown} was not found.`, { id: shown });
}

export const badUserInput = (field: string, message: string) => gatewayError('BAD_USER_INPUT', `${field}: ${message}`, { field });

export const conflict = (message: string, extensions: Record<string, unknown> = {}) => gatewayError('CONFLICT', message, extensions);

export const forbidden = (message: string, extensions: Record<string, unknown> = {}) => gatewayError('FORBIDDEN', message, extensions);

export const limitExceeded = (message: string, limit: number) => gatewayError('LIMIT_EXCEEDED', message, { limit });

/** A document refused before it runs: HTTP 400, naming the limit, the value found and the maximum. */
export const queryTooComplex = (message: string, variable: string, found: number, limit: number) =>
  // `spec: false`: Yoga answers spec-defined validation errors with 200 under application/json; this is ours.
  gatewayError('QUERY_TOO_COMPLEX', message, { variable, found, limit, http: { status: 400, spec: false } });

export const internalError = () => gatewayError('INTERNAL', 'Internal server error.');

export function errorCodeOf(error: unknown): ErrorCode | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const code = error.extensions?.['code'];
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code) ? (code as ErrorCode) : undefined;
}

/** Validates input with a zod schema; the first issue becomes BAD_USER_INPUT naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, fieldPrefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  throw badUserInput(fieldPrefix && path ? `${fieldPrefix}.${path}` : fieldPrefix || path || 'input', issue.message);
}
