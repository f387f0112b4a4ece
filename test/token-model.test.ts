// The token model: no lateral moves between tokens, IP allowlists (IPv4, IPv6, behind a trusted
// proxy), no minting beyond one's own rights, revokedReason and expiresInDays, the expiry warning
// header, and the unused-token policy on a controllable clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../src/modules/activity/audit-event.entity.js';
import { Event } from '../src/modules/activity/event.entity.js';
import { cliActor } from '../src/modules/activity/index.js';
import { encodeId } from '../src/lib/ids.js';
import { ManagementToken } from '../src/modules/tokens/token.entity.js';
import { createWorkspaceWithOwner, issueToken, type TestToken } from './helpers/factories.js';
import { code } from './helpers/errors.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import {
  ActivateTokenMutation,
  CreateTokenMutation,
  DeactivateTokenMutation,
  ManagementTokenQuery,
  RevokeTokenMutation,
  RotateTokenMutation,
  UpdateTokenMutation,
  ViewerQuery,
} from './helpers/operations.js';

const DAY_MS = 86_400_000;

let gw: TestGateway;
let owner: TestToken;

beforeAll(async () => {
  gw = await startGateway({ env: { MAX_LIVE_TOKENS: '1000' } });
  owner = await createWorkspaceWithOwner(gw);
});
afterAll(() => gw?.close());

const em = () => gw.orm.em.fork();

