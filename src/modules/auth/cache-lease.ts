// Token-change notifications and cache leases (Gray & Cheriton, 1989): what lets a process serve
// tokens from memory and still have a revocation hold on the very next request on every instance.
//
// The protocol, on PostgreSQL (docs/architecture.md, "The token cache", has it as a numbered sequence):
// 1. Every committed change to a token row sends NOTIFY mgw_token_changed '<token id>' (a trigger).
//    Each process reads the channel on its own LISTEN connection and applies what arrives in order.
// 2. A process may serve tokens from memory only while it holds a lease. It renews the lease with a
//    heartbeat sent on that same LISTEN connection: one statement that moves its row in
//    `gateway_instance` to `now() + lease` and NOTIFYs the channel. Only when the heartbeat comes
//    back on the LISTEN connection is the lease extended, to (time the heartbeat was sent + lease −
//    margin), judged on both this process's monotonic clock and its wall clock (`CacheLease`): the
//    monotonic clock cannot be stepped but stops while the machine is suspended, when the registry
//    row, in the database's clock, runs on. Notifications arrive in commit order, so a returning
//    heartbeat proves every change committed before it has been applied here; a process whose
//    notifications stall (connection, backend or event loop) stops renewing and loses its lease.
//    The registry row never ends before the lease the process believes it holds.
// 3. A process that changes a token, after the commit: reads the registry for every other process
//    whose lease has not ended, NOTIFYs a sync marker, and answers only once each of them has
//    acknowledged the marker (which it does after applying everything before it, the change
//    included) or its lease has ended. A process that is not in that list either had no lease at
//    the commit, or renews it later by a heartbeat that comes back behind the change. A failed
//    registry read is tried again (another process may run a longer lease than this one) until the
//    longest lease any process may hold has passed since the commit.
// On PGlite the database lives inside the one process that may open it: notifications are
// delivered in-process while the committing statement completes, so the lease is held whenever
// the in-process LISTEN is up and there is nobody to wait for.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { PgliteConnection } from '@mikro-orm/pglite';
import { MAX_TOKEN_CACHE_LEASE_MS } from '../../config.js';
import { isPglite, type Orm } from '../../db/orm.js';
import type { Logger } from '../../logger.js';
import { TOKEN_CHANGED_CHANNEL } from '../tokens/index.js';

const HEARTBEAT_PREFIX = 'hb:';
const SYNC_PREFIX = 'sync:';
const ACK_PREFIX = 'ack:';
/** Registry rows whose lease ended this long ago belong to processes that are gone. */
const STALE_INSTANCE_MS = 24 * 60 * 60 * 1000;
/**
 * How long connecting the LISTEN connection, and its LISTEN statement, may take. A connection that
 * goes into a black hole (a partition without a reset) would otherwise hang the reconnect forever.
 */
const LISTEN_TIMEOUT_MS = 5_000;
/** First pause between two tries of a failed registry read (doubles up to 1 s). */
const REGISTRY_RETRY_MS = 50;

/** The two clocks a lease is judged by. */
export interface LeaseClock {
  /** Milliseconds on a clock that is never stepped, but stops while the machine is suspended. */
  monotonic(): number;
  /** Milliseconds since the epoch: runs on through a suspend, but may be stepped. */
  wall(): number;
}

export const systemClock: LeaseClock = { monotonic: () => performance.now(), wall: () => Date.now() };

/** One moment on both clocks. */
export interface LeaseInstant {
  monotonic: number;
  wall: number;
}

/**
 * A cache lease as this process sees it: held for `lengthMs` from the moment the last returned
 * heartbeat was sent, as long as neither clock says more time has passed. The monotonic clock
 * alone would keep a lease alive through a system suspend while the registry row (in the
 * database's clock) expires and other processes stop waiting; the wall clock alone could be
 * stepped back. A step forward only ends the lease early.
 */
export class CacheLease {
  private from: LeaseInstant | undefined;

  constructor(
    private readonly lengthMs: number,
    private readonly clock: LeaseClock = systemClock,
  ) {}

  now(): LeaseInstant {
    return { monotonic: this.clock.monotonic(), wall: this.clock.wall() };
  }

