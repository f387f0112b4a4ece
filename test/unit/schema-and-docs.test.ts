// The committed schema is the one the code builds, and the README documents what the code has.
import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { configVariables } from '../../src/config.js';
import { schema } from '../../src/graphql/schema.js';
import { ERROR_CODES } from '../../src/graphql/errors.js';
import { ALL_PERMISSIONS, ALL_SCOPES } from '../../src/modules/tokens/permissions.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('schema/schema.graphql', () => {
  it('is printed from the current Pothos schema (run `npm run schema:print` when this fails)', () => {
    expect(read('schema/schema.graphql')).toBe(`${printSchema(schema)}\n`);
  });
});

describe('authorisation', () => {
  // Fields any valid token may call; every other root field must declare the permission it needs.
  const PUBLIC_FIELDS = ['Query.viewer', 'Query.rateLimit', 'Query.webhookEventTypes', 'Query.node', 'Query.nodes'];

  it('declares authScopes on every query and mutation field that is not public on purpose', () => {
    const undeclared = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) =>
      Object.values(type.getFields())
        .filter((field) => !(field.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes)
        .map((field) => `${type.name}.${field.name}`),
    );
    expect(undeclared.sort()).toEqual([...PUBLIC_FIELDS].sort());
  });

  it('guards every node type with a permission (node(id:) follows the same rules)', () => {
    const nodeTypes = schema.getImplementations(schema.getType('Node') as never).objects;
    const unguarded = nodeTypes
      .filter((type) => !(type.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes)
      .map((type) => type.name);
    // A token may always see its own workspace.
    expect(unguarded).toEqual(['Workspace']);
  });
});

describe('README.md', () => {
  const readme = read('README.md');
  const row = (name: string) => new RegExp(`^\\| \`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\` \\|`, 'm');

  it.each(Object.keys(configVariables))('documents the environment variable %s', (name) => {
    expect(readme).toMatch(row(name));
  });
  it.each(ALL_PERMISSIONS)('documents the permission %s', (permission) => {
    expect(readme).toMatch(row(permission));
  });
  it.each(ALL_SCOPES)('documents the scope %s', (scope) => {
    expect(readme).toMatch(row(scope));
  });
  it.each(Object.entries(ERROR_CODES))('documents the error code %s with its HTTP status', (code, { status }) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${code}\` \\| ${status} `, 'm'));
  });
  it('gives the install-and-start and the test command near the top', () => {
    const top = readme.slice(0, 2500);
    expect(top).toContain('npm install && npm start');
    expect(top).toContain('npm test');
  });
});
