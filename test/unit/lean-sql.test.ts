// The read-only SELECTs written without the query builder: simple conditions on the entity's own
// columns become SQL with every value bound; anything else is left to the query builder.
import type { EntityMetadata } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { conditionSql, leanSelect } from '../../src/db/lean-sql.js';

const property = (kind: string, column: string, extra: Record<string, unknown> = {}) => ({ kind, fieldNames: [column], ...extra });

/** The parts of MikroORM's metadata the writer reads, for an API-key-like table. */
const meta = {
  tableName: 'api_key',
  properties: {
    id: property('scalar', 'id'),
    name: property('scalar', 'name'),
    workspace: property('m:1', 'workspace_id'),
    project: property('m:1', 'project_id'),
    expiresAt: property('scalar', 'expires_at'),
    deletedAt: property('scalar', 'deleted_at'),
    rolls: { kind: '1:m', fieldNames: [] },
    secretHash: property('scalar', 'secret_hash', { persist: false }),
    composite: { kind: 'm:1', fieldNames: ['a', 'b'] },
  },
} as unknown as EntityMetadata;

function sql(where: unknown) {
  const params: unknown[] = [];
  const text = conditionSql(meta, where, 'e', params);
  return { text, params };
}

describe('conditions written as SQL', () => {
  it('binds equality, null, comparisons and $in on columns and many-to-one keys', () => {
    const now = new Date('2026-12-08T00:00:00Z');
    expect(sql({ workspace: 'w1', deletedAt: null, expiresAt: { $gt: now, $lte: now }, id: { $in: ['a', 'b'] } })).toEqual({
      text: 'e."workspace_id" = ? and e."deleted_at" is null and e."expires_at" > ? and e."expires_at" <= ? and e."id" in (?, ?)',
      params: ['w1', now, now, 'a', 'b'],
    });
  });

  it('nests $and and $or, and writes an empty $in as false', () => {
    expect(sql({ $and: [{ workspace: 'w1' }, { $or: [{ expiresAt: null }, { expiresAt: { $ne: null } }] }], id: { $in: [] } })).toEqual({
      text: '((e."workspace_id" = ?) and (((e."expires_at" is null) or (e."expires_at" is not null)))) and false',
      params: ['w1'],
    });
  });

  it('never puts a value into the SQL text', () => {
    const { text, params } = sql({ name: "x'; drop table api_key; --", id: { $nin: ['1) or (1=1'] } });
    expect(text).toBe('e."name" = ? and e."id" not in (?)');
    expect(params).toEqual(["x'; drop table api_key; --", '1) or (1=1']);
  });

  it.each([
    ['a relation path', { project: { workspace: 'w1' } }],
    ['an unknown property', { owner: 'x' }],
    ['a one-to-many', { rolls: 'x' }],
    ['a property that is not a column', { secretHash: 'x' }],
    ['a relation of several columns', { composite: 'x' }],
    ['an operator not written here', { name: { $like: 'x%' } }],
    ['an object value', { name: { id: 'x' } }],
    ['an array value', { name: ['x'] }],
    ['a $in of objects', { id: { $in: [{ id: 'x' }] } }],
    ['$or that is not a list', { $or: { name: 'x' } }],
    ['$not', { $not: { name: 'x' } }],
    ['a class instance', { name: new (class Raw {})() }],
  ])('leaves %s to the query builder', (_what, where) => {
    expect(sql(where).text).toBeUndefined();
  });
});

describe('leanSelect', () => {
  it('selects the columns of the listed properties, ordered by id, with the limit bound', () => {
    expect(
      leanSelect(
        meta,
        ['id', 'name', 'project'],
        { workspace: 'w1' },
        { orderById: 'desc', limit: 51, extraCondition: 'e."project_id" = parent.id' },
      ),
    ).toEqual({
      sql: 'select e."id", e."name", e."project_id" from "api_key" as e where e."workspace_id" = ? and e."project_id" = parent.id order by e."id" desc limit ?',
      params: ['w1', 51],
    });
  });

  it('is undefined when a field is not a column', () => {
    expect(leanSelect(meta, ['id', 'rolls'], { workspace: 'w1' })).toBeUndefined();
  });
});
