// Projects over GraphQL, and the connection rules every list follows (keyset cursors, page size).
import { describe, expect } from 'vitest';
import { createWorkspace, issueToken, type TestToken } from './helpers/factories.js';
import { code, field } from './helpers/errors.js';
import { beforeAll, it } from './helpers/fixtures.js';
import type { TestGateway } from './helpers/gateway.js';
import {
  CreateProjectMutation,
  DeleteProjectMutation,
  ManagementTokensQuery,
  NodeQuery,
  ProjectQuery,
  ProjectsQuery,
  UpdateProjectMutation,
} from './helpers/operations.js';

async function createProject(gw: TestGateway, token: TestToken, name: string, type: 'DEVELOPMENT' | 'PRODUCTION' = 'DEVELOPMENT') {
  const response = await gw.execute(CreateProjectMutation, { input: { name, type } }, token.secret);
  expect(response.errors).toBeUndefined();
  return response.data!.createProject!.project;
}

describe('projects', () => {
  it('creates, reads, updates and deletes a project', async ({ gw, owner }) => {
    const created = await createProject(gw, owner, '  storefront  ', 'PRODUCTION');
    expect(created.id).toMatch(/^prj_[0-9A-Za-z]{22}$/);
    expect(created.name).toBe('storefront');

    const read = await gw.execute(ProjectQuery, { id: created.id }, owner.secret);
    expect(read.data?.project).toMatchObject({ id: created.id, name: 'storefront', type: 'PRODUCTION' });

    const updated = await gw.execute(UpdateProjectMutation, { input: { id: created.id, name: 'shop', type: 'DEVELOPMENT' } }, owner.secret);
    expect(updated.data?.updateProject?.project).toEqual({ id: created.id, name: 'shop', type: 'DEVELOPMENT' });

    const deleted = await gw.execute(DeleteProjectMutation, { id: created.id }, owner.secret);
    expect(deleted.data?.deleteProject?.deletedProjectId).toBe(created.id);
    const gone = await gw.execute(ProjectQuery, { id: created.id }, owner.secret);
    expect(code(gone)).toBe('NOT_FOUND');
    // The message names the id the client knows, never the internal row id.
    expect(gone.errors?.[0]?.message).toBe(`Project ${created.id} was not found.`);
    expect(gone.errors?.[0]?.extensions?.['id']).toBe(created.id);
    expect(code(await gw.execute(DeleteProjectMutation, { id: created.id }, owner.secret))).toBe('NOT_FOUND');
  });

  it.for([
    ['an empty name', { name: '', type: 'DEVELOPMENT' }],
    ['a blank name', { name: '   ', type: 'DEVELOPMENT' }],
    ['a name of 101 characters', { name: 'p'.repeat(101), type: 'DEVELOPMENT' }],
    ['a name with a newline', { name: 'two\nlines', type: 'DEVELOPMENT' }],
  ] as const)('refuses %s with BAD_USER_INPUT on name', async ([, input], { gw, owner }) => {
    const response = await gw.execute(CreateProjectMutation, { input }, owner.secret);
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(field(response)).toBe('name');
  });

  it('refuses an unknown project type before execution', async ({ gw, owner }) => {
    const response = await gw.post(
      { query: 'mutation { createProject(input: { name: "x", type: STAGING }) { project { id } } }' },
      { authorization: `Bearer ${owner.secret}` },
    );
    expect(response.errors?.[0]?.message).toMatch(/STAGING/);
  });

  it('refuses a duplicate name in the workspace with CONFLICT, but allows it in another workspace', async ({ gw, owner }) => {
    await createProject(gw, owner, 'billing');
    const duplicate = await gw.execute(CreateProjectMutation, { input: { name: 'billing', type: 'PRODUCTION' } }, owner.secret);
    expect(code(duplicate)).toBe('CONFLICT');
    expect(field(duplicate)).toBe('name');
    const other = await issueToken(gw, await createWorkspace(gw));
    await createProject(gw, other, 'billing');
  });

  it("answers NOT_FOUND for another workspace's project: get, node, update, delete", async ({ gw, owner }) => {
    const other = await issueToken(gw, await createWorkspace(gw));
    const theirs = await createProject(gw, other, 'secret-project');
    const attempts = [
      await gw.execute(ProjectQuery, { id: theirs.id }, owner.secret),
      await gw.execute(NodeQuery, { id: theirs.id }, owner.secret),
      await gw.execute(UpdateProjectMutation, { input: { id: theirs.id, name: 'stolen' } }, owner.secret),
      await gw.execute(DeleteProjectMutation, { id: theirs.id }, owner.secret),
    ];
    for (const attempt of attempts) expect(code(attempt)).toBe('NOT_FOUND');
    expect((await gw.execute(ProjectQuery, { id: theirs.id }, other.secret)).data?.project?.name).toBe('secret-project');
  });

  it('resolves its id through node', async ({ gw, owner }) => {
    const project = await createProject(gw, owner, 'via-node');
    const response = await gw.execute(NodeQuery, { id: project.id }, owner.secret);
    expect(response.data?.node).toEqual({ __typename: 'Project', id: project.id, name: 'via-node' });
  });

  it('filters by type', async ({ gw }) => {
    const workspace = await issueToken(gw, await createWorkspace(gw));
    await createProject(gw, workspace, 'dev-1', 'DEVELOPMENT');
    await createProject(gw, workspace, 'prod-1', 'PRODUCTION');
    const production = await gw.execute(ProjectsQuery, { type: 'PRODUCTION' }, workspace.secret);
    expect(production.data?.projects?.edges.map((e) => e.node.name)).toEqual(['prod-1']);
    expect(production.data?.projects?.totalCount).toBe(1);
  });
});

