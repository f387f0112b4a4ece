// Benchmark server: a bare graphql-yoga answering `{ hello }` — no database, no plugins. The ceiling
// every other figure of a run is compared with.
import { createSchema, createYoga } from 'graphql-yoga';
import { announce, closeServer, failStart, listenOnLoopback, stopOnSignal } from './common.js';

async function main() {
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { hello: String! }',
      resolvers: { Query: { hello: () => 'world' } },
    }),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    logging: false,
  });
  const { server, port } = await listenOnLoopback(yoga);
  stopOnSignal(() => closeServer(server));
  announce({ server: process.env['BENCH_SERVER'] ?? 'yoga', port });
}

main().catch(failStart);
