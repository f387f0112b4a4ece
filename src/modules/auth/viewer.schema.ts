// `viewer`: who the calling token is, in which workspace, with which effective permissions.
import { builder } from '../../graphql/builder.js';
import { GRANT_READ_TOKEN, ManagementTokenRef, PermissionEnum } from '../tokens/token.schema.js';
import { tokenEntity, type ManagementToken, type Permission } from '../tokens/index.js';
import { WorkspaceRef } from '../workspaces/workspace.schema.js';

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
      token: tokenEntity(context.em, context.principal.token),
      permissions: [...context.principal.permissions],
    }),
  }),
);
