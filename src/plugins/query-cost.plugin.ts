// Cost-based rate limiting: once a request's document has parsed and validated, its cost
// (query-cost.ts) is computed from the document and the coerced variables (defaults included),
// refused above MAX_QUERY_COST (400 QUERY_TOO_COMPLEX), and charged to the token's budget before
// anything runs (429 RATE_LIMITED, without executing, when it costs more than what is left). A request that
// never reaches execution (refused or invalid document, bad variables) costs 1 point, as every
// request did before. Every authenticated response reports `extensions.cost`; a token known to be
// blocked is refused before its document is parsed.
import { Kind, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { gatewayError, queryTooComplex } from '../graphql/errors.js';
import { refusalResponse } from '../http/refusal.js';
import { operationCost, type CostSettings } from '../graphql/query-cost.js';
import { rateLimitHeaders, type ChargeResult, type RateLimits, type RateLimitState } from '../modules/rate-limits/index.js';
import type { Authenticated, TokenPrincipal } from '../modules/auth/index.js';

export interface QueryCostDeps {
  rateLimits: RateLimits;
  /** The auth plugin's principals, by request. */
  authenticated: WeakMap<Request, Authenticated>;
  settings: CostSettings & { maxCost: number };
}

/** What a request asked for and whether it has been charged. */
interface RequestCost {
  requested: number;
  charged: boolean;
}

/** The `extensions.cost` of a response. */
export interface CostExtension {
  requested: number;
  remaining: number;
  limit: number;
  resetAt: string;
}

function rateLimited(state: RateLimitState, requested: number, retryAfterSeconds: number) {
  const message =
    requested > state.remaining && state.remaining > 0
      ? `This request costs ${requested} points and ${state.remaining} of ${state.limit} are left in this window; retry after ${retryAfterSeconds} s.`
      : `Rate limit of ${state.limit} points per ${state.windowSeconds} s exceeded.`;
  return gatewayError('RATE_LIMITED', message, {
    cost: requested,
    http: { status: 429, headers: { 'Retry-After': String(retryAfterSeconds), ...rateLimitHeaders(state) } },
  });
}

const costExtension = (requested: number, state: RateLimitState): CostExtension => ({
  requested,
  remaining: state.remaining,
  limit: state.limit,
  resetAt: state.resetAt.toISOString(),
});

export function useQueryCost(deps: QueryCostDeps): Plugin<Context> {
  const { rateLimits, authenticated, settings } = deps;
  const costs = new WeakMap<Request, RequestCost>();
  // The cost of an operation without variables depends on its document only: priced once per
  // document (Yoga's parser cache reuses the DocumentNode) and operation name.
  const constantCosts = new WeakMap<DocumentNode, Map<string, ReturnType<typeof operationCost>>>();
  const priceOf = (args: ExecutionArgs) => {
    const variables = args.variableValues as Record<string, unknown> | null | undefined;
    const price = () => operationCost(args.schema, args.document, args.operationName, variables, settings);
    if (variables && Object.keys(variables).length > 0) return price();
    const constant = args.document.definitions.every(
      (definition) => definition.kind !== Kind.OPERATION_DEFINITION || !definition.variableDefinitions?.length,
    );
    if (!constant) return price();
    let byOperation = constantCosts.get(args.document);
    if (!byOperation) constantCosts.set(args.document, (byOperation = new Map()));
    const name = args.operationName ?? '';
    if (!byOperation.has(name)) byOperation.set(name, price());
    return byOperation.get(name);
  };

  const charge = async (principal: TokenPrincipal, points: number): Promise<ChargeResult> => {
    const result = await rateLimits.chargeToken(
      principal.token.id,
      { points: principal.token.rateLimitPoints, windowSeconds: principal.token.rateLimitWindowSeconds },
      points,
    );
    principal.rateLimit = { ...result.state, cost: result.allowed ? points : 0 };
    return result;
  };

  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const auth = authenticated.get(request);
      if (!auth) return;
      const blockedFor = rateLimits.tokenBlockedFor(auth.principal.token.id);
      if (blockedFor === 0) return;
      const state = { ...auth.principal.rateLimit, remaining: 0, resetAt: new Date(Date.now() + blockedFor * 1000), cost: 0 };
      auth.principal.rateLimit = state;
      costs.set(request, { requested: 1, charged: true });
      // The RateLimit headers are added to every authenticated response (auth.plugin.ts).
      endResponse(
        refusalResponse(request, fetchAPI, 'RATE_LIMITED', rateLimited(state, 1, blockedFor).message, {
          headers: { 'Retry-After': String(blockedFor) },
          responseExtensions: { cost: costExtension(1, state) },
        }),
      );
    },

    async onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as Context & { request: Request };
      const priced = priceOf(args);
      // No operation, or variables that do not coerce: execution refuses it (nothing runs), so it
      // is charged 1 point like any request that never runs (onResultProcess).
      if (!priced || 'errors' in priced) return;
      const { nodes, points: requested } = priced;
      const cost: RequestCost = { requested, charged: false };
      costs.set(context.request, cost);
      if (requested > settings.maxCost) {
        // Charged 1 point like any other refused document (onResultProcess).
        setResultAndStopExecution({
          errors: [
            queryTooComplex(
              `The request costs ${requested} points (about ${nodes} nodes); the maximum is ${settings.maxCost} (MAX_QUERY_COST).`,
              'MAX_QUERY_COST',
              requested,
              settings.maxCost,
            ),
          ],
        });
        return;
      }
      const result = await charge(context.principal, requested);
      cost.charged = true;
      if (!result.allowed) setResultAndStopExecution({ errors: [rateLimited(result.state, requested, result.retryAfterSeconds)] });
    },

    async onResultProcess({ request, result, setResult }) {
      const auth = authenticated.get(request);
      if (!auth || Array.isArray(result) || !('errors' in result || 'data' in result)) return;
      const { principal } = auth;
      let cost = costs.get(request);
      let processed = result as ExecutionResult;
      if (!cost?.charged) {
        // Never executed (refused, invalid or a bad request): the minimum of 1 point.
        cost = { requested: cost?.requested ?? 1, charged: true };
        costs.set(request, cost);
        const charged = await charge(principal, 1);
        if (!charged.allowed) processed = { errors: [rateLimited(charged.state, 1, charged.retryAfterSeconds)] };
      }
      const extensions: Record<string, unknown> = { ...processed.extensions, cost: costExtension(cost.requested, principal.rateLimit) };
      // Yoga marks every parse error as a spec error, answered 200 under application/json; a
      // document refused at the token limit is answered 400 like the other static limits.
      if (processed.errors?.some((error) => error.extensions?.['code'] === 'QUERY_TOO_COMPLEX')) extensions['http'] = { status: 400 };
      setResult({ ...processed, extensions });
    },
  };
}
