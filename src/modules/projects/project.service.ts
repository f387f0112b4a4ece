// The rules of projects: validated names and types, unique names per workspace, workspace isolation.
import type { FilterQuery } from '@mikro-orm/core';
import { z } from 'zod';
import type { Em } from '../../db/orm.js';
import { conflictOnDuplicate } from '../../db/unique.js';
import { notFound, parseInput } from '../../graphql/errors.js';
import { paginate, type Page, type PageArgs } from '../../graphql/pagination.js';
import { nameSchema } from '../../lib/validation.js';
import { Workspace } from '../workspaces/workspace.entity.js';
import { Project, PROJECT_TYPES, type ProjectType } from './project.entity.js';

const typeSchema = z.enum(PROJECT_TYPES);

const createSchema = z.object({ name: nameSchema, type: typeSchema });
const updateSchema = z.object({ name: nameSchema.nullish(), type: typeSchema.nullish() });

export class ProjectService {
  constructor(private readonly settings: { maxPageSize: number }) {}

  async create(em: Em, workspaceId: string, input: { name: string; type: ProjectType }): Promise<Project> {
    const data = parseInput(createSchema, input);
    const project = em.create(Project, { workspace: em.getReference(Workspace, workspaceId), ...data });
    await conflictOnDuplicate(() => em.flush(), 'A project with this name already exists in the workspace.');
    return project;
  }

  list(em: Em, workspaceId: string, filter: { type?: ProjectType | null | undefined }, page: PageArgs): Promise<Page<Project>> {
    const where: FilterQuery<Project> = filter.type ? { workspace: workspaceId, type: filter.type } : { workspace: workspaceId };
    return paginate(em, Project, where, page, { list: 'projects', maxPageSize: this.settings.maxPageSize });
  }

  find(em: Em, workspaceId: string, id: string): Promise<Project | null> {
    return em.findOne(Project, { id, workspace: workspaceId });
  }

  async get(em: Em, workspaceId: string, id: string): Promise<Project> {
    const project = await this.find(em, workspaceId, id);
    if (!project) throw notFound('Project', id);
    return project;
  }

  async update(em: Em, workspaceId: string, id: string, input: { name?: string | null; type?: ProjectType | null }): Promise<Project> {
    const data = parseInput(updateSchema, input);
    const project = await this.get(em, workspaceId, id);
    if (data.name != null) project.name = data.name;
    if (data.type != null) project.type = data.type;
    await conflictOnDuplicate(() => em.flush(), 'A project with this name already exists in the workspace.');
    return project;
  }

  async delete(em: Em, workspaceId: string, id: string): Promise<Project> {
    const project = await this.get(em, workspaceId, id);
    await em.remove(project).flush();
    return project;
  }
}
