// The scenarios: which GraphQL requests each server is measured with, the HTTP status each must
// answer, and which run in --smoke. A scenario is a sequence of autocannon requests (most have one).
import type { Request } from 'autocannon';
import { generateSecret } from '../../src/lib/secrets.js';
import { ALL_PERMISSIONS } from '../../src/modules/tokens/permissions.js';
import type { ReadyLine } from '../servers/common.js';
import { SEEDED_API_KEYS, SEEDED_DELIVERIES, SEEDED_PROJECTS } from '../servers/seed.js';

export interface Scenario {
  name: string;
  /** What is measured, for the table's legend. */
  title: string;
  requests: Request[];
  /** Every response must have this status (401 for the refusal scenarios). */
  expectStatus: 200 | 401;
  /** Part of --smoke. */
  smoke: boolean;
  /** Connections to use instead of --connections (latency comparisons at a lighter load). */
  connections?: number;
  /** Checks the `data` of the probe's last answer; returns what is wrong, or null. */
  check?: (data: Answer) => string | null;
}

/** The fields the checks read (each scenario's query asks for some of them). */
export interface Answer {
  viewer?: { permissions?: string[] };
  projects?: { edges?: unknown[]; pageInfo?: { hasNextPage?: boolean } };
  project?: { apiKeys?: { edges?: unknown[] } } | null;
  webhook?: { deliveries?: { edges?: unknown[] } } | null;
  verifyApiKey?: { valid?: boolean };
}

const ENDPOINT = '/graphql';
/** The pagination scenarios compare latency, so they run at a light, fixed concurrency. */
export const PAGINATION_CONNECTIONS = 10;

function post(query: string, token: string | null, variables?: Record<string, unknown>): Request {
  return {
    method: 'POST',
    path: ENDPOINT,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(variables ? { query, variables } : { query }),
  };
}

/** A well-formed token whose checksum does not match: refused before any I/O. */
export function tokenWithBadChecksum(): string {
  const secret = generateSecret('mgw_');
  const last = secret.at(-1);
  return secret.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}

const VIEWER = '{ viewer { token { id name } permissions } }';
const PROJECTS = '{ projects(first: 50) { edges { node { id name type } } } }';
const API_KEYS = 'query Keys($id: ID!) { project(id: $id) { apiKeys(first: 50) { edges { node { id name kind prefix createdAt } } } } }';
const DELIVERIES =
  'query Deliveries($id: ID!) { webhook(id: $id) { deliveries(first: 50) { edges { node { id eventType status attemptCount createdAt } } } } }';
const PAGE =
  'query Page($after: String) { projects(first: 100, after: $after) { edges { node { id name type } } pageInfo { hasNextPage } } }';

const CREATE = 'mutation Create($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }';
const DELETE = 'mutation Delete($id: ID!) { deleteProject(id: $id) { deletedProjectId } }';

/** createProject (a unique name each time), then deleteProject of the id it returned: two requests per iteration. */
function createDeletePair(token: string, runId: string): Request[] {
  let counter = 0;
  return [
    {
      ...post(CREATE, token),
      setupRequest: (request) => ({
        ...request,
        body: JSON.stringify({ query: CREATE, variables: { input: { name: `bench-${runId}-${++counter}`, type: 'DEVELOPMENT' } } }),
      }),
      onResponse: (_status, body, context) => {
        try {
          const parsed = JSON.parse(body) as { data?: { createProject?: { project?: { id?: string } } } };
          context['projectId'] = parsed.data?.createProject?.project?.id;
        } catch {
          context['projectId'] = undefined;
        }
      },
    },
    {
      ...post(DELETE, token),
      // No id (the create failed): returning nothing makes autocannon start the pair again.
      setupRequest: (request, context) =>
        typeof context['projectId'] === 'string'
          ? { ...request, body: JSON.stringify({ query: DELETE, variables: { id: context['projectId'] } }) }
          : undefined,
    },
  ];
}

