// The errors the services raise: a code, a message for the caller and its details (extensions).
// They know nothing of any transport: the GraphQL layer turns them into GraphQL errors with the
// same code, message and extensions (graphql/errors.ts), the CLI prints them with their code.
import type { z } from 'zod';
import { encodeId, isUuid, type NodeTypeName } from './ids.js';

/** The codes a service can answer with (a subset of the API's error codes, graphql/errors.ts). */
export type DomainErrorCode = 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'FORBIDDEN' | 'LIMIT_EXCEEDED';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  /**
   * The code and the details, as one object: graphql-js copies an error's `extensions` onto the
   * GraphQL error it wraps it in, so a plugin reading a result before masking sees the code too.
   */
  readonly extensions: Readonly<{ code: DomainErrorCode } & Record<string, unknown>>;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.extensions = { code, ...details };
  }
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

/** NOT_FOUND for a row id (shown as the opaque id clients know), an opaque id or a name. */
export function notFound(type: NodeTypeName, key: string): DomainError {
  const shown = isUuid(key) ? encodeId(type, key) : key;
  return new DomainError('NOT_FOUND', `${TYPE_LABELS[type]} ${shown} was not found.`, { id: shown });
}

export const badUserInput = (field: string, message: string) => new DomainError('BAD_USER_INPUT', `${field}: ${message}`, { field });

export const conflict = (message: string, extensions: Record<string, unknown> = {}) => new DomainError('CONFLICT', message, extensions);

export const forbidden = (message: string, extensions: Record<string, unknown> = {}) => new DomainError('FORBIDDEN', message, extensions);

export const limitExceeded = (message: string, limit: number, extensions: Record<string, unknown> = {}) =>
  new DomainError('LIMIT_EXCEEDED', message, { limit, ...extensions });

/** Validates input with a zod schema; the first issue becomes BAD_USER_INPUT naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, fieldPrefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  throw badUserInput(fieldPrefix && path ? `${fieldPrefix}.${path}` : fieldPrefix || path || 'input', issue.message);
}
