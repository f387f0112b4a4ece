// Per-token rate limits and the per-IP limit on failed authentications.
export * from './rate-limit.service.js';