/** The scenarios of one server, given what its child announced. */
export function scenariosFor(server: string, ready: ReadyLine, runId: string): Scenario[] {
  if (server === 'yoga') {
    return [{ name: 'hello', title: '{ hello }', requests: [post('{ hello }', null)], expectStatus: 200, smoke: true }];
  }
  // The list scenarios, shared by the anchor (no token) and the servers of the gateway's schema.
  const token = ready.secret ?? null;
  const lists: Scenario[] = [
    {
      name: 'projects',
      title: 'projects(first: 50) { id name type }',
      requests: [post(PROJECTS, token)],
      expectStatus: 200,
      smoke: true,
      check: (data) => (data.projects?.edges?.length === SEEDED_PROJECTS ? null : `expected ${SEEDED_PROJECTS} projects`),
    },
    {
      name: 'api-keys',
      title: 'project(id) { apiKeys(first: 50) { id name kind prefix createdAt } }',
      requests: [post(API_KEYS, token, { id: ready.projectId })],
      expectStatus: 200,
      smoke: true,
      check: (data) => (data.project?.apiKeys?.edges?.length === SEEDED_API_KEYS ? null : `expected ${SEEDED_API_KEYS} API keys`),
    },
    {
      name: 'deliveries',
      title: 'webhook(id) { deliveries(first: 50) { id eventType status attemptCount createdAt } }',
      requests: [post(DELIVERIES, token, { id: ready.webhookId })],
      expectStatus: 200,
      smoke: true,
      check: (data) => (data.webhook?.deliveries?.edges?.length === SEEDED_DELIVERIES ? null : `expected ${SEEDED_DELIVERIES} deliveries`),
    },
  ];
  if (server === 'yoga-pg') return lists;
  if (!token) throw new Error(`${server} announced no bench token`);
  const viewer: Scenario = {
    name: 'viewer',
    title: 'viewer { token { id name } permissions }',
    requests: [post(VIEWER, token)],
    expectStatus: 200,
    smoke: true,
    check: (data) => (data.viewer?.permissions?.length === ALL_PERMISSIONS.length ? null : 'the bench token should hold every permission'),
  };
  if (server === 'apollo') return [viewer, ...lists];
  if (server === 'gateway-pg-redis') return [viewer];

  const scenarios: Scenario[] = [
    viewer,
    ...lists,
    {
      name: 'create-delete',
      title: 'createProject + deleteProject (2 requests)',
      requests: createDeletePair(token, runId),
      expectStatus: 200,
      smoke: true,
    },
    {
      name: 'verify-api-key',
      title: 'verifyApiKey(key) { valid }',
      requests: [post('query Verify($key: String!) { verifyApiKey(key: $key) { valid } }', token, { key: ready.apiKey })],
      expectStatus: 200,
      check: (data) => (data.verifyApiKey?.valid === true ? null : 'the seeded API key should be valid'),
      smoke: server === 'gateway-pg',
    },
    {
      name: 'bad-checksum',
      title: 'token failing its checksum → 401',
      requests: [post(VIEWER, tokenWithBadChecksum())],
      expectStatus: 401,
      smoke: server === 'gateway-pg',
    },
    {
      name: 'unknown-token',
      title: 'unknown token, valid checksum → 401',
      requests: [post(VIEWER, generateSecret('mgw_'))],
      expectStatus: 401,
      smoke: server === 'gateway-pg',
    },
  ];
  if (ready.deep) {
    const { secret, page1000After } = ready.deep;
    scenarios.push(
      {
        name: 'page-1',
        title: `projects(first: 100), page 1 of ${ready.deep.projects}`,
        requests: [post(PAGE, secret, { after: null })],
        expectStatus: 200,
        smoke: false,
        connections: PAGINATION_CONNECTIONS,
        check: (data) =>
          data.projects?.edges?.length === 100 && data.projects.pageInfo?.hasNextPage ? null : 'expected 100 projects and a next page',
      },
      {
        name: 'page-1000',
        title: `projects(first: 100, after: item 99,900), page 1000`,
        requests: [post(PAGE, secret, { after: page1000After })],
        expectStatus: 200,
        smoke: false,
        connections: PAGINATION_CONNECTIONS,
        // The last page: exactly the 100 oldest projects, nothing after them.
        check: (data) =>
          data.projects?.edges?.length === 100 && data.projects.pageInfo?.hasNextPage === false ? null : 'expected the last 100 projects',
      },
    );
  }
  return scenarios;
}
