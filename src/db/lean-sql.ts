// Read-only SELECTs of simple conditions, written straight to SQL: building a statement through
// MikroORM's query builder (criteria nodes, aliasing, driver mapping) costs more CPU than running
// it, for the short lists and lookups most requests make. Only conditions on the entity's own
// columns are written here — equality, null, comparisons, `$in`, `$and`/`$or` — with every value
// bound as a parameter; anything else (a relation path, a raw fragment, an operator not listed)
// returns undefined and the caller goes through the query builder, as before. The conditions come
// after the EntityManager's filters (`em.applyFilters`), so a project-scoped token's confinement
// applies here exactly as it does to the query builder's statements (or sends them there).
import type { EntityMetadata, EntityProperty } from '@mikro-orm/core';

/** A value bound as a parameter as it is. */
type Scalar = string | number | boolean | bigint | Date;

const COMPARISONS: Record<string, string> = { $eq: '=', $ne: '<>', $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

function isScalar(value: unknown): value is Scalar {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'bigint' || value instanceof Date;
}

/** A plain object (not a Date, an entity, a reference or a raw fragment). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

export const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** The one column of a scalar property or an owning many-to-one / one-to-one; undefined otherwise. */
function columnOf(meta: EntityMetadata, name: string): string | undefined {
  const property = (meta.properties as Record<string, EntityProperty | undefined>)[name];
  if (!property || property.persist === false || property.formula) return undefined;
  const owning = property.kind === 'scalar' || property.kind === 'm:1' || (property.kind === '1:1' && property.owner);
  if (!owning || property.fieldNames?.length !== 1) return undefined;
  return property.fieldNames[0];
}

/** `column <op> value` for one property's condition (a scalar, null, or an operator object). */
function propertySql(column: string, condition: unknown, params: unknown[]): string | undefined {
  if (condition === null) return `${column} is null`;
  if (isScalar(condition)) {
    params.push(condition);
    return `${column} = ?`;
  }
  if (!isPlainObject(condition)) return undefined;
  const parts: string[] = [];
  for (const [operator, value] of Object.entries(condition)) {
    if (operator === '$in' || operator === '$nin') {
      if (!Array.isArray(value) || !value.every(isScalar)) return undefined;
      if (value.length === 0) {
        parts.push(operator === '$in' ? 'false' : 'true');
        continue;
      }
      params.push(...value);
      parts.push(`${column} ${operator === '$in' ? 'in' : 'not in'} (${value.map(() => '?').join(', ')})`);
      continue;
    }
    const comparison = COMPARISONS[operator];
    if (!comparison) return undefined;
    if (value === null && (operator === '$eq' || operator === '$ne')) {
      parts.push(`${column} is ${operator === '$eq' ? '' : 'not '}null`);
      continue;
    }
    if (!isScalar(value)) return undefined;
    params.push(value);
    parts.push(`${column} ${comparison} ?`);
  }
  return parts.length === 0 ? undefined : parts.join(' and ');
}

/**
 * The SQL of `where` on `meta`'s table under `alias` (its values appended to `params`), or
 * undefined when it is not one of the simple conditions written here.
 */
export function conditionSql(meta: EntityMetadata, where: unknown, alias: string, params: unknown[]): string | undefined {
  if (!isPlainObject(where)) return undefined;
  const parts: string[] = [];
  for (const [key, condition] of Object.entries(where)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition)) return undefined;
      const operands: string[] = [];
      for (const operand of condition) {
        const sql = conditionSql(meta, operand, alias, params);
        if (sql === undefined) return undefined;
        operands.push(`(${sql})`);
      }
      if (operands.length === 0) parts.push(key === '$and' ? 'true' : 'false');
      else parts.push(`(${operands.join(key === '$and' ? ' and ' : ' or ')})`);
      continue;
    }
    const column = columnOf(meta, key);
    if (!column) return undefined;
    const sql = propertySql(`${alias}.${quote(column)}`, condition, params);
    if (sql === undefined) return undefined;
    parts.push(sql);
  }
  return parts.length === 0 ? 'true' : parts.join(' and ');
}

/** `alias.column, …` of the properties `fields` (each a column of the table), or undefined. */
export function columnsSql(meta: EntityMetadata, fields: readonly string[], alias: string): string | undefined {
  const columns: string[] = [];
  for (const field of fields) {
    const column = columnOf(meta, field);
    if (!column) return undefined;
    columns.push(`${alias}.${quote(column)}`);
  }
  return columns.join(', ');
}

export interface LeanSelect {
  sql: string;
  params: unknown[];
}

/**
 * `select <fields> from <table> as e where <where> order by e.id <direction> limit <limit>` (no
 * order or limit when not given), or undefined when `where` or `fields` are not simple.
 */
export function leanSelect(
  meta: EntityMetadata,
  fields: readonly string[],
  where: unknown,
  options: { alias?: string; extraCondition?: string; orderById?: 'asc' | 'desc'; limit?: number } = {},
): LeanSelect | undefined {
  const alias = options.alias ?? 'e';
  const columns = columnsSql(meta, fields, alias);
  const params: unknown[] = [];
  const condition = conditionSql(meta, where, alias, params);
  if (columns === undefined || condition === undefined) return undefined;
  let sql = `select ${columns} from ${quote(meta.tableName)} as ${alias} where ${condition}`;
  if (options.extraCondition) sql += ` and ${options.extraCondition}`;
  if (options.orderById) sql += ` order by ${alias}.${quote(columnOf(meta, 'id') ?? 'id')} ${options.orderById}`;
  if (options.limit !== undefined) {
    params.push(options.limit);
    sql += ' limit ?';
  }
  return { sql, params };
}