describe('lateral moves between tokens', () => {
  // A token holding only tokens:read + tokens:write (the issue's attacker).
  const tokenAdmin = () => issueToken(gw, owner.workspaceId, { permissions: ['tokens:read', 'tokens:write'] });

  it('refuses to activate a token the owner deactivated, naming the permissions it lacks', async () => {
    const admin = await tokenAdmin();
    const strong = await issueToken(gw, owner.workspaceId, { scopes: ['read', 'write'] });
    await gw.execute(DeactivateTokenMutation, { id: strong.id }, owner.secret);
    const response = await gw.execute(ActivateTokenMutation, { id: strong.id }, admin.secret);
    expect(code(response)).toBe('FORBIDDEN');
    expect(response.errors?.[0]?.message).toMatch(/can activate only tokens whose rights are within its own/);
    expect(response.errors?.[0]?.extensions?.['missingPermissions']).toEqual(expect.arrayContaining(['projects:read', 'projects:write']));
    expect(response.errors?.[0]?.extensions?.['missingPermissions']).not.toContain('tokens:write');
    // Its secret still does not work.
    expect((await gw.execute(ViewerQuery, {}, strong.secret)).errors?.[0]?.extensions?.['code']).toBe('TOKEN_DEACTIVATED');
  });

  it('refuses to rename the owner token', async () => {
    const admin = await tokenAdmin();
    const response = await gw.execute(UpdateTokenMutation, { input: { id: owner.id, name: 'pwned' } }, admin.secret);
    expect(code(response)).toBe('FORBIDDEN');
    const row = await em().findOneOrFail(ManagementToken, { id: owner.rowId });
    expect(row.name).toBe('owner');
  });

  it('refuses to revoke a read+write token, and to deactivate or rotate it', async () => {
    const admin = await tokenAdmin();
    const strong = await issueToken(gw, owner.workspaceId, { scopes: ['read', 'write'] });
    expect(code(await gw.execute(RevokeTokenMutation, { id: strong.id }, admin.secret))).toBe('FORBIDDEN');
    expect(code(await gw.execute(DeactivateTokenMutation, { id: strong.id }, admin.secret))).toBe('FORBIDDEN');
    expect(code(await gw.execute(RotateTokenMutation, { input: { id: strong.id } }, admin.secret))).toBe('FORBIDDEN');
    expect((await gw.execute(ViewerQuery, {}, strong.secret)).status).toBe(200);
  });

  it('lets a token change tokens whose rights are within its own', async () => {
    const admin = await tokenAdmin();
    const weaker = await issueToken(gw, owner.workspaceId, { permissions: ['tokens:read'] });
    const renamed = await gw.execute(UpdateTokenMutation, { input: { id: weaker.id, name: 'weaker-renamed' } }, admin.secret);
    expect(renamed.errors).toBeUndefined();
    expect((await gw.execute(DeactivateTokenMutation, { id: weaker.id }, admin.secret)).errors).toBeUndefined();
    expect((await gw.execute(ActivateTokenMutation, { id: weaker.id }, admin.secret)).errors).toBeUndefined();
    expect((await gw.execute(RotateTokenMutation, { input: { id: weaker.id } }, admin.secret)).errors).toBeUndefined();
    const revoked = await gw.execute(RevokeTokenMutation, { id: weaker.id }, admin.secret);
    expect(revoked.data?.revokeManagementToken?.token).toMatchObject({ status: 'REVOKED', revokedReason: 'MANUAL' });
  });

  it('lets any token deactivate or revoke itself', async () => {
    const weak = await issueToken(gw, owner.workspaceId, { permissions: ['tokens:write'] });
    expect((await gw.execute(DeactivateTokenMutation, { id: weak.id }, weak.secret)).errors).toBeUndefined();
    const other = await issueToken(gw, owner.workspaceId, { permissions: ['tokens:write'] });
    const self = await gw.execute(RevokeTokenMutation, { id: other.id }, other.secret);
    expect(self.data?.revokeManagementToken?.token).toMatchObject({ status: 'REVOKED', revokedReason: 'MANUAL' });
  });

  it('lets a token without tokens:write deactivate or revoke itself, and nothing more', async () => {
    const reader = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    const other = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    const denied = () => em().find(AuditEvent, { action: 'authorization.denied', actorTokenId: reader.rowId }, { orderBy: { id: 'asc' } });

    // Not another token, nor an id that is not a token's (even one of another type around its own row id).
    for (const id of [other.id, encodeId('Project', reader.rowId), 'garbage']) {
      for (const refused of [
        await gw.execute(DeactivateTokenMutation, { id }, reader.secret),
        await gw.execute(RevokeTokenMutation, { id }, reader.secret),
      ]) {
        expect(code(refused)).toBe('FORBIDDEN');
        expect(refused.errors?.[0]?.extensions?.['requiredPermission']).toBe('tokens:write');
        expect(refused.errors?.[0]?.message).toMatch(/requires the permission tokens:write, unless its id is the calling token's own/);
      }
    }
    // Nor any other change to itself.
    expect(code(await gw.execute(ActivateTokenMutation, { id: reader.id }, reader.secret))).toBe('FORBIDDEN');
    expect(code(await gw.execute(RotateTokenMutation, { input: { id: reader.id } }, reader.secret))).toBe('FORBIDDEN');
    expect(code(await gw.execute(UpdateTokenMutation, { input: { id: reader.id, name: 'renamed' } }, reader.secret))).toBe('FORBIDDEN');
    expect((await em().findOneOrFail(ManagementToken, { id: other.rowId })).deactivatedAt).toBeNull();
    // Each refused request is audited once, naming the permission.
    const refusals = await denied();
    expect(refusals).toHaveLength(9);
    expect(refusals.map((entry) => (entry.summary['fields'] as { requiredPermission: string }[])[0]!.requiredPermission)).toEqual(
      Array(9).fill('tokens:write'),
    );

    const deactivated = await gw.execute(DeactivateTokenMutation, { id: reader.id }, reader.secret);
    expect(deactivated.errors).toBeUndefined();
    expect(deactivated.data?.deactivateManagementToken?.token).toMatchObject({ id: reader.id, status: 'DEACTIVATED' });
    const afterDeactivation = await gw.execute(ViewerQuery, {}, reader.secret);
    expect(afterDeactivation.status).toBe(401);
    expect(afterDeactivation.errors?.[0]?.extensions?.['code']).toBe('TOKEN_DEACTIVATED');

    await gw.execute(ActivateTokenMutation, { id: reader.id }, owner.secret);
    const revoked = await gw.execute(RevokeTokenMutation, { id: reader.id }, reader.secret);
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data?.revokeManagementToken?.token).toMatchObject({ id: reader.id, status: 'REVOKED', revokedReason: 'MANUAL' });
    const afterRevocation = await gw.execute(ViewerQuery, {}, reader.secret);
    expect(afterRevocation.status).toBe(401);
    expect(afterRevocation.errors?.[0]?.extensions?.['code']).toBe('TOKEN_REVOKED');

    // The two changes to itself are audited as changes, not as refusals.
    expect(await denied()).toHaveLength(9);
    const changes = await em().find(AuditEvent, { targetId: reader.rowId, actorTokenId: reader.rowId }, { orderBy: { id: 'asc' } });
    expect(changes.map((entry) => entry.action)).toEqual(['management_token.deactivated', 'management_token.revoked']);
  });

  it('does not bind the operator CLI', async () => {
    const strong = await issueToken(gw, owner.workspaceId, { scopes: ['read', 'write'] });
    const revoked = await gw.gateway.services.tokens.revoke(em(), cliActor(owner.workspaceId), strong.rowId);
    expect(revoked.revokedReason).toBe('MANUAL');
  });

  it('refuses to act on a token with a wider allowlist or project restriction', async () => {
    const fenced = await issueToken(gw, owner.workspaceId, { scopes: ['read', 'write'], allowedCidrs: ['127.0.0.0/8'] });
    const unfenced = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    const response = await gw.execute(DeactivateTokenMutation, { id: unfenced.id }, fenced.secret);
    expect(code(response)).toBe('FORBIDDEN');
    expect(response.errors?.[0]?.extensions?.['missingUnrestrictedAddress']).toBe(true);
    const narrower = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'], allowedCidrs: ['127.0.0.1/32'] });
    expect((await gw.execute(DeactivateTokenMutation, { id: narrower.id }, fenced.secret)).errors).toBeUndefined();
  });
});

