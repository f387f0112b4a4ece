// The condition that confines a query to the caller's workspace, written once: every list and
// every lookup of a workspace's rows (projects, API keys, webhooks, deliveries, events, tokens)
// starts from it, so a narrower rule (e.g. a token restricted to some projects) is added here.
import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { Em } from '../../db/em.js';
import { findRow } from '../../db/pagination.js';
import { notFound } from '../../lib/errors.js';
import type { NodeTypeName } from '../../lib/ids.js';

export function inWorkspace(workspaceId: string): { workspace: string } {
  return { workspace: workspaceId };
}

/** A row of the workspace by id (and `where`), or null: what every service's `find` is. */
export function findInWorkspace<T extends object>(
  em: Em,
  entity: EntityName<T>,
  workspaceId: string,
  id: string,
  where: FilterQuery<T> = {} as FilterQuery<T>,
): Promise<T | null> {
  return em.findOne(entity, { ...inWorkspace(workspaceId), id, ...(where as object) } as never) as Promise<T | null>;
}

/** As `findInWorkspace`, and NOT_FOUND (naming the object as clients know it) when there is none. */
export async function getInWorkspace<T extends object>(
  em: Em,
  entity: EntityName<T>,
  type: NodeTypeName,
  workspaceId: string,
  id: string,
  where?: FilterQuery<T>,
): Promise<T> {
  const row = await findInWorkspace(em, entity, workspaceId, id, where);
  if (!row) throw notFound(type, id);
  return row;
}

/** As `getInWorkspace`, as a plain read-only row of `fields` (what GraphQL shows), not an entity. */
export async function getRowInWorkspace<T extends object, R>(
  em: Em,
  entity: EntityName<T>,
  type: NodeTypeName,
  workspaceId: string,
  id: string,
  fields: readonly (keyof T & string)[],
): Promise<R> {
  const row = await findRow<T, R>(em, entity, { ...inWorkspace(workspaceId), id } as FilterQuery<T>, fields);
  if (!row) throw notFound(type, id);
  return row;
}
