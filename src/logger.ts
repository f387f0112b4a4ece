// Structured JSON logs with pino. Secrets never reach a log line: request headers are not
// logged, and any field named like a secret is redacted as a second line of defence.
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

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
  return pino({ level, base: { service: 'management-gateway' }, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}
