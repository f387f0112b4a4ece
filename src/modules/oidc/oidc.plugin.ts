// The two unauthenticated endpoints of secretless CI, served before the token request path:
//   POST /oidc/token          RFC 8693 token exchange: a CI job's OIDC ID token for a short-lived
//                             management token; errors are RFC 6749 JSON (`invalid_grant`, …).
//   POST /credentials/revoke  GitHub's credential-revocation shape: `{ "credentials": ["mgw_…"] }`,
//                             each working secret revoked with reason LEAKED; the same 202 for every
//                             well-formed request (no oracle); 400/413/429 only for malformed, too
//                             large or rate-limited ones, decided before any credential is looked at.
// Both are rate limited per client IP (TRUST_PROXY decides what that is) before any parsing.
import type { Plugin } from 'graphql-yoga';
import type { Orm } from '../../db/em.js';
import { refusalResponse } from '../../http/refusal.js';
import { hasValidChecksum } from '../../lib/secrets.js';
import type { Logger } from '../../logger.js';
import { clientIp, type ServerContext } from '../auth/index.js';
import type { RateLimits } from '../rate-limits/index.js';
import { TOKEN_SECRET_PREFIX, type TokenService } from '../tokens/index.js';
import { ExchangeRefused, type OidcPolicyService } from './oidc-policy.service.js';

export const OIDC_TOKEN_PATH = '/oidc/token';
export const CREDENTIALS_REVOKE_PATH = '/credentials/revoke';
export const MAX_CREDENTIALS_PER_REQUEST = 1000;

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const SUBJECT_TOKEN_TYPES = ['urn:ietf:params:oauth:token-type:jwt', 'urn:ietf:params:oauth:token-type:id_token'];
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** The largest exchange request read: an ID token is a few kilobytes. */
const MAX_EXCHANGE_BODY_BYTES = 64 * 1024;

export interface OidcEndpointDeps {
  orm: Orm;
  oidc: OidcPolicyService;
  tokens: TokenService;
  rateLimits: RateLimits;
  logger: Logger;
  trustProxy: boolean;
  /** MAX_REQUEST_BODY_BYTES: the largest /credentials/revoke body. */
  maxBodyBytes: number;
  exchangesPerMinute: number;
  revokesPerMinute: number;
}

type Fetch = { Response: typeof Response };

class BodyTooLarge extends Error {}

/** The body as text, refused past `limit` bytes (by Content-Length, or while it streams in). */
async function readBody(request: Request, limit: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw new BodyTooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** RFC 6749 §5.1/§5.2: JSON, never cached. */
function oauthJson(fetchAPI: Fetch, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return new fetchAPI.Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache', ...headers },
  });
}

const oauthError = (fetchAPI: Fetch, status: number, error: string, description: string, headers: Record<string, string> = {}) =>
  oauthJson(fetchAPI, status, { error, error_description: description }, headers);

type ExchangeParams = { ok: true; params: Record<string, string> } | { ok: false; description: string };

/** The request's parameters, form-encoded or JSON; each at most once (RFC 6749 §3.2). */
function parseExchangeParams(contentType: string, body: string): ExchangeParams {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const params: Record<string, string> = {};
  if (type === 'application/x-www-form-urlencoded') {
    for (const [name, value] of new URLSearchParams(body)) {
      if (Object.hasOwn(params, name)) return { ok: false, description: `The parameter ${name} is given more than once.` };
      params[name] = value;
    }
    return { ok: true, params };
  }
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { ok: false, description: 'The body is not valid JSON.' };
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      return { ok: false, description: 'The body must be a JSON object.' };
    for (const [name, value] of Object.entries(parsed)) {
      if (typeof value !== 'string') return { ok: false, description: `The parameter ${name} must be a string.` };
      params[name] = value;
    }
    return { ok: true, params };
  }
  return { ok: false, description: 'Send the parameters as application/x-www-form-urlencoded (or application/json).' };
}