describe('IP allowlists', () => {
  const create = (input: Record<string, unknown>, token = owner) =>
    gw.execute(
      CreateTokenMutation,
      { input: { name: `t-${Math.random().toString(36).slice(2)}`, scopes: ['READ'], ...input } as never },
      token.secret,
    );

  it('validates and normalises IPv4 and IPv6 CIDRs', async () => {
    const created = await create({ allowedCidrs: ['10.1.2.3/8', '2001:DB8::1/32', '192.0.2.7', '10.0.0.0/8'] });
    expect(created.errors).toBeUndefined();
    expect(created.data?.createManagementToken?.token.allowedCidrs).toEqual(['10.0.0.0/8', '2001:db8::/32', '192.0.2.7/32']);
    for (const bad of [['10.0.0.0/33'], ['not-an-ip'], ['::1/129'], []]) {
      const response = await create({ allowedCidrs: bad });
      expect(code(response)).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.extensions?.['field']).toMatch(/^allowedCidrs/);
    }
  });

  it('refuses an IPv4 address outside the allowlist with 403 IP_NOT_ALLOWED, and audits it', async () => {
    const elsewhere = await issueToken(gw, owner.workspaceId, { scopes: ['read'], allowedCidrs: ['203.0.113.0/24'] });
    const response = await gw.execute(ViewerQuery, {}, elsewhere.secret);
    expect(response.status).toBe(403);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('IP_NOT_ALLOWED');
    expect(response.data).toBeUndefined();
    await expect
      .poll(async () => em().count(AuditEvent, { action: 'authorization.ip_refused', targetId: elsewhere.rowId }), { timeout: 10_000 })
      .toBe(1);
    // A second refusal within the minute writes no second entry.
    await gw.execute(ViewerQuery, {}, elsewhere.secret);
    const here = await issueToken(gw, owner.workspaceId, { scopes: ['read'], allowedCidrs: ['127.0.0.0/8'] });
    expect((await gw.execute(ViewerQuery, {}, here.secret)).status).toBe(200);
    expect(await em().count(AuditEvent, { action: 'authorization.ip_refused', targetId: elsewhere.rowId })).toBe(1);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    const proxyOnly = await issueToken(gw, owner.workspaceId, { scopes: ['read'], allowedCidrs: ['198.51.100.0/24'] });
    const spoofed = await gw.execute(ViewerQuery, {}, proxyOnly.secret, { 'x-forwarded-for': '198.51.100.9' });
    expect(spoofed.status).toBe(403);
  });

  it('behind a trusted proxy, checks the address the proxy appended, IPv4 and IPv6', async () => {
    const proxied = await startGateway({ env: { TRUST_PROXY: 'true', MAX_LIVE_TOKENS: '1000' }, database: gw.database });
    try {
      const v4 = await issueToken(proxied, owner.workspaceId, { scopes: ['read'], allowedCidrs: ['198.51.100.0/24'] });
      const v6 = await issueToken(proxied, owner.workspaceId, { scopes: ['read'], allowedCidrs: ['2001:db8:abcd::/48'] });
      const as = (token: TestToken, forwarded: string) => proxied.execute(ViewerQuery, {}, token.secret, { 'x-forwarded-for': forwarded });
      expect((await as(v4, '198.51.100.9')).status).toBe(200);
      // The client wrote the allowed address itself; the proxy appended the real one.
      expect((await as(v4, '198.51.100.9, 192.0.2.1')).status).toBe(403);
      expect((await as(v6, '2001:db8:abcd:12::1')).status).toBe(200);
      expect((await as(v6, '2001:db8:abce::1')).status).toBe(403);
      // An IPv4 address does not match an IPv6 range, nor the other way round; IPv4-mapped IPv6 is IPv4.
      expect((await as(v6, '198.51.100.9')).status).toBe(403);
      expect((await as(v4, '::ffff:198.51.100.9')).status).toBe(200);
      expect((await as(v4, 'garbage')).status).toBe(403);
    } finally {
      await proxied.close();
    }
  });

  it('refuses minting a token with a wider allowlist, and inherits the allowlist when none is given', async () => {
    const fenced = await issueToken(gw, owner.workspaceId, { scopes: ['read', 'write'], allowedCidrs: ['127.0.0.0/8'] });
    const wider = await create({ allowedCidrs: ['0.0.0.0/0'] }, fenced);
    expect(code(wider)).toBe('FORBIDDEN');
    expect(wider.errors?.[0]?.extensions?.['missingCidrs']).toEqual(['0.0.0.0/0']);
    const narrower = await create({ allowedCidrs: ['127.0.0.1'] }, fenced);
    expect(narrower.data?.createManagementToken?.token.allowedCidrs).toEqual(['127.0.0.1/32']);
    const inherited = await create({}, fenced);
    expect(inherited.data?.createManagementToken?.token.allowedCidrs).toEqual(['127.0.0.0/8']);
  });

  it('changes an allowlist on update, within the caller own; an empty list removes it', async () => {
    const token = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    const set = await gw.execute(UpdateTokenMutation, { input: { id: token.id, allowedCidrs: ['192.0.2.0/24'] } }, owner.secret);
    expect(set.data?.updateManagementToken?.token.allowedCidrs).toEqual(['192.0.2.0/24']);
    // The next request sees it (the token cache drops the token on the change).
    expect((await gw.execute(ViewerQuery, {}, token.secret)).status).toBe(403);
    const fenced = await issueToken(gw, owner.workspaceId, { scopes: ['read', 'write'], allowedCidrs: ['127.0.0.0/8', '192.0.2.0/24'] });
    expect(code(await gw.execute(UpdateTokenMutation, { input: { id: token.id, allowedCidrs: [] } }, fenced.secret))).toBe('FORBIDDEN');
    const cleared = await gw.execute(UpdateTokenMutation, { input: { id: token.id, allowedCidrs: [] } }, owner.secret);
    expect(cleared.data?.updateManagementToken?.token.allowedCidrs).toBeNull();
    expect((await gw.execute(ViewerQuery, {}, token.secret)).status).toBe(200);
  });
});

