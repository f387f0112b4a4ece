// Pages over keyset cursors: every list is ordered newest first by its UUIDv7 id, pages are
// `id < cursor` (never OFFSET), and a cursor names the list it came from so that a cursor of
// another list is refused rather than silently misread. A Page is neutral: the GraphQL layer makes
// a Relay connection of it (graphql/pagination.ts), the CLI walks it.
// Two ways to read a page: `paginate` returns managed entities (for lists a caller may go on to
// change), `paginateRows` / `paginateWithin` return plain read-only rows of the listed columns —
// no entity, no identity map, so a list of 50 costs what its query costs. `paginateWithin` is the
// nested form (a project's API keys): the pages of every parent of one request level come from one
// query, each parent's page limited in a LATERAL subquery.
import { raw, type Dictionary, type EntityMetadata, type EntityName, type FilterQuery } from '@mikro-orm/core';
import { loaderOf } from '../db/batch.js';
import { leanSelect, quote } from './lean-sql.js';
import type { Em } from '../db/em.js';
import { badUserInput } from '../lib/errors.js';
import { isUuid } from '../lib/ids.js';

export interface PageArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

export interface Page<T> {
  /** In list order (newest first), whichever direction the page was read in. */
  items: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** The cursor of an item of this page: after it (or before it) is the next (or previous) page. */
  cursorOf(item: T): string;
  /** How many items match, across all pages (one COUNT, run only when called). */
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

export interface ListOptions {
  /** Names the list in its cursors (e.g. "projects"). */
  list: string;
  maxPageSize: number;
}

/** A page request, validated: its size, direction and keyset bounds. */
interface PageQuery {
  list: string;
  size: number;
  backward: boolean;
  after: string | undefined;
  before: string | undefined;
}

function pageQuery(args: PageArgs, { list, maxPageSize }: ListOptions): PageQuery {
  const { size, backward } = pageSize(args, maxPageSize);
  const after = args.after != null ? decodeCursor(list, args.after, 'after') : undefined;
  const before = args.before != null ? decodeCursor(list, args.before, 'before') : undefined;
  return { list, size, backward, after, before };
}

/** `where` narrowed to the page's keyset bounds. */
function withinBounds<T>(where: FilterQuery<T>, query: PageQuery): FilterQuery<T> {
  const idRange: Record<string, string> = {};
  if (query.after) idRange['$lt'] = query.after;
  if (query.before) idRange['$gt'] = query.before;
  return (Object.keys(idRange).length > 0 ? { $and: [where, { id: idRange }] } : where) as FilterQuery<T>;
}

/** The page made of `rows`: up to size + 1 rows in query order (newest first, or oldest first backward). */
function pageOf<T extends { id: string }>(rows: T[], query: PageQuery, totalCount: () => Promise<number>): Page<T> {
  const { list, size, backward, after, before } = query;
  const hasMore = rows.length > size;
  const items = rows.slice(0, size);
  if (backward) items.reverse();
  return {
    items,
    hasNextPage: backward ? before !== undefined : hasMore,
    hasPreviousPage: backward ? hasMore : after !== undefined,
    cursorOf: (item) => encodeCursor(list, item.id),
    totalCount,
  };
}

/**
 * One page of `entity` rows matching `where`, newest first, as managed entities. The caller's
 * `where` must already hold the workspace condition (see `inWorkspace`).
 */
export async function paginate<T extends { id: string }>(
  em: Em,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  options: ListOptions,
): Promise<Page<T>> {
  const query = pageQuery(args, options);
  const rows =
    query.size === 0
      ? []
      : await em.find(entity, withinBounds(where, query), {
          orderBy: { id: query.backward ? 'asc' : 'desc' } as never,
          limit: query.size + 1,
        });
  return pageOf(rows as T[], query, () => em.count(entity, where));
}

/** A many-to-one as a read-only row carries it: the id it points to (what an entity's reference exposes too). */
export interface RowRef {
  id: string;
}

/** A database row as a plain object of the entity's property names, references as `{ id }`. */
function rowOf<R>(em: Em, meta: EntityMetadata, columns: Dictionary): R {
  const row = (em.getDriver().mapResult(columns, meta) ?? {}) as Dictionary;
  for (const relation of meta.relations) {
    if (relation.name in row) {
      const id = row[relation.name] as string | null | undefined;
      row[relation.name] = id == null ? null : { id };
    }
  }
  return row as R;
}

export interface RowListOptions<T> extends ListOptions {
  /** The columns (property names) a row carries: what the list's GraphQL type can show. */
  fields: readonly (keyof T & string)[];
}

/**
 * One page of `entity` rows matching `where`, newest first, as plain read-only rows of `fields`
 * (type `R`, which the caller declares to match them). Same keyset, cursors and totalCount as `paginate`.
 */
export async function paginateRows<T extends { id: string }, R extends { id: string }>(
  em: Em,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  options: RowListOptions<T>,
): Promise<Page<R>> {
  const query = pageQuery(args, options);
  const meta = em.getMetadata().get(entity);
  let found: Dictionary[] = [];
  if (query.size > 0) {
    const bounded = withinBounds(where, query);
    const order = query.backward ? 'asc' : 'desc';
    // The EntityManager's filters (a scoped token's projects) first, so both ways below honour them.
    const lean = leanSelect(meta, options.fields, await em.applyFilters(entity, bounded, {}, 'read'), {
      orderById: order,
      limit: query.size + 1,
    });
    if (lean) {
      found = await em.getConnection().execute<Dictionary[]>(lean.sql, lean.params, 'all');
    } else {
      const qb = em
        .createQueryBuilder(entity, 'e')
        .select(options.fields as never)
        .where(bounded as never)
        .orderBy({ id: order } as never)
        .limit(query.size + 1);
      // A query builder skips the EntityManager's filters unless told: they confine scoped tokens.
      await qb.applyFilters();
      found = await qb.execute<Dictionary[]>('all', false);
    }
  }
  return pageOf(
    found.map((row) => rowOf<R>(em, meta, row)),
    query,
    () => em.count(entity, where),
  );
}

/**
 * The one `entity` row matching `where` (which must single it out, e.g. by id, and hold the
 * workspace condition), as a plain read-only row of `fields`; null when there is none. The
 * EntityManager's filters apply.
 */
export async function findRow<T extends object, R>(
  em: Em,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  fields: readonly (keyof T & string)[],
): Promise<R | null> {
  const meta = em.getMetadata().get(entity);
  const lean = leanSelect(meta, fields, await em.applyFilters(entity, where, {}, 'read'), { limit: 1 });
  let found: Dictionary[];
  if (lean) {
    found = await em.getConnection().execute<Dictionary[]>(lean.sql, lean.params, 'all');
  } else {
    const qb = em
      .createQueryBuilder(entity, 'e')
      .select(fields as never)
      .where(where as never)
      .limit(1);
    await qb.applyFilters();
    found = await qb.execute<Dictionary[]>('all', false);
  }
  return found[0] ? rowOf<R>(em, meta, found[0]) : null;
}

export interface NestedListOptions<T> extends RowListOptions<T> {
  /** The many-to-one the list hangs off (e.g. `project` for a project's API keys). */
  parent: keyof T & string;
  /** Everything `where` depends on besides the parent (the list's filter arguments): requests with equal keys share one query. */
  key: string;
  /** The conditions shared by every parent's page (workspace, filter); called once per batch. */
  where: () => FilterQuery<T>;
}

/**
 * The page of `parentId`'s rows of a nested list, as `paginateRows` would read it, batched: the
 * pages asked for in the same tick with the same arguments (every project of a list asking for
 * its `apiKeys(first: 5)`) are read with one query, a LATERAL subquery per parent that stops at
 * its page size (it walks the (parent, id) index, however many rows a parent has); their
 * `totalCount`s, when asked for, with one grouped COUNT.
 */
export function paginateWithin<T extends { id: string }, R extends { id: string }>(
  em: Em,
  entity: EntityName<T> & { name: string },
  parentId: string,
  args: PageArgs,
  options: NestedListOptions<T>,
): Promise<Page<R>> {
  // Validated here, per field, so that a bad cursor fails its own field and not the batch.
  const query = pageQuery(args, options);
  const batch = `${entity.name}:${options.list}:${options.key}`;
  const meta = em.getMetadata().get(entity);
  const parentColumn = meta.properties[options.parent]!.fieldNames[0]!;

  const counts = loaderOf<string, number>(em, `${batch}:count`, async (parents) => {
    const qb = em
      .createQueryBuilder(entity, 'e')
      .select([options.parent, raw('count(*) as count')] as never)
      .where({ $and: [options.where(), { [options.parent]: { $in: [...new Set(parents)] } }] } as never)
      .groupBy(options.parent as never);
    await qb.applyFilters();
    const rows = await qb.execute<Dictionary[]>('all', false);
    const byParent = new Map(rows.map((row) => [row[parentColumn] as string, Number(row['count'])]));
    return parents.map((parent) => byParent.get(parent) ?? 0);
  });

  const pages = loaderOf<string, R[]>(
    em,
    `${batch}:${JSON.stringify([query.size, query.backward, query.after, query.before])}`,
    async (parents) => {
      const unique = [...new Set(parents)];
      const direction = query.backward ? 'asc' : 'desc';
      const bounded = withinBounds(options.where(), query);
      const parentCondition = `e.${quote(parentColumn)} = parent.id`;
      let inner = leanSelect(meta, options.fields, await em.applyFilters(entity, bounded, {}, 'read'), {
        extraCondition: parentCondition,
        orderById: direction,
        limit: query.size + 1,
      });
      if (!inner) {
        const innerQb = em
          .createQueryBuilder(entity, 'e')
          .select(options.fields as never)
          .where(bounded as never)
          .andWhere(parentCondition)
          .orderBy({ id: direction } as never)
          .limit(query.size + 1);
        await innerQb.applyFilters();
        const built = innerQb.toQuery();
        inner = { sql: built.sql, params: [...built.params] };
      }
      const sql =
        `select page.* from (values ${unique.map(() => '(?::uuid, ?::int)').join(', ')}) as parent(id, position) ` +
        `cross join lateral (${inner.sql}) as page order by parent.position, page.id ${direction}`;
      const found = await em
        .getConnection()
        .execute<Dictionary[]>(sql, [...unique.flatMap((parent, position) => [parent, position]), ...inner.params], 'all');
      const byParent = new Map<string, R[]>(unique.map((parent) => [parent, []]));
      for (const row of found) byParent.get(row[parentColumn] as string)!.push(rowOf<R>(em, meta, row));
      return parents.map((parent) => byParent.get(parent)!);
    },
  );

  const totalCount = () => counts.load(parentId);
  if (query.size === 0) return Promise.resolve(pageOf<R>([], query, totalCount));
  return pages.load(parentId).then((rows) => pageOf(rows, query, totalCount));
}
