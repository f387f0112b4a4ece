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
