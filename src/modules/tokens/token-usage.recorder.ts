// Records when, from where and by what each token was last used — off the request path: uses are
// coalesced in memory (the last one per token wins) and written in one statement per flush.
import type { Orm } from '../../db/orm.js';
import type { Logger } from '../../logger.js';

interface Use {
  at: Date;
  ip: string;
  userAgent: string | null;
}

const MAX_USER_AGENT_LENGTH = 512;

export class TokenUsageRecorder {
  private pending = new Map<string, Use>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly orm: Orm,
    private readonly logger: Logger,
  ) {}

  record(tokenId: string, ip: string, userAgent: string | null, at = new Date()) {
    this.pending.set(tokenId, { at, ip, userAgent: userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null });
  }

  start(intervalMs: number) {
    this.timer ??= setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Writes every pending use; concurrent calls are chained so writes never overlap. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  async stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async write() {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const rows = [...batch.entries()];
    const values = rows.map(() => '(?::uuid, ?::timestamptz, ?, ?)').join(', ');
    const params = rows.flatMap(([id, use]) => [id, use.at.toISOString(), use.ip, use.userAgent]);
    try {
      await this.orm.em.getConnection().execute(
        `update management_token as t
            set last_used_at = v.at, last_used_ip = v.ip, last_used_user_agent = v.ua
           from (values ${values}) as v(id, at, ip, ua)
          where t.id = v.id and (t.last_used_at is null or t.last_used_at < v.at)`,
        params,
        'run',
      );
    } catch (error) {
      // Usage data is best effort: keep what has not been superseded and try again next flush.
      for (const [id, use] of rows) if (!this.pending.has(id)) this.pending.set(id, use);
      this.logger.warn({ err: error, tokens: rows.length }, 'could not record token usage; will retry');
    }
  }
}
