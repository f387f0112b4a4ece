// OIDC trust policies: which ID tokens of
// which issuer a CI job may trade for a short-lived management token, and the rights that token
// gets. Also the record of every exchanged ID token (`jti`), so that none is exchanged twice on
// any instance: the primary key makes the check race-free.
import { defineEntity, p } from '@mikro-orm/core';
import { createdAt, ownedByWorkspace, primaryId, updatedAt } from '../common/index.js';
import { ManagementTokenSchema } from '../tokens/index.js';

/** An exact-match condition on one claim of the ID token (e.g. `repository_owner` = `acme`). */
export interface ClaimCondition {
  name: string;
  value: string;
}

export const OidcTrustPolicySchema = defineEntity({
  name: 'OidcTrustPolicy',
  tableName: 'oidc_trust_policy',
  properties: {
    id: primaryId(),
    workspace: ownedByWorkspace,
    name: p.text(),
    /** The `iss` the ID token must carry, exactly (an https URL). */
    issuer: p.text(),
    /** A value the ID token's `aud` must be (or contain). */
    audience: p.text(),
    /** The `sub` the ID token must carry: exact, or a glob where `*` matches any run of characters. */
    subject: p.text(),
    claims: p.json<ClaimCondition[]>(),
    /** Grants of the minted tokens, as given (permissions and scopes). */
    grants: p.array().columnType('text[]'),
    projectIds: p.array().columnType('uuid[]').nullable(),
    allowedCidrs: p.array().columnType('text[]').nullable(),
    tokenLifetimeSeconds: p.integer(),
    /** Most live tokens minted through this policy at once. */
    maxLiveTokens: p.integer(),
    /** The token that created the policy; null when it came from the CLI. */
    createdBy: () => p.manyToOne(ManagementTokenSchema).nullable().deleteRule('set null'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  uniques: [{ properties: ['workspace', 'name'] }],
  indexes: [{ properties: ['workspace', 'id'] }, { properties: ['issuer'] }],
});

export class OidcTrustPolicy extends OidcTrustPolicySchema.class {}
OidcTrustPolicySchema.setClass(OidcTrustPolicy);

/** An ID token already exchanged, kept until it could no longer verify (its `exp` plus the clock skew). */
export const ExchangedIdTokenSchema = defineEntity({
  name: 'ExchangedIdToken',
  tableName: 'oidc_exchanged_id_token',
  properties: {
    issuer: p.text().primary(),
    jti: p.text().primary(),
    expiresAt: p.datetime(),
  },
  indexes: [{ properties: ['expiresAt'] }],
});

export class ExchangedIdToken extends ExchangedIdTokenSchema.class {}
ExchangedIdTokenSchema.setClass(ExchangedIdToken);
