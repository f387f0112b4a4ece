// Background upkeep: token expiry notices, audit and event retention, revoking unused tokens.
export * from './maintenance.js';
export * from './unused-tokens.js';