  /** A heartbeat sent at `sentAt` came back: the lease runs from then (unless it already runs from later). */
  renew(sentAt: LeaseInstant): void {
    if (!this.from || sentAt.monotonic > this.from.monotonic) this.from = sentAt;
  }

  /** Gives the lease up (the LISTEN connection is gone, or the process stops). */
  end(): void {
    this.from = undefined;
  }

  /** Whether a lease was renewed since it was last given up, held or not. */
  get started(): boolean {
    return this.from !== undefined;
  }

  /** Milliseconds the lease still runs by the clock that has seen more time pass; ≤ 0 when not held. */
  remainingMs(): number {
    if (!this.from) return 0;
    const elapsed = Math.max(this.clock.monotonic() - this.from.monotonic, this.clock.wall() - this.from.wall);
    return this.lengthMs - elapsed;
  }

  get held(): boolean {
    return this.remainingMs() > 0;
  }
}

export interface ChangeFeedSettings {
  /** How long a returned heartbeat lets this process serve tokens from memory. */
  leaseMs: number;
  /** PostgreSQL URL for the LISTEN connection; ignored on PGlite. */
  databaseUrl?: string | undefined;
  /**
   * Whether this process serves tokens from memory: it registers, renews a lease and acknowledges
   * other processes' changes. The CLI only announces its own changes and waits for the others.
   */
  serving: boolean;
  /** Delay before reconnecting a lost LISTEN connection (doubles up to 30 s). */
  reconnectMs?: number | undefined;
  /** The clocks the lease is judged by (tests step them). */
  clock?: LeaseClock | undefined;
}

export interface ChangeFeedHandlers {
  /** A token changed (committed): drop it. */
  tokenChanged(tokenId: string): void;
  /** Notifications may have been missed (the LISTEN connection was lost): drop everything. */
  reset(): void;
}

export interface LeaseCounters {
  renewals: number;
  lapses: number;
  reconnects: number;
  /** Changes announced by this process, and how many of them waited for a lease to run out. */
  announced: number;
  waitedForLease: number;
}

/** The notification path of one process: LISTEN, lease, and the wait after a change. */
export interface ChangeFeed {
  readonly instanceId: string;
  /** True while this process may serve tokens from memory. */
  readonly leased: boolean;
  /** Resolves once the first lease is held (serving) or the LISTEN is up (CLI). */
  readonly ready: Promise<void>;
  readonly counters: Readonly<LeaseCounters>;
  start(): void;
  stop(): Promise<void>;
  /**
   * Call after a token change has committed: resolves once every other process that held a lease
   * at the commit has applied the change or lost its lease.
   */
  announce(): Promise<void>;
  /**
   * Resolves once every change committed before the call has been applied here (a heartbeat sent
   * after the call came back), or this process holds no lease any more (then nothing is served from
   * memory until a heartbeat sent after the change has come back, behind it).
   */
  synced(): Promise<void>;
  /** Test hook: holds every incoming notification (in order) until `resume` runs. */
  pause(): PausedFeed;
  /** The instances that this process's changes in progress still wait for (for tests and metrics). */
  awaiting(): string[];
}

export interface PausedFeed {
  /** Applies the held notifications in order and goes on as before. */
  resume(): void;
  /** Applies the oldest held notification (if any) and keeps holding the rest; returns it. */
  step(): string | undefined;
  /** The payloads held so far. */
  held(): readonly string[];
}

export function createChangeFeed(orm: Orm, logger: Logger, handlers: ChangeFeedHandlers, settings: ChangeFeedSettings): ChangeFeed {
  return isPglite(orm) ? new PgliteChangeFeed(orm, logger, handlers) : new PostgresChangeFeed(orm, logger, handlers, settings);
}

/** Message dispatch with the pause hook, shared by both feeds. */
abstract class BaseFeed {
  readonly instanceId = randomUUID();
  readonly counters: LeaseCounters = { renewals: 0, lapses: 0, reconnects: 0, announced: 0, waitedForLease: 0 };
  private held: string[] | undefined;

  constructor(protected readonly handlers: ChangeFeedHandlers) {}

