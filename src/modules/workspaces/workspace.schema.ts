// Workspace, its token policy, and `viewer`: who the calling token is, in which workspace, with
// which effective permissions.
import { builder } from '../../graphql/builder.js';
import { Workspace } from './workspace.entity.js';
import { GRANT_READ_TOKEN, ManagementTokenRef, PermissionEnum } from '../tokens/token.schema.js';
import type { ManagementToken } from '../tokens/token.entity.js';
import { tokenEntity } from '../tokens/token-cache.js';
import type { Permission } from '../tokens/permissions.js';

const WorkspacePolicyRef = builder.objectRef<Workspace>('WorkspacePolicy').implement({
  description: "Limits an operator sets on the workspace's management tokens.",
  fields: (t) => ({
    maxTokenLifetimeDays: t.exposeInt('maxTokenLifetimeDays', {
      nullable: true,
      description: 'Longest lifetime a new token may get, in days; null = no maximum.',
    }),
    allowNeverExpiringTokens: t.exposeBoolean('allowNeverExpiringTokens'),
    revokeUnusedAfterDays: t.int({
      nullable: true,
      description: 'Tokens not used for this many days (never used: since creation) are revoked with reason UNUSED; null = off.',
      resolve: (workspace) => workspace.revokeUnusedAfterDays ?? null,
    }),
    maxLiveTokens: t.int({
      nullable: true,
      description: 'Live-token ceiling of this workspace; null = the deployment default.',
      resolve: (workspace) => workspace.maxLiveTokens,
    }),
  }),
});

export const WorkspaceRef = builder.node(Workspace, {
  name: 'Workspace',
  id: { resolve: (workspace) => workspace.id },
  // A token only ever sees its own workspace.
  loadOne: (id, context) => (id === context.principal.workspaceId ? context.services.workspaces.get(context.em, id) : null),
  fields: (t) => ({
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    policy: t.field({ type: WorkspacePolicyRef, resolve: (workspace) => workspace }),
  }),
});

interface Viewer {
  token: ManagementToken;
  permissions: Permission[];
}

const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  description: 'The token making the request.',
  fields: (t) => ({
    token: t.field({
      type: ManagementTokenRef,
      // A token may always see itself, with or without tokens:read.
      grantScopes: [GRANT_READ_TOKEN],
      resolve: (viewer) => viewer.token,
    }),
    workspace: t.field({
      type: WorkspaceRef,
      resolve: (_viewer, _args, context) => context.services.workspaces.get(context.em, context.principal.workspaceId),
    }),
    permissions: t.field({
      type: [PermissionEnum],
      description: "Effective permissions: the token's grants with scopes expanded.",
      resolve: (viewer) => viewer.permissions,
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    description: 'The calling token, its workspace and its effective permissions.',
    resolve: (_root, _args, context) => ({
      // The row the request path authenticated (from the token cache or its one lookup): no query.
      token: tokenEntity(context.em, context.principal.record),
      permissions: [...context.principal.permissions],
    }),
  }),
);
