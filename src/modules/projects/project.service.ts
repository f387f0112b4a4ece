// The rules of projects: validated names and types, unique names per workspace, workspace isolation.
import type { FilterQuery } from '@mikro-orm/core';
import { z } from 'zod';
import type { Em } from '../../db/orm.js';
import { conflictOnDuplicate } from '../../db/unique.js';
import { forbidden, notFound, parseInput } from '../../graphql/errors.js';
import { paginate, type Page, type PageArgs } from '../../graphql/pagination.js';
import { encodeId, isUuid, newId } from '../../lib/ids.js';
import { nameSchema } from '../../lib/validation.js';
import { changesOf } from '../audit/changes.js';
import { recordChange } from '../events/activity.js';
import type { Actor } from '../tokens/principal.js';
import { Workspace } from '../workspaces/workspace.entity.js';
import { Project, PROJECT_TYPES, type ProjectType } from './project.entity.js';

const typeSchema = z.enum(PROJECT_TYPES);

const DUPLICATE_NAME = 'A project with this name already exists in the workspace.';

const createSchema = z.object({ name: nameSchema, type: typeSchema });
const updateSchema = z.object({ name: nameSchema.nullish(), type: typeSchema.nullish() });

export class ProjectService {
  constructor(private readonly settings: { maxPageSize: number }) {}

  async create(em: Em, actor: Actor, input: { name: string; type: ProjectType }): Promise<Project> {
    const data = parseInput(createSchema, input);
    if (actor.kind === 'token' && actor.projectIds) {
      throw forbidden('A token restricted to projects cannot create projects.', { restrictedToProjects: true });
    }
    const project = em.create(Project, { id: newId(), workspace: em.getReference(Workspace, actor.workspaceId), ...data });
    this.record(em, actor, 'project.created', project, { name: project.name, type: project.type });
    await conflictOnDuplicate(() => em.flush(), DUPLICATE_NAME);
    return project;
  }

  list(em: Em, workspaceId: string, filter: { type?: ProjectType | null | undefined }, page: PageArgs): Promise<Page<Project>> {
    const where: FilterQuery<Project> = filter.type ? { workspace: workspaceId, type: filter.type } : { workspace: workspaceId };
    return paginate(em, Project, where, page, { list: 'projects', maxPageSize: this.settings.maxPageSize });
  }

  find(em: Em, workspaceId: string, id: string): Promise<Project | null> {
    return em.findOne(Project, { id, workspace: workspaceId });
  }

  /** The visible projects among `ids`, in that order. */
  async findMany(em: Em, workspaceId: string, ids: readonly string[]): Promise<Project[]> {
    const found = await em.find(Project, { workspace: workspaceId, id: { $in: [...ids] } });
    return ids.flatMap((id) => found.filter((project) => project.id === id));
  }

  /** By row id or by name (names are unique per workspace), for the CLI. */
  async getByIdOrName(em: Em, workspaceId: string, idOrName: string): Promise<Project> {
    const project = isUuid(idOrName)
      ? await this.find(em, workspaceId, idOrName)
      : await em.findOne(Project, { workspace: workspaceId, name: idOrName });
    if (!project) throw notFound('Project', idOrName);
    return project;
  }

  async get(em: Em, workspaceId: string, id: string): Promise<Project> {
    const project = await this.find(em, workspaceId, id);
    if (!project) throw notFound('Project', id);
    return project;
  }

  async update(em: Em, actor: Actor, id: string, input: { name?: string | null; type?: ProjectType | null }): Promise<Project> {
    const data = parseInput(updateSchema, input);
    const project = await this.get(em, actor.workspaceId, id);
    const changes = changesOf(project, { name: data.name ?? undefined, type: data.type ?? undefined });
    if (data.name != null) project.name = data.name;
    if (data.type != null) project.type = data.type;
    if (Object.keys(changes).length > 0) this.record(em, actor, 'project.updated', project, changes);
    await conflictOnDuplicate(() => em.flush(), DUPLICATE_NAME);
    return project;
  }

  /** Deletes the project with its API keys and webhooks (foreign-key cascade, one statement). */
  async delete(em: Em, actor: Actor, id: string): Promise<Project> {
    const project = await this.get(em, actor.workspaceId, id);
    this.record(em, actor, 'project.deleted', project, { name: project.name });
    await em.remove(project).flush();
    return project;
  }

  private record(em: Em, actor: Actor, action: string, project: Project, summary: Record<string, unknown>) {
    recordChange(em, actor, {
      action,
      target: { type: 'Project', id: project.id },
      projectId: project.id,
      data: { id: encodeId('Project', project.id), name: project.name, type: project.type },
      summary,
    });
  }
}
