// Presented secrets → token rows, cached per gateway process so that a valid token costs no
// database round trip in steady state, while a revocation, deactivation or permission change still
// applies on the very next request on every instance (docs/architecture.md, "The token cache").
//
// How that holds:
// - Status and expiry are computed from the cached row on every request, so expiry (and the end of
//   a rotation grace period) needs no invalidation at all.
// - Every committed change to a token row is announced by a trigger's NOTIFY; each process drops
//   the token when the notification arrives (cache-lease.ts).
// - Entries are served only while this process holds a cache lease, renewed through its own LISTEN
//   connection, so a process whose notifications do not flow reads the database instead.
// - A change made through this process's services drops the token here and then waits until every
//   other process that held a lease has acknowledged the change or lost its lease (`changed`).
// - A lookup that raced a change is neither cached nor trusted: it is read again.
// - Entries live at most TOKEN_CACHE_TTL_MS, which bounds how far behind `viewer.token`'s usage
//   fields (lastUsedAt, written off the hot path) can be. Unknown secrets are never cached.
import type { Em, Orm } from '../../db/em.js';
import { hashSecret } from '../../lib/secrets.js';
import type { Logger } from '../../logger.js';
import { createChangeFeed, type ChangeFeed, type LeaseCounters, type PausedFeed } from './cache-lease.js';
import { ManagementToken, tokenRecord, tokenStatus, type TokenRecord, type TokenStatus } from '../tokens/index.js';

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
  /** How long a returned heartbeat lets the process serve from memory (cache-lease.ts). */
  leaseMs: number;
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
  private stopped = false;
  private readonly maxEntries: number;
  private readonly stats = { hits: 0, misses: 0, invalidations: 0 };
  /** The notification path and the lease (also when the cache is off: changes still wait for others). */
  readonly feed: ChangeFeed;
  /** Resolves once the first lease is held (or at once when the cache is off). */
  readonly ready: Promise<void>;

  constructor(
    orm: Orm,
    logger: Logger,
    private readonly settings: TokenCacheSettings,
  ) {
    this.maxEntries = settings.maxEntries ?? 10_000;
    this.feed = createChangeFeed(
      orm,
      logger,
      { tokenChanged: (tokenId) => this.invalidate(tokenId), reset: () => this.clear() },
      {
        leaseMs: settings.leaseMs,
        databaseUrl: settings.databaseUrl,
        reconnectMs: settings.reconnectMs,
        serving: this.enabled,
      },
    );
    this.ready = this.enabled ? this.feed.ready : Promise.resolve();
  }

  get enabled(): boolean {
    return this.settings.ttlMs > 0;
  }

  /** Whether lookups are being served from memory right now (the lease is held). */
  get active(): boolean {
    return this.enabled && !this.stopped && this.feed.leased;
  }

  get size(): number {
    return this.entries.size;
  }

  get counters(): Readonly<{ hits: number; misses: number; invalidations: number; lease: Readonly<LeaseCounters> }> {
    return { ...this.stats, lease: this.feed.counters };
  }

  /** Starts listening for token changes; until the first lease every lookup reads the database. */
  start(): void {
    if (this.stopped) return;
    // Off, the feed still connects (on PostgreSQL) so that this process's changes wait for the others.
    this.feed.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clear();
    await this.feed.stop();
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
    let generation = this.generation;
    let token = await this.read(em, hash);
    if (generation !== this.generation) {
      // A change was applied while the row was being read: the row may predate it (and this
      // process may already have acknowledged the change), so neither cache nor trust it.
      generation = this.generation;
      token = await this.read(em, hash);
    }
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
   * Changes to these tokens have committed in this process: drop them here at once, then wait
   * until every other instance that held a cache lease at the commit has applied them or lost its
   * lease. One wait covers every change committed before it, however many tokens.
   */
  async changed(tokenIds: readonly string[]): Promise<void> {
    for (const tokenId of tokenIds) this.invalidate(tokenId);
    await this.feed.announce();
  }

  /** Resolves once changes committed before the call apply here (see ChangeFeed.synced). */
  synced(): Promise<void> {
    return this.feed.synced();
  }

  /** Test hook: holds this process's change notifications until the returned function runs. */
  pauseNotifications(): PausedFeed {
    return this.feed.pause();
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.hashesById.clear();
  }

  private async read(em: Em, hash: string): Promise<TokenRecord | null> {
    const found = await em.findOne(ManagementToken, { $or: [{ secretHash: hash }, { previousSecretHash: hash }] }, { refresh: true });
    return found ? tokenRecord(found) : null;
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
}