export function useOidcEndpoints(deps: OidcEndpointDeps): Plugin<Record<string, unknown>, ServerContext> {
  const { logger } = deps;
  const chargeExchange = deps.rateLimits.perClientLimit('oidc-token', deps.exchangesPerMinute);
  const chargeRevoke = deps.rateLimits.perClientLimit('credentials-revoke', deps.revokesPerMinute);

  async function exchange(request: Request, ip: string, fetchAPI: Fetch): Promise<Response> {
    const wait = await chargeExchange(ip);
    if (wait > 0) {
      return oauthError(fetchAPI, 429, 'slow_down', 'Too many token exchanges from this address.', { 'Retry-After': String(wait) });
    }
    let body: string;
    try {
      body = await readBody(request, MAX_EXCHANGE_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLarge)
        return oauthError(fetchAPI, 413, 'invalid_request', `The body is larger than ${MAX_EXCHANGE_BODY_BYTES} bytes.`);
      throw error;
    }
    const parsed = parseExchangeParams(request.headers.get('content-type') ?? '', body);
    if (!parsed.ok) return oauthError(fetchAPI, 400, 'invalid_request', parsed.description);
    const { params } = parsed;
    if (!params['grant_type']) return oauthError(fetchAPI, 400, 'invalid_request', 'grant_type is missing.');
    if (params['grant_type'] !== TOKEN_EXCHANGE_GRANT) {
      return oauthError(fetchAPI, 400, 'unsupported_grant_type', `Only ${TOKEN_EXCHANGE_GRANT} is supported.`);
    }
    const subjectToken = params['subject_token'];
    if (!subjectToken) return oauthError(fetchAPI, 400, 'invalid_request', 'subject_token is missing.');
    if (!SUBJECT_TOKEN_TYPES.includes(params['subject_token_type'] ?? '')) {
      return oauthError(fetchAPI, 400, 'invalid_request', `subject_token_type must be ${SUBJECT_TOKEN_TYPES.join(' or ')}.`);
    }
    const requested = params['requested_token_type'];
    if (requested !== undefined && requested !== ACCESS_TOKEN_TYPE) {
      return oauthError(fetchAPI, 400, 'invalid_request', `requested_token_type can only be ${ACCESS_TOKEN_TYPE}.`);
    }
    try {
      const exchanged = await deps.oidc.exchange(deps.orm.em.fork(), subjectToken, ip);
      logger.info({ ip, policyId: exchanged.policy.id, tokenId: exchanged.token.id }, 'OIDC token exchanged');
      return oauthJson(fetchAPI, 200, {
        access_token: exchanged.secret,
        issued_token_type: ACCESS_TOKEN_TYPE,
        token_type: 'Bearer',
        expires_in: exchanged.lifetimeSeconds,
      });
    } catch (error) {
      if (!(error instanceof ExchangeRefused)) throw error;
      // The reason is for the operator's log only: the caller learns nothing about which policy almost matched.
      logger.info({ ip, reason: error.reason }, 'OIDC token exchange refused');
      return oauthError(fetchAPI, 400, error.error, error.description);
    }
  }

  async function revokeLeaked(request: Request, ip: string, fetchAPI: Fetch): Promise<Response> {
    const wait = await chargeRevoke(ip);
    if (wait > 0) {
      return refusalResponse(request, fetchAPI, 'RATE_LIMITED', 'Too many revocation requests from this address.', {
        headers: { 'Retry-After': String(wait) },
      });
    }
    let body: string;
    try {
      body = await readBody(request, deps.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      return refusalResponse(request, fetchAPI, 'REQUEST_TOO_LARGE', `The request body is larger than ${deps.maxBodyBytes} bytes.`, {
        extensions: { limit: deps.maxBodyBytes },
      });
    }
    const usage = 'Send JSON: { "credentials": ["mgw_…", …] }.';
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return refusalResponse(request, fetchAPI, 'BAD_REQUEST', `The body is not valid JSON. ${usage}`);
    }
    const credentials = (parsed as { credentials?: unknown } | null)?.credentials;
    if (!Array.isArray(credentials) || !credentials.every((item) => typeof item === 'string')) {
      return refusalResponse(request, fetchAPI, 'BAD_REQUEST', `credentials must be an array of strings. ${usage}`);
    }
    if (credentials.length > MAX_CREDENTIALS_PER_REQUEST) {
      return refusalResponse(
        request,
        fetchAPI,
        'BAD_REQUEST',
        `At most ${MAX_CREDENTIALS_PER_REQUEST} credentials per request (this one has ${credentials.length}); split them.`,
        { extensions: { limit: MAX_CREDENTIALS_PER_REQUEST, found: credentials.length } },
      );
    }
    // Format and checksum first: typos and garbage cost no database work.
    const wellFormed = [...new Set(credentials.filter((secret) => hasValidChecksum(secret, TOKEN_SECRET_PREFIX)))];
    if (wellFormed.length > 0) {
      const revoked = await deps.tokens.revokeLeaked(deps.orm.em.fork(), wellFormed, { source: 'POST /credentials/revoke', clientIp: ip });
      if (revoked > 0) logger.warn({ ip, revoked }, 'tokens reported as leaked were revoked');
    }
    // The same answer whatever was revoked: the endpoint tells no one which secrets were real.
    return new fetchAPI.Response(JSON.stringify({ status: 'accepted' }), {
      status: 202,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    });
  }

  return {
    async onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      const handler = url.pathname === OIDC_TOKEN_PATH ? exchange : url.pathname === CREDENTIALS_REVOKE_PATH ? revokeLeaked : undefined;
      if (!handler) return;
      if (request.method !== 'POST') {
        endResponse(
          new fetchAPI.Response(JSON.stringify({ error: 'invalid_request', error_description: 'Use POST.' }), {
            status: 405,
            headers: { allow: 'POST', 'content-type': 'application/json; charset=utf-8' },
          }),
        );
        return;
      }
      const ip = clientIp(request, serverContext, deps.trustProxy);
      try {
        endResponse(await handler(request, ip, fetchAPI));
      } catch (error) {
        logger.error({ err: error, path: url.pathname }, 'request could not complete');
        endResponse(
          url.pathname === OIDC_TOKEN_PATH
            ? oauthError(fetchAPI, 503, 'temporarily_unavailable', 'The gateway cannot complete this right now; try again shortly.', {
                'Retry-After': '5',
              })
            : refusalResponse(request, fetchAPI, 'INTERNAL', 'The gateway cannot complete this right now; try again shortly.', {
                headers: { 'Retry-After': '5' },
              }),
        );
      }
    },
  };
}
