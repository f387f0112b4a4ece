// The GraphQL context: a fresh EntityManager fork per request, the authenticated principal and
// the services the resolvers call.
import type { Em } from './db/em.js';
import type { TokenPrincipal } from './modules/auth/index.js';
import type { Services } from './services.js';

export interface Context {
  em: Em;
  principal: TokenPrincipal;
  services: Services;
}

/** The calling token's workspace: the one every query of a request is confined to. */
export const workspaceOf = (context: Context): string => context.principal.workspaceId;
