// Verifies the ID tokens of OIDC issuers with `jose`: the issuer's discovery document
// (`/.well-known/openid-configuration`) names its JWKS; both are fetched over connections that may
// reach public addresses only (the webhook SSRF rules), cached for OIDC_JWKS_CACHE_SECONDS, and kept
// while the issuer is unreachable. A token signed with a key the cache lacks (key rotation) makes
// one refetch, at most once per OIDC_JWKS_REFRESH_INTERVAL_SECONDS per issuer, so forged `kid`s
// cannot make the gateway hammer an issuer. RS256 and ES256 only; clock skew at most 60 s.
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { Agent, request, type Dispatcher } from 'undici';
import type { Logger } from '../../logger.js';
import { checkWebhookUrl, publicOnlyLookup, publicOnlyLookupVia, type HostLookup } from '../webhooks/index.js';

export const ALLOWED_ALGORITHMS = ['RS256', 'ES256'];
export const CLOCK_SKEW_SECONDS = 60;
/** Oldest (by `iat`) an ID token may be: CI providers issue them minutes before use. */
export const MAX_ID_TOKEN_AGE = '1h';
const MAX_DOCUMENT_BYTES = 256 * 1024;

export interface VerifierSettings {
  allowInsecure: boolean;
  cacheSeconds: number;
  refreshIntervalSeconds: number;
  timeoutMs: number;
  /**
   * The name resolution beneath the public-address check made when a socket connects: the
   * system's unless a test maps names to addresses itself (the check applies all the same).
   */
  lookup?: HostLookup | undefined;
}

/** Why an ID token was refused: logged for the operator, never told to the caller (one `invalid_grant` for all). */
export class IdTokenRefused extends Error {
  override name = 'IdTokenRefused';
}

interface IssuerKeys {
  keySet: ReturnType<typeof createLocalJWKSet>;
  fetchedAt: number;
}

export class OidcVerifier {
  /** The clock (milliseconds): tests move it to pass the refresh interval or the cache TTL. */
  clock: () => number = () => Date.now();
  /** Fetches made to issuers, for /metrics and the tests. */
  readonly counters = { fetches: 0, fetchFailures: 0 };
  private readonly keys = new Map<string, IssuerKeys>();
  private readonly inflight = new Map<string, Promise<IssuerKeys>>();
  /** When the keys of each issuer were last asked for (successfully or not). */
  private readonly lastAttempt = new Map<string, number>();
  /** When a fetch of each issuer's keys last failed (cleared by a success). */
  private readonly lastFailure = new Map<string, number>();
  private readonly agent: Agent;
  /**
   * What fetches go through: the agent, whose connections may reach public addresses only (unless
   * insecure issuers are allowed). Tests compose an interceptor onto it that answers for an issuer
   * of theirs; everything else still goes through the agent's checks.
   */
  dispatcher: Dispatcher;

  constructor(
    private readonly settings: VerifierSettings,
    private readonly logger: Logger,
  ) {
    const lookup = settings.lookup ? publicOnlyLookupVia(settings.lookup) : publicOnlyLookup;
    this.agent = new Agent({
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
      connect: { timeout: settings.timeoutMs, ...(settings.allowInsecure ? {} : { lookup }) },
    });
    this.dispatcher = this.agent;
  }

  /** The problem with an issuer URL (the webhook rules: https, public addresses), or undefined. */
  checkIssuer(issuer: string): Promise<string | undefined> {
    return checkWebhookUrl(issuer, { allowInsecure: this.settings.allowInsecure });
  }

  /**
   * The verified claims of `jwt` from `issuer` (its signature, `iss`, `exp` and `nbf`); the caller
   * matches audience, subject and claims against its policies. Throws IdTokenRefused.
   */
  async verify(jwt: string, issuer: string): Promise<JWTPayload> {
    let keys = await this.issuerKeys(issuer, false);
    try {
      return await this.verifyWith(jwt, issuer, keys);
    } catch (error) {
      if (!(error instanceof joseErrors.JWKSNoMatchingKey)) throw this.refusal(error);
      const last = this.lastAttempt.get(issuer);
      if (last !== undefined && this.clock() - last < this.settings.refreshIntervalSeconds * 1000) {
        throw new IdTokenRefused('signed with a key the issuer does not publish (its keys were fetched recently)');
      }
      keys = await this.issuerKeys(issuer, true);
      try {
        return await this.verifyWith(jwt, issuer, keys);
      } catch (retryError) {
        throw this.refusal(retryError);
      }
    }
  }

