// POST /credentials/revoke: a secret scanner (GitHub secret scanning, GitLab, TruffleHog) posts the
// management tokens it found; each working one is revoked at once, on every instance, with reason
// LEAKED. Every well-formed request gets the same 202, whatever was real (no oracle); only a
// malformed (400), too large (413) or rate-limited (429) request gets another answer, before any
// credential is looked at. Garbage costs no database work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../src/modules/activity/index.js';
import { Event } from '../src/modules/activity/index.js';
import { generateSecret } from '../src/lib/secrets.js';
import { createWorkspaceWithOwner, issueToken, type TestToken } from './helpers/factories.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';

let a: TestGateway;
let b: TestGateway;
let owner: TestToken;

beforeAll(async () => {
  a = await startGateway({ countQueries: true, env: { CREDENTIALS_REVOKE_PER_MINUTE: '100000' } });
  // A second instance on the same database, with its own token cache.
  b = await startGateway({ database: a.database, env: { CREDENTIALS_REVOKE_PER_MINUTE: '3' } });
  owner = await createWorkspaceWithOwner(a);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

async function report(body: unknown, via: TestGateway = a) {
  const response = await fetch(`${via.url}/credentials/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body, read field by field by the assertions
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

const viewer = (gw: TestGateway, secret: string) =>
  gw.post({ query: '{ viewer { token { id } } }' }, { authorization: `Bearer ${secret}` });
const codeOf = (response: { errors?: { extensions?: Record<string, unknown> }[] }) => response.errors?.[0]?.extensions?.['code'];

describe('a leaked token', () => {
  it('is revoked with reason LEAKED, stops working at once on every instance, and is audited with an event', async () => {
    const leaked = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    // Both instances serve it from memory first.
    expect((await viewer(a, leaked.secret)).status).toBe(200);
    expect((await viewer(b, leaked.secret)).status).toBe(200);

    const response = await report({ credentials: [leaked.secret] });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'accepted' });

    for (const gw of [b, a]) {
      const refused = await viewer(gw, leaked.secret);
      expect(refused.status).toBe(401);
      expect(codeOf(refused)).toBe('TOKEN_REVOKED');
    }
    const token = await a.post(
      { query: 'query ($id: ID!) { managementToken(id: $id) { status revokedReason } }', variables: { id: leaked.id } },
      { authorization: `Bearer ${owner.secret}` },
    );
    expect(token.data).toEqual({ managementToken: { status: 'REVOKED', revokedReason: 'LEAKED' } });

    const em = a.orm.em.fork();
    const audit = await em.findOneOrFail(AuditEvent, { action: 'management_token.revoked', targetId: leaked.rowId });
    expect(audit.actorKind).toBe('SYSTEM');
    expect(audit.summary).toMatchObject({ revokedReason: 'LEAKED', source: 'POST /credentials/revoke', clientIp: '127.0.0.1' });
    expect(JSON.stringify(audit.summary)).not.toContain(leaked.secret);
    const events = await em.find(Event, { workspace: owner.workspaceId, type: 'management_token.revoked' });
    expect(events.map((event) => event.payload['data'])).toContainEqual(
      expect.objectContaining({ id: leaked.id, revokedReason: 'LEAKED' }),
    );
  });

  it('a previous secret still in its rotation grace period revokes the token; the answer is the same for unknown secrets', async () => {
    const rotatedToken = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    const rotated = await a.gateway.services.tokens.rotate(
      a.orm.em.fork(),
      { kind: 'cli', workspaceId: owner.workspaceId },
      rotatedToken.rowId,
      'ONE_HOUR',
    );
    const unknown = generateSecret('mgw_');
    const response = await report({ credentials: [rotatedToken.secret, unknown, rotatedToken.secret] });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'accepted' });
    expect(codeOf(await viewer(a, rotated.secret))).toBe('TOKEN_REVOKED');
  });

  it('reporting an already revoked token again changes nothing', async () => {
    const token = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    await report({ credentials: [token.secret] });
    const em = a.orm.em.fork();
    const before = await em.count(AuditEvent, { targetId: token.rowId, action: 'management_token.revoked' });
    expect((await report({ credentials: [token.secret] })).status).toBe(202);
    expect(await em.fork().count(AuditEvent, { targetId: token.rowId, action: 'management_token.revoked' })).toBe(before);
  });
});

describe('well-formed requests', () => {
  it('all get the same 202, whatever their credentials: working, revoked, unknown, garbage or none', async () => {
    const working = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    const revoked = await issueToken(a, owner.workspaceId, { scopes: ['read'] });
    await report({ credentials: [revoked.secret] });
    const answers = [];
    for (const body of [
      { credentials: [] },
      { credentials: [generateSecret('mgw_')] },
      { credentials: ['not a token', ''] },
      { credentials: [revoked.secret] },
      // Other members are ignored, as GitHub's API does.
      { credentials: [working.secret], type: 'github_secret_scanning' },
    ]) {
      const response = await report(body);
      answers.push({ status: response.status, type: response.headers.get('content-type'), body: response.body });
    }
    expect(answers).toEqual(Array(5).fill({ status: 202, type: 'application/json; charset=utf-8', body: { status: 'accepted' } }));
    expect(codeOf(await viewer(a, working.secret))).toBe('TOKEN_REVOKED');
  });
});

describe('garbage and malformed requests', () => {
  it('garbage is filtered by format and checksum without a database query', async () => {
    const wellFormed = generateSecret('mgw_');
    const badChecksum = `${wellFormed.slice(0, -1)}${wellFormed.endsWith('a') ? 'b' : 'a'}`;
    const before = a.queries.length;
    const response = await report({ credentials: ['hello', 'mgw_short', badChecksum, `ghp_${'a'.repeat(36)}`] });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'accepted' });
    expect(a.queries.slice(before)).toEqual([]);
  });

  it('refuses more than 1,000 credentials per request', async () => {
    const response = await report({ credentials: Array.from({ length: 1001 }, () => 'x') });
    expect(response.status).toBe(400);
    expect(response.body['errors'][0]).toMatchObject({ extensions: { code: 'BAD_REQUEST', limit: 1000, found: 1001 } });
    expect(response.body['errors'][0].message).toContain('At most 1000 credentials');
    expect((await report({ credentials: Array.from({ length: 1000 }, () => 'x') })).status).toBe(202);
  });

  it('refuses a body that is not JSON, or not { credentials: [strings] }', async () => {
    for (const body of [
      '{not json',
      JSON.stringify({ credentials: 'mgw_x' }),
      JSON.stringify({ credentials: [1] }),
      JSON.stringify(['mgw_x']),
      'null',
    ]) {
      const response = await report(body);
      expect(response.status).toBe(400);
      expect(response.body['errors'][0].extensions.code).toBe('BAD_REQUEST');
    }
    expect((await fetch(`${a.url}/credentials/revoke`)).status).toBe(405);
  });

  it('refuses a body past MAX_REQUEST_BODY_BYTES with 413, by Content-Length or while it streams in', async () => {
    const response = await report({ credentials: ['x'.repeat(a.config.MAX_REQUEST_BODY_BYTES)] });
    expect(response.status).toBe(413);
    expect(response.body['errors'][0].extensions.code).toBe('REQUEST_TOO_LARGE');

    // No Content-Length (chunked): counted as it arrives.
    const chunk = new TextEncoder().encode(`{"credentials":["${'x'.repeat(1024)}`);
    let sent = 0;
    const streamed = await fetch(`${a.url}/credentials/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
      body: new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > a.config.MAX_REQUEST_BODY_BYTES * 2) return controller.close();
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'REQUEST_TOO_LARGE',
    );
  });

  it('is rate limited per client IP', async () => {
    for (let i = 0; i < 3; i++) expect((await report({ credentials: [] }, b)).status).toBe(202);
    const limited = await report({ credentials: [] }, b);
    expect(limited.status).toBe(429);
    expect(limited.body['errors'][0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
