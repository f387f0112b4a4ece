// Background upkeep, apart from webhook delivery and with its own switch (MAINTENANCE_ENABLED):
// every minute, the token expiry notices (`management_token.expiring` 7 days and 1 day ahead,
// `management_token.expired`, once each) and the pruning of audit entries and finished events past
// their retention; every hour, the revocation of unused tokens (workspace policy
// `revokeUnusedAfterDays`). Several processes may run it at once: notices are claimed with
// SKIP LOCKED, and pruning and revoking twice do nothing the second time.
import { LockMode } from '@mikro-orm/core';
import type { Orm } from '../../db/em.js';
import { DAY_MS } from '../../lib/time.js';
import { outsideRequest } from '../../lib/request-context.js';
import type { LogCoalescer, Logger } from '../../logger.js';
import { AuditEvent, createEvent } from '../activity/index.js';
import { ManagementToken, tokenData, type TokenService } from '../tokens/index.js';
import { UnusedTokenRevoker } from './unused-tokens.js';

export interface MaintenanceSettings {
  auditRetentionDays: number;
  /** Finished events (with their deliveries and attempts) older than this are deleted. */
  eventRetentionDays: number;
  everyMs?: number | undefined;
  batchSize?: number | undefined;
}

export const MAINTENANCE_EVERY_MS = 60_000;
const PRUNE_BATCH_SIZE = 1_000;
/** At most this many batches per pass; what is left waits for the next pass. */
const PRUNE_BATCHES = 20;

export class Maintenance {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly unusedTokens: UnusedTokenRevoker;
  private readonly batchSize: number;

  constructor(
    private readonly orm: Orm,
    tokens: TokenService,
    private readonly settings: MaintenanceSettings,
    private readonly logger: Logger,
    /** Where a pass failing again and again (the database is down) is logged once per interval. */
    private readonly repeatedErrors?: LogCoalescer,
  ) {
    this.batchSize = settings.batchSize ?? 50;
    this.unusedTokens = new UnusedTokenRevoker(orm, tokens, logger);
  }

  start(): void {
    this.timer = setInterval(() => this.pass(), this.settings.everyMs ?? MAINTENANCE_EVERY_MS);
    this.timer.unref();
    this.pass();
    this.unusedTokens.start();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([this.running, this.unusedTokens.stop()]);
  }

  /** Resolves once the pass in progress (if any) is over. */
  async idle(): Promise<void> {
    await this.running;
  }

  /** One pass of the minutely tasks. Tests call it directly. */
  async runOnce(now = new Date()): Promise<void> {
    await this.emitExpiryNotices(now);
    await this.pruneAuditLog(now);
    await this.pruneEvents(now);
  }

  private pass() {
    this.running ??= outsideRequest(() =>
      this.runOnce()
        .catch((error: unknown) => (this.repeatedErrors ?? this.logger).error({ err: error }, 'maintenance pass failed; will retry'))
        .finally(() => (this.running = undefined)),
    );
  }

  /** `management_token.expiring` 7 days and 1 day ahead, and `management_token.expired`, once each. */
  async emitExpiryNotices(now = new Date()): Promise<void> {
    const notices = [
      { level: 3, type: 'management_token.expired', before: now },
      { level: 2, type: 'management_token.expiring', before: new Date(now.getTime() + DAY_MS) },
      { level: 1, type: 'management_token.expiring', before: new Date(now.getTime() + 7 * DAY_MS) },
    ] as const;
    await this.orm.em.fork().transactional(async (em) => {
      for (const notice of notices) {
        const tokens = await em.find(
          ManagementToken,
          { revokedAt: null, expiresAt: { $ne: null, $lte: notice.before }, expiryNoticeLevel: { $lt: notice.level } },
          { limit: this.batchSize, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
        );
        for (const token of tokens) {
          token.expiryNoticeLevel = notice.level;
          const data =
            notice.level === 3
              ? tokenData(token)
              : { ...tokenData(token), expiresInDays: Math.ceil((token.expiresAt!.getTime() - now.getTime()) / DAY_MS) };
          createEvent(em, { workspaceId: token.workspace.id, projectId: null, type: notice.type, data }, now);
        }
      }
    });
  }

  /**
   * Deletes events past EVENT_RETENTION_DAYS that are finished: fanned out, with no delivery still
   * pending. Their deliveries and attempts go with them (foreign keys cascade). An event that
   * still has work — never fanned out because no dispatcher ran, or a delivery awaiting a retry —
   * is kept however old it is. Deletes in batches so that no statement holds locks for long.
   */
  async pruneEvents(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.settings.eventRetentionDays * DAY_MS);
    const connection = this.orm.em.getConnection();
    let pruned = 0;
    for (let batch = 0; batch < PRUNE_BATCHES; batch++) {
      const result = await connection.execute<{ affectedRows: number }>(
        `delete from event where id in (
           select e.id from event e
           where e.created_at < ? and e.dispatched_at is not null
             and not exists (select 1 from delivery d where d.event_id = e.id and d.status = 'PENDING')
           order by e.created_at limit ?)`,
        [cutoff, PRUNE_BATCH_SIZE],
        'run',
      );
      pruned += result.affectedRows;
      if (result.affectedRows < PRUNE_BATCH_SIZE) break;
    }
    if (pruned > 0) this.logger.info({ pruned }, 'pruned finished events (and their deliveries) past their retention');
    return pruned;
  }

  /** Deletes audit entries past AUDIT_RETENTION_DAYS. */
  async pruneAuditLog(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.settings.auditRetentionDays * DAY_MS);
    const pruned = await this.orm.em.fork().nativeDelete(AuditEvent, { createdAt: { $lt: cutoff } });
    if (pruned > 0) this.logger.info({ pruned }, 'pruned audit entries past their retention');
    return pruned;
  }
}
