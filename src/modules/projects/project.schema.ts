// Projects over GraphQL: projects:read to see them, projects:write to change them.
import { workspaceOf } from '../../context.js';
import { builder, permissionOrGrant } from '../../graphql/builder.js';
import { idOf } from '../../graphql/node-ids.js';
import { connectionTypeOptions, edgeTypeOptions, connectionOf } from '../../graphql/pagination.js';
import { encodeId } from '../../lib/ids.js';
import { PROJECT_TYPES, type Project, type ProjectType, type ProjectView } from './project.entity.js';

/** Granted by fields that return a project its caller may see without projects:read. */
export const GRANT_READ_PROJECT = 'readProject';

const ProjectTypeEnum = builder.enumType('ProjectType', {
  values: Object.fromEntries(PROJECT_TYPES.map((type) => [type, { value: type }])) as Record<ProjectType, { value: ProjectType }>,
});

export const ProjectRef = builder.node(builder.objectRef<ProjectView>('Project'), {
  // projects:read, or granted by a mutation payload (a projects:write token sees what it wrote).
  authScopes: permissionOrGrant('projects:read', GRANT_READ_PROJECT),
  id: { resolve: (project) => project.id },
  loadOne: (id, context) => context.services.projects.load(context.em, workspaceOf(context), id),
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.field({ type: ProjectTypeEnum, resolve: (project) => project.type }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const projectId = (globalId: string) => idOf('Project', globalId);

builder.queryFields((t) => ({
  projects: t.connection(
    {
      nullable: true,
      type: ProjectRef,
      description: "The workspace's projects, newest first.",
      authScopes: { permission: 'projects:read' },
      args: { type: t.arg({ type: ProjectTypeEnum, required: false }) },
      resolve: (_root, args, context) =>
        context.services.projects.list(context.em, workspaceOf(context), { type: args.type }, args).then(connectionOf),
    },
    connectionTypeOptions('Project'),
    edgeTypeOptions('Project'),
  ),
  project: t.field({
    nullable: true,
    type: ProjectRef,
    authScopes: { permission: 'projects:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => context.services.projects.getView(context.em, workspaceOf(context), projectId(String(args.id))),
  }),
}));

const CreateProjectInput = builder.inputType('CreateProjectInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique in the workspace; 1–100 characters.' }),
    type: t.field({ type: ProjectTypeEnum, required: true }),
  }),
});

const UpdateProjectInput = builder.inputType('UpdateProjectInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string({ required: false }),
    type: t.field({ type: ProjectTypeEnum, required: false }),
  }),
});

const ProjectPayload = builder.objectRef<{ project: Project }>('ProjectPayload').implement({
  fields: (t) => ({ project: t.field({ type: ProjectRef, grantScopes: [GRANT_READ_PROJECT], resolve: (payload) => payload.project }) }),
});

const DeleteProjectPayload = builder.objectRef<{ deletedProjectId: string }>('DeleteProjectPayload').implement({
  fields: (t) => ({ deletedProjectId: t.exposeID('deletedProjectId') }),
});

builder.mutationFields((t) => ({
  createProject: t.field({
    nullable: true,
    type: ProjectPayload,
    authScopes: { permission: 'projects:write' },
    args: { input: t.arg({ type: CreateProjectInput, required: true }) },
    resolve: async (_root, { input }, context) => ({
      project: await context.services.projects.create(context.em, context.principal, input),
    }),
  }),
  updateProject: t.field({
    nullable: true,
    type: ProjectPayload,
    authScopes: { permission: 'projects:write' },
    args: { input: t.arg({ type: UpdateProjectInput, required: true }) },
    resolve: async (_root, { input }, context) => ({
      project: await context.services.projects.update(context.em, context.principal, projectId(String(input.id)), input),
    }),
  }),
  deleteProject: t.field({
    nullable: true,
    type: DeleteProjectPayload,
    authScopes: { permission: 'projects:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const project = await context.services.projects.delete(context.em, context.principal, projectId(String(args.id)));
      return { deletedProjectId: encodeId('Project', project.id) };
    },
  }),
}));
