// Secretless CI: OIDC trust policies, the RFC 8693 token exchange at POST /oidc/token,
// and POST /credentials/revoke for leaked tokens. What the rest of the gateway uses of it.
export { ExchangedIdTokenSchema, OidcTrustPolicy, OidcTrustPolicySchema } from './oidc-policy.entity.js';
export { OidcPolicyService, subjectMatches } from './oidc-policy.service.js';
export { OidcVerifier } from './oidc-verifier.js';
export { CREDENTIALS_REVOKE_PATH, MAX_CREDENTIALS_PER_REQUEST, OIDC_TOKEN_PATH, useOidcEndpoints } from './oidc.plugin.js';