  async close() {
    await this.agent.close();
  }

  private async verifyWith(jwt: string, issuer: string, keys: IssuerKeys): Promise<JWTPayload> {
    const { payload } = await jwtVerify(jwt, keys.keySet, {
      issuer,
      algorithms: ALLOWED_ALGORITHMS,
      clockTolerance: CLOCK_SKEW_SECONDS,
      currentDate: new Date(this.clock()),
      requiredClaims: ['exp', 'iat', 'sub', 'jti'],
      // `iat` is required, may not be in the future (beyond the skew), and at most this old.
      maxTokenAge: MAX_ID_TOKEN_AGE,
    });
    return payload;
  }

  private refusal(error: unknown): IdTokenRefused {
    if (error instanceof IdTokenRefused) return error;
    if (error instanceof joseErrors.JOSEError) return new IdTokenRefused(`${error.code}: ${error.message}`);
    return new IdTokenRefused(error instanceof Error ? error.message : String(error));
  }

  /** The issuer's keys: cached, fetched when stale or forced; the last keys fetched while the issuer is down. */
  private async issuerKeys(issuer: string, force: boolean): Promise<IssuerKeys> {
    const cached = this.keys.get(issuer);
    if (cached && !force && this.clock() - cached.fetchedAt < this.settings.cacheSeconds * 1000) return cached;
    // After a failed fetch, the stale keys serve until the refresh interval has passed: an issuer
    // that is down is not asked again on every exchange.
    const failed = this.lastFailure.get(issuer);
    if (failed !== undefined && this.clock() - failed < this.settings.refreshIntervalSeconds * 1000) {
      if (cached) return cached;
      throw new IdTokenRefused("the issuer's keys could not be fetched lately; not asking again yet");
    }
    let pending = this.inflight.get(issuer);
    if (!pending) {
      this.lastAttempt.set(issuer, this.clock());
      pending = this.fetchKeys(issuer).finally(() => this.inflight.delete(issuer));
      this.inflight.set(issuer, pending);
    }
    try {
      const fresh = await pending;
      this.keys.set(issuer, fresh);
      this.lastFailure.delete(issuer);
      return fresh;
    } catch (error) {
      this.lastFailure.set(issuer, this.clock());
      this.counters.fetchFailures += 1;
      this.logger.warn({ issuer, err: error }, 'could not fetch the keys of an OIDC issuer');
      if (cached) return cached;
      throw new IdTokenRefused(`the issuer's keys could not be fetched: ${(error as Error).message}`);
    }
  }

  private async fetchKeys(issuer: string): Promise<IssuerKeys> {
    const discovery = await this.fetchJson(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
    // OpenID Connect Discovery 1.0 §4.3: the document must name the very issuer it was fetched for.
    if (discovery['issuer'] !== issuer) throw new Error('the discovery document names another issuer');
    const jwksUri = discovery['jwks_uri'];
    if (typeof jwksUri !== 'string') throw new Error('the discovery document has no jwks_uri');
    const jwks = await this.fetchJson(jwksUri);
    if (!Array.isArray(jwks['keys'])) throw new Error('the JWKS has no keys');
    return { keySet: createLocalJWKSet(jwks as unknown as JSONWebKeySet), fetchedAt: this.clock() };
  }

  private async fetchJson(url: string): Promise<Record<string, unknown>> {
    const problem = await checkWebhookUrl(url, { allowInsecure: this.settings.allowInsecure, resolve: async () => [] });
    if (problem) throw new Error(`refused to fetch ${url}: the URL ${problem}`);
    this.counters.fetches += 1;
    const response = await request(url, {
      method: 'GET',
      headers: { accept: 'application/json', 'user-agent': 'management-gateway-oidc/1' },
      dispatcher: this.dispatcher,
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    // Bytes are counted (not characters), and decoded once: a multi-byte character may span chunks.
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of response.body) {
      const buffer = Buffer.from(chunk as Uint8Array);
      bytes += buffer.length;
      if (bytes > MAX_DOCUMENT_BYTES) {
        response.body.destroy();
        throw new Error(`${url} answered with more than ${MAX_DOCUMENT_BYTES} bytes`);
      }
      chunks.push(buffer);
    }
    if (response.statusCode !== 200) throw new Error(`${url} answered HTTP ${response.statusCode}`);
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${url} did not answer a JSON object`);
    return parsed as Record<string, unknown>;
  }
}
