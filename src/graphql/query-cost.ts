// The cost of an operation, computed from the document before it runs (GitHub's node model):
// every connection field counts the nodes it may return, its `first`/`last` (the default page size
// when absent) multiplied by the page sizes of the connections around it, and a plain list of
// objects multiplies what is below it by the most items it can hold. A request costs
// `max(1, mutation fields + ceil(nodes / 100))` points. Fragments are expanded once each (their
// count is memoised), so a document that spreads one fragment many times costs linear time here.
import {
  Kind,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isListType,
  isObjectType,
  type DocumentNode,
  type GraphQLError,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { MAX_PROJECTS_PER_TOKEN } from '../modules/tokens/index.js';

/** Nodes covered by one point: `ceil(nodes / NODES_PER_POINT)` points for the reads of a request. */
export const NODES_PER_POINT = 100;

/**
 * Plain lists of objects (not connections: no `first`) whose length has a known bound, by
 * `Type.field`. The nodes below such a list are multiplied by its bound; the list's own items
 * count no nodes (like `project(id:)`), so listing tokens with their projects stays cheap. A list
 * of objects missing here multiplies by MAX_PAGE_SIZE (test/unit/query-limits.test.ts checks
 * that every list through which a connection can be reached is here).
 */
export const LIST_BOUNDS: Readonly<Record<string, number>> = {
  'ManagementToken.projects': MAX_PROJECTS_PER_TOKEN,
  'OidcTrustPolicy.projects': MAX_PROJECTS_PER_TOKEN,
};

export interface CostSettings {
  /** Page size of a connection without `first`/`last`. */
  defaultPageSize: number;
  /** Largest page a connection serves (a larger `first` is refused when it runs; counted as this). */
  maxPageSize: number;
}

export interface OperationCost {
  /** Estimated nodes the operation may return, through every nested connection. */
  nodes: number;
  /** Top-level mutation fields (each alias counts). */
  mutationFields: number;
  /** Points charged: max(1, mutationFields + ceil(nodes / 100)). */
  points: number;
}

export function costPoints(nodes: number, mutationFields: number): number {
  return Math.max(1, mutationFields + Math.ceil(nodes / NODES_PER_POINT));
}

/** Fragments of a document by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * Top-level fields of a mutation operation, through inline fragments and fragment spreads (each
 * spread counts its fields again, as execution would run them). 0 for queries. Runs on documents
 * not validated yet, so it survives unknown or cyclic fragments.
 */
export function countMutationFields(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): number {
  if (operation.operation !== 'mutation') return 0;
  const memo = new Map<string, number>();
  const count = (selectionSet: SelectionSetNode, visiting: Set<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) total += selection.name.value === '__typename' ? 0 : 1;
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += count(selection.selectionSet, visiting);
      else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        let fields = memo.get(name);
        if (fields === undefined) {
          fields = count(fragment.selectionSet, new Set([...visiting, name]));
          memo.set(name, fields);
        }
        total += fields;
      }
    }
    return total;
  };
  return count(operation.selectionSet, new Set());
}

export interface FieldShape {
  /** Fields of the operation with its fragments expanded (each spread counts again); stops at the cap. */
  fields: number;
  /** Whether counting stopped at the cap (the operation has more fields than `fields`). */
  capped: boolean;
  /** The largest number of fields sharing one response path (e.g. `project` twice at the root). */
  repeats: number;
  /** That response path. */
  repeatedPath: string;
}

/**
 * The breadth of an operation once its fragments are expanded, and how often one response path
 * repeats. graphql-js compares every pair of fields that share a response path (its
 * OverlappingFieldsCanBeMerged rule), so many fields on one path cost quadratic time to
 * validate. Counting stops after `cap` fields, so an exponential fragment expansion costs at most
 * that much here.
 */
export function fieldShape(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>, cap: number): FieldShape {
  const perPath = new Map<string, number>();
  let fields = 0;
  let capped = false;
  const walk = (selectionSet: SelectionSetNode, path: string, visiting: ReadonlySet<string>): void => {
    for (const selection of selectionSet.selections) {
      if (capped) return;
      if (selection.kind === Kind.FIELD) {
        if (++fields > cap) {
          capped = true;
          return;
        }
        const responsePath = `${path}${path ? '.' : ''}${selection.alias?.value ?? selection.name.value}`;
        perPath.set(responsePath, (perPath.get(responsePath) ?? 0) + 1);
        if (selection.selectionSet) walk(selection.selectionSet, responsePath, visiting);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, path, visiting);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // Unknown and cyclic spreads are validation errors; here they add nothing.
        if (fragment && !visiting.has(name)) walk(fragment.selectionSet, path, new Set([...visiting, name]));
      }
    }
  };
  walk(operation.selectionSet, '', new Set());
  let repeats = 0;
  let repeatedPath = '';
  for (const [path, count] of perPath) {
    if (count > repeats) [repeats, repeatedPath] = [count, path];
  }
  return { fields: Math.min(fields, cap + (capped ? 1 : 0)), capped, repeats, repeatedPath };
}

