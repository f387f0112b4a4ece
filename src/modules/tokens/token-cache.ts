// Presented secrets → token rows, cached per gateway process so that a valid token costs no
// database round trip in steady state (DESIGN.md "Requests": a cache is allowed only if revocation,
// deactivation and permission changes take effect on the very next request, on every instance).
//
// How that holds:
// - Status and expiry are computed from the cached row on every request, so expiry (and the end of
//   a rotation grace period) needs no invalidation at all.
// - Every change to a token row commits a NOTIFY mgw_token_changed '<token id>' (a database
//   trigger, so the CLI, cascades and hand-written SQL are covered too). Each process LISTENs —
//   on PostgreSQL through its own connection, on PGlite in-process — and drops the token at once.
// - The process that makes a change also drops the token itself right after the commit, and on
//   PostgreSQL holds the change's response until its own LISTEN connection has received the
//   notification (a NOTIFY it sends itself after the commit comes back behind it): by then the
//   database has sent the notification to every listening instance.
// - A lookup that raced a change is not cached (a generation counter), and while the LISTEN
//   connection is down nothing is served from the cache: every lookup reads the database.
// - Entries live at most TOKEN_CACHE_TTL_MS, which bounds how far behind `viewer.token`'s
//   usage fields (lastUsedAt, written off the hot path) can be, and anything a lost
//   notification could leave behind. Unknown secrets are never cached.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PgliteConnection } from '@mikro-orm/pglite';
import type { Em, Orm } from '../../db/orm.js';
import { hashSecret } from '../../lib/secrets.js';
import type { Logger } from '../../logger.js';
import { ManagementToken, TOKEN_CHANGED_CHANNEL, type RevokedReason } from './token.entity.js';
import { tokenStatus, type TokenStatus } from './token.service.js';

/** Payloads of this form are an instance's own barrier notifications, not token ids. */
const SYNC_PREFIX = 'sync:';
const SYNC_TIMEOUT_MS = 1000;

/** Everything a token row holds, as plain data (what the cache keeps and the request path reads). */
export interface TokenRecord {
  id: string;
  workspaceId: string;
  name: string;
  description: string | null;
  grants: readonly string[];
  secretHash: string;
  prefix: string;
  previousSecretHash: string | null;
  previousSecretExpiresAt: Date | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date | null;
  deactivatedAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  lastUsedUserAgent: string | null;
  rateLimitPoints: number | null;
  rateLimitWindowSeconds: number | null;
  expiryNoticeLevel: number;
  revokedReason: RevokedReason | null;
  /** Null: the whole workspace. */
  projectIds: string[] | null;
  /** Null: from anywhere. */
  allowedCidrs: string[] | null;
}

export function tokenRecord(token: ManagementToken): TokenRecord {
  return {
    id: token.id,
    workspaceId: token.workspace.id,
    name: token.name,
    description: token.description ?? null,
    grants: [...token.grants],
    secretHash: token.secretHash,
    prefix: token.prefix,
    previousSecretHash: token.previousSecretHash ?? null,
    previousSecretExpiresAt: token.previousSecretExpiresAt ?? null,
    createdById: token.createdBy?.id ?? null,
    createdAt: token.createdAt,
    updatedAt: token.updatedAt,
    expiresAt: token.expiresAt ?? null,
    deactivatedAt: token.deactivatedAt ?? null,
    revokedAt: token.revokedAt ?? null,
    lastUsedAt: token.lastUsedAt ?? null,
    lastUsedIp: token.lastUsedIp ?? null,
    lastUsedUserAgent: token.lastUsedUserAgent ?? null,
    rateLimitPoints: token.rateLimitPoints ?? null,
    rateLimitWindowSeconds: token.rateLimitWindowSeconds ?? null,
    expiryNoticeLevel: token.expiryNoticeLevel,
    revokedReason: token.revokedReason ?? null,
    projectIds: token.projectIds ? [...token.projectIds] : null,
    allowedCidrs: token.allowedCidrs ? [...token.allowedCidrs] : null,
  };
}

/** Entities built from records, one per record: a cached record is reused by every hit on it. */
const entities = new WeakMap<TokenRecord, ManagementToken>();

/**
 * The token as an entity, for `viewer.token`, without a query. Building a MikroORM entity costs
 * more than the rest of a cached request's authentication, so it is built once per cached record
 * (in an EntityManager of its own) and shared, read-only, by the requests that hit that record. A
 * resolver that needs the token to change loads it into the request's EntityManager instead.
 */
