// Workspace and its token policy over GraphQL; a token reads its own workspace (`viewer.workspace`).
import { builder } from '../../graphql/builder.js';
import { Workspace } from '../common/index.js';

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
