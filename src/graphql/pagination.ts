// Relay connections over keyset cursors: every list is ordered newest first by its UUIDv7 id,
// pages are `id < cursor` (never OFFSET), and a cursor names the list it came from so that a
// cursor of another list is refused rather than silently misread.
import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { Em } from '../db/orm.js';
import { badUserInput } from './errors.js';
import { isUuid } from '../lib/ids.js';

export interface PageArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

export const DEFAULT_PAGE_SIZE = 20;

export function encodeCursor(list: string, id: string): string {
  return Buffer.from(`${list}:${id}`).toString('base64url');
}

function decodeCursor(list: string, cursor: string, field: 'after' | 'before'): string {
  const text = Buffer.from(cursor, 'base64url').toString();
  const separator = text.lastIndexOf(':');
  const id = text.slice(separator + 1);
  if (separator < 0 || !isUuid(id)) throw badUserInput(field, 'is not a cursor of this API.');
  if (text.slice(0, separator) !== list) throw badUserInput(field, `is a cursor of another list, not of ${list}.`);
  return id;
}

function pageSize(args: PageArgs, maxPageSize: number): { size: number; backward: boolean } {
  if (args.first != null && args.last != null) throw badUserInput('last', 'cannot be combined with first.');
  for (const field of ['first', 'last'] as const) {
    const value = args[field];
    if (value == null) continue;
    if (value < 0) throw badUserInput(field, 'must not be negative.');
    if (value > maxPageSize) throw badUserInput(field, `must be at most ${maxPageSize} (the maximum page size).`);
  }
  if (args.last != null) return { size: args.last, backward: true };
  if (args.first == null && args.before != null) return { size: DEFAULT_PAGE_SIZE, backward: true };
  return { size: args.first ?? DEFAULT_PAGE_SIZE, backward: false };
}

/**
 * One page of `entity` rows matching `where`, newest first. `list` names the list in cursors
 * (e.g. "projects"); the caller's `where` must already hold the workspace condition.
 */
export async function paginate<T extends { id: string }>(
  em: Em,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  options: { list: string; maxPageSize: number },
): Promise<Page<T>> {
  const { list, maxPageSize } = options;
  const { size, backward } = pageSize(args, maxPageSize);
  const after = args.after != null ? decodeCursor(list, args.after, 'after') : undefined;
  const before = args.before != null ? decodeCursor(list, args.before, 'before') : undefined;

  const idRange: Record<string, string> = {};
  if (after) idRange['$lt'] = after;
  if (before) idRange['$gt'] = before;
  const conditions = Object.keys(idRange).length > 0 ? { $and: [where, { id: idRange }] } : where;

  const rows =
    size === 0
      ? []
      : await em.find(entity, conditions as FilterQuery<T>, {
          orderBy: { id: backward ? 'asc' : 'desc' } as never,
          limit: size + 1,
        });
  const hasMore = rows.length > size;
  const nodes = rows.slice(0, size);
  if (backward) nodes.reverse();
  const edges = nodes.map((node) => ({ cursor: encodeCursor(list, node.id), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: backward ? before !== undefined : hasMore,
      hasPreviousPage: backward ? hasMore : after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () => em.count(entity, where),
  };
}

/**
 * Options of `t.connection` for a list of `typeName`: `<Type>Connection` with `totalCount` (one
 * COUNT query, run only when the field is asked for) and `<Type>Edge`.
 */
export function connectionTypeOptions(typeName: string) {
  return {
    name: `${typeName}Connection`,
    // Typed loosely on purpose: Pothos types the builder per connection, and every connection
    // resolves to a Page, which has totalCount.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    fields: (t: any) => ({
      totalCount: t.int({
        description: 'How many items match, across all pages.',
        resolve: (connection: Page<unknown>) => connection.totalCount(),
      }),
    }),
  };
}

export const edgeTypeOptions = (typeName: string) => ({ name: `${typeName}Edge` });
