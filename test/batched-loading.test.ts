// Nested fields load in batches: a nested list costs a constant number of SQL statements however
// many rows it shows (issue 9, item 4), and the read-only row lists answer exactly what the
// entity path answers, with the same keyset cursors, totalCount and workspace isolation (issue 12).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Em } from '../src/db/orm.js';
import { paginate, type Page, type PageArgs } from '../src/db/pagination.js';
import { encodeId } from '../src/lib/ids.js';
import { API_KEY_VIEW_FIELDS, ApiKey } from '../src/modules/api-keys/api-key.entity.js';
import { Delivery, DELIVERY_VIEW_FIELDS, DeliveryAttempt } from '../src/modules/webhooks/delivery.entity.js';
import { Event } from '../src/modules/activity/event.entity.js';
import { Project, PROJECT_VIEW_FIELDS } from '../src/modules/projects/project.entity.js';
import { cliActor } from '../src/modules/activity/index.js';
import { Webhook, WEBHOOK_VIEW_FIELDS } from '../src/modules/webhooks/webhook.entity.js';
import { Workspace } from '../src/modules/common/workspace.entity.js';
import { createWorkspaceWithOwner, issueToken, uniqueName, type TestToken } from './helpers/factories.js';
import { graphql } from './generated/index.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';

const ProjectsKeysProjectQuery = graphql(`
  query BatchedProjectsKeysProject {
    projects(first: 20) {
      edges {
        node {
          apiKeys(first: 5) {
            edges {
              node {
                project {
                  name
                }
              }
            }
          }
        }
      }
    }
  }
`);

const EverythingNestedQuery = graphql(`
  query BatchedEverythingNested($first: Int!) {
    projects(first: $first) {
      totalCount
      edges {
        node {
          id
          name
          apiKeys(first: 5, includeExpired: true) {
            totalCount
            edges {
              node {
                id
                project {
                  id
                }
                rolledFrom {
                  id
                  project {
                    name
                  }
                }
              }
            }
          }
          webhooks(first: 3) {
            totalCount
            edges {
              node {
                id
                project {
                  id
                }
                deliveries(first: 4) {
                  totalCount
                  edges {
                    node {
                      id
                      webhook {
                        id
                      }
                      event {
                        id
                        type
                      }
                      attempts {
                        number
                        statusCode
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    managementTokens(first: 20) {
      edges {
        node {
          createdBy {
            kind
            token {
              id
              name
            }
          }
        }
      }
    }
  }
`);

const NestedKeysPageQuery = graphql(`
  query BatchedNestedKeysPage($first: Int, $after: String, $last: Int, $before: String) {
    projects(first: 10) {
      edges {
        cursor
        node {
          id
          apiKeys(first: $first, after: $after, last: $last, before: $before) {
            totalCount
            edges {
              cursor
              node {
                id
                name
              }
            }
            pageInfo {
              hasNextPage
              hasPreviousPage
              startCursor
              endCursor
            }
          }
        }
      }
    }
  }
`);

const KeyNodesQuery = graphql(`
  query BatchedKeyNodes($ids: [ID!]!) {
    nodes(ids: $ids) {
      id
      ... on ApiKey {
        name
        project {
          id
          name
        }
      }
    }
  }
`);

const MutationsThenReadQuery = graphql(`
  mutation BatchedMutationsThenRead($projectId: ID!, $name: String!) {
    first: createApiKey(input: { projectId: $projectId, kind: SECRET, name: "m1" }) {
      apiKey {
        project {
          name
        }
      }
    }
    rename: updateProject(input: { id: $projectId, name: $name }) {
      project {
        name
      }
    }
    second: createApiKey(input: { projectId: $projectId, kind: SECRET, name: "m2" }) {
      apiKey {
        project {
          name
        }
      }
    }
  }
`);

const CreateChildTokenMutation = graphql(`
  mutation BatchedCreateChildToken($name: String!) {
    createManagementToken(input: { name: $name, scopes: [READ] }) {
      token {
        id
      }
    }
  }
`);

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({ countQueries: true });
});
afterAll(() => gw?.close());

interface Seeded {
  owner: TestToken;
  projectIds: string[];
}

