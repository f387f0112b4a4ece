// `rateLimit`: the calling token's budget after this request (GitHub's pattern), the same
// numbers as the RateLimit headers. Checking it costs a request like any other.
import { builder } from '../../graphql/builder.js';
import type { RateLimitState } from '../tokens/principal.js';

const RateLimitRef = builder.objectRef<RateLimitState>('RateLimit').implement({
  description: "A token's request budget.",
  fields: (t) => ({
    policy: t.exposeString('policy', { description: '"default", or "token" when an operator set this token\'s own limit.' }),
    limit: t.exposeInt('limit', { description: 'Requests allowed per window.' }),
    remaining: t.exposeInt('remaining', { description: 'Requests left in the current window, after this one.' }),
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
