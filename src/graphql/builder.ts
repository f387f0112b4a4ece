// The Pothos SchemaBuilder and its plugins; it defines no types. Authorisation is declared on
// fields with `authScopes: { permission: '…' }` and answered by the principal's permission set
// (and, for the changes a token may always make to itself, by `ownToken`: see permissionOrSelf).
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { Context } from '../context.js';
import { decodeId, encodeId, type NodeTypeName } from '../lib/ids.js';
import type { Permission } from '../modules/tokens/index.js';
import { gatewayError } from './errors.js';
import { badUserInput, forbidden, notFound } from '../lib/errors.js';

/** Most ids one `nodes` call resolves. */
const MAX_NODES = 100;

/**
 * Types whose ids clients see (`evt_…` as the webhook-id header, `aud_…` in the audit log) but
 * that are not Relay nodes: `node(id:)` answers NOT_FOUND for them and `nodes` null, as for any
 * id it cannot resolve, instead of "has not been implemented".
 */
const NOT_NODE_TYPES: ReadonlySet<string> = new Set<NodeTypeName>(['Event', 'AuditEvent']);

/** Whether a scope check failed on `ownToken` (the field also admits the calling token itself). */
function admitsOwnToken(failure: AuthFailure): boolean {
  switch (failure.kind) {
    case AuthScopeFailureType.AuthScope:
      return failure.scope === 'ownToken';
    case AuthScopeFailureType.AllAuthScopes:
    case AuthScopeFailureType.AnyAuthScopes:
      return failure.failures.some(admitsOwnToken);
    default:
      return false;
  }
}

/** The permissions whose absence failed a scope check (for the error message). */
function missingPermissions(failure: AuthFailure): string[] {
  switch (failure.kind) {
    case AuthScopeFailureType.AuthScope:
      // `ownToken` is no permission: a caller lacking it lacks the permission beside it.
      return failure.scope === 'permission' ? [String(failure.parameter)] : [];
    case AuthScopeFailureType.AllAuthScopes:
    case AuthScopeFailureType.AnyAuthScopes:
      return failure.failures.flatMap(missingPermissions);
    default:
      return [];
  }
}

export const builder = new SchemaBuilder<{
  Context: Context;
  /** `ownToken`: the row id of the calling token (a change any token may make to itself). */
  AuthScopes: { permission: Permission; ownToken: string };
  Scalars: { DateTime: { Input: Date; Output: Date }; JSON: { Input: unknown; Output: unknown } };
  DefaultFieldNullability: false;
}>({
  plugins: [RelayPlugin, ScopeAuthPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    encodeGlobalID: (typename, id) => encodeId(typename as NodeTypeName, String(id)),
    decodeGlobalID: (globalID) => {
      const decoded = decodeId(globalID);
      if (!decoded) throw gatewayError('NOT_FOUND', `${globalID} is not an id of this API.`, { id: globalID });
      return { typename: decoded.type, id: decoded.uuid };
    },
    nodesQueryOptions: {
      resolve: async (_root, args, _context, _info, resolveNodes) => {
        const { ids } = args;
        if (ids.length > MAX_NODES) throw badUserInput('ids', `at most ${MAX_NODES} ids per request.`);
        const resolvable = ids.filter((id) => !NOT_NODE_TYPES.has(id.typename));
        // Pothos 4's resolveNodes ignores its argument and reads `args.ids`: hand it the filtered list there.
        args.ids = resolvable;
        const nodes = await resolveNodes(resolvable);
        let next = 0;
        return ids.map((id) => (NOT_NODE_TYPES.has(id.typename) ? null : nodes[next++]));
      },
    },
    // An id that is not (or not visible) in the caller's workspace answers NOT_FOUND, as the direct fields do.
    nodeQueryOptions: {
      resolve: async (_root, { id }, _context, _info, resolveNode) => {
        if (NOT_NODE_TYPES.has(id.typename)) throw notFound(id.typename as NodeTypeName, id.id);
        const node = await resolveNode(id);
        if (node == null) throw notFound(id.typename as NodeTypeName, id.id);
        return node;
      },
    },
  },
  scopeAuth: {
    authScopes: (context) => ({
      permission: (permission) => context.principal.permissions.has(permission),
      ownToken: (tokenId) => tokenId === context.principal.token.id,
    }),
    unauthorizedError: (_parent, _context, info, result) => {
      const missing = missingPermissions(result.failure);
      const requiredPermission = missing.length === 1 ? missing[0] : missing;
      const unlessOwn = admitsOwnToken(result.failure) ? ", unless its id is the calling token's own" : '';
      return forbidden(
        missing.length > 0
          ? `${info.parentType.name}.${info.fieldName} requires the permission ${missing.join(' or ')}${unlessOwn}.`
          : `Not authorised to access ${info.parentType.name}.${info.fieldName}.`,
        { requiredPermission },
      );
    },
  },
});

/**
 * The authScopes of a node type: `permission`, or `grant` given by the field that returned the
 * object (a mutation payload shows what it wrote). Whether the caller holds the permission is
 * the same for every field of every object of a request, so it is answered first, as a boolean
 * that Pothos checks in O(1) per field; only a caller without it gets the scope map, whose
 * `$granted` depends on the field's path (and which names the missing permission when refused).
 */
export function permissionOrGrant(permission: Permission, grant: string) {
  const scopes = { $any: { permission, $granted: grant } };
  return (_parent: unknown, context: Context) => context.principal.permissions.has(permission) || scopes;
}

/**
 * The authScopes of a change any token may make to itself (deactivate, revoke): `permission`, or
 * an `id` argument that names the calling token. A caller with the permission is answered at
 * once; only one without it gets the scope map, whose `ownToken` compares the decoded id (an id
 * that is not a token's fails the check: FORBIDDEN, naming the permission, as before).
 */
export function permissionOrSelf(permission: Permission) {
  return (_parent: unknown, args: { id: string | number }, context: Context) => {
    if (context.principal.permissions.has(permission)) return true;
    const decoded = decodeId(String(args.id));
    return { $any: { permission, ownToken: decoded?.type === 'ManagementToken' ? decoded.uuid : '' } };
  };
}

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);
builder.queryType({});
builder.mutationType({});