/**
 * A workspace with `projects` projects, each with `keys` API keys (the newest of them rolled from
 * the one before), `webhooks` webhooks with `deliveries` deliveries of two attempts each, and a
 * token created by the owner token.
 */
async function seedWorkspace(counts: { projects: number; keys: number; webhooks: number; deliveries: number }): Promise<Seeded> {
  const { services } = gw.gateway;
  const owner = await createWorkspaceWithOwner(gw);
  const em = gw.orm.em.fork();
  const actor = cliActor(owner.workspaceId);
  const projectIds: string[] = [];
  for (let p = 0; p < counts.projects; p++) {
    const project = await services.projects.create(em, actor, { name: uniqueName(`project-${p}`), type: 'DEVELOPMENT' });
    projectIds.push(project.id);
    let last: string | undefined;
    for (let k = 0; k < counts.keys; k++) {
      last = (await services.apiKeys.create(em, actor, project.id, { kind: k % 2 ? 'PUBLIC' : 'SECRET', name: `key-${k}` })).apiKey.id;
    }
    if (last) await services.apiKeys.roll(em, actor, last, 'ONE_DAY');
    for (let w = 0; w < counts.webhooks; w++) {
      const { webhook } = await services.webhooks.create(em, actor, project.id, { url: `https://1.1.1.1/hook-${w}` });
      for (let d = 0; d < counts.deliveries; d++) {
        const workspace = em.getReference(Workspace, owner.workspaceId);
        const event = em.create(Event, {
          workspace,
          projectId: project.id,
          type: 'project.updated',
          payload: { d },
          dispatchedAt: new Date(),
        });
        const delivery = em.create(Delivery, { workspace, event, webhook, eventType: event.type, status: 'FAILED', attemptCount: 2 });
        for (const number of [1, 2]) {
          em.create(DeliveryAttempt, { delivery, number, attemptedAt: new Date(), durationMs: 5, statusCode: 500 });
        }
      }
      await em.flush();
    }
  }
  const child = await gw.execute(CreateChildTokenMutation, { name: uniqueName('child') }, owner.secret);
  expect(child.errors).toBeUndefined();
  return { owner, projectIds };
}

/** The SQL statements one request runs (after a first request has cached its token). */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  const before = gw.queries.length;
  await run();
  return gw.queries.slice(before);
}

