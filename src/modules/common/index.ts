// The data model's shared base: the tenant (Workspace) every row belongs to and the workspace-scoped lookup.
export * from './workspace.entity.js';
export * from './workspace-scope.js';
export * from './base-properties.js';
