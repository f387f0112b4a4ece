// The static limits run before graphql-js's validation (a refused document is never validated),
// and the cost model counts nodes through nested connections as GitHub's does.
import {
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  parse,
  validate,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLError,
} from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';
import {
  LIST_BOUNDS,
  costPoints,
  countMutationFields,
  isConnectionType,
  fragmentsOf,
  operationCost,
} from '../../src/graphql/query-cost.js';
import { MAX_PROJECTS_PER_TOKEN } from '../../src/modules/tokens/index.js';
import { useErrorCodes, withoutSuggestions } from '../../src/plugins/error-codes.plugin.js';
import { parseWithTokenLimit, staticLimitViolations, useQueryLimits, type QueryLimits } from '../../src/plugins/query-limits.plugin.js';

const LIMITS: QueryLimits = {
  maxTokens: 1000,
  maxDepth: 15,
  maxAliases: 20,
  maxDirectives: 50,
  maxMutations: 10,
  maxFields: 2000,
  maxFieldRepeats: 10,
};

/** A Yoga server with the limits and a spy on the validation function that runs after them. */
function serverWithValidationSpy(limits: QueryLimits = LIMITS) {
  const validated: DocumentNode[] = [];
  const spy: Plugin = {
    onValidate({ setValidationFn }) {
      setValidationFn((...args: Parameters<typeof validate>) => {
        validated.push(args[1]);
        return validate(...args);
      });
    },
  };
  const yoga = createYoga({ schema, plugins: [useQueryLimits(limits), spy], maskedErrors: false });
  const send = async (query: string) => {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, body: (await response.json()) as { errors?: GraphQLError[] } };
  };
  return { send, validated };
}

