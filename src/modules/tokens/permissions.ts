// The permission catalog: the one list every other module imports.
// Tokens store what they were given (permissions and the coarse `read` / `write` scopes); scopes
// are expanded when a request is authorised, so a `read` token also gets a read permission added later.

export const PERMISSIONS = {
  'projects:read': 'view projects',
  'projects:write': 'create, edit, delete projects',
  'api_keys:read': 'view API keys (never a secret)',
  'api_keys:create': 'create and roll API keys',
  'api_keys:delete': 'delete API keys',
  'webhooks:read': 'view webhooks and their deliveries',
  'webhooks:write': 'create, edit, delete, rotate, test, retry webhooks',
  'tokens:read': 'view management tokens',
  'tokens:write': 'create, rename, rotate, deactivate, activate, revoke management tokens',
  'audit_log:read': 'read the audit log',
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export const SCOPES = {
  read: 'every `:read` permission',
  write: 'every other permission',
} as const;

export type Scope = keyof typeof SCOPES;
export const ALL_SCOPES = Object.keys(SCOPES) as Scope[];

/** A stored grant: a permission or a scope. */
export type Grant = Permission | Scope;

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}

export function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPES, value);
}

const isReadPermission = (permission: Permission) => permission.endsWith(':read');

export function permissionsOfScope(scope: Scope): Permission[] {
  return ALL_PERMISSIONS.filter((permission) => isReadPermission(permission) === (scope === 'read'));
}

/** Expands stored grants into the effective permission set; unknown entries are ignored. */
export function expandGrants(grants: readonly string[]): Set<Permission> {
  const expanded = new Set<Permission>();
  for (const grant of grants) {
    if (isScope(grant)) for (const permission of permissionsOfScope(grant)) expanded.add(permission);
    else if (isPermission(grant)) expanded.add(grant);
  }
  return expanded;
}

/**
 * The grants in `requested` that a holder of `held` may not pass on. A permission needs the
 * permission; a scope needs the scope itself, because a scope also covers permissions added later.
 */
export function grantsBeyond(held: readonly string[], requested: readonly Grant[]): Grant[] {
  const heldPermissions = expandGrants(held);
  return requested.filter((grant) => (isScope(grant) ? !held.includes(grant) : !heldPermissions.has(grant)));
}
