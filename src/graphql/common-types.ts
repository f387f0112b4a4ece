// GraphQL types used by several modules.
import { GRACE_PERIODS, type GracePeriod } from '../lib/validation.js';
import { builder } from './builder.js';

const hours = (ms: number) => ms / 3_600_000;

export const GracePeriodEnum = builder.enumType('GracePeriod', {
  description: 'How long a replaced secret keeps working.',
  values: Object.fromEntries(
    Object.entries(GRACE_PERIODS).map(([name, ms]) => [
      name,
      { value: name as GracePeriod, description: ms === 0 ? 'Stops at once.' : `${hours(ms)} hour${hours(ms) === 1 ? '' : 's'}.` },
    ]),
  ) as Record<GracePeriod, { value: GracePeriod; description: string }>,
});
