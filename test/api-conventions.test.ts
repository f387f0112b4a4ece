// Conventions every client can rely on: every route needs a token, errors carry stable codes,
// one failing field does not take the others down, and bulk lookups are bounded.
import { describe, expect } from 'vitest';
import { createWorkspaceWithOwner, issueToken, type TestToken } from './helpers/factories.js';
import { afterAll, beforeAll, it } from './helpers/fixtures.js';
import { startGateway, type TestGateway } from './helpers/gateway.js';

const as = (token: TestToken) => ({ authorization: `Bearer ${token.secret}` });

async function postTo(gw: TestGateway, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${gw.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] },
  };
}

describe('routes', () => {
  it.for(['/graphql/', '/api/graphql', '/other?x=/graphql'])('requires a token on %s too', async (path, { gw }) => {
    const anonymous = await postTo(gw, path, { query: '{ viewer { permissions } }' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(JSON.stringify(anonymous.body)).not.toMatch(/Did you mean/);
  });

  it('serves an authenticated request on the endpoint with a trailing slash', async ({ gw, owner }) => {
    const response = await postTo(gw, '/graphql/', { query: '{ viewer { permissions } }' }, as(owner));
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit')).toMatch(/^"default";r=/);
  });
});

describe('errors', () => {
  it('gives invalid variables BAD_USER_INPUT naming the variable, with HTTP 400', async ({ gw, owner }) => {
    const response = await gw.post({ query: 'query($n: Int) { projects(first: $n) { totalCount } }', variables: { n: 'many' } }, as(owner));
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'n' });
  });

  it('gives syntax and schema errors their stable codes', async ({ gw, owner }) => {
    expect((await gw.post({ query: '{ projects(' }, as(owner))).errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_PARSE_FAILED');
    expect((await gw.post({ query: '{ nope }' }, as(owner))).errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('keeps the other fields when one field fails', async ({ gw, owner }) => {
    const reader = await issueToken(gw, owner.workspaceId, { permissions: ['projects:read'] });
    const response = await gw.post(
      { query: '{ viewer { permissions } managementTokens { totalCount } projects { totalCount } }' },
      as(reader),
    );
    expect(response.errors?.map((error) => error.extensions?.['code'])).toEqual(['FORBIDDEN']);
    expect(response.data).toEqual({ viewer: { permissions: ['PROJECTS_READ'] }, managementTokens: null, projects: { totalCount: 0 } });
  });

  it('runs the later mutations of a request when an earlier one fails', async ({ gw, owner }) => {
    const response = await gw.post(
      {
        query:
          'mutation { a: createProject(input: { name: "", type: DEVELOPMENT }) { project { id } } b: createProject(input: { name: "second", type: DEVELOPMENT }) { project { name } } }',
      },
      as(owner),
    );
    expect(response.errors?.map((error) => error.extensions?.['code'])).toEqual(['BAD_USER_INPUT']);
    expect(response.data).toEqual({ a: null, b: { project: { name: 'second' } } });
  });
});

describe('bulk lookups', () => {
  it('resolves up to 100 ids with nodes, null for the unknown ones, and refuses more', async ({ gw, owner }) => {
    const known = owner.id;
    const ok = await gw.post(
      { query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids: [known, 'tok_0000000000000000000000'] } },
      as(owner),
    );
    expect(ok.data).toEqual({ nodes: [{ id: known }, null] });
    const tooMany = await gw.post(
      { query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids: Array.from({ length: 101 }, () => known) } },
      as(owner),
    );
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
  });
});

describe('ids that are not nodes', () => {
  it('answers node(id:) with an event or audit id NOT_FOUND, and nodes with null', async ({ gw, owner }) => {
    await gw.post({ query: 'mutation { createProject(input: { name: "for-events", type: DEVELOPMENT }) { project { id } } }' }, as(owner));
    const audit = await gw.post({ query: '{ auditLog(first: 1) { edges { node { id } } } }' }, as(owner));
    const auditId = (audit.data as { auditLog: { edges: { node: { id: string } }[] } }).auditLog.edges[0]!.node.id;
    expect(auditId).toMatch(/^aud_/);
    const eventId = `evt_${auditId.slice(4)}`;
    for (const id of [auditId, eventId]) {
      const response = await gw.post({ query: 'query($id: ID!) { node(id: $id) { id } }', variables: { id } }, as(owner));
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', id });
      expect(response.errors?.[0]?.message).not.toMatch(/implemented/);
      expect(response.data).toEqual({ node: null });
    }
    const nodes = await gw.post(
      { query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids: [auditId, owner.id, eventId] } },
      as(owner),
    );
    expect(nodes.errors).toBeUndefined();
    expect(nodes.data).toEqual({ nodes: [null, { id: owner.id }, null] });
  });
});

describe('NUL characters in string input', () => {
  const nul = 'bad\u0000name';

  it('refuses one in a variable with BAD_USER_INPUT naming the field, HTTP 400, before anything runs', async ({ gw, owner }) => {
    const response = await gw.post(
      {
        query: 'mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }',
        variables: { input: { name: nul, type: 'DEVELOPMENT' } },
      },
      as(owner),
    );
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    expect(response.data).toBeUndefined();
    const projects = await gw.post({ query: '{ projects(first: 100) { edges { node { name } } } }' }, as(owner));
    expect(JSON.stringify(projects.data)).not.toContain('bad');
  });

  it('refuses one in a literal, deep in a list, and in a query argument', async ({ gw, owner }) => {
    const literal = await gw.post(
      { query: 'mutation { createProject(input: { name: "bad\\u0000name", type: DEVELOPMENT }) { project { id } } }' },
      as(owner),
    );
    expect(literal.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    const headers = await gw.post(
      {
        query: 'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }',
        variables: {
          input: { projectId: 'prj_0000000000000000000000', url: 'https://example.com/', headers: [{ name: 'X-A', value: nul }] },
        },
      },
      as(owner),
    );
    expect(headers.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.headers.0.value' });
    const query = await gw.post({ query: 'query($a: String) { auditLog(action: $a) { totalCount } }', variables: { a: nul } }, as(owner));
    expect(query.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'a' });
    const token = await gw.post(
      { query: 'mutation { createManagementToken(input: { name: "t", description: "x\\u0000", scopes: [READ] }) { secret } }' },
      as(owner),
    );
    expect(token.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.description' });
  });

  it('accepts other control-free text, and lets the services judge the rest', async ({ gw, owner }) => {
    const response = await gw.post(
      { query: 'mutation { createProject(input: { name: "zero \\u2400 sign", type: DEVELOPMENT }) { project { name } } }' },
      as(owner),
    );
    expect(response.errors).toBeUndefined();
  });
});

describe('token usage data', () => {
  it('needs tokens:read even in the payload of a token mutation', async ({ gw, owner }) => {
    const writer = await issueToken(gw, owner.workspaceId, { permissions: ['tokens:write'] });
    const target = await issueToken(gw, owner.workspaceId, { permissions: ['tokens:write'] });
    const response = await gw.post(
      { query: `mutation { deactivateManagementToken(id: "${target.id}") { token { id status lastUsedIp } } }` },
      as(writer),
    );
    expect(response.errors?.map((error) => [error.extensions?.['code'], error.extensions?.['requiredPermission']])).toEqual([
      ['FORBIDDEN', 'tokens:read'],
    ]);
    expect(response.data).toEqual({ deactivateManagementToken: { token: { id: target.id, status: 'DEACTIVATED', lastUsedIp: null } } });
  });
});

describe('request body limit', () => {
  const LIMIT = 4096;
  let small: TestGateway;
  let smallOwner: TestToken;

  beforeAll(async () => {
    small = await startGateway({ env: { MAX_REQUEST_BODY_BYTES: String(LIMIT) } });
    smallOwner = await createWorkspaceWithOwner(small);
  });
  afterAll(() => small?.close());

  const body = (padding: number) => JSON.stringify({ query: `{ viewer { permissions } } # ${'x'.repeat(padding)}` });

  /** Sends the body without a Content-Length: chunked, as a stream. */
  async function postChunked(text: string) {
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 1000) controller.enqueue(bytes.slice(offset, offset + 1000));
        controller.close();
      },
    });
    const response = await fetch(`${small.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${smallOwner.secret}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    return {
      status: response.status,
      body: (await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] },
    };
  }

  it('accepts a body up to the limit, with or without Content-Length', async () => {
    const ok = await small.post(body(LIMIT - 200), as(smallOwner));
    expect(ok.status).toBe(200);
    expect(ok.errors).toBeUndefined();
    const chunked = await postChunked(body(LIMIT - 200));
    expect(chunked.status).toBe(200);
    expect(chunked.body.errors).toBeUndefined();
  });

  it('refuses a larger body with 413 REQUEST_TOO_LARGE from its Content-Length', async () => {
    const response = await small.post(body(LIMIT), as(smallOwner));
    expect(response.status).toBe(413);
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'REQUEST_TOO_LARGE', limit: LIMIT });
  });

  it('refuses a larger chunked body while it streams in', async () => {
    const response = await postChunked(body(LIMIT));
    expect(response.status).toBe(413);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'REQUEST_TOO_LARGE', limit: LIMIT });
  });

  it('keeps the default limit of 1 MiB', async ({ gw, owner }) => {
    const response = await gw.post(body(1024 * 1024), as(owner));
    expect(response.status).toBe(413);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'REQUEST_TOO_LARGE', limit: 1048576 });
  });
});