export function tokenEntity(em: Em, record: TokenRecord): ManagementToken {
  let entity = entities.get(record);
  if (!entity) {
    const { workspaceId, createdById, grants, ...rest } = record;
    entity = em
      .fork()
      .merge(ManagementToken, { ...rest, grants: [...grants], workspace: workspaceId, createdBy: createdById }, { validate: false });
    entities.set(record, entity);
  }
  return entity;
}

export type SecretLookup =
  | { outcome: 'valid'; token: TokenRecord }
  | { outcome: 'unknown' }
  | { outcome: 'refused'; status: Exclude<TokenStatus, 'ACTIVE'>; token: TokenRecord };

/** Judges a presented secret's hash against the row found for it (current or previous secret). */
export function judge(token: TokenRecord | null, hash: string, now = new Date()): SecretLookup {
  if (!token) return { outcome: 'unknown' };
  if (
    token.secretHash !== hash &&
    !(token.previousSecretHash === hash && token.previousSecretExpiresAt && token.previousSecretExpiresAt > now)
  ) {
    return { outcome: 'unknown' }; // a rotated-out secret past its grace period
  }
  const status = tokenStatus(token, now);
  return status === 'ACTIVE' ? { outcome: 'valid', token } : { outcome: 'refused', status, token };
}

export interface TokenCacheSettings {
  /** How long an entry may be served; 0 turns the cache off (every request reads the database). */
  ttlMs: number;
  maxEntries?: number | undefined;
  /** PostgreSQL URL for the LISTEN connection; undefined on PGlite (listened to in-process). */
  databaseUrl?: string | undefined;
  /** Delay before reconnecting a lost LISTEN connection (doubles up to 30 s). */
  reconnectMs?: number | undefined;
}

interface Entry {
  token: TokenRecord;
  until: number;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  /** Hashes cached per token id, to drop a token by id. */
  private readonly hashesById = new Map<string, Set<string>>();
  /** Bumped by every invalidation: a lookup that started before it must not fill the cache. */
  private generation = 0;
  /** True while change notifications are guaranteed to arrive (the LISTEN is up). */
  private listening = false;
  private stopped = false;
  private client: pg.Client | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Barriers waiting for their own notification to come back, by nonce. */
  private readonly syncs = new Map<string, () => void>();
  private readonly maxEntries: number;
  private readonly stats = { hits: 0, misses: 0, invalidations: 0 };
  /** Resolves once the first LISTEN is up (or at once when the cache is off). */
  readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;

  constructor(
    private readonly orm: Orm,
    private readonly logger: Logger,
    private readonly settings: TokenCacheSettings,
  ) {
    this.maxEntries = settings.maxEntries ?? 10_000;
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    if (!this.enabled) this.markReady();
  }

  get enabled(): boolean {
    return this.settings.ttlMs > 0;
  }

  /** Whether lookups are being served from memory right now. */
  get active(): boolean {
    return this.enabled && this.listening && !this.stopped;
  }

  get size(): number {
    return this.entries.size;
  }

  get counters(): Readonly<{ hits: number; misses: number; invalidations: number }> {
    return this.stats;
  }

  /** Starts listening for token changes; until then every lookup reads the database. */
  start(): void {
    if (!this.enabled || this.stopped) return;
    void this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    for (const release of this.syncs.values()) release();
    clearTimeout(this.reconnectTimer);
    this.clear();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
    await this.unlisten?.().catch(() => undefined);
    this.unlisten = undefined;
  }

  /** One presented secret: from memory when cached, else one indexed query (then cached). */
  async lookup(em: Em, secret: string, now = new Date()): Promise<SecretLookup> {
    const hash = hashSecret(secret);
    if (this.active) {
      const entry = this.entries.get(hash);
      if (entry && entry.until > now.getTime()) {
        this.stats.hits += 1;
        return judge(entry.token, hash, now);
      }
      if (entry) this.drop(hash);
    }
    this.stats.misses += 1;
    const generation = this.generation;
    const found = await em.findOne(ManagementToken, { $or: [{ secretHash: hash }, { previousSecretHash: hash }] });
    const token = found ? tokenRecord(found) : null;
    if (token && this.active && generation === this.generation) this.put(hash, token, now.getTime());
    return judge(token, hash, now);
  }

  /** Drops a token from the cache (all its secrets). Called on every change notification. */
  invalidate(tokenId: string): void {
    this.generation += 1;
    this.stats.invalidations += 1;
    const hashes = this.hashesById.get(tokenId);
    if (!hashes) return;
    for (const hash of hashes) this.entries.delete(hash);
    this.hashesById.delete(tokenId);
  }

