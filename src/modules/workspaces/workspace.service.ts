// Workspaces and their token policy. Only operators (the CLI) create workspaces and set policy;
// a token reads its own workspace through `viewer`.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { z } from 'zod';
import type { Em } from '../../db/orm.js';
import { conflict, notFound, parseInput } from '../../graphql/errors.js';
import { Workspace } from './workspace.entity.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface WorkspacePolicyInput {
  maxTokenLifetimeDays?: number | null | undefined;
  allowNeverExpiringTokens?: boolean | undefined;
  maxLiveTokens?: number | null | undefined;
}

const policySchema = z.object({
  maxTokenLifetimeDays: z.number().int().min(1, 'must be at least 1 day.').max(36_500).nullish(),
  allowNeverExpiringTokens: z.boolean().optional(),
  maxLiveTokens: z.number().int().min(1, 'must be at least 1.').max(100_000).nullish(),
});

export class WorkspaceService {
  async create(em: Em, name: string): Promise<Workspace> {
    const data = parseInput(z.object({ name: z.string().trim().min(1, 'must not be empty.').max(100) }), { name });
    const workspace = em.create(Workspace, { name: data.name });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw conflict(`A workspace named "${data.name}" already exists.`, { field: 'name' });
      throw error;
    }
    return workspace;
  }

  list(em: Em): Promise<Workspace[]> {
    return em.find(Workspace, {}, { orderBy: { createdAt: 'asc' } });
  }

  /** By id or by name. */
  async get(em: Em, idOrName: string): Promise<Workspace> {
    const workspace = UUID.test(idOrName) ? await em.findOne(Workspace, idOrName) : await em.findOne(Workspace, { name: idOrName });
    if (!workspace) throw notFound('Workspace', idOrName);
    return workspace;
  }

  async setPolicy(em: Em, idOrName: string, input: WorkspacePolicyInput): Promise<Workspace> {
    const data = parseInput(policySchema, input);
    const workspace = await this.get(em, idOrName);
    if (data.maxTokenLifetimeDays !== undefined) workspace.maxTokenLifetimeDays = data.maxTokenLifetimeDays;
    if (data.allowNeverExpiringTokens !== undefined) workspace.allowNeverExpiringTokens = data.allowNeverExpiringTokens;
    if (data.maxLiveTokens !== undefined) workspace.maxLiveTokens = data.maxLiveTokens;
    await em.flush();
    return workspace;
  }
}
