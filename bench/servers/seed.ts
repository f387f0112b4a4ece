// Benchmark data, made through the same services the CLI uses: a workspace, a bench token with
// every permission and a rate limit high enough never to refuse, 50 projects, 50 API keys in the
// first project, a webhook of that project with 50 deliveries (events and deliveries written
// directly: the bench runs no dispatcher); and,
// for the keyset-pagination scenario, a workspace of 100,000 projects inserted with one SQL statement.
import { randomBytes } from 'node:crypto';
import type { Orm } from '../../src/db/orm.js';
import { encodeCursor } from '../../src/db/pagination.js';
import { cliActor } from '../../src/modules/activity/index.js';
import { encodeId } from '../../src/lib/ids.js';
import { Delivery } from '../../src/modules/webhooks/delivery.entity.js';
import { Event } from '../../src/modules/activity/event.entity.js';
import type { ManagementToken } from '../../src/modules/tokens/token.entity.js';
import { Workspace } from '../../src/modules/common/workspace.entity.js';
import type { Services } from '../../src/services.js';

/** Requests per window of the bench token: the limiter is charged on every request but never refuses. */
export const BENCH_RATE_LIMIT = { points: 100_000_000, windowSeconds: 60 };
export const SEEDED_PROJECTS = 50;
export const SEEDED_API_KEYS = 50;
export const SEEDED_DELIVERIES = 50;

export interface SeededWorkspace {
  workspaceId: string;
  token: ManagementToken;
  secret: string;
  apiKey: string;
  /** Opaque ids of the project holding the API keys and of the webhook holding the deliveries. */
  projectId: string;
  webhookId: string;
}

/** A workspace with a bench token (scopes read + write, raised rate limit). */
async function workspaceWithToken(orm: Orm, services: Services, name: string) {
  const em = orm.em.fork();
  const workspace = await services.workspaces.create(em, `${name}-${randomBytes(4).toString('hex')}`);
  const actor = cliActor(workspace.id);
  const issued = await services.tokens.issue(em, actor, { name: 'bench', scopes: ['read', 'write'] });
  const token = await services.tokens.setRateLimit(em, actor, issued.token.id, BENCH_RATE_LIMIT.points, BENCH_RATE_LIMIT.windowSeconds);
  return { workspaceId: workspace.id, token, secret: issued.secret };
}

export async function seedWorkspace(orm: Orm, services: Services, name: string): Promise<SeededWorkspace> {
  const { workspaceId, token, secret } = await workspaceWithToken(orm, services, name);
  const actor = cliActor(workspaceId);
  const em = orm.em.fork();
  let firstProjectId: string | undefined;
  for (let i = 1; i <= SEEDED_PROJECTS; i++) {
    const project = await services.projects.create(em, actor, {
      name: `project-${String(i).padStart(2, '0')}`,
      type: i % 2 === 0 ? 'DEVELOPMENT' : 'PRODUCTION',
    });
    firstProjectId ??= project.id;
  }
  let apiKey = '';
  for (let i = 1; i <= SEEDED_API_KEYS; i++) {
    const key = await services.apiKeys.create(em, actor, firstProjectId!, { kind: i % 2 === 0 ? 'PUBLIC' : 'SECRET', name: `key-${i}` });
    if (i === 1) apiKey = key.secret;
  }
  const { webhook } = await services.webhooks.create(em, actor, firstProjectId!, { url: 'https://1.1.1.1/bench-hook' });
  const workspace = em.getReference(Workspace, workspaceId);
  for (let i = 1; i <= SEEDED_DELIVERIES; i++) {
    const event = em.create(Event, {
      workspace,
      projectId: firstProjectId!,
      type: 'project.updated',
      payload: { type: 'project.updated', timestamp: new Date().toISOString(), data: { n: i } },
      dispatchedAt: new Date(),
    });
    em.create(Delivery, { workspace, event, webhook, eventType: event.type, status: 'SUCCEEDED', attemptCount: 1, lastStatusCode: 200 });
  }
  await em.flush();
  return {
    workspaceId,
    token,
    secret,
    apiKey,
    projectId: encodeId('Project', firstProjectId!),
    webhookId: encodeId('Webhook', webhook.id),
  };
}

export interface DeepWorkspace {
  secret: string;
  projects: number;
  /** `after` of page 1000 (first: 100): the cursor of item 99,900, newest first. */
  page1000After: string;
}

/**
 * A workspace with `count` projects, bulk-inserted in one statement. Ids are UUIDv7 built in SQL:
 * a 48-bit millisecond timestamp (one millisecond apart per row, so ids are strictly time-ordered),
 * version 7, random bits from md5, the RFC 4122 variant.
 */
export async function seedDeepWorkspace(orm: Orm, services: Services, count: number): Promise<DeepWorkspace> {
  const { workspaceId, secret } = await workspaceWithToken(orm, services, 'bench-deep');
  const connection = orm.em.getConnection();
  const startMs = Date.now() - count - 60_000; // older than anything created during the run
  await connection.execute(
    `insert into project (id, workspace_id, name, type, created_at, updated_at)
     select (lpad(to_hex(?::bigint + g.i), 12, '0') || '7' || substr(r.h, 1, 3) || '8' || substr(r.h, 4, 15))::uuid,
            ?::uuid,
            'deep-' || lpad(g.i::text, 6, '0'),
            case when g.i % 2 = 0 then 'DEVELOPMENT' else 'PRODUCTION' end,
            to_timestamp((?::bigint + g.i) / 1000.0),
            to_timestamp((?::bigint + g.i) / 1000.0)
     from generate_series(1, ?::int) as g(i)
     cross join lateral (select md5(g.i::text || random()::text) as h) as r`,
    [startMs, workspaceId, startMs, startMs, count],
    'run',
  );
  await connection.execute('analyze project', [], 'run');
  // Flush the bulk insert now, so a checkpoint does not land in the middle of a measurement.
  await connection.execute('checkpoint', [], 'run').catch(() => undefined);
  const pageSize = 100;
  const offset = count - pageSize - 1; // zero-based index of item count - 100 (item 99,900 of 100,000)
  const rows = await connection.execute<{ id: string }[]>(
    'select id from project where workspace_id = ? order by id desc offset ? limit 1',
    [workspaceId, offset],
    'all',
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('deep workspace: cursor row not found');
  return { secret, projects: count, page1000After: encodeCursor('projects', id) };
}
