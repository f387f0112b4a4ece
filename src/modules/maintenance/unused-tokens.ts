// The background task behind the workspace policy `revokeUnusedAfterDays` (seed: "Revoke unused
// tokens"): every hour, TokenService.revokeUnused. Started by the maintenance module
// (MAINTENANCE_ENABLED); several processes may run it at once.
import type { Orm } from '../../db/em.js';
import type { Logger } from '../../logger.js';
import type { TokenService } from '../tokens/index.js';

export const UNUSED_TOKEN_SWEEP_EVERY_MS = 3_600_000;

export class UnusedTokenRevoker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly orm: Orm,
    private readonly tokens: TokenService,
    private readonly logger: Logger,
    private readonly everyMs = UNUSED_TOKEN_SWEEP_EVERY_MS,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.everyMs);
    this.timer.unref();
    void this.sweep();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private sweep(): Promise<unknown> {
    this.running ??= this.tokens
      .revokeUnused(this.orm.em.fork())
      .then((count) => {
        if (count > 0) this.logger.info({ count }, 'revoked unused tokens');
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not revoke unused tokens; will retry'))
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
