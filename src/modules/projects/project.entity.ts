// A project of a workspace; its API keys and webhooks hang off it.
import { defineEntity, p } from '@mikro-orm/core';
import { createdAt, ownedByWorkspace, primaryId, updatedAt } from '../common/index.js';

export const PROJECT_TYPES = ['DEVELOPMENT', 'PRODUCTION'] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];

export const ProjectSchema = defineEntity({
  name: 'Project',
  tableName: 'project',
  properties: {
    id: primaryId(),
    workspace: ownedByWorkspace,
    name: p.text(),
    type: p.enum(PROJECT_TYPES),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  uniques: [{ properties: ['workspace', 'name'] }],
  indexes: [{ properties: ['workspace', 'id'] }],
});

export class Project extends ProjectSchema.class {}
ProjectSchema.setClass(Project);

/** What GraphQL shows of a project: a Project entity is one, and so is a read-only row of a list. */
export type ProjectView = Pick<Project, 'id' | 'name' | 'type' | 'createdAt' | 'updatedAt'>;
export const PROJECT_VIEW_FIELDS = ['id', 'name', 'type', 'createdAt', 'updatedAt'] as const satisfies readonly (keyof ProjectView)[];