describe('static limits', () => {
  it('refuses the 1,200-field document of one alias while parsing: validation never runs', async () => {
    const { send, validated } = serverWithValidationSpy();
    const fields = Array.from({ length: 1200 }, (_, i) => `a: project(id: "prj_${String(i).padStart(22, '0')}") { id }`);
    const refused = await send(`{ ${fields.join(' ')} }`);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', variable: 'MAX_QUERY_TOKENS', limit: 1000 });
    expect(validated).toHaveLength(0);
    // The spy does see documents within the limits.
    await send('{ __typename }');
    expect(validated).toHaveLength(1);
  });

  it('refuses depth, aliases and directives before validation runs', async () => {
    const { send, validated } = serverWithValidationSpy({ ...LIMITS, maxTokens: 100_000 });
    const aliases = await send(`{ ${Array.from({ length: 21 }, (_, i) => `a${i}: webhookEventTypes { name }`).join(' ')} }`);
    expect(aliases.body.errors?.[0]?.extensions).toMatchObject({ variable: 'MAX_QUERY_ALIASES', found: 21, limit: 20 });
    // Unknown fields: the limits do not need a valid document, and validation never sees this one.
    const deep = await send(`{ ${'a { '.repeat(16)} id ${'} '.repeat(16)}}`);
    expect(deep.body.errors?.[0]?.extensions).toMatchObject({ variable: 'MAX_QUERY_DEPTH', found: 17, limit: 15 });
    expect(validated).toHaveLength(0);
  });

  it('refuses one field asked for many times (the quadratic case of validation), also through fragments', async () => {
    const { send, validated } = serverWithValidationSpy();
    const flat = await send(`{ ${Array.from({ length: 110 }, (_, i) => `project(id: "prj_${i}") { id }`).join(' ')} }`);
    expect(flat.status).toBe(400);
    expect(flat.body.errors?.[0]?.extensions).toMatchObject({ variable: 'MAX_QUERY_FIELD_REPEATS', found: 110, limit: 10 });
    const names = Array.from({ length: 30 }, (_, i) => `F${i}`);
    const spread = await send(
      `{ ${names.map((name) => `...${name}`).join(' ')} } ${names.map((name, i) => `fragment ${name} on Query { project(id: "prj_${i}") { id } }`).join(' ')}`,
    );
    expect(spread.body.errors?.[0]?.extensions).toMatchObject({ variable: 'MAX_QUERY_FIELD_REPEATS', found: 30 });
    // A nested repeat counts on its response path.
    const nested = await send(`{ viewer { token { ${'id '.repeat(11)}} } }`);
    expect(nested.body.errors?.[0]?.extensions).toMatchObject({ variable: 'MAX_QUERY_FIELD_REPEATS', found: 11 });
    expect(nested.body.errors?.[0]?.message).toContain('"viewer.token.id"');
    expect(validated).toHaveLength(0);
  });

  it('refuses a fragment expansion past MAX_QUERY_FIELDS, counting no further', async () => {
    const { send, validated } = serverWithValidationSpy();
    // Each level doubles: 2^40 fields once expanded, in under 1000 tokens.
    const levels = Array.from(
      { length: 40 },
      (_, i) => `fragment L${i} on Query { a${i}: viewer { permissions } ...L${i + 1} b${i}: viewer { permissions } ...L${i + 1} }`,
    );
    const bomb = await send(`{ ...L0 } ${levels.join(' ')} fragment L40 on Query { __typename }`);
    expect(bomb.body.errors?.map((error) => error.extensions?.['variable'])).toContain('MAX_QUERY_FIELDS');
    expect(validated).toHaveLength(0);
  });

  it('counts depth through fragments, not the fragment spreads themselves', async () => {
    const { send } = serverWithValidationSpy({ ...LIMITS, maxDepth: 4 });
    const within = await send(
      '{ ...A } fragment A on Query { projects { ...B } } fragment B on ProjectConnection { edges { node { id } } }',
    );
    expect(within.body.errors?.[0]?.extensions?.['code']).not.toBe('QUERY_TOO_COMPLEX');
    const past = await send(
      '{ ...A } fragment A on Query { projects { ...B } } fragment B on ProjectConnection { edges { node { apiKeys { totalCount } } } }',
    );
    expect(past.body.errors?.[0]?.extensions).toMatchObject({ variable: 'MAX_QUERY_DEPTH', found: 5, limit: 4 });
  });

  it("lets GraphiQL's introspection query through every limit", () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    const document = parseWithTokenLimit(query, LIMITS.maxTokens);
    expect(staticLimitViolations(schema, document, LIMITS)).toEqual([]);
  });

  it('hides every form of "Did you mean" suggestion when asked to, in documents and in variables', async () => {
    const yoga = createYoga({ schema, plugins: [useQueryLimits(LIMITS), useErrorCodes({ hideSuggestions: true })], maskedErrors: false });
    const send = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return ((await response.json()) as { errors?: GraphQLError[] }).errors?.map((error) => error.message);
    };
    expect(await send('{ projets { totalCount } }')).toEqual(['Cannot query field "projets" on type "Query".']);
    expect(await send('{ projects(type: DEVELOPMNT) { totalCount } }')).toEqual([
      'Value "DEVELOPMNT" does not exist in "ProjectType" enum.',
    ]);
    expect(await send('{ projects(frist: 1) { totalCount } }')).toEqual(['Unknown argument "frist" on field "Query.projects".']);
    expect(await send('query ($t: ProjectTyp) { projects(type: $t) { totalCount } }')).toEqual(['Unknown type "ProjectTyp".']);
    // Variable coercion happens at execution, after validation.
    expect(await send('query ($t: ProjectType) { projects(type: $t) { totalCount } }', { t: 'DEVELOPMNT' })).toEqual([
      'Variable "$t" got invalid value "DEVELOPMNT"; Value "DEVELOPMNT" does not exist in "ProjectType" enum.',
    ]);
    expect(
      await send('mutation ($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }', {
        input: { nam: 'x', type: 'DEVELOPMENT' },
      }),
    ).toEqual(
      expect.arrayContaining([
        'Variable "$input" got invalid value { nam: "x", type: "DEVELOPMENT" }; Field "nam" is not defined by type "CreateProjectInput".',
      ]),
    );
  });

  it('cuts only the suggestion graphql-js appends', () => {
    expect(withoutSuggestions('Cannot query field "x" on type "Query". Did you mean "a", "b", or "c"?')).toBe(
      'Cannot query field "x" on type "Query".',
    );
    expect(
      withoutSuggestions('Cannot query field "x" on type "Node". Did you mean to use an inline fragment on "Project" or "ApiKey"?'),
    ).toBe('Cannot query field "x" on type "Node".');
    expect(withoutSuggestions('Unknown type "Projct". Did you mean "Project" or "ProjectType"?')).toBe('Unknown type "Projct".');
    // Without a suggestion, a message stays as it is.
    expect(withoutSuggestions('Expected value of type "Int!", found "Did you mean".')).toBe(
      'Expected value of type "Int!", found "Did you mean".',
    );
  });
});

