// After a mutation: the fields refused for a missing permission are audited (a failed authorisation
// on a mutation is recorded), in one entry per request, and the webhook dispatcher is woken at once
// for the events the mutation committed.
import { getOperationAST, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { Logger } from '../logger.js';
import { recordChange } from '../modules/activity/index.js';

export function useMutationEffects(deps: { wakeDispatcher: () => void; logger: Logger }): Plugin<Context> {
  return {
    onExecute({ args }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      const context = args.contextValue as Context;
      return {
        async onExecuteDone({ result }) {
          deps.wakeDispatcher();
          const errors = 'errors' in result ? ((result.errors ?? []) as readonly GraphQLError[]) : [];
          const denied = errors.filter((error) => error.extensions?.['code'] === 'FORBIDDEN');
          if (denied.length === 0) return;
          // One entry per request, listing every refused field: an aliased flood of forbidden
          // mutations cannot multiply audit rows.
          const em = context.em.fork();
          recordChange(em, context.principal, {
            action: 'authorization.denied',
            summary: {
              fields: denied.map((error) => ({
                field: error.path?.join('.') ?? null,
                requiredPermission: error.extensions?.['requiredPermission'] ?? null,
                missingGrants: error.extensions?.['missingGrants'] ?? null,
              })),
            },
          });
          await em.flush().catch((failure: unknown) => deps.logger.error({ err: failure }, 'could not audit a denied mutation'));
        },
      };
    },
  };
}
