// Benchmark server: the anchor of the list scenarios — a bare graphql-yoga with a hand-written
// schema of the same list shapes, each list answered with ONE raw `pg` query over the rows the
// gateway's own seed writes (same seed, its own workspace). No auth, no ORM, no plugins: the
// stack's ceiling for "a list of 50 rows over GraphQL" on this machine. Ids go out encoded as the
// gateway encodes them, so the answers have the same bytes.
import { randomBytes } from 'node:crypto';
import { createSchema, createYoga } from 'graphql-yoga';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { initOrm, migrate } from '../../src/db/orm.js';
import { createLogger } from '../../src/logger.js';
import { decodeId, encodeId, type NodeTypeName } from '../../src/lib/ids.js';
import { createServices } from '../../src/services.js';
import { announce, closeServer, failStart, listenOnLoopback, stopOnSignal } from './common.js';
import { seedWorkspace } from './seed.js';

const typeDefs = /* GraphQL */ `
  type Query {
    projects(first: Int): ProjectConnection
    project(id: ID!): Project
    webhook(id: ID!): Webhook
  }
  type ProjectConnection {
    edges: [ProjectEdge!]!
  }
  type ProjectEdge {
    node: Project!
  }
  type Project {
    id: ID!
    name: String!
    type: String!
    apiKeys(first: Int): ApiKeyConnection!
  }
  type ApiKeyConnection {
    edges: [ApiKeyEdge!]!
  }
  type ApiKeyEdge {
    node: ApiKey!
  }
  type ApiKey {
    id: ID!
    name: String
    kind: String!
    prefix: String!
    createdAt: String!
  }
  type Webhook {
    id: ID!
    deliveries(first: Int): DeliveryConnection!
  }
  type DeliveryConnection {
    edges: [DeliveryEdge!]!
  }
  type DeliveryEdge {
    node: Delivery!
  }
  type Delivery {
    id: ID!
    eventType: String!
    status: String!
    attemptCount: Int!
    createdAt: String!
  }
`;

/** Most rows a nested list of the anchor preloads with its parent (the gateway's maximum page size). */
const MAX_ROWS = 100;

const uuidOf = (type: NodeTypeName, id: string) => {
  const decoded = decodeId(id);
  return decoded?.type === type ? decoded.uuid : null;
};

interface Row {
  id: string;
  [column: string]: unknown;
}

async function main() {
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    DATA_DIR: 'memory://',
    SECRET_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  });
  if (!config.DATABASE_URL) throw new Error('the anchor server needs DATABASE_URL (PostgreSQL)');
  // Seeded through the gateway's services (the same rows), then served without them.
  const orm = await initOrm({ databaseUrl: config.DATABASE_URL });
  await migrate(orm);
  const seeded = await seedWorkspace(orm, createServices(config, orm, createLogger('silent')), 'bench-anchor');
  await orm.close();
  const workspaceId = seeded.workspaceId;

  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_MAX });
  const rows = async (sql: string, values: unknown[]) => (await pool.query<Row>(sql, values)).rows;
  const edges = (list: Row[], first: number | null | undefined) => list.slice(0, first ?? 20).map((node) => ({ node }));
  const id = (type: NodeTypeName) => (row: { id: string }) => encodeId(type, row.id);

  const yoga = createYoga({
    schema: createSchema({
      typeDefs,
      resolvers: {
        Query: {
          projects: async (_root: unknown, args: { first?: number | null }) => ({
            edges: edges(
              await rows('select id, name, type from project where workspace_id = $1 order by id desc limit $2', [
                workspaceId,
                (args.first ?? 20) + 1,
              ]),
              args.first,
            ),
          }),
          // The project and its API keys (newest first, neither deleted nor expired) in one statement.
          project: async (_root: unknown, args: { id: string }) => {
            const projectId = uuidOf('Project', args.id);
            if (!projectId) return null;
            const found = await rows(
              `select p.id, p.name, p.type, k.id as key_id, k.name as key_name, k.kind, k.prefix, k.created_at
               from project p
               left join lateral (
                 select * from api_key k
                 where k.project_id = p.id and k.workspace_id = p.workspace_id and k.deleted_at is null
                   and (k.expires_at is null or k.expires_at > now())
                 order by k.id desc limit $3
               ) k on true
               where p.id = $1 and p.workspace_id = $2`,
              [projectId, workspaceId, MAX_ROWS + 1],
            );
            if (found.length === 0) return null;
            const { name, type } = found[0]!;
            const keys = found
              .filter((row) => row['key_id'] != null)
              .map((row) => ({
                id: row['key_id'] as string,
                name: row['key_name'],
                kind: row['kind'],
                prefix: row['prefix'],
                createdAt: (row['created_at'] as Date).toISOString(),
              }));
            return { id: projectId, name, type, keys };
          },
          webhook: async (_root: unknown, args: { id: string }) => {
            const webhookId = uuidOf('Webhook', args.id);
            if (!webhookId) return null;
            const found = await rows(
              `select w.id as webhook_id, d.id, d.event_type, d.status, d.attempt_count, d.created_at
               from webhook w
               left join lateral (
                 select * from delivery d where d.webhook_id = w.id and d.workspace_id = w.workspace_id
                 order by d.id desc limit $3
               ) d on true
               where w.id = $1 and w.workspace_id = $2`,
              [webhookId, workspaceId, MAX_ROWS + 1],
            );
            if (found.length === 0) return null;
            const deliveries = found
              .filter((row) => row.id != null)
              .map((row) => ({
                id: row.id,
                eventType: row['event_type'],
                status: row['status'],
                attemptCount: row['attempt_count'],
                createdAt: (row['created_at'] as Date).toISOString(),
              }));
            return { id: webhookId, deliveries };
          },
        },
        Project: {
          id: id('Project'),
          apiKeys: (project: { keys?: Row[] }, args: { first?: number | null }) => ({ edges: edges(project.keys ?? [], args.first) }),
        },
        ApiKey: { id: id('ApiKey') },
        Webhook: {
          id: id('Webhook'),
          deliveries: (webhook: { deliveries: Row[] }, args: { first?: number | null }) => ({
            edges: edges(webhook.deliveries, args.first),
          }),
        },
        Delivery: { id: id('Delivery') },
      },
    }),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    logging: false,
  });
  const { server, port } = await listenOnLoopback(yoga);
  stopOnSignal(async () => {
    await closeServer(server);
    await pool.end();
  });
  announce({ server: process.env['BENCH_SERVER'] ?? 'yoga-pg', port, projectId: seeded.projectId, webhookId: seeded.webhookId });
}

main().catch(failStart);
