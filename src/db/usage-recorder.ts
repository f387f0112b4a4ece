// Records when (and, for tokens, from where and by what) something was last used, off the request
// path: uses are coalesced in memory (the last one per row wins) and written in one statement per
// flush. One recorder per table: management tokens, API keys.
import type { Orm } from './em.js';
import type { Logger } from '../logger.js';

export interface Use {
  at: Date;
  ip?: string | null;
  userAgent?: string | null;
}

export interface UsageTable {
  table: 'management_token' | 'api_key';
  /** Whether the table has last_used_ip and last_used_user_agent columns. */
  withClient: boolean;
}

const MAX_USER_AGENT_LENGTH = 512;

export class UsageRecorder {
  private pending = new Map<string, Use>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly orm: Orm,
    private readonly logger: Logger,
    private readonly target: UsageTable,
  ) {}

  record(id: string, ip: string | null = null, userAgent: string | null = null, at = new Date()) {
    this.pending.set(id, { at, ip, userAgent: userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null });
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
    const { table, withClient } = this.target;
    const values = rows.map(() => (withClient ? '(?::uuid, ?::timestamptz, ?, ?)' : '(?::uuid, ?::timestamptz)')).join(', ');
    const params = rows.flatMap(([id, use]) =>
      withClient ? [id, use.at.toISOString(), use.ip, use.userAgent] : [id, use.at.toISOString()],
    );
    const set = withClient ? 'last_used_at = v.at, last_used_ip = v.ip, last_used_user_agent = v.ua' : 'last_used_at = v.at';
    const columns = withClient ? 'id, at, ip, ua' : 'id, at';
    try {
      await this.orm.em
        .getConnection()
        .execute(
          `update ${table} as t set ${set} from (values ${values}) as v(${columns}) where t.id = v.id and (t.last_used_at is null or t.last_used_at < v.at)`,
          params,
          'run',
        );
    } catch (error) {
      // Usage data is best effort: keep what has not been superseded and try again next flush.
      for (const [id, use] of rows) if (!this.pending.has(id)) this.pending.set(id, use);
      this.logger.warn({ err: error, table, rows: rows.length }, 'could not record usage; will retry');
    }
  }
}