export function isConnectionType(type: GraphQLObjectType): boolean {
  return type.name.endsWith('Connection') && 'edges' in type.getFields();
}

function argumentNumber(field: FieldNode, name: string, variables: Record<string, unknown>): number | undefined {
  const argument = field.arguments?.find((arg) => arg.name.value === name);
  if (!argument) return undefined;
  const value = resolveValue(argument.value, variables);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function argumentListLength(field: FieldNode, name: string, variables: Record<string, unknown>): number | undefined {
  const argument = field.arguments?.find((arg) => arg.name.value === name);
  if (!argument) return undefined;
  if (argument.value.kind === Kind.LIST) return argument.value.values.length;
  const value = resolveValue(argument.value, variables);
  return Array.isArray(value) ? value.length : value == null ? undefined : 1;
}

function resolveValue(value: ValueNode, variables: Record<string, unknown>): unknown {
  if (value.kind === Kind.VARIABLE) return variables[value.name.value];
  if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
  if (value.kind === Kind.NULL) return null;
  return undefined;
}

/**
 * Estimated nodes of a validated operation. `variables` are the coerced variable values, defaults
 * filled in (see operationCost); a variable that is null or not a number counts as absent, i.e.
 * the default page size.
 */
export function estimateNodes(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  settings: CostSettings,
): number {
  const memo = new Map<string, number>();

  const pageSize = (field: FieldNode): number => {
    const requested = argumentNumber(field, 'first', variables) ?? argumentNumber(field, 'last', variables);
    if (requested === undefined) return settings.defaultPageSize;
    return Math.min(Math.max(0, requested), settings.maxPageSize);
  };

  // Nodes below one instance of `parent` reached through `selectionSet` (linear in the multiplier,
  // so a fragment's count is computed once and scaled).
  const nodesOf = (parent: GraphQLCompositeType, selectionSet: SelectionSetNode): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldNodes(parent, selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        const type = typeName ? schema.getType(typeName) : parent;
        total += nodesOf((type ?? parent) as GraphQLCompositeType, selection.selectionSet);
      } else {
        const name = selection.name.value;
        let nodes = memo.get(name);
        if (nodes === undefined) {
          const fragment = fragments.get(name);
          const type = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
          nodes = fragment && type ? nodesOf(type as GraphQLCompositeType, fragment.selectionSet) : 0;
          memo.set(name, nodes);
        }
        total += nodes;
      }
    }
    return total;
  };

  const fieldNodes = (parent: GraphQLCompositeType, field: FieldNode): number => {
    // A union has no fields of its own: its members are reached through inline fragments.
    if (!field.selectionSet || !('getFields' in parent)) return 0;
    const definition = parent.getFields()[field.name.value];
    if (!definition) return 0;
    const type = getNamedType(definition.type) as GraphQLCompositeType;
    const below = nodesOf(type, field.selectionSet);
    if (isObjectType(type) && isConnectionType(type)) {
      const size = pageSize(field);
      return size + size * below;
    }
    // nodes(ids:) returns one object per id.
    if (field.name.value === 'nodes' && parent === schema.getQueryType()) {
      const ids = argumentListLength(field, 'ids', variables) ?? 1;
      return ids + ids * below;
    }
    // A plain list of objects (a connection's `edges` are its page, counted above).
    if (below > 0 && isListType(getNullableType(definition.type)) && !(isObjectType(parent) && isConnectionType(parent))) {
      return (LIST_BOUNDS[`${parent.name}.${field.name.value}`] ?? settings.maxPageSize) * below;
    }
    return below;
  };

  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root || operation.operation === 'subscription') return 0;
  return nodesOf(root, operation.selectionSet);
}

/**
 * The cost of the operation `operationName` of a validated document, priced with its variables as
 * execution will see them: coerced, each missing one given its definition's default (so that
 * `query ($n: Int = 100) { … apiKeys(first: $n) … }` counts 100, not the default page).
 * `undefined` when the document has no such operation; `{ errors }` when the variables do not
 * coerce (execution refuses them with the same errors, and nothing runs).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Readonly<Record<string, unknown>> | null | undefined,
  settings: CostSettings,
): OperationCost | { errors: readonly GraphQLError[] } | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {}, { maxErrors: 1 });
  if (variables.errors) return { errors: variables.errors };
  const fragments = fragmentsOf(document);
  const nodes = estimateNodes(schema, operation, fragments, variables.coerced, settings);
  const mutationFields = countMutationFields(operation, fragments);
  return { nodes, mutationFields, points: costPoints(nodes, mutationFields) };
}
