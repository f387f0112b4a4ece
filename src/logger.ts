// Structured JSON logs with pino. Secrets never reach a log line: request headers are not
// logged, and any field named like a secret is redacted as a second line of defence. Every line
// written while a request is handled carries its `requestId` (from the request context), and
// identical errors repeated during an outage are coalesced into one line per interval.
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { currentRequestId, outsideRequest } from './lib/request-context.js';

export type Logger = PinoLogger;

const REDACT = [
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'token',
  '*.token',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'management-gateway' },
      redact: { paths: REDACT, censor: '[redacted]' },
      // A mixin rather than a child logger per request: lines written deep inside services and
      // libraries (and Yoga's masked errors, which see no request) get the id too.
      mixin: () => {
        const requestId = currentRequestId();
        return requestId === undefined ? {} : { requestId };
      },
    },
    destination,
  );
}

type Level = 'error' | 'warn';

interface Repeats {
  level: Level;
  message: string;
  fields: Record<string, unknown>;
  count: number;
}

/**
 * Logs the first occurrence of an error at once (with its stack), then only counts identical ones
 * (same message and same cause) until the interval ends, when one line reports how many there
 * were. During an outage this turns hundreds of identical stack traces a second into one line per
 * interval, and recovery starts a fresh count.
 */
export class LogCoalescer {
  private readonly repeats = new Map<string, Repeats>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  error(fields: Record<string, unknown>, message: string) {
    this.log('error', fields, message);
  }

  warn(fields: Record<string, unknown>, message: string) {
    this.log('warn', fields, message);
  }

  /** Writes the pending counts now (the interval timer does it too; close() does it last). */
  flush() {
    // A summary counts the errors of many requests: it belongs to none of them.
    outsideRequest(() => this.writeSummaries());
  }

  close() {
    this.flush();
    this.flush();
  }

  private writeSummaries() {
    for (const [key, repeats] of this.repeats) {
      if (repeats.count > 0) {
        this.logger[repeats.level](
          { ...repeats.fields, repeated: repeats.count, intervalMs: this.intervalMs },
          `${repeats.message} (repeated ${repeats.count} more times)`,
        );
        repeats.count = 0;
      } else {
        // A quiet interval ends the episode: the next occurrence is logged in full again.
        this.repeats.delete(key);
      }
    }
    if (this.repeats.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private log(level: Level, fields: Record<string, unknown>, message: string) {
    const key = `${level}\u0000${message}\u0000${describeCause(fields['err'])}`;
    const seen = this.repeats.get(key);
    if (seen) {
      seen.count += 1;
      return;
    }
    this.logger[level](fields, message);
    const { err, ...rest } = fields;
    this.repeats.set(key, { level, message, fields: { ...rest, cause: describeCause(err) }, count: 0 });
    if (!this.timer) {
      // The first error of an episode usually comes from a request: a timer created in its async
      // context would keep that context (and its request id) for every later tick.
      this.timer = outsideRequest(() => setInterval(() => this.flush(), this.intervalMs));
      this.timer.unref();
    }
  }
}

function describeCause(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}`;
  }
  return error === undefined ? '' : String(error);
}
