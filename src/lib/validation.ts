// Input rules shared by several services.
import { z } from 'zod';
import { DAY_MS } from './time.js';

/** A human-chosen name: trimmed, 1–100 characters, no control characters. */
export const nameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty.')
  .max(100, 'must be at most 100 characters.')
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters.');

/** An optional free-text description; null or empty clears it. */
export const descriptionSchema = z.string().trim().max(500, 'must be at most 500 characters.').nullish();

/** How long a replaced secret (a rotated token secret, a rolled API key) keeps working. */
export const GRACE_PERIODS = {
  NONE: 0,
  ONE_HOUR: 3_600_000,
  ONE_DAY: DAY_MS,
  THREE_DAYS: 3 * DAY_MS,
  SEVEN_DAYS: 7 * DAY_MS,
} as const satisfies Record<string, number>;
export type GracePeriod = keyof typeof GRACE_PERIODS;
