// The static limits run before graphql-js's validation (a refused document is never validated),
// and the cost model counts nodes through nested connections as GitHub's does.
import { getIntrospectionQuery, parse, validate, type DocumentNode, type GraphQLError } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';
import { costPoints, countMutationFields, estimateNodes, fragmentsOf } from '../../src/graphql/query-cost.js';
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
  const nodes = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    expect(validate(schema, document)).toEqual([]);
    const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition')!;
    return estimateNodes(schema, operation as never, fragmentsOf(document), variables, settings);
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
