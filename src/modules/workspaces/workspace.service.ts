// Workspaces and their token policy. Only operators (the CLI) create workspaces and set policy;
// a token reads its own workspace through `viewer`.
import { z } from 'zod';
import type { Em } from '../../db/em.js';
import { conflictOnDuplicate } from '../../db/unique.js';
import { notFound, parseInput } from '../../lib/errors.js';
import { Workspace } from '../common/index.js';
import { isUuid, newId } from '../../lib/ids.js';
import { nameSchema } from '../../lib/validation.js';
import { changesOf, recordChange, cliActor } from '../activity/index.js';

export interface WorkspacePolicyInput {
  maxTokenLifetimeDays?: number | null | undefined;
  allowNeverExpiringTokens?: boolean | undefined;
  maxLiveTokens?: number | null | undefined;
  revokeUnusedAfterDays?: number | null | undefined;
}

const policySchema = z.object({
  maxTokenLifetimeDays: z.number().int().min(1, 'must be at least 1 day.').max(36_500).nullish(),
  allowNeverExpiringTokens: z.boolean().optional(),
  maxLiveTokens: z.number().int().min(1, 'must be at least 1.').max(100_000).nullish(),
  revokeUnusedAfterDays: z.number().int().min(1, 'must be at least 1 day.').max(36_500).nullish(),
});

export class WorkspaceService {
  async create(em: Em, name: string): Promise<Workspace> {
    const data = parseInput(z.object({ name: nameSchema }), { name });
    const workspace = em.create(Workspace, { id: newId(), name: data.name });
    recordChange(em, cliActor(workspace.id), {
      action: 'workspace.created',
      target: { type: 'Workspace', id: workspace.id },
      summary: { name: data.name },
    });
    await conflictOnDuplicate(() => em.flush(), `A workspace named "${data.name}" already exists.`);
    return workspace;
  }

  list(em: Em): Promise<Workspace[]> {
    return em.find(Workspace, {}, { orderBy: { createdAt: 'asc' } });
  }

  /** By id or by name. */
  async get(em: Em, idOrName: string): Promise<Workspace> {
    const workspace = isUuid(idOrName) ? await em.findOne(Workspace, idOrName) : await em.findOne(Workspace, { name: idOrName });
    if (!workspace) throw notFound('Workspace', idOrName);
    return workspace;
  }

  async setPolicy(em: Em, idOrName: string, input: WorkspacePolicyInput): Promise<Workspace> {
    const data = parseInput(policySchema, input);
    const workspace = await this.get(em, idOrName);
    const changes = changesOf(workspace, data);
    if (data.maxTokenLifetimeDays !== undefined) workspace.maxTokenLifetimeDays = data.maxTokenLifetimeDays;
    if (data.allowNeverExpiringTokens !== undefined) workspace.allowNeverExpiringTokens = data.allowNeverExpiringTokens;
    if (data.maxLiveTokens !== undefined) workspace.maxLiveTokens = data.maxLiveTokens;
    if (data.revokeUnusedAfterDays !== undefined) workspace.revokeUnusedAfterDays = data.revokeUnusedAfterDays;
    if (Object.keys(changes).length > 0) {
      recordChange(em, cliActor(workspace.id), {
        action: 'workspace.policy_updated',
        target: { type: 'Workspace', id: workspace.id },
        summary: changes,
      });
    }
    await em.flush();
    return workspace;
  }
}