describe('nested fields load in batches', () => {
  it('answers projects(first: 20) { apiKeys(first: 5) { project { name } } } in at most 5 statements, for 20 × 5 keys as for 2 × 1', async () => {
    const large = await seedWorkspace({ projects: 20, keys: 4, webhooks: 0, deliveries: 0 });
    const small = await seedWorkspace({ projects: 2, keys: 1, webhooks: 0, deliveries: 0 });
    const counts: number[] = [];
    for (const { owner } of [large, small]) {
      await gw.execute(ProjectsKeysProjectQuery, {}, owner.secret); // caches the token
      let response: Awaited<ReturnType<typeof gw.execute<unknown, unknown>>> | undefined;
      const statements = await statementsOf(async () => {
        response = await gw.execute(ProjectsKeysProjectQuery, {}, owner.secret);
      });
      expect(response!.errors).toBeUndefined();
      counts.push(statements.length);
    }
    const largeAnswer = await gw.execute(ProjectsKeysProjectQuery, {}, large.owner.secret);
    const edges = largeAnswer.data!.projects!.edges;
    expect(edges).toHaveLength(20);
    // 4 keys + the successor of the rolled one: 5 per project, each pointing back to its project.
    for (const edge of edges) expect(edge.node.apiKeys.edges).toHaveLength(5);
    expect(counts[0]).toBeLessThanOrEqual(5);
    expect(counts[0]).toBe(counts[1]);
  });

  it('keeps the statement count of a deeply nested request constant: keys, rolledFrom, webhooks, deliveries, events, attempts, createdBy, totalCounts', async () => {
    const large = await seedWorkspace({ projects: 6, keys: 3, webhooks: 2, deliveries: 3 });
    const small = await seedWorkspace({ projects: 1, keys: 1, webhooks: 1, deliveries: 1 });
    const counts: number[] = [];
    for (const { owner } of [large, small]) {
      await gw.execute(EverythingNestedQuery, { first: 20 }, owner.secret);
      let response: Awaited<ReturnType<typeof gw.execute<unknown, unknown>>> | undefined;
      const statements = await statementsOf(async () => {
        response = await gw.execute(EverythingNestedQuery, { first: 20 }, owner.secret);
      });
      expect(response!.errors).toBeUndefined();
      counts.push(statements.length);
    }
    // At most one statement per field that reads: projects, their count, keys, their counts, the
    // keys' projects, rolledFrom keys and their projects, webhooks, their counts, the webhooks'
    // projects, deliveries, their counts, their webhooks, events, attempts, tokens, creators (17),
    // for 6 projects × 4 keys, 12 webhooks and 36 deliveries as for one of each. (Lookups of the
    // same type that land in the same tick share a statement, so the count can be lower.)
    for (const count of counts) expect(count).toBeLessThanOrEqual(17);

    const { data } = await gw.execute(EverythingNestedQuery, { first: 20 }, large.owner.secret);
    expect(data!.projects!.totalCount).toBe(6);
    for (const { node: project } of data!.projects!.edges) {
      expect(project.apiKeys.totalCount).toBe(4);
      expect(project.apiKeys.edges.map((edge) => edge.node.project.id)).toEqual(Array(4).fill(project.id));
      const [successor, rolled] = project.apiKeys.edges.map((edge) => edge.node);
      expect(successor!.rolledFrom).toEqual({ id: rolled!.id, project: { name: project.name } });
      expect(project.webhooks.totalCount).toBe(2);
      for (const { node: webhook } of project.webhooks.edges) {
        expect(webhook.project.id).toBe(project.id);
        expect(webhook.deliveries.totalCount).toBe(3);
        for (const { node: delivery } of webhook.deliveries.edges) {
          expect(delivery.webhook.id).toBe(webhook.id);
          expect(delivery.event.type).toBe('project.updated');
          expect(delivery.attempts).toEqual([
            { number: 1, statusCode: 500 },
            { number: 2, statusCode: 500 },
          ]);
        }
      }
    }
    const createdBy = data!.managementTokens!.edges.map((edge) => edge.node.createdBy);
    expect(createdBy).toContainEqual({ kind: 'CLI', token: null });
    expect(createdBy).toContainEqual({ kind: 'TOKEN', token: { id: large.owner.id, name: 'owner' } });
  });

  it("pages every project's nested list by its own keyset, forward and backward, with its own totalCount", async () => {
    const { owner } = await seedWorkspace({ projects: 3, keys: 3, webhooks: 0, deliveries: 0 });
    const first = await gw.execute(NestedKeysPageQuery, { first: 2 }, owner.secret);
    expect(first.errors).toBeUndefined();
    for (const { node: project } of first.data!.projects!.edges) {
      const { apiKeys } = project;
      expect(apiKeys.totalCount).toBe(4); // the rolled key has a grace period: still listed
      expect(apiKeys.edges).toHaveLength(2);
      expect(apiKeys.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    }
    // The same `after` for every project: each project pages its own keys after that id.
    const [one] = first.data!.projects!.edges;
    const second = await gw.execute(NestedKeysPageQuery, { first: 2, after: one!.node.apiKeys.pageInfo.endCursor }, owner.secret);
    const again = second.data!.projects!.edges.find((edge) => edge.node.id === one!.node.id)!.node.apiKeys;
    expect(again.edges).toHaveLength(2);
    expect(again.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    // The successor of the rolled key-2 is the newest, and keeps its name.
    expect([...one!.node.apiKeys.edges, ...again.edges].map((edge) => edge.node.name)).toEqual(['key-2', 'key-2', 'key-1', 'key-0']);
    const back = await gw.execute(NestedKeysPageQuery, { last: 2, before: again.pageInfo.startCursor }, owner.secret);
    const backKeys = back.data!.projects!.edges.find((edge) => edge.node.id === one!.node.id)!.node.apiKeys;
    expect(backKeys.edges.map((edge) => edge.cursor)).toEqual(one!.node.apiKeys.edges.map((edge) => edge.cursor));
    expect(backKeys.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('refuses a cursor of another list in a nested list, naming the nested field', async () => {
    const { owner } = await seedWorkspace({ projects: 2, keys: 1, webhooks: 0, deliveries: 0 });
    const list = await gw.execute(NestedKeysPageQuery, { first: 1 }, owner.secret);
    const projectCursor = list.data!.projects!.edges[0]!.cursor;
    const response = await gw.execute(NestedKeysPageQuery, { first: 1, after: projectCursor }, owner.secret);
    // apiKeys is non-null: the error nulls its project, up to the nullable projects.
    expect(response.data!.projects).toBeNull();
    expect(response.errors!.length).toBeGreaterThan(0);
    for (const error of response.errors!) {
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      expect(error.path).toEqual(['projects', 'edges', expect.any(Number), 'node', 'apiKeys']);
    }
  });

  it("batches node lookups and answers null for another workspace's ids in the same batch", async () => {
    const mine = await seedWorkspace({ projects: 2, keys: 2, webhooks: 0, deliveries: 0 });
    const theirs = await seedWorkspace({ projects: 1, keys: 1, webhooks: 0, deliveries: 0 });
    const em = gw.orm.em.fork();
    const keyIds = async (workspaceId: string) =>
      (await em.find(ApiKey, { workspace: workspaceId }, { orderBy: { id: 'asc' } })).map((key) => encodeId('ApiKey', key.id));
    const ids = [...(await keyIds(mine.owner.workspaceId)), ...(await keyIds(theirs.owner.workspaceId))];
    await gw.execute(KeyNodesQuery, { ids: [] }, mine.owner.secret);
    let response: Awaited<ReturnType<typeof gw.execute<unknown, unknown>>> | undefined;
    const statements = await statementsOf(async () => {
      response = await gw.execute(KeyNodesQuery, { ids }, mine.owner.secret);
    });
    expect(statements.length).toBeLessThanOrEqual(2); // the keys, then their projects
    const nodes = (response!.data as { nodes: ({ id: string; project: { id: string } } | null)[] }).nodes;
    expect(nodes.slice(0, 6).every((node) => node !== null)).toBe(true);
    expect(nodes.slice(6)).toEqual([null, null]);
    expect(new Set(nodes.slice(0, 6).map((node) => node!.project.id))).toEqual(
      new Set(mine.projectIds.map((id) => encodeId('Project', id))),
    );
  });

  it('never answers a later field of the same request from a copy older than a mutation before it', async () => {
    const { owner, projectIds } = await seedWorkspace({ projects: 1, keys: 0, webhooks: 0, deliveries: 0 });
    const response = await gw.execute(
      MutationsThenReadQuery,
      { projectId: encodeId('Project', projectIds[0]!), name: 'renamed' },
      owner.secret,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.rename!.project.name).toBe('renamed');
    expect(response.data!.second!.apiKey.project.name).toBe('renamed');
  });

  it('keeps the permission checks of nested fields: a token without api_keys:read gets FORBIDDEN on apiKeys, and no key is read', async () => {
    const { owner } = await seedWorkspace({ projects: 2, keys: 1, webhooks: 0, deliveries: 0 });
    const reader = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    await gw.execute(ProjectsKeysProjectQuery, {}, reader.secret);
    let response: Awaited<ReturnType<typeof gw.execute<unknown, unknown>>> | undefined;
    const statements = await statementsOf(async () => {
      response = await gw.execute(NestedKeysPageQuery, { first: 1 }, reader.secret);
    });
    expect((response!.data as { projects: unknown }).projects).toBeNull();
    expect(response!.errors!.length).toBeGreaterThan(0);
    for (const error of response!.errors!) {
      expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', requiredPermission: 'api_keys:read' });
      expect(error.path).toEqual(['projects', 'edges', expect.any(Number), 'node', 'apiKeys']);
    }
    expect(statements.some((statement) => /api_key/.test(statement))).toBe(false);
  });
});

/** The fields of `row` that a view lists, references as their ids (what the GraphQL types read). */
function viewOf(row: object, fields: readonly string[]): Record<string, unknown> {
  const record = row as Record<string, unknown>;
  return Object.fromEntries(
    fields.map((field) => {
      const value = record[field];
      const ref =
        value && typeof value === 'object' && 'id' in value && !(value instanceof Date) ? { id: (value as { id: string }).id } : value;
      return [field, ref ?? null];
    }),
  );
}

function pageView(page: Page<{ id: string }>, fields: readonly string[]) {
  return {
    items: page.items.map((item) => ({ cursor: page.cursorOf(item), node: viewOf(item, fields) })),
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
  };
}

describe('read-only row lists', () => {
  it('return exactly what the entity path returns: every field, cursor, page boundary and totalCount, forward and backward', async () => {
    const { owner, projectIds } = await seedWorkspace({ projects: 5, keys: 3, webhooks: 2, deliveries: 5 });
    const { services } = gw.gateway;
    const workspaceId = owner.workspaceId;
    const projectId = projectIds[0]!;
    const webhooks = await gw.orm.em.fork().find(Webhook, { project: projectId });
    const webhookId = webhooks[0]!.id;
    const max = { maxPageSize: 100 };
    // Each list: the lean service call, the entity-path equivalent over the same conditions, its view's fields.
    const lists: {
      name: string;
      fields: readonly string[];
      lean: (em: Em, args: PageArgs) => Promise<Page<{ id: string }>>;
      entity: (em: Em, args: PageArgs) => Promise<Page<{ id: string }>>;
    }[] = [
      {
        name: 'projects',
        fields: PROJECT_VIEW_FIELDS,
        lean: (em, args) => services.projects.list(em, workspaceId, {}, args),
        entity: (em, args) => paginate(em, Project, { workspace: workspaceId }, args, { list: 'projects', ...max }),
      },
      {
        name: 'apiKeys',
        fields: API_KEY_VIEW_FIELDS,
        lean: (em, args) => services.apiKeys.list(em, workspaceId, projectId, { includeExpired: true }, args),
        entity: (em, args) =>
          paginate(em, ApiKey, { workspace: workspaceId, project: projectId, deletedAt: null }, args, { list: 'apiKeys', ...max }),
      },
      {
        name: 'webhooks',
        fields: WEBHOOK_VIEW_FIELDS,
        lean: (em, args) => services.webhooks.list(em, workspaceId, projectId, {}, args),
        entity: (em, args) => paginate(em, Webhook, { workspace: workspaceId, project: projectId }, args, { list: 'webhooks', ...max }),
      },
      {
        name: 'deliveries',
        fields: DELIVERY_VIEW_FIELDS,
        lean: (em, args) => services.deliveries.listForWebhook(em, workspaceId, webhookId, {}, args),
        entity: (em, args) => paginate(em, Delivery, { workspace: workspaceId, webhook: webhookId }, args, { list: 'deliveries', ...max }),
      },
    ];
    for (const list of lists) {
      // Walk forward two at a time, then back from the end, comparing each page.
      let args: PageArgs = { first: 2 };
      for (let pageNumber = 0; pageNumber < 10; pageNumber++) {
        const lean = await list.lean(gw.orm.em.fork(), args);
        const entity = await list.entity(gw.orm.em.fork(), args);
        expect(pageView(lean, list.fields), `${list.name} page ${pageNumber}`).toEqual(pageView(entity, list.fields));
        expect(await lean.totalCount()).toBe(await entity.totalCount());
        expect(lean.items.length, `${list.name} has rows`).toBeGreaterThan(0);
        if (!lean.hasNextPage) break;
        args = { first: 2, after: lean.cursorOf(lean.items.at(-1)!) };
      }
      const backward = await list.lean(gw.orm.em.fork(), { last: 3 });
      expect(pageView(backward, list.fields)).toEqual(pageView(await list.entity(gw.orm.em.fork(), { last: 3 }), list.fields));
      // A row is a plain object: no entity, nothing in the identity map of the request.
      const em = gw.orm.em.fork();
      const page = await list.lean(em, { first: 1 });
      expect(Object.getPrototypeOf(page.items[0]!)).toBe(Object.prototype);
      expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    }
  });
});