describe('cost', () => {
  const settings = { defaultPageSize: 20, maxPageSize: 100 };
  /** The cost as the gateway computes it, from the document and the variables the client sent. */
  const costOf = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    expect(validate(schema, document)).toEqual([]);
    return operationCost(schema, document, undefined, variables, settings);
  };
  const nodes = (query: string, variables: Record<string, unknown> = {}) => {
    const cost = costOf(query, variables);
    if (!cost || 'errors' in cost) throw new Error(`no cost: ${JSON.stringify(cost)}`);
    return cost.nodes;
  };

  it('multiplies first/last through nested connections, with the default page size when absent', () => {
    expect(nodes('{ viewer { permissions } }')).toBe(0);
    expect(nodes('{ projects(first: 50) { edges { node { id } } } }')).toBe(50);
    expect(nodes('{ projects { edges { node { id } } } }')).toBe(20);
    expect(nodes('{ projects(last: 7) { totalCount } }')).toBe(7);
    expect(
      nodes('{ projects(first: 10) { edges { node { apiKeys(first: 5) { edges { node { id } } } webhooks { totalCount } } } } }'),
    ).toBe(10 + 10 * 5 + 10 * 20);
    expect(nodes('query ($n: Int) { projects(first: $n) { totalCount } }', { n: 30 })).toBe(30);
    expect(nodes('query ($n: Int) { projects(first: $n) { totalCount } }')).toBe(20);
  });

  it("prices a variable the client left out at its definition's default, not the default page", () => {
    expect(nodes('query ($n: Int = 100) { projects(first: $n) { totalCount } }')).toBe(100);
    expect(nodes('query ($n: Int = 100) { projects(first: $n) { totalCount } }', { n: 5 })).toBe(5);
    // An explicit null is no page size: the connection's default page.
    expect(nodes('query ($n: Int = 100) { projects(first: $n) { totalCount } }', { n: null })).toBe(20);
    // The issue's three-level fan-out with its page size in a defaulted variable: 1,010,100 nodes, not 8,420.
    const fanOut =
      'query ($P: ID!, $n: Int = 100) { project(id: $P) { apiKeys(first: $n) { edges { node { project { apiKeys(first: $n) { edges { node { project { apiKeys(first: $n) { edges { node { id } } } } } } } } } } } } }';
    expect(costOf(fanOut, { P: 'prj_x' })).toEqual({ nodes: 1_010_100, mutationFields: 0, points: 10_101 });
    // nodes(ids:) from a defaulted list variable.
    expect(nodes('query ($ids: [ID!]! = ["a", "b", "c", "d"]) { nodes(ids: $ids) { id } }')).toBe(4);
  });

  it('answers the coercion errors of invalid variables instead of a cost (execution refuses them)', () => {
    const cost = costOf('query ($n: Int!) { projects(first: $n) { totalCount } }', { n: 'many' });
    expect(cost && 'errors' in cost && cost.errors[0]?.message).toMatch(/^Variable "\$n" got invalid value "many"/);
    expect(costOf('query ($n: Int!) { projects(first: $n) { totalCount } }')).toMatchObject({ errors: [expect.anything()] });
  });

  it("multiplies what is below a bounded plain list (a token's or a policy's projects) by its bound", () => {
    expect(MAX_PROJECTS_PER_TOKEN).toBe(100);
    // The projects themselves count no nodes: listing tokens with their projects costs what the page does.
    expect(nodes('{ managementTokens(first: 50) { edges { node { projects { id name } } } } }')).toBe(50);
    // 10 tokens × up to 100 projects × 10 keys.
    expect(nodes('{ managementTokens(first: 10) { edges { node { projects { apiKeys(first: 10) { totalCount } } } } } }')).toBe(
      10 + 10 * 100 * 10,
    );
    expect(nodes('{ oidcTrustPolicies(first: 2) { edges { node { projects { apiKeys { totalCount } } } } } }')).toBe(2 + 2 * 100 * 20);
    expect(nodes('{ viewer { token { projects { apiKeys(first: 100) { edges { node { id } } } } } } }')).toBe(100 * 100);
  });

  it('knows a bound for every plain list of objects through which a connection can be reached', () => {
    const reachesConnection = (start: GraphQLCompositeType): boolean => {
      const seen = new Set<string>();
      const queue = [start];
      while (queue.length > 0) {
        const type = queue.pop()!;
        if (seen.has(type.name)) continue;
        seen.add(type.name);
        if (isObjectType(type) && isConnectionType(type)) return true;
        const members = 'getFields' in type ? Object.values(type.getFields()).map((field) => getNamedType(field.type)) : type.getTypes();
        for (const member of members) if (isCompositeType(member)) queue.push(member);
      }
      return false;
    };
    const unbounded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || isConnectionType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type);
        if (!isListType(getNullableType(field.type)) || !isCompositeType(named)) continue;
        if (type === schema.getQueryType() && field.name === 'nodes') continue; // priced per id
        if (reachesConnection(named) && LIST_BOUNDS[`${type.name}.${field.name}`] === undefined)
          unbounded.push(`${type.name}.${field.name}`);
      }
    }
    expect(unbounded).toEqual([]);
    for (const key of Object.keys(LIST_BOUNDS)) {
      const [typeName, fieldName] = key.split('.') as [string, string];
      const type = schema.getType(typeName);
      expect(isObjectType(type) && type.getFields()[fieldName], key).toBeTruthy();
    }
  });

  it('counts a fragment once per spread and nodes(ids:) per id', () => {
    const fragment = 'fragment P on ProjectConnection { edges { node { apiKeys(first: 10) { totalCount } } } }';
    expect(nodes(`{ a: projects(first: 2) { ...P } b: projects(first: 3) { ...P } } ${fragment}`)).toBe(2 + 20 + 3 + 30);
    expect(nodes('{ nodes(ids: ["a", "b", "c"]) { id } }')).toBe(3);
  });

  it('charges max(1, mutation fields + ceil(nodes / 100))', () => {
    expect(costPoints(0, 0)).toBe(1);
    expect(costPoints(50, 0)).toBe(1);
    expect(costPoints(101, 0)).toBe(2);
    expect(costPoints(10_100, 0)).toBe(101);
    expect(costPoints(0, 3)).toBe(3);
    const document = parse(
      'mutation { a: deleteProject(id: "x") { deletedProjectId } ...F } fragment F on Mutation { b: deleteProject(id: "y") { deletedProjectId } }',
    );
    expect(countMutationFields(document.definitions[0] as never, fragmentsOf(document))).toBe(2);
  });
});
