// The one place that builds a refusal: a response that ends a request before GraphQL runs (401,
// 403, 429, 503). Its body is GraphQL-shaped and its media type follows the client's Accept, as
// the GraphQL-over-HTTP spec asks: a client that asks for `application/graphql-response+json`
// (Apollo Client 4, urql with `preferGetMethod`… ) gets it, and then reads `errors[0].extensions.code`
// instead of seeing an opaque non-GraphQL error. Everyone else gets `application/json`.
import { ERROR_CODES, markRefusal, type ErrorCode } from '../graphql/errors.js';

export const GRAPHQL_RESPONSE_MEDIA_TYPE = 'application/graphql-response+json';

/** The q-value an Accept header gives a media type (exact match, then `type/*`, then `*\/*`); 0 when absent. */
function qualityOf(accept: string, mediaType: string): number {
  const [type] = mediaType.split('/');
  let best = { specificity: -1, q: 0 };
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const specificity = range === mediaType ? 2 : range === `${type}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (specificity <= best.specificity) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    best = { specificity, q: q ? Number(q.slice(2)) || 0 : 1 };
  }
  return best.q;
}

/** `application/graphql-response+json` when the client prefers it to (or accepts it instead of) `application/json`. */
export function refusalMediaType(request: Request): string {
  const accept = request.headers.get('accept');
  if (!accept) return 'application/json';
  const graphqlResponse = qualityOf(accept, GRAPHQL_RESPONSE_MEDIA_TYPE);
  const json = qualityOf(accept, 'application/json');
  // A bare `*/*` gives both the same quality: keep the traditional type for curl and old clients.
  const explicit = accept.toLowerCase().includes(GRAPHQL_RESPONSE_MEDIA_TYPE);
  return explicit && graphqlResponse > 0 && graphqlResponse >= json ? GRAPHQL_RESPONSE_MEDIA_TYPE : 'application/json';
}

export interface RefusalOptions {
  headers?: Record<string, string>;
  /** Extensions of the error (next to its code). */
  extensions?: Record<string, unknown>;
  /** Extensions of the response itself, next to `errors` (e.g. `cost`). */
  responseExtensions?: Record<string, unknown>;
}

/** A GraphQL-shaped refusal with the HTTP status of its code (ERROR_CODES), in the media type the client asked for. */
export function refusalResponse(
  request: Request,
  fetchAPI: { Response: typeof Response },
  code: ErrorCode,
  message: string,
  options: RefusalOptions = {},
): Response {
  const body = {
    errors: [{ message, extensions: { code, ...options.extensions } }],
    ...(options.responseExtensions ? { extensions: options.responseExtensions } : {}),
  };
  const response = new fetchAPI.Response(JSON.stringify(body), {
    status: ERROR_CODES[code].status,
    headers: { 'content-type': `${refusalMediaType(request)}; charset=utf-8`, ...options.headers },
  });
  return markRefusal(response, code);
}
