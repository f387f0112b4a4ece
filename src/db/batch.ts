// Batched reads for nested fields (DataLoader): the lookups one GraphQL request makes while it
// resolves a level of its tree (every item's `project`, every project's `apiKeys`, …) are
// collected and answered by one query, so a nested list costs a constant number of statements.
// Loaders belong to the request's EntityManager fork and cache nothing themselves: a row asked for
// twice is read twice unless the identity map already holds it as an entity, so a mutation earlier
// in the same request is never answered from a stale copy.
import { wrap, type EntityName, type FilterQuery, type Primary } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { Em } from './em.js';

const loadersByEm = new WeakMap<Em, Map<string, DataLoader<unknown, unknown>>>();

/**
 * Most keys one statement takes. A level of 100 × 100 nested parents would otherwise bind 20,000
 * parameters in one statement (PostgreSQL allows 65,535); past this size a batch is split.
 */
const MAX_BATCH = 500;

/**
 * The loader called `name` of this EntityManager (one per request), made with `batch` on first use.
 * `name` must say everything the batch depends on besides the keys (list, filter, page arguments).
 */
export function loaderOf<K, V>(em: Em, name: string, batch: (keys: readonly K[]) => Promise<readonly V[]>): DataLoader<K, V> {
  let loaders = loadersByEm.get(em);
  if (!loaders) loadersByEm.set(em, (loaders = new Map()));
  let loader = loaders.get(name) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch, { cache: false, maxBatchSize: MAX_BATCH });
    loaders.set(name, loader as DataLoader<unknown, unknown>);
  }
  return loader;
}

/**
 * Loads one `entity` by id through a batch: ids already in the identity map (and matching
 * `belongs`, the caller's workspace check) cost nothing, the others of the same tick are read with
 * one `id in (…)` query under `where`. Null when the row does not exist or is outside `where`.
 */
export function loadById<T extends { id: string }>(
  em: Em,
  entity: EntityName<T> & { name: string },
  scope: { key: string; where: FilterQuery<T>; belongs: (entity: T) => boolean },
  id: string,
): Promise<T | null> {
  const loader = loaderOf<string, T | null>(em, `${entity.name}:byId:${scope.key}`, async (ids) => {
    const found = new Map<string, T>();
    const missing: string[] = [];
    for (const wanted of new Set(ids)) {
      const known = em.getUnitOfWork().getById<T>(entity, wanted as Primary<T>);
      if (known && wrap(known, true).__initialized) {
        if (scope.belongs(known)) found.set(wanted, known);
      } else missing.push(wanted);
    }
    if (missing.length > 0) {
      const rows = await em.find(entity, { $and: [scope.where, { id: { $in: missing } }] } as FilterQuery<T>);
      for (const row of rows) found.set(row.id, row);
    }
    return ids.map((wanted) => found.get(wanted) ?? null);
  });
  return loader.load(id);
}
