// The request path: the principal, the token cache (and its lease across processes), the auth plugin, project confinement.
export * from './principal.js';
export * from './gateway-instance.entity.js';
export * from './cache-lease.js';
export * from './token-cache.js';
export * from './project-scope.js';
export * from './auth.plugin.js';
