// Apollo Client 4, as a frontend uses it (HttpLink over the gateway's /graphql), sees the
// gateway's refusal codes. It asks for application/graphql-response+json, and the gateway answers
// its 401s and 429s in that media type, so the client reports a CombinedGraphQLErrors whose
// errors carry `extensions.code` instead of a bare ServerError with the code hidden in its body.
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/modules/activity/index.js';
import { createWorkspaceWithOwner, issueToken, type TestToken } from './helpers/factories.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';

let gw: TestGateway;
let owner: TestToken;

beforeAll(async () => {
  gw = await startGateway();
  owner = await createWorkspaceWithOwner(gw);
});
afterAll(() => gw?.close());

const VIEWER = gql`
  query ApolloClientViewer {
    viewer {
      permissions
    }
  }
`;

function client(secret: string | null) {
  return new ApolloClient({
    link: new HttpLink({ uri: `${gw.url}/graphql`, headers: secret ? { authorization: `Bearer ${secret}` } : {} }),
    cache: new InMemoryCache(),
  });
}

/** The error Apollo Client rejects the query with, and the codes it lets the app read. */
async function refusal(secret: string | null) {
  const error: unknown = await client(secret)
    .query({ query: VIEWER, fetchPolicy: 'no-cache' })
    .then(
      () => undefined,
      (rejected: unknown) => rejected,
    );
  expect(ServerError.is(error)).toBe(false);
  expect(CombinedGraphQLErrors.is(error)).toBe(true);
  return (error as CombinedGraphQLErrors).errors.map((entry) => entry.extensions?.['code']);
}

describe('Apollo Client 4 (HttpLink)', () => {
  it('reads the data of an answered query', async () => {
    const result = await client(owner.secret).query<{ viewer: { permissions: string[] } }>({ query: VIEWER, fetchPolicy: 'no-cache' });
    expect(result.data?.viewer.permissions).toContain('TOKENS_WRITE');
  });

  it('sees UNAUTHENTICATED without a token, and TOKEN_REVOKED for a revoked one', async () => {
    expect(await refusal(null)).toEqual(['UNAUTHENTICATED']);
    const doomed = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    await gw.gateway.services.tokens.revoke(gw.orm.em.fork(), cliActor(owner.workspaceId), doomed.rowId);
    expect(await refusal(doomed.secret)).toEqual(['TOKEN_REVOKED']);
  });

  it('sees RATE_LIMITED for a token past its budget', async () => {
    const limited = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    await gw.gateway.services.tokens.setRateLimit(gw.orm.em.fork(), cliActor(owner.workspaceId), limited.rowId, 1, 60);
    const answered = await client(limited.secret).query({ query: VIEWER, fetchPolicy: 'no-cache' });
    expect(answered.error).toBeUndefined();
    expect(await refusal(limited.secret)).toEqual(['RATE_LIMITED']);
  });
});