  pause(): PausedFeed {
    const held: string[] = (this.held ??= []);
    return {
      held: () => held,
      resume: () => {
        if (this.held !== held) return;
        this.held = undefined;
        for (const payload of held) this.handle(payload);
      },
      step: () => {
        if (this.held !== held) return undefined;
        const payload = held.shift();
        if (payload !== undefined) this.handle(payload);
        return payload;
      },
    };
  }

  protected receive(payload: string | undefined) {
    if (!payload) return;
    if (this.held) this.held.push(payload);
    else this.handle(payload);
  }

  protected abstract handle(payload: string): void;
}

class PgliteChangeFeed extends BaseFeed implements ChangeFeed {
  private listening = false;
  private paused = false;
  private stopped = false;
  private unlisten: (() => Promise<void>) | undefined;
  readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;

  constructor(
    private readonly orm: Orm,
    private readonly logger: Logger,
    handlers: ChangeFeedHandlers,
  ) {
    super(handlers);
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  get leased(): boolean {
    return this.listening && !this.paused && !this.stopped;
  }

  start(): void {
    void (async () => {
      try {
        const pglite = await (this.orm.em.getConnection() as unknown as PgliteConnection).getNativeClient();
        const unlisten = await pglite.listen(TOKEN_CHANGED_CHANNEL, (payload) => this.receive(payload));
        if (this.stopped) return void (await unlisten());
        this.unlisten = unlisten;
        this.handlers.reset();
        this.listening = true;
        this.markReady();
      } catch (error) {
        // Without the in-process LISTEN nothing is served from memory.
        this.logger.warn({ err: error }, 'token cache: cannot listen for token changes; tokens are read from the database');
        this.markReady();
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    await this.unlisten?.().catch(() => undefined);
    this.unlisten = undefined;
  }

  override pause(): PausedFeed {
    // Held notifications would leave the cache behind: no lease while paused.
    this.paused = true;
    const paused = super.pause();
    return {
      held: paused.held,
      step: paused.step,
      resume: () => {
        paused.resume();
        this.paused = false;
      },
    };
  }

  async announce(): Promise<void> {
    this.counters.announced += 1;
  }

  async synced(): Promise<void> {}

  awaiting(): string[] {
    return [];
  }

  protected handle(payload: string) {
    this.handlers.tokenChanged(payload);
  }
}

interface PendingBeat {
  seq: number;
  sentAt: LeaseInstant;
}

class PostgresChangeFeed extends BaseFeed implements ChangeFeed {
  private client: pg.Client | undefined;
  private connected = false;
  private stopped = false;
  private readonly lease: CacheLease;
  private beat: PendingBeat | undefined;
  private beats = 0;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Changes of this process waiting for acknowledgements, by sync nonce. */
  private readonly waiting = new Map<string, (instanceId: string) => void>();
  /** What each change in progress still waits for, by sync nonce. */
  private readonly outstanding = new Map<string, () => string[]>();
  /** `synced()` callers: resolved by the first heartbeat sent after they asked (numbered above `after`). */
  private readonly syncWaiters = new Set<{ after: number; resolve: () => void }>();
  private readonly startedAt = new Date();
  private readonly marginMs: number;
  readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;

  constructor(
    private readonly orm: Orm,
    private readonly logger: Logger,
    handlers: ChangeFeedHandlers,
    private readonly settings: ChangeFeedSettings,
  ) {
    super(handlers);
    // Room for the clock-rate difference between this host and the database's, and for timers.
    this.marginMs = Math.max(25, Math.round(settings.leaseMs / 10));
    this.lease = new CacheLease(settings.leaseMs - this.marginMs, settings.clock);
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  get leased(): boolean {
    return this.connected && !this.stopped && this.lease.held;
  }

  start(): void {
    if (this.stopped) return;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.connected = false;
    this.endLease();
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    // The connection first (so that no heartbeat in flight writes the row again), then the row:
    // the lease is given up, and nobody needs to wait for this process any more.
    if (client) await discard(client);
    if (this.settings.serving) {
      await this.orm.em
        .getConnection()
        .execute('delete from gateway_instance where id = ?', [this.instanceId], 'run')
        .catch(() => undefined);
    }
  }

  async announce(): Promise<void> {
    this.counters.announced += 1;
    // After the commit: every lease held at the commit has ended by then + the longest lease.
    const committedBy = performance.now();
    const nonce = randomUUID();
    const acknowledged = new Set<string>();
    let recheck: () => void = () => undefined;
    this.waiting.set(nonce, (instanceId) => {
      acknowledged.add(instanceId);
      recheck();
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const connection = this.orm.em.getConnection();
      const deadlines = await this.leaseHolders(committedBy);
      if (!deadlines) {
        // Who held a lease at the commit could not be read: every such lease has ended by now.
        this.counters.waitedForLease += 1;
        this.logger.warn('token cache: a token change waited out the longest lease, the instance registry being unreadable');
        return;
      }
      if (deadlines.length === 0) return;
      this.outstanding.set(nonce, () =>
        deadlines.filter((deadline) => !acknowledged.has(deadline.id) && deadline.until > performance.now()).map((deadline) => deadline.id),
      );
      await connection
        .execute('select pg_notify(?, ?)', [TOKEN_CHANGED_CHANNEL, `${SYNC_PREFIX}${this.instanceId}:${nonce}`], 'run')
        .catch((error: unknown) => this.logger.warn({ err: error }, 'token cache: cannot ask other instances to acknowledge a change'));
      await new Promise<void>((resolve) => {
        recheck = () => {
          clearTimeout(timer);
          const now = performance.now();
          const pending = deadlines.filter((deadline) => !acknowledged.has(deadline.id) && deadline.until > now);
          if (pending.length === 0) return resolve();
          timer = setTimeout(recheck, Math.min(...pending.map((deadline) => deadline.until)) - now + 1);
        };
        recheck();
      });
      if (deadlines.some((deadline) => !acknowledged.has(deadline.id))) {
        this.counters.waitedForLease += 1;
        this.logger.warn(
          { instances: deadlines.filter((deadline) => !acknowledged.has(deadline.id)).map((deadline) => deadline.id) },
          'token cache: a token change waited for an instance that did not acknowledge it until its lease ran out',
        );
      }
    } finally {
      clearTimeout(timer);
      this.waiting.delete(nonce);
      this.outstanding.delete(nonce);
    }
  }

  /**
   * Every other process whose lease (in the registry, in the database's clock) has not ended, with
   * the moment on this process's monotonic clock when it ends. Another process may run a longer
   * lease than this one, so a failed read is tried again rather than guessed at; `undefined` once
   * the longest lease any process may hold has passed since `committedBy` with no read succeeding.
   */
  private async leaseHolders(committedBy: number): Promise<{ id: string; until: number }[] | undefined> {
    const giveUpAt = committedBy + MAX_TOKEN_CACHE_LEASE_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        // Through the pool, not the LISTEN connection: a stalled LISTEN must not stall the change.
        const read = this.orm.em.getConnection().execute(
          `select id, ceil(extract(epoch from (lease_expires_at - clock_timestamp())) * 1000)::int as remaining_ms
               from gateway_instance where lease_expires_at > clock_timestamp() and id <> ?`,
          [this.instanceId],
          'all',
        ) as Promise<{ id: string; remaining_ms: number }[]>;
        const rows = await withDeadline(read, giveUpAt - performance.now());
        if (!rows) return undefined;
        const now = performance.now();
        // A row written by hand cannot make a change wait longer than any gateway's lease.
        return rows.map((row) => ({ id: row.id, until: now + Math.min(MAX_TOKEN_CACHE_LEASE_MS, Math.max(0, row.remaining_ms)) }));
      } catch (error) {
        if (attempt === 0)
          this.logger.warn({ err: error }, 'token cache: cannot read the instance registry after a token change; retrying');
        const pause = Math.min(1000, REGISTRY_RETRY_MS * 2 ** attempt, giveUpAt - performance.now());
        if (pause <= 0) return undefined;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  awaiting(): string[] {
    return [...new Set([...this.outstanding.values()].flatMap((pending) => pending()))];
  }

  synced(): Promise<void> {
    if (!this.leased) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = { after: this.beats, resolve: () => undefined as void };
      let timer: NodeJS.Timeout | undefined;
      // Should no heartbeat come back, the lease runs out. A heartbeat sent before this call may
      // still come back and extend it (without proving anything about the changes this call waits
      // for), so when the timer fires, check again rather than trust the end computed now.
      const expire = () => {
        if (!this.leased) return waiter.resolve();
        timer = setTimeout(expire, Math.max(0, this.lease.remainingMs()) + 1);
      };
      waiter.resolve = () => {
        clearTimeout(timer);
        this.syncWaiters.delete(waiter);
        resolve();
      };
      this.syncWaiters.add(waiter);
      timer = setTimeout(expire, Math.max(0, this.lease.remainingMs()) + 1);
      // No need to wait for the next regular heartbeat (a quarter lease away).
      if (!this.beat) this.sendHeartbeat();
    });
  }

  protected handle(payload: string) {
    if (payload.startsWith(HEARTBEAT_PREFIX)) return this.heartbeatReturned(payload.slice(HEARTBEAT_PREFIX.length));
    if (payload.startsWith(SYNC_PREFIX)) return this.acknowledge(payload.slice(SYNC_PREFIX.length));
    if (payload.startsWith(ACK_PREFIX)) {
      const [nonce = '', instanceId = ''] = payload.slice(ACK_PREFIX.length).split(':');
      return this.waiting.get(nonce)?.(instanceId);
    }
    this.handlers.tokenChanged(payload);
  }

  private heartbeatReturned(body: string) {
    const [instanceId, nonce] = body.split(':');
    const beat = this.beat;
    if (instanceId !== this.instanceId || !beat || String(beat.seq) !== nonce) return;
    this.beat = undefined;
    const wasLeased = this.leased;
    this.lease.renew(beat.sentAt);
    this.counters.renewals += 1;
    if (!wasLeased && this.counters.renewals > 1) this.logger.info('token cache: lease renewed; serving tokens from memory again');
    for (const waiter of this.syncWaiters) if (waiter.after < beat.seq) waiter.resolve();
    // Callers that asked after this heartbeat left need one sent after them.
    if (this.syncWaiters.size > 0) this.sendHeartbeat();
    this.markReady();
  }

  /** No lease any more: `synced()` callers have nothing left to wait for. */
  private endLease() {
    this.lease.end();
    for (const waiter of this.syncWaiters) waiter.resolve();
  }

  private acknowledge(body: string) {
    const [from, nonce] = body.split(':');
    // Only processes that serve from memory acknowledge; everything before the marker is applied.
    if (!this.settings.serving || from === this.instanceId || !nonce || !this.client) return;
    this.client
      .query('select pg_notify($1, $2)', [TOKEN_CHANGED_CHANNEL, `${ACK_PREFIX}${nonce}:${this.instanceId}`])
      .catch((error: unknown) => this.logger.debug({ err: error }, 'token cache: could not acknowledge a change'));
  }

  private sendHeartbeat() {
    const client = this.client;
    if (!client || !this.connected || this.stopped) return;
    const now = this.lease.now();
    if (this.beat) {
      // The previous heartbeat has not come back: the connection, its backend or this process is
      // stalled. The lease runs out by itself; past a few leases, start over on a new connection.
      if (now.monotonic - this.beat.sentAt.monotonic > Math.max(3 * this.settings.leaseMs, 5_000)) {
        this.lost(client, new Error('heartbeat did not come back'));
      } else if (this.lease.started && !this.lease.held && !this.lapseLogged) {
        this.lapseLogged = true;
        this.counters.lapses += 1;
        this.logger.warn('token cache: lease lapsed (heartbeats are not coming back); tokens are read from the database');
      }
      return;
    }
    this.lapseLogged = false;
    this.beats += 1;
    const beat: PendingBeat = { seq: this.beats, sentAt: now };
    this.beat = beat;
    client
      .query(
        `with beat as (
           insert into gateway_instance (id, host, pid, started_at, lease_ms, lease_expires_at)
           values ($1, $2, $3, $4, $5::int, now() + $5::int * interval '1 millisecond')
           on conflict (id) do update set lease_ms = excluded.lease_ms, lease_expires_at = excluded.lease_expires_at
           returning id)
         select pg_notify($6, $7) from beat`,
        [
          this.instanceId,
          hostname(),
          process.pid,
          this.startedAt,
          this.settings.leaseMs,
          TOKEN_CHANGED_CHANNEL,
          `${HEARTBEAT_PREFIX}${this.instanceId}:${beat.seq}`,
        ],
      )
      .then(() => (this.beatFailureLogged = false))
      .catch((error: unknown) => {
        if (this.beat === beat) this.beat = undefined;
        // Once per run of failures: a lasting fault must not write a line every heartbeat.
        if (!this.beatFailureLogged) this.logger.warn({ err: error }, 'token cache: heartbeat failed; the lease will lapse');
        this.beatFailureLogged = true;
      });
  }

  private lapseLogged = false;
  private beatFailureLogged = false;

  private async connect(attempt = 0): Promise<void> {
    const url = this.settings.databaseUrl;
    if (!url) throw new Error('token cache: a PostgreSQL LISTEN needs the database URL');
    const client = new pg.Client({
      connectionString: url,
      keepAlive: true,
      application_name: `mgw-token-cache ${this.instanceId}`,
      connectionTimeoutMillis: LISTEN_TIMEOUT_MS,
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (message) => {
      if (message.channel === TOKEN_CHANGED_CHANNEL && this.client === client) this.receive(message.payload);
    });
    this.client = client;
    try {
      await client.connect();
      const listening = await withDeadline(
        client.query(`listen ${TOKEN_CHANGED_CHANNEL}`).then(() => true),
        LISTEN_TIMEOUT_MS,
      );
      if (!listening) throw new Error(`LISTEN did not complete within ${LISTEN_TIMEOUT_MS} ms`);
      if (this.stopped || this.client !== client) return void (await discard(client));
      if (this.settings.serving && attempt === 0) {
        await this.orm.em
          .getConnection()
          .execute(
            `delete from gateway_instance where lease_expires_at < clock_timestamp() - interval '${STALE_INSTANCE_MS} milliseconds'`,
            [],
            'run',
          )
          .catch(() => undefined);
      }
      // Changes made while nobody listened are unknown: start from an empty cache.
      this.handlers.reset();
      this.connected = true;
      if (attempt > 0) this.logger.info('token cache: listening for token changes again');
      if (!this.settings.serving) return this.markReady();
      clearInterval(this.heartbeatTimer);
      this.heartbeatTimer = setInterval(() => this.sendHeartbeat(), Math.max(10, Math.floor(this.settings.leaseMs / 4)));
      this.heartbeatTimer.unref();
      this.sendHeartbeat();
    } catch (error) {
      if (this.client === client) this.client = undefined;
      await discard(client);
      if (this.stopped) return;
      this.logger.warn({ err: error }, 'token cache: cannot listen for token changes; tokens are read from the database meanwhile');
      this.scheduleReconnect(attempt + 1);
    }
  }

  private lost(client: pg.Client, reason: unknown) {
    if (this.client !== client) return;
    this.client = undefined;
    this.connected = false;
    this.endLease();
    this.beat = undefined;
    clearInterval(this.heartbeatTimer);
    this.handlers.reset();
    void discard(client);
    if (this.stopped) return;
    this.counters.reconnects += 1;
    this.logger.warn({ err: reason }, 'token cache: lost the LISTEN connection; tokens are read from the database until it is back');
    this.scheduleReconnect(1);
  }

  private scheduleReconnect(attempt: number) {
    clearTimeout(this.reconnectTimer);
    const delay = Math.min(30_000, (this.settings.reconnectMs ?? 1000) * 2 ** Math.max(0, attempt - 1));
    this.reconnectTimer = setTimeout(() => void this.connect(attempt), delay);
    this.reconnectTimer.unref();
  }
}

/** The promise's value, or `undefined` once `ms` have passed (a rejection after that is ignored). */
async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) {
    promise.catch(() => undefined);
    return undefined;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)))]);
  } finally {
    clearTimeout(timer);
    promise.catch(() => undefined);
  }
}

/** Closes a LISTEN client whose events no longer matter (without waiting on a stalled backend). */
async function discard(client: pg.Client): Promise<void> {
  client.removeAllListeners();
  client.on('error', () => undefined);
  const ended = client.end().catch(() => undefined);
  await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
}
