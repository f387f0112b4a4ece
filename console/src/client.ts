// The urql client: every operation goes out as its persisted-document hash only (the gateway
// knows the console's manifest), with the session's bearer token. A 401 from any request ends
// the session and sends the user back to sign-in with the gateway's own message and code.
import { Client, fetchExchange, mapExchange, type CombinedError } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { readToken, signOut } from './session';

/** The stable code of the first error (`extensions.code`), as the gateway sends it. */
export function errorCode(error: CombinedError): string | undefined {
  const code = error.graphQLErrors[0]?.extensions?.['code'];
  return typeof code === 'string' ? code : undefined;
}

export function createClient(): Client {
  return new Client({
    url: '/graphql',
    // No cache exchange: every page shows what the gateway says now; pages refetch after a change.
    preferGetMethod: false,
    fetchOptions: (): RequestInit => {
      const token = readToken();
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      return { headers };
    },
    exchanges: [
      mapExchange({
        onError(error) {
          if (error.response?.status === 401) {
            const first = error.graphQLErrors[0];
            signOut(first ? `${first.message} (${errorCode(error) ?? 'UNAUTHENTICATED'})` : 'Your session ended (UNAUTHENTICATED)');
          }
        },
      }),
      persistedExchange({
        // Hashes only: the gateway runs the documents of this build's manifest, nothing else is sent.
        enforcePersistedQueries: true,
        enableForMutation: true,
        preferGetForPersistedQueries: false,
        generateHash: async (_query, document) => (document as { __meta__?: { hash?: string } }).__meta__?.hash ?? '',
      }),
      fetchExchange,
    ],
  });
}
