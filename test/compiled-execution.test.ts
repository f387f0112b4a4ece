// Execution through graphql-jit (GRAPHQL_JIT, default on): a document is compiled from its second
// execution on and then answers exactly what the generic executor answers — data, errors with
// their paths and codes, partial results — while one-off documents and documents whose operation
// cannot be told from the document alone never compile.
import { describe, expect } from 'vitest';
import { encodeId } from '../src/lib/ids.js';
import { it, test, beforeAll } from './helpers/fixtures.js';
import { issueToken, type TestToken } from './helpers/factories.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';

const bearer = (token: TestToken) => ({ authorization: `Bearer ${token.secret}` });

/** What a client reads of an answer, less the budget (which changes with every request). */
async function answer(gw: TestGateway, body: Record<string, unknown>, token: TestToken) {
  const response = await gw.post(body, bearer(token));
  const { cost: _cost, ...extensions } = (response as { extensions?: Record<string, unknown> }).extensions ?? {};
  return { status: response.status, data: response.data, errors: response.errors, extensions };
}

const compiled = (gw: TestGateway) => gw.gateway.compiledExecution!.compiledDocuments;

let projectId = '';
let reader: TestToken;

beforeAll(async ({ gw, owner }) => {
  const created = await gw.post(
    {
      query: `mutation { a: createProject(input: { name: "jit-a", type: PRODUCTION }) { project { id } }
        b: createProject(input: { name: "jit-b", type: DEVELOPMENT }) { project { id } } }`,
    },
    bearer(owner),
  );
  projectId = (created.data as { a: { project: { id: string } } }).a.project.id;
  for (const name of ['k1', 'k2', 'k3']) {
    await gw.post(
      {
        query: 'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }',
        variables: { input: { projectId, kind: 'PUBLIC', name } },
      },
      bearer(owner),
    );
  }
  reader = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
});

const NESTED = `
  query Nested($first: Int!, $type: ProjectType) {
    projects(first: $first, type: $type) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...ProjectFields } }
    }
    one: node(id: "${encodeId('Project', '00000000-0000-7000-8000-000000000000')}") { id }
    viewer { permissions token { name } }
  }
  fragment ProjectFields on Project {
    __typename id name type
    apiKeys(first: 2) { totalCount edges { node { name kind prefix project { name } } } }
  }`;

