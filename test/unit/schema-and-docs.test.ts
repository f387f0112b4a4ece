// The committed schema is the one the code builds, the reference in docs/ documents what the code has,
// the README stays a short front door, and every relative link in the documentation leads somewhere.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
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

/** A `| \`name\` |` row at the start of a line: the first cell of a table row. */
const row = (name: string) => new RegExp(`^\\| \`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\` \\|`, 'm');

describe('docs/operations.md', () => {
  const operations = read('docs/operations.md');
  it.each(Object.keys(configVariables))('documents the environment variable %s', (name) => {
    expect(operations).toMatch(row(name));
  });
});

describe('docs/tokens.md', () => {
  const tokens = read('docs/tokens.md');
  it.each(ALL_PERMISSIONS)('documents the permission %s', (permission) => {
    expect(tokens).toMatch(row(permission));
  });
  it.each(ALL_SCOPES)('documents the scope %s', (scope) => {
    expect(tokens).toMatch(row(scope));
  });
});

describe('docs/api.md', () => {
  const api = read('docs/api.md');
  it.each(Object.entries(ERROR_CODES))('documents the error code %s with its HTTP status', (code, { status }) => {
    expect(api).toMatch(new RegExp(`^\\| \`${code}\` \\| ${status} `, 'm'));
  });
});

describe('README.md', () => {
  const readme = read('README.md');
  it('gives the install-and-start and the test command near the top', () => {
    const top = readme.slice(0, 2500);
    expect(top).toContain('npm install && npm start');
    expect(top).toContain('npm test');
  });
  it('stays a front door: at most 450 lines, the reference lives in docs/', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(450);
  });
  it('links every page of docs/', () => {
    const pages = readdirSync(new URL('../../docs/', import.meta.url)).filter((name) => name.endsWith('.md'));
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.filter((page) => !readme.includes(`](docs/${page})`))).toEqual([]);
  });
});

/** The documentation files: the README, CONTRIBUTING, CHANGELOG and every page of docs/. */
function documentationFiles(): string[] {
  const docs = readdirSync(new URL('../../docs/', import.meta.url))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...docs];
}

/** Markdown without its fenced code blocks and inline code, where brackets are not links. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, `-1`, `-2` for repeats. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, text] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = text!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\- _]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

describe('links in the documentation', () => {
  const root = new URL('../../', import.meta.url).pathname;

  it('finds GitHub anchors the way GitHub makes them', () => {
    expect([
      ...headingAnchors('# Webhooks and events\n## CORS (browser apps on other origins)\n## `mgw` CLI\n## Errors\n## Errors\n'),
    ]).toEqual(['webhooks-and-events', 'cors-browser-apps-on-other-origins', 'mgw-cli', 'errors', 'errors-1']);
  });

  it.each(documentationFiles())('%s: every relative link points at an existing file and heading', (file) => {
    expect(existsSync(join(root, file)), `${file} exists`).toBe(true);
    const text = read(file);
    const broken: string[] = [];
    for (const [, target] of prose(text).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z][a-z+.-]*:/i.test(target!)) continue; // https:, mailto:
      const [path, anchor] = target!.split('#') as [string, string | undefined];
      const resolved = path === '' ? file : normalize(join(dirname(file), path));
      const absolute = join(root, resolved);
      if (resolved.startsWith('..') || !existsSync(absolute)) {
        broken.push(`${target}: no file ${resolved}`);
        continue;
      }
      if (anchor === undefined) continue;
      if (statSync(absolute).isDirectory() || !resolved.endsWith('.md')) {
        broken.push(`${target}: an anchor into a file that is not Markdown`);
        continue;
      }
      if (!headingAnchors(read(resolved)).has(anchor)) broken.push(`${target}: no heading #${anchor} in ${resolved}`);
    }
    expect(broken).toEqual([]);
  });
});

describe('comments', () => {
  // Every comment stands on its own: none sends the reader to a design document that is not in the repository.
  const roots = ['src', 'test', 'scripts', 'bench', 'console/src', 'migrations'];
  const sources = (dir: string): string[] =>
    readdirSync(new URL(`../../${dir}/`, import.meta.url), { withFileTypes: true }).flatMap((entry) => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return ['generated', 'results', 'screenshots', 'node_modules'].includes(entry.name) ? [] : sources(path);
      return /\.(ts|tsx|mjs|js)$/.test(entry.name) ? [path] : [];
    });
  const thisFile = 'test/unit/schema-and-docs.test.ts';
  it.each(roots)('in %s/ cite no DESIGN document', (dir) => {
    const citing = sources(dir).filter((path) => path !== thisFile && /\bDESIGN(\.md)?\b/.test(read(path)));
    expect(citing).toEqual([]);
  });
});
