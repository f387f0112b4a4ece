// `rateLimit`: the calling token's budget after this request (GitHub's pattern), the same
// numbers as the RateLimit headers, and what this request cost. Checking it costs 1 point.
import { builder } from '../../graphql/builder.js';
import type { RateLimitState } from './rate-limit.service.js';

const RateLimitRef = builder.objectRef<RateLimitState>('RateLimit').implement({
  description: "A token's request budget.",
  fields: (t) => ({
    policy: t.exposeString('policy', { description: '"default", or "token" when an operator set this token\'s own limit.' }),
    limit: t.exposeInt('limit', { description: 'Points allowed per window (an ordinary request costs 1).' }),
    remaining: t.exposeInt('remaining', { description: 'Points left in the current window, after this request.' }),
    cost: t.int({
      description: 'Points this request was charged: max(1, mutation fields + ceil(estimated nodes / 100)).',
      resolve: (state) => state.cost ?? 1,
    }),
    used: t.int({ resolve: (state) => state.limit - state.remaining }),
    windowSeconds: t.exposeInt('windowSeconds'),
    resetAt: t.expose('resetAt', { type: 'DateTime', description: 'When the window resets.' }),
  }),
});

builder.queryField('rateLimit', (t) =>
  t.field({
    type: RateLimitRef,
    description: "The calling token's rate-limit budget.",
    resolve: (_root, _args, context) => context.principal.rateLimit,
  }),
);
