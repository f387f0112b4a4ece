// The shape of src/modules, checked mechanically: each capability folder is entered through its
// index.ts (its GraphQL types through its *.schema.ts, by other schema files), no two folders
// depend on each other in a cycle, and the services and the CLI know nothing of GraphQL.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : name.endsWith('.ts') ? [path] : [];
  });
}

interface Import {
  from: string;
  /** Relative to the repository root, e.g. src/modules/tokens/index.ts; or the package name. */
  to: string;
}

const imports: Import[] = filesUnder(join(root, 'src')).flatMap((file) => {
  const from = relative(root, file);
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((match) => {
    const spec = match[1]!;
    const to = spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)).replace(/\.js$/, '.ts') : spec;
    return { from, to };
  });
});

const moduleOf = (path: string) => /^src\/modules\/([^/]+)\//.exec(path)?.[1];
const isSchemaFile = (path: string) => path.endsWith('.schema.ts');

describe('src/modules', () => {
  it('is entered through each folder’s index.ts (GraphQL types through its *.schema.ts, from schema files)', () => {
    // The ORM's entity list and the schema's list of schema files name the files themselves.
    const registries = new Set(['src/db/entities.ts', 'src/graphql/schema.ts']);
    const deep = imports.filter(({ from, to }) => {
      const target = moduleOf(to);
      if (!target || target === moduleOf(from) || registries.has(from)) return false;
      if (to === `src/modules/${target}/index.ts`) return false;
      return !(isSchemaFile(to) && isSchemaFile(from));
    });
    expect(deep).toEqual([]);
  });

  it('has no cycle between its folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const { from, to } of imports) {
      const [a, b] = [moduleOf(from), moduleOf(to)];
      if (a && b && a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      for (const next of edges.get(node) ?? []) {
        if (next === path[0]) cycles.push([...path, next].join(' → '));
        else if (!path.includes(next) && next > path[0]!) visit(next, [...path, next]);
      }
    };
    for (const start of edges.keys()) visit(start, [start]);
    expect(cycles).toEqual([]);
    // Not vacuous: the folders do depend on each other.
    expect(edges.get('tokens')?.has('activity')).toBe(true);
  });

  it('keeps the services and the CLI free of GraphQL (src/graphql, the graphql package)', () => {
    // The GraphQL side of a module: its schema files, and the request-path plugin (auth/auth.plugin.ts).
    const domain = (path: string) =>
      path.startsWith('src/cli/') || (moduleOf(path) !== undefined && !isSchemaFile(path) && !path.endsWith('.plugin.ts'));
    const graphql = (path: string) => path.startsWith('src/graphql/') || path.startsWith('src/plugins/') || /^graphql(-yoga)?$/.test(path);
    expect(imports.filter(({ from, to }) => domain(from) && graphql(to))).toEqual([]);
    // Not vacuous: the schema files do import the GraphQL layer.
    expect(imports.some(({ from, to }) => isSchemaFile(from) && graphql(to))).toBe(true);
  });
});