describe('a document executed again', () => {
  it('is compiled on its second execution, once, and answers exactly as on its first', async ({ gw, owner }) => {
    const body = { query: NESTED, variables: { first: 10 } };
    const before = compiled(gw);
    const first = await answer(gw, body, owner);
    expect(compiled(gw)).toBe(before);
    const second = await answer(gw, body, owner);
    expect(compiled(gw)).toBe(before + 1);
    const third = await answer(gw, { ...body, variables: { first: 1, type: 'PRODUCTION' } }, owner);
    expect(compiled(gw)).toBe(before + 1);

    // The one error: `node` of an id that names no project.
    expect(first.errors).toEqual([
      expect.objectContaining({
        path: ['one'],
        locations: [{ line: 8, column: 5 }],
        extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
      }),
    ]);
    expect(second).toEqual(first);
    const projects = (first.data as { projects: { totalCount: number; edges: { node: { apiKeys: { totalCount: number } } }[] } }).projects;
    expect(projects.totalCount).toBe(2);
    expect(projects.edges.map((edge) => edge.node.apiKeys.totalCount).sort()).toEqual([0, 3]);
    expect((third.data as { projects: { edges: { node: { name: string } }[] } }).projects.edges.map((edge) => edge.node.name)).toEqual([
      'jit-a',
    ]);
  });

  it('keeps partial data, error paths, locations and codes: a field the token may not read, a missing object, a bad argument', async ({
    gw,
  }) => {
    const forbidden = { query: '{ projects(first: 5) { edges { node { name } } }\n  managementTokens(first: 1) { totalCount } }' };
    const missing = { query: `{ project(id: "${encodeId('Project', '00000000-0000-7000-8000-000000000001')}") { name } }` };
    const badArgument = { query: '{ projects(first: -1) { totalCount } }' };
    for (const body of [forbidden, missing, badArgument]) {
      const first = await answer(gw, body, reader);
      const second = await answer(gw, body, reader);
      expect(second).toEqual(first);
    }
    const refused = await answer(gw, forbidden, reader);
    expect(refused.errors).toEqual([
      {
        message: expect.stringMatching(/tokens:read/),
        locations: [{ line: 2, column: 3 }],
        path: ['managementTokens'],
        extensions: { code: 'FORBIDDEN', requiredPermission: 'tokens:read' },
      },
    ]);
    expect((refused.data as { projects: { edges: unknown[] } }).projects.edges).toHaveLength(2);
    expect((await answer(gw, badArgument, reader)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('reports a refused field of every item of a list, where the generic executor stops at the first', async ({ gw }) => {
    // Project.apiKeys is non-null: a refusal nulls the whole list. The generic executor records
    // the first item's error only; graphql-jit records each item's (both are what the spec allows).
    const body = { query: '{ projects(first: 5) { edges { node { name apiKeys(first: 1) { totalCount } } } } }' };
    const generic = await answer(gw, body, reader);
    const compiledAnswer = await answer(gw, body, reader);
    for (const { data, errors } of [generic, compiledAnswer]) {
      expect(data).toEqual({ projects: null });
      for (const error of errors ?? []) {
        expect(error).toMatchObject({
          path: ['projects', 'edges', expect.any(Number), 'node', 'apiKeys'],
          extensions: { code: 'FORBIDDEN' },
        });
        expect(error).toHaveProperty('locations', [{ line: 1, column: 44 }]);
      }
    }
    expect(generic.errors).toHaveLength(1);
    expect(compiledAnswer.errors).toHaveLength(2);
  });

  it('refuses bad variables as the generic executor does: the same status, message and code', async ({ gw, owner }) => {
    const query = 'query Page($first: Int!, $type: ProjectType) { projects(first: $first, type: $type) { totalCount } }';
    await answer(gw, { query, variables: { first: 1 } }, owner);
    await answer(gw, { query, variables: { first: 1 } }, owner);
    expect(compiled(gw)).toBeGreaterThan(0);
    for (const variables of [{}, { first: 'many' }, { first: 1, type: 'STAGING' }]) {
      const generic = await startGateway({ database: gw.database, env: { GRAPHQL_JIT: 'false' } });
      try {
        const expected = await answer(generic, { query, variables }, owner);
        expect(expected.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
        expect(await answer(gw, { query, variables }, owner)).toEqual(expected);
      } finally {
        await generic.close();
      }
    }
  });

  it('keeps mutation results and their errors', async ({ gw, owner }) => {
    const rename = (name: string) => ({
      query: 'mutation ($input: UpdateProjectInput!) { updateProject(input: $input) { project { name } } }',
      variables: { input: { id: projectId, name } },
    });
    expect((await answer(gw, rename('jit-a1'), owner)).data).toEqual({ updateProject: { project: { name: 'jit-a1' } } });
    expect((await answer(gw, rename('jit-a2'), owner)).data).toEqual({ updateProject: { project: { name: 'jit-a2' } } });
    const conflict = await answer(gw, rename('jit-b'), owner);
    expect(conflict.errors?.[0]).toMatchObject({ path: ['updateProject'], extensions: { code: 'CONFLICT' } });
    await answer(gw, rename('jit-a'), owner);
  });
});

describe('documents written to break out of the compiled code', () => {
  it('treats string literals, variables and aliases as data, never as code', async ({ gw, owner }) => {
    const payload = '"); globalThis.mgwInjected = 1; ("` + \'${globalThis.mgwInjected = 2}\' + `\\u0022);//';
    const body = {
      query: `query Evil($id: ID!) { evil_alias: node(id: ${JSON.stringify(payload)}) { id } again: node(id: $id) { id } }`,
      variables: { id: payload },
    };
    const before = compiled(gw);
    const first = await answer(gw, body, owner);
    const second = await answer(gw, body, owner);
    expect(compiled(gw)).toBe(before + 1);
    expect(second).toEqual(first);
    expect(first.errors?.map((error) => error.extensions?.['code'])).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect((globalThis as { mgwInjected?: unknown }).mgwInjected).toBeUndefined();
  });
});

describe('documents that are not compiled', () => {
  it('answers each operation of a document with several operations with that operation', async ({ gw, owner }) => {
    const query = 'query Names { projects(first: 5) { edges { node { name } } } } query Count { projects { totalCount } }';
    const before = compiled(gw);
    for (let round = 0; round < 2; round++) {
      expect((await answer(gw, { query, operationName: 'Count' }, owner)).data).toEqual({ projects: { totalCount: 2 } });
      const names = (await answer(gw, { query, operationName: 'Names' }, owner)).data as { projects: { edges: unknown[] } };
      expect(names.projects.edges).toHaveLength(2);
    }
    expect(compiled(gw)).toBe(before);
  });

  it('refuses an unknown operation name without spoiling the document for the right one', async ({ gw, owner }) => {
    const query = 'query Total { projects { totalCount } }';
    for (let round = 0; round < 2; round++) {
      const wrong = await answer(gw, { query, operationName: 'Nope' }, owner);
      expect(wrong.data ?? null).toBeNull();
      expect(wrong.errors?.[0]?.message).toBe('Could not determine what operation to execute.');
    }
    for (let round = 0; round < 3; round++) {
      expect((await answer(gw, { query, operationName: 'Total' }, owner)).data).toEqual({ projects: { totalCount: 2 } });
      expect((await answer(gw, { query }, owner)).data).toEqual({ projects: { totalCount: 2 } });
    }
  });

  it('never compiles a document sent once', async ({ gw, owner }) => {
    const before = compiled(gw);
    for (let first = 1; first <= 5; first++) await answer(gw, { query: `{ projects(first: ${first}) { totalCount } }` }, owner);
    expect(compiled(gw)).toBe(before);
  });
});

describe('GRAPHQL_JIT=false', () => {
  test('answers the same on the generic executor', async ({ gw, owner }) => {
    const generic = await startGateway({ database: gw.database, env: { GRAPHQL_JIT: 'false' } });
    try {
      expect(generic.gateway.compiledExecution).toBeUndefined();
      const body = { query: NESTED, variables: { first: 10 } };
      await answer(gw, body, owner);
      const viaJit = await answer(gw, body, owner);
      expect(await answer(generic, body, owner)).toEqual(viaJit);
      expect(await answer(generic, body, owner)).toEqual(viaJit);
    } finally {
      await generic.close();
    }
  });
});
