// The rules of projects: validated names and types, unique names per workspace, workspace isolation.
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import { z } from 'zod';
import type { Em } from '../../db/em.js';
import { conflictOnDuplicate } from '../../db/unique.js';
import { forbidden, limitExceeded, notFound, parseInput } from '../../lib/errors.js';
import { loadById } from '../../db/batch.js';
import { paginateRows, type Page, type PageArgs } from '../../db/pagination.js';
import { encodeId, isUuid, newId } from '../../lib/ids.js';
import { nameSchema } from '../../lib/validation.js';
import { changesOf, recordChange, type Actor, type Action } from '../activity/index.js';
import { Workspace, findInWorkspace, getInWorkspace, getRowInWorkspace, inWorkspace } from '../common/index.js';
import { Project, PROJECT_TYPES, PROJECT_VIEW_FIELDS, type ProjectType, type ProjectView } from './project.entity.js';

const typeSchema = z.enum(PROJECT_TYPES);

const DUPLICATE_NAME = 'A project with this name already exists in the workspace.';

const createSchema = z.object({ name: nameSchema, type: typeSchema });
const updateSchema = z.object({ name: nameSchema.nullish(), type: typeSchema.nullish() });

export interface ProjectSettings {
  maxPageSize: number;
  /** Most projects a workspace may have (MAX_PROJECTS_PER_WORKSPACE). */
  maxProjectsPerWorkspace: number;
}

export class ProjectService {
  /**
   * Called inside a creation's transaction once the quota was counted, before the insert (tests
   * pause a creation there to show that a concurrent one waits for the lock).
   */
  readonly hooks: { afterQuotaCount?: (() => Promise<void>) | undefined } = {};

  constructor(private readonly settings: ProjectSettings) {}

  async create(em: Em, actor: Actor, input: { name: string; type: ProjectType }): Promise<Project> {
    const data = parseInput(createSchema, input);
    if (actor.kind === 'token' && actor.token.projectIds) {
      throw forbidden('A token restricted to projects cannot create projects.', { restrictedToProjects: true });
    }
    return conflictOnDuplicate(
      () =>
        em.transactional(async (tem) => {
          // The workspace row is locked so that two concurrent creations cannot both pass the quota.
          const workspace = await tem.findOne(Workspace, actor.workspaceId, { lockMode: LockMode.PESSIMISTIC_WRITE });
          if (!workspace) throw notFound('Workspace', actor.workspaceId);
          const max = this.settings.maxProjectsPerWorkspace;
          const count = await tem.count(Project, { workspace: workspace.id });
          if (count >= max) {
            throw limitExceeded(
              `This workspace already has ${count} projects, its maximum (MAX_PROJECTS_PER_WORKSPACE); delete one first.`,
              max,
            );
          }
          await this.hooks.afterQuotaCount?.();
          const project = tem.create(Project, { id: newId(), workspace, ...data });
          this.record(tem, actor, 'project.created', project, { name: project.name, type: project.type });
          await tem.flush();
          return project;
        }),
      DUPLICATE_NAME,
    );
  }

  /**
   * The project, locked until the end of the caller's transaction (`em` must be inside one): what
   * serialises the per-project quotas of API keys and webhooks. NOT_FOUND like `get`.
   */
  async lockForQuota(em: Em, workspaceId: string, id: string): Promise<Project> {
    const project = await em.findOne(Project, { ...inWorkspace(workspaceId), id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!project) throw notFound('Project', id);
    return project;
  }

  /** A page of the workspace's projects, as read-only rows. */
  list(em: Em, workspaceId: string, filter: { type?: ProjectType | null | undefined }, page: PageArgs): Promise<Page<ProjectView>> {
    const where: FilterQuery<Project> = filter.type ? { ...inWorkspace(workspaceId), type: filter.type } : inWorkspace(workspaceId);
    return paginateRows<Project, ProjectView>(em, Project, where, page, {
      list: 'projects',
      maxPageSize: this.settings.maxPageSize,
      fields: PROJECT_VIEW_FIELDS,
    });
  }

  find(em: Em, workspaceId: string, id: string): Promise<Project | null> {
    return findInWorkspace(em, Project, workspaceId, id);
  }

  /** A project of this workspace by id, batched with the other lookups of the same tick (nested fields); null if none. */
  load(em: Em, workspaceId: string, id: string): Promise<Project | null> {
    return loadById(em, Project, this.scope(workspaceId), id);
  }

  /** As `load`, for a reference that must resolve (a key's or webhook's project): NOT_FOUND otherwise. */
  async loadExisting(em: Em, workspaceId: string, id: string): Promise<Project> {
    const project = await this.load(em, workspaceId, id);
    if (!project) throw notFound('Project', id);
    return project;
  }

  private scope(workspaceId: string) {
    return { key: workspaceId, where: inWorkspace(workspaceId), belongs: (project: Project) => project.workspace.id === workspaceId };
  }

  /** The visible projects among `ids`, in that order. */
  async findMany(em: Em, workspaceId: string, ids: readonly string[]): Promise<Project[]> {
    const found = await em.find(Project, { ...inWorkspace(workspaceId), id: { $in: [...ids] } });
    return ids.flatMap((id) => found.filter((project) => project.id === id));
  }

  /** By row id or by name (names are unique per workspace), for the CLI. */
  async getByIdOrName(em: Em, workspaceId: string, idOrName: string): Promise<Project> {
    const project = isUuid(idOrName)
      ? await this.find(em, workspaceId, idOrName)
      : await em.findOne(Project, { ...inWorkspace(workspaceId), name: idOrName });
    if (!project) throw notFound('Project', idOrName);
    return project;
  }

  async get(em: Em, workspaceId: string, id: string): Promise<Project> {
    return getInWorkspace(em, Project, 'Project', workspaceId, id);
  }

  /** As `get`, as a read-only row of what GraphQL shows (no entity): for reads. */
  getView(em: Em, workspaceId: string, id: string): Promise<ProjectView> {
    return getRowInWorkspace<Project, ProjectView>(em, Project, 'Project', workspaceId, id, PROJECT_VIEW_FIELDS);
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

  private record(em: Em, actor: Actor, action: Action, project: Project, summary: Record<string, unknown>) {
    recordChange(em, actor, {
      action,
      target: { type: 'Project', id: project.id },
      projectId: project.id,
      data: { id: encodeId('Project', project.id), name: project.name, type: project.type },
      summary,
    });
  }
}