describe('pagination', () => {
  let reader: TestToken;
  const names: string[] = [];

  beforeAll(async ({ gw }) => {
    reader = await issueToken(gw, await createWorkspace(gw));
    for (let i = 0; i < 7; i++) {
      await createProject(gw, reader, `p${i}`);
      names.unshift(`p${i}`); // newest first
    }
  });

  const page = (gw: TestGateway, variables: object) => gw.execute(ProjectsQuery, variables as never, reader.secret);

  it('walks forward page by page, newest first, with correct page info', async ({ gw }) => {
    const first = await page(gw, { first: 3 });
    expect(first.data?.projects?.edges.map((e) => e.node.name)).toEqual(names.slice(0, 3));
    expect(first.data?.projects?.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.data?.projects?.totalCount).toBe(7);

    const second = await page(gw, { first: 3, after: first.data!.projects!.pageInfo.endCursor });
    expect(second.data?.projects?.edges.map((e) => e.node.name)).toEqual(names.slice(3, 6));
    expect(second.data?.projects?.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });

    const third = await page(gw, { first: 3, after: second.data!.projects!.pageInfo.endCursor });
    expect(third.data?.projects?.edges.map((e) => e.node.name)).toEqual(names.slice(6));
    expect(third.data?.projects?.pageInfo.hasNextPage).toBe(false);

    const exact = await page(gw, { first: 7 });
    expect(exact.data?.projects?.pageInfo.hasNextPage).toBe(false);
  });

  it('walks backward with last / before', async ({ gw }) => {
    const last = await page(gw, { last: 2 });
    expect(last.data?.projects?.edges.map((e) => e.node.name)).toEqual(names.slice(5));
    expect(last.data?.projects?.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await page(gw, { last: 2, before: last.data!.projects!.pageInfo.startCursor });
    expect(before.data?.projects?.edges.map((e) => e.node.name)).toEqual(names.slice(3, 5));
    expect(before.data?.projects?.pageInfo.hasNextPage).toBe(true);
  });

  it('keeps pages stable when rows are inserted meanwhile', async ({ gw }) => {
    const first = await page(gw, { first: 3 });
    await createProject(gw, reader, 'inserted-meanwhile');
    const second = await page(gw, { first: 3, after: first.data!.projects!.pageInfo.endCursor });
    expect(second.data?.projects?.edges.map((e) => e.node.name)).toEqual(names.slice(3, 6));
  });

  it('refuses a page larger than the maximum, a negative size, and first with last', async ({ gw }) => {
    const tooBig = await page(gw, { first: 101 });
    expect(code(tooBig)).toBe('BAD_USER_INPUT');
    expect(field(tooBig)).toBe('first');
    expect(tooBig.errors?.[0]?.message).toMatch(/at most 100/);
    expect(field(await page(gw, { last: 500 }))).toBe('last');
    expect(field(await page(gw, { first: -1 }))).toBe('first');
    expect(field(await page(gw, { first: 1, last: 1 }))).toBe('last');
    expect((await page(gw, { first: 100 })).errors).toBeUndefined();
  });

  it('refuses a cursor of another list, and one that is not a cursor', async ({ gw }) => {
    const tokens = await gw.execute(ManagementTokensQuery, { first: 1 }, reader.secret);
    const foreign = tokens.data!.managementTokens!.pageInfo.endCursor!;
    const response = await page(gw, { first: 2, after: foreign });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(field(response)).toBe('after');
    expect(response.errors?.[0]?.message).toMatch(/another list/);
    expect(field(await page(gw, { first: 2, after: 'bm9wZQ' }))).toBe('after');
    expect(field(await page(gw, { last: 2, before: '!!!' }))).toBe('before');
  });

  it('pages with first: 0 return no rows but the count', async ({ gw }) => {
    const empty = await page(gw, { first: 0 });
    expect(empty.data?.projects?.edges).toEqual([]);
    expect(empty.data?.projects?.totalCount).toBeGreaterThanOrEqual(7);
  });
});
