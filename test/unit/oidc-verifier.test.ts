// The OIDC verifier with insecure issuers NOT allowed (production): the issuer's discovery document
// and its JWKS are fetched only from public addresses, by the webhook rules. An IP literal is
// refused before any request; a name is checked on the addresses it resolves to, when the socket
// connects. Name resolution is the test's own table (the check beneath it is the real one), and a
// loopback TCP server counts every connection that gets through, so a refusal is seen to connect
// nowhere. The one issuer that is served (for the positive case) is answered by an interceptor
// composed onto the verifier's dispatcher; every other request goes through its real agent.
import type { LookupAddress } from 'node:dns';
import { createServer, isIP, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { MockAgent, type Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { OidcVerifier } from '../../src/modules/oidc/oidc-verifier.js';
import type { HostLookup } from '../../src/modules/webhooks/index.js';

/** Served by the interceptor: a public name no socket is ever opened to. */
const SERVED = 'https://issuer.example';

/** Counts the TCP connections that reach it (none should, for a refused address). */
let listener: Server;
let port = 0;
const sockets = new Set<Socket>();
let connections = 0;

beforeAll(async () => {
  listener = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => listener.close(() => resolve()));
});

/** Name resolution from a table; an unknown name fails as DNS would. */
function lookupFrom(table: Record<string, string[]>): HostLookup {
  return (hostname, _options, callback) => {
    const addresses = table[hostname];
    if (!addresses) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(
      null,
      addresses.map((address): LookupAddress => ({ address, family: isIP(address) })),
    );
  };
}

const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };

async function idToken(issuer: string) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: 'repo:acme/app:ref:refs/heads/main', jti: crypto.randomUUID(), aud: 'gateway' })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuer(issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(privateKey);
}

const verifiers: OidcVerifier[] = [];
afterEach(async () => {
  await Promise.all(verifiers.splice(0).map((verifier) => verifier.close()));
});

/**
 * A production verifier (allowInsecure false) whose names resolve from `table`, with the
 * discovery document of SERVED naming `jwksUri` (and SERVED/jwks holding the key).
 */
function strictVerifier(options: { jwksUri?: string; table?: Record<string, string[]>; allowInsecure?: boolean } = {}) {
  const verifier = new OidcVerifier(
    {
      allowInsecure: options.allowInsecure ?? false,
      cacheSeconds: 600,
      refreshIntervalSeconds: 60,
      timeoutMs: 2000,
      lookup: lookupFrom(options.table ?? {}),
    },
    createLogger('silent'),
  );
  verifiers.push(verifier);
  const answers = new MockAgent();
  answers.disableNetConnect();
  const served = answers.get(SERVED);
  served
    .intercept({ path: '/.well-known/openid-configuration' })
    .reply(200, { issuer: SERVED, jwks_uri: options.jwksUri ?? `${SERVED}/jwks` })
    .persist();
  served
    .intercept({ path: '/jwks' })
    .reply(200, { keys: [jwk] })
    .persist();
  verifier.dispatcher = verifier.dispatcher.compose(
    (dispatch) => (opts: Dispatcher.DispatchOptions, handler) =>
      String(opts.origin) === SERVED ? answers.dispatch(opts, handler as Dispatcher.DispatchHandler) : dispatch(opts, handler),
  );
  return verifier;
}

describe('with insecure issuers not allowed', () => {
  it('verifies a token of an issuer whose documents are served (the baseline of this file)', async () => {
    const verifier = strictVerifier();
    expect(await verifier.verify(await idToken(SERVED), SERVED)).toMatchObject({ iss: SERVED, sub: 'repo:acme/app:ref:refs/heads/main' });
  });

  it('counts a connection that is not refused (the baseline of the connection counter)', async () => {
    const before = connections;
    const insecure = strictVerifier({ allowInsecure: true });
    await expect(insecure.verify('x', `https://127.0.0.1:${port}`)).rejects.toThrow(/could not be fetched/);
    expect(connections).toBe(before + 1);
  });

  it.each([
    ['loopback IPv4', () => `https://127.0.0.1:${port}/jwks`],
    ['loopback IPv6', () => `https://[::1]:${port}/jwks`],
    ['IPv4-mapped loopback', () => `https://[::ffff:127.0.0.1]:${port}/jwks`],
    ['private', () => 'https://10.0.0.1/jwks'],
    ['link-local (cloud metadata)', () => 'https://169.254.169.254/latest/meta-data'],
    ['localhost', () => `https://localhost:${port}/jwks`],
    ['plain http', () => 'http://keys.example/jwks'],
  ])('refuses a discovery document whose jwks_uri is %s, before any connection', async (_name, jwksUri) => {
    const before = connections;
    const verifier = strictVerifier({ jwksUri: jwksUri() });
    await expect(verifier.verify(await idToken(SERVED), SERVED)).rejects.toThrow(/could not be fetched: refused to fetch/);
    expect(connections).toBe(before);
  });

  it.each([
    ['loopback', ['127.0.0.1']],
    ['private', ['10.1.2.3']],
    ['loopback IPv6', ['::1']],
    ['public and private at once', ['93.184.216.34', '127.0.0.1']],
  ])('refuses a jwks_uri whose name resolves to a %s address, when the socket connects', async (_name, addresses) => {
    const before = connections;
    const verifier = strictVerifier({ jwksUri: `https://keys.internal.test:${port}/jwks`, table: { 'keys.internal.test': addresses } });
    await expect(verifier.verify(await idToken(SERVED), SERVED)).rejects.toThrow(/keys\.internal\.test resolves to a non-public address/);
    expect(connections).toBe(before);
  });

  it('refuses an issuer whose name resolves to a private address, when the socket connects', async () => {
    const before = connections;
    const issuer = `https://issuer.internal.test:${port}`;
    const verifier = strictVerifier({ table: { 'issuer.internal.test': ['127.0.0.1'] } });
    await expect(verifier.verify(await idToken(issuer), issuer)).rejects.toThrow(/issuer\.internal\.test resolves to a non-public address/);
    expect(connections).toBe(before);
    expect(verifier.counters.fetchFailures).toBe(1);
  });
});