describe('IP allowlist refusals', () => {
  // Its own gateway: refusals count against the client address, which TRUST_PROXY lets each test pick.
  let fenced: TestGateway;
  let workspace: TestToken;
  beforeAll(async () => {
    fenced = await startGateway({
      countQueries: true,
      env: { TRUST_PROXY: 'true', AUTH_FAILURE_LIMIT: '3', TOKEN_CACHE_TTL_MS: '600000', MAX_LIVE_TOKENS: '1000' },
    });
    workspace = await createWorkspaceWithOwner(fenced);
  });
  afterAll(() => fenced?.close());

  const from = (secret: string, ip: string) => fenced.execute(ViewerQuery, {}, secret, { 'x-forwarded-for': ip });

  it('refuses a cached token from outside its allowlist without database I/O', async () => {
    const token = await issueToken(fenced, workspace.workspaceId, { scopes: ['read'], allowedCidrs: ['198.51.100.0/24'] });
    // The first refusal looks the token up (and caches it) and audits the refusal after the response.
    expect((await from(token.secret, '192.0.2.10')).status).toBe(403);
    await expect
      .poll(() => fenced.orm.em.fork().count(AuditEvent, { action: 'authorization.ip_refused', targetId: token.rowId }), {
        timeout: 10_000,
      })
      .toBe(1);

    const before = fenced.queries.length;
    const refused = await from(token.secret, '192.0.2.10');
    expect(refused.status).toBe(403);
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('IP_NOT_ALLOWED');
    expect(refused.headers.get('www-authenticate')).toBeNull();
    expect(fenced.queries.slice(before)).toEqual([]);
  });

  it('counts each refusal as a failed authentication of the address, so a secret cannot be probed from outside without limit', async () => {
    const token = await issueToken(fenced, workspace.workspaceId, { scopes: ['read'], allowedCidrs: ['198.51.100.0/24'] });
    const prober = '192.0.2.20';
    // AUTH_FAILURE_LIMIT=3: three 403s, then the address is blocked like one that guesses secrets.
    for (let i = 0; i < 3; i++) expect((await from(token.secret, prober)).status).toBe(403);
    const blocked = await from(token.secret, prober);
    expect(blocked.status).toBe(429);
    expect(blocked.errors?.[0]?.extensions?.['code']).toBe('RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The block is the address's: a real secret and an unknown one get the same answer there.
    expect((await from(workspace.secret, prober)).status).toBe(429);
    // Inside its allowlist the token works as before.
    expect((await from(token.secret, '198.51.100.7')).status).toBe(200);
  });
});

describe('expiry', () => {
  it('shows expiresInDays and warns in a response header while a token expires within 7 days', async () => {
    const soon = await issueToken(gw, owner.workspaceId, { scopes: ['read'], lifetime: 'DAYS_7' });
    const response = await gw.execute(ManagementTokenQuery, { id: soon.id }, soon.secret);
    expect(response.data?.managementToken?.expiresInDays).toBe(7);
    const expiresAt = new Date(response.data!.managementToken!.expiresAt!);
    expect(response.headers.get('management-token-expiration')).toBe(`${expiresAt.toISOString().slice(0, 19).replace('T', ' ')} UTC`);

    const later = await issueToken(gw, owner.workspaceId, { scopes: ['read'], lifetime: 'DAYS_30' });
    const quiet = await gw.execute(ManagementTokenQuery, { id: later.id }, later.secret);
    expect(quiet.data?.managementToken?.expiresInDays).toBe(30);
    expect(quiet.headers.get('management-token-expiration')).toBeNull();
  });
});

describe('revoking unused tokens (workspace policy revokeUnusedAfterDays)', () => {
  it('is off by default', async () => {
    const workspace = await createWorkspaceWithOwner(gw);
    expect(await gw.gateway.services.tokens.revokeUnused(em(), new Date(Date.now() + 3650 * DAY_MS))).toBe(0);
    expect((await em().findOneOrFail(ManagementToken, { id: workspace.rowId })).revokedAt).toBeNull();
  });

  it('revokes tokens not used for that long (never used: since creation) with reason UNUSED and an event', async () => {
    const ws = await createWorkspaceWithOwner(gw);
    await gw.gateway.services.workspaces.setPolicy(em(), ws.workspaceId, { revokeUnusedAfterDays: 30 });
    const neverUsed = await issueToken(gw, ws.workspaceId, { scopes: ['read'] });
    const used = await issueToken(gw, ws.workspaceId, { scopes: ['read'] });
    const now = Date.now();
    await em().nativeUpdate(ManagementToken, { id: ws.rowId }, { lastUsedAt: new Date(now + 20 * DAY_MS) });
    await em().nativeUpdate(ManagementToken, { id: used.rowId }, { lastUsedAt: new Date(now + 5 * DAY_MS) });

    // Day 29 after creation: nothing is due.
    expect(await gw.gateway.services.tokens.revokeUnused(em(), new Date(now + 29 * DAY_MS))).toBe(0);
    // Day 31: the never-used token (30 days since creation); `used` was last used on day 5.
    expect(await gw.gateway.services.tokens.revokeUnused(em(), new Date(now + 31 * DAY_MS))).toBe(1);
    const revoked = await em().findOneOrFail(ManagementToken, { id: neverUsed.rowId });
    expect(revoked.revokedReason).toBe('UNUSED');
    expect((await gw.execute(ViewerQuery, {}, neverUsed.secret)).errors?.[0]?.extensions?.['code']).toBe('TOKEN_REVOKED');
    // Day 36: `used` (31 days since its last use); the owner was used on day 20.
    expect(await gw.gateway.services.tokens.revokeUnused(em(), new Date(now + 36 * DAY_MS))).toBe(1);
    expect((await em().findOneOrFail(ManagementToken, { id: used.rowId })).revokedReason).toBe('UNUSED');
    expect((await em().findOneOrFail(ManagementToken, { id: ws.rowId })).revokedAt).toBeNull();
    // Once is enough.
    expect(await gw.gateway.services.tokens.revokeUnused(em(), new Date(now + 36 * DAY_MS))).toBe(0);

    const events = await em().find(Event, { workspace: ws.workspaceId, type: 'management_token.revoked' });
    expect(events.map((event) => (event.payload['data'] as Record<string, unknown>)['revokedReason'])).toEqual(['UNUSED', 'UNUSED']);
    const audit = await em().find(AuditEvent, { workspace: ws.workspaceId, action: 'management_token.revoked' });
    expect(audit.map((entry) => entry.actorKind)).toEqual(['SYSTEM', 'SYSTEM']);
    const shown = await gw.execute(ManagementTokenQuery, { id: used.id }, ws.secret);
    expect(shown.data?.managementToken).toMatchObject({ status: 'REVOKED', revokedReason: 'UNUSED' });
  });

  it('revokes every due token in one sweep, batch after batch, and waits for the token caches once', async () => {
    const ws = await createWorkspaceWithOwner(gw);
    await gw.gateway.services.workspaces.setPolicy(em(), ws.workspaceId, { revokeUnusedAfterDays: 30 });
    const tokens = [ws];
    for (let i = 0; i < 4; i++) tokens.push(await issueToken(gw, ws.workspaceId, { scopes: ['read'] }));
    // Cached before the sweep: the next request must see the revocation all the same.
    expect((await gw.execute(ViewerQuery, {}, tokens[4]!.secret)).status).toBe(200);
    const announced = gw.gateway.tokenCache.counters.lease.announced;

    // Batches of 2: five tokens take three batches, all in this one sweep.
    const revoked = await gw.gateway.services.tokens.revokeUnused(em(), new Date(Date.now() + 31 * DAY_MS), 2);
    expect(revoked).toBeGreaterThanOrEqual(5);
    expect(await em().count(ManagementToken, { workspace: ws.workspaceId, revokedReason: 'UNUSED' })).toBe(5);
    // One wait for the token caches covers the whole sweep (not one per token or batch).
    expect(gw.gateway.tokenCache.counters.lease.announced - announced).toBe(1);
    for (const token of [tokens[0]!, tokens[4]!]) {
      expect((await gw.execute(ViewerQuery, {}, token.secret)).errors?.[0]?.extensions?.['code']).toBe('TOKEN_REVOKED');
    }
  });

  it('refuses a policy below one day', async () => {
    const ws = await createWorkspaceWithOwner(gw);
    await expect(gw.gateway.services.workspaces.setPolicy(em(), ws.workspaceId, { revokeUnusedAfterDays: 0 })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'revokeUnusedAfterDays' },
    });
  });
});
