// Relay connections made of the services' neutral pages (db/pagination.ts): edges with lazily
// encoded cursors, pageInfo, and `totalCount` (one COUNT query, run only when the field is asked for).
import type { Page } from '../db/pagination.js';

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

/** The connection of a page. */
export function connectionOf<T>(page: Page<T>): Connection<T> {
  const { items, cursorOf } = page;
  // A cursor is encoded only when the request asks for it (most list requests never do).
  const edges = items.map((node) => ({
    node,
    get cursor() {
      return cursorOf(node);
    },
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: items.length > 0 ? cursorOf(items[0]!) : null,
      endCursor: items.length > 0 ? cursorOf(items.at(-1)!) : null,
    },
    totalCount: page.totalCount,
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
    // resolves to a Connection, which has totalCount.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    fields: (t: any) => ({
      totalCount: t.int({
        description: 'How many items match, across all pages.',
        resolve: (connection: Connection<unknown>) => connection.totalCount(),
      }),
    }),
  };
}

export const edgeTypeOptions = (typeName: string) => ({ name: `${typeName}Edge` });