  /**
   * A change to the token has committed in this process: drop it here at once and, on PostgreSQL,
   * wait (at most a second) until the change's notification has reached this process's LISTEN
   * connection too — and with it every other listening instance.
   */
  async changed(tokenId: string): Promise<void> {
    this.invalidate(tokenId);
    const client = this.client;
    if (!client || !this.listening) return;
    const nonce = `${SYNC_PREFIX}${randomUUID()}`;
    let timer: NodeJS.Timeout | undefined;
    const arrived = new Promise<boolean>((resolve) => {
      this.syncs.set(nonce, () => resolve(true));
      timer = setTimeout(() => resolve(false), SYNC_TIMEOUT_MS);
    });
    try {
      await client.query('select pg_notify($1, $2)', [TOKEN_CHANGED_CHANNEL, nonce]);
      if (!(await arrived)) this.logger.warn('token cache: a change notification took over a second to come back');
    } catch (error) {
      this.logger.warn({ err: error }, 'token cache: could not confirm that a token change was announced');
    } finally {
      clearTimeout(timer);
      this.syncs.delete(nonce);
    }
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.hashesById.clear();
  }

  private put(hash: string, token: TokenRecord, now: number) {
    if (this.entries.size >= this.maxEntries) {
      // Oldest first: a Map iterates in insertion order.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.drop(oldest);
    }
    this.entries.set(hash, { token, until: now + this.settings.ttlMs });
    let hashes = this.hashesById.get(token.id);
    if (!hashes) this.hashesById.set(token.id, (hashes = new Set()));
    hashes.add(hash);
  }

  private drop(hash: string) {
    const entry = this.entries.get(hash);
    if (!entry) return;
    this.entries.delete(hash);
    const hashes = this.hashesById.get(entry.token.id);
    hashes?.delete(hash);
    if (hashes?.size === 0) this.hashesById.delete(entry.token.id);
  }

  private onNotification(payload: string | undefined) {
    if (!payload) return;
    if (payload.startsWith(SYNC_PREFIX)) this.syncs.get(payload)?.();
    else this.invalidate(payload);
  }

  private async listen(attempt = 0): Promise<void> {
    try {
      if (this.settings.databaseUrl) await this.listenOnPostgres(this.settings.databaseUrl);
      else await this.listenOnPglite();
      if (this.stopped) return;
      // Changes made while nobody listened are unknown: start from an empty cache.
      this.clear();
      this.listening = true;
      this.markReady();
      if (attempt > 0) this.logger.info('token cache: listening for token changes again');
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn({ err: error }, 'token cache: cannot listen for token changes; tokens are read from the database meanwhile');
      this.scheduleReconnect(attempt + 1);
    }
  }

  private async listenOnPostgres(url: string) {
    const client = new pg.Client({ connectionString: url, keepAlive: true, application_name: 'mgw-token-cache' });
    const lost = (reason: unknown) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.listening = false;
      this.clear();
      void discard(client);
      if (this.stopped) return;
      this.logger.warn({ err: reason }, 'token cache: lost the LISTEN connection; tokens are read from the database until it is back');
      this.scheduleReconnect(1);
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('connection ended')));
    client.on('notification', (message) => {
      if (message.channel === TOKEN_CHANGED_CHANNEL) this.onNotification(message.payload);
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen ${TOKEN_CHANGED_CHANNEL}`);
    } catch (error) {
      this.client = undefined;
      await discard(client);
      throw error;
    }
    if (this.stopped) await client.end().catch(() => undefined);
  }

  private async listenOnPglite() {
    // PGlite is one database in this process (its data directory is locked to it), so a
    // notification is delivered while the committing statement completes.
    const pglite = await (this.orm.em.getConnection() as unknown as PgliteConnection).getNativeClient();
    this.unlisten = await pglite.listen(TOKEN_CHANGED_CHANNEL, (payload) => this.onNotification(payload));
  }

  private scheduleReconnect(attempt: number) {
    clearTimeout(this.reconnectTimer);
    const delay = Math.min(30_000, (this.settings.reconnectMs ?? 1000) * 2 ** Math.max(0, attempt - 1));
    this.reconnectTimer = setTimeout(() => void this.listen(attempt), delay);
    this.reconnectTimer.unref();
  }
}

/** Closes a LISTEN client whose events no longer matter. */
async function discard(client: pg.Client): Promise<void> {
  client.removeAllListeners();
  client.on('error', () => undefined);
  await client.end().catch(() => undefined);
}
