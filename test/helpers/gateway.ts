// A real gateway for a test file: a fresh database copied from the migrated template (PGlite or
// PostgreSQL, per the vitest project), the Yoga server on a loopback port, and real HTTP.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { Redis } from 'ioredis';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { initOrm, type Orm } from '../../src/db/orm.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { createLogger } from '../../src/logger.js';
import { createPostgresDatabase } from './services.js';

/** One key for every gateway of a test file, so that gateways sharing a database agree. */
export const TEST_ENCRYPTION_KEY = randomBytes(32).toString('base64');

export interface TestDatabase {
  orm: Orm;
  /** Closes the ORM and drops the database. */
  dispose: () => Promise<void>;
}

export async function createTestDatabase(options: { onQuery?: (sql: string) => void } = {}): Promise<TestDatabase> {
  if (process.env['TEST_DB'] === 'postgres') {
    const database = await createPostgresDatabase('mgw_test', inject('postgresTemplate'));
    const orm = await initOrm({ databaseUrl: database.url, onQuery: options.onQuery });
    return {
      orm,
      dispose: async () => {
        await orm.close(true);
        await database.drop();
      },
    };
  }
  const archive = new Blob([readFileSync(inject('pgliteTemplate'))]);
  const orm = await initOrm({ pgliteDataDirArchive: archive, onQuery: options.onQuery });
  return { orm, dispose: () => orm.close(true) };
}

export interface GraphQLResponse<T> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestGateway {
  url: string;
  orm: Orm;
  database: TestDatabase;
  gateway: Gateway;
  config: Config;
  /** Every log line the gateway wrote, as JSON text. */
  logs: string[];
  /** SQL statements run since the gateway started (when started with `countQueries`). */
  queries: string[];
  /** POSTs a typed operation with a bearer token (or none). */
  execute<R, V>(
    document: TypedDocumentNode<R, V>,
    variables: V,
    token: string | null,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<R>>;
  /** POSTs a raw body with raw headers. */
  post(body: unknown, headers?: Record<string, string>): Promise<GraphQLResponse<Record<string, unknown>>>;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  redis?: Redis;
  rateLimitKeyPrefix?: string;
  countQueries?: boolean;
  /** Reuse the database of another gateway (two instances on one database). */
  database?: TestDatabase;
  /** Serve this console build at /console (the browser tests build their own). */
  consoleDistDir?: string;
}

export async function startGateway(options: StartOptions = {}): Promise<TestGateway> {
  const queries: string[] = [];
  const ownsDatabase = !options.database;
  const database = options.database ?? (await createTestDatabase(options.countQueries ? { onQuery: (sql) => queries.push(sql) } : {}));
  const config = loadConfig({
    LOG_LEVEL: 'info',
    LAST_USED_FLUSH_MS: '3600000',
    GRAPHIQL: 'true',
    SECRET_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    // Tests that deliver webhooks turn the dispatcher on (or run its rounds by hand).
    DISPATCHER_ENABLED: 'false',
    // Tests run the background upkeep by hand (gateway.maintenance), or turn it on.
    MAINTENANCE_ENABLED: 'false',
    // Opening a database in another test blocks the event loop for a while: no shedding on delay
    // unless a test turns it on (test/operations.test.ts).
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...options.env,
  });
  const logs: string[] = [];
  const logger = createLogger(
    config.LOG_LEVEL,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString());
        done();
      },
    }),
  );
  const gateway = createGateway({
    orm: database.orm,
    config,
    logger,
    redis: options.redis,
    rateLimitKeyPrefix: options.rateLimitKeyPrefix ?? `mgw-test-${randomBytes(6).toString('hex')}`,
    consoleDistDir: options.consoleDistDir,
  });
  // Until it listens for token changes, the token cache reads every token from the database.
  await gateway.tokenCache.ready;
  const server: Server = createServer(gateway.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { raw: text };
    }
    return { status: response.status, headers: response.headers, ...parsed } as GraphQLResponse<Record<string, unknown>>;
  };

  return {
    url,
    orm: database.orm,
    database,
    gateway,
    config,
    logs,
    queries,
    post,
    execute: async (document, variables, token, headers = {}) =>
      (await post(
        { query: print(document), variables },
        token === null ? headers : { authorization: `Bearer ${token}`, ...headers },
      )) as GraphQLResponse<never>,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
      if (ownsDatabase) await database.dispose();
    },
  };
}
