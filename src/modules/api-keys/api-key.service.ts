// The rules of API keys: create, list, roll (with a grace period), deactivate, activate, delete,
// and verify a presented value for the project's own back ends in one indexed lookup.
import type { ObjectQuery } from '@mikro-orm/core';
import { z } from 'zod';
import type { Em } from '../../db/em.js';
import type { UsageRecorder } from '../../db/usage-recorder.js';
import { conflict, limitExceeded, notFound, parseInput } from '../../lib/errors.js';
import { loadById } from '../../db/batch.js';
import { paginateWithin, type Page, type PageArgs } from '../../db/pagination.js';
import { displayPrefix, generateSecret, hasValidChecksum, hashSecret } from '../../lib/secrets.js';
import { encodeId, newId } from '../../lib/ids.js';
import { GRACE_PERIODS, nameSchema, type GracePeriod } from '../../lib/validation.js';
import { recordChange, type Actor, type Action } from '../activity/index.js';
import type { ProjectService } from '../projects/index.js';
import { Workspace, findInWorkspace, getInWorkspace, inWorkspace } from '../common/index.js';
import { API_KEY_KINDS, API_KEY_VIEW_FIELDS, ApiKey, type ApiKeyKind, type ApiKeyView } from './api-key.entity.js';

export const API_KEY_PREFIXES: Record<ApiKeyKind, string> = { PUBLIC: 'pk_', SECRET: 'sk_' };

export const API_KEY_STATUSES = ['ACTIVE', 'DEACTIVATED', 'EXPIRED'] as const;
export type ApiKeyStatus = (typeof API_KEY_STATUSES)[number];

export const API_KEY_INVALID_REASONS = ['MALFORMED', 'UNKNOWN', 'EXPIRED', 'DELETED', 'DEACTIVATED'] as const;
export type ApiKeyInvalidReason = (typeof API_KEY_INVALID_REASONS)[number];

export type Verification = { valid: true; apiKey: ApiKey } | { valid: false; reason: ApiKeyInvalidReason; apiKey: ApiKey | null };

export interface IssuedApiKey {
  apiKey: ApiKey;
  /** The full value: returned once (for SECRET keys, never again). */
  secret: string;
}

export function apiKeyStatus(key: Pick<ApiKey, 'expiresAt' | 'deactivatedAt'>, now = new Date()): ApiKeyStatus {
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return 'EXPIRED';
  if (key.deactivatedAt) return 'DEACTIVATED';
  return 'ACTIVE';
}

const createSchema = z.object({ kind: z.enum(API_KEY_KINDS), name: nameSchema.nullish() });

export class ApiKeyService {
  constructor(
    private readonly settings: { maxPageSize: number; /** MAX_API_KEYS_PER_PROJECT */ maxApiKeysPerProject: number },
    private readonly projects: ProjectService,
  ) {}

  async create(em: Em, actor: Actor, projectId: string, input: { kind: ApiKeyKind; name?: string | null }): Promise<IssuedApiKey> {
    const data = parseInput(createSchema, input);
    return em.transactional(async (tem) => {
      const project = await this.projects.lockForQuota(tem, actor.workspaceId, projectId);
      await this.assertRoomForKeys(tem, project.id, 1);
      const issued = this.issue(tem, actor.workspaceId, project.id, data.kind, data.name ?? null);
      this.record(tem, actor, 'api_key.created', issued.apiKey);
      await tem.flush();
      return issued;
    });
  }

  /**
   * LIMIT_EXCEEDED unless the project can take `added` more live keys (not deleted, not expired;
   * a deactivated key counts, since it can be activated again). Call with the project locked.
   */
  private async assertRoomForKeys(em: Em, projectId: string, added: number, now = new Date()): Promise<void> {
    if (added <= 0) return;
    const max = this.settings.maxApiKeysPerProject;
    const live = await em.count(ApiKey, { project: projectId, deletedAt: null, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] });
    if (live + added > max) {
      throw limitExceeded(
        `This project already has ${live} live API keys, its maximum is ${max} (MAX_API_KEYS_PER_PROJECT); delete one first.`,
        max,
      );
    }
  }

  /**
   * A page of a project's keys (not deleted; expired ones only when asked), as read-only rows;
   * the pages of the projects of one request level are read together.
   */
  list(
    em: Em,
    workspaceId: string,
    projectId: string,
    filter: { kind?: ApiKeyKind | null | undefined; includeExpired?: boolean | null | undefined },
    page: PageArgs,
  ): Promise<Page<ApiKeyView>> {
    return paginateWithin<ApiKey, ApiKeyView>(em, ApiKey, projectId, page, {
      list: 'apiKeys',
      maxPageSize: this.settings.maxPageSize,
      fields: API_KEY_VIEW_FIELDS,
      parent: 'project',
      key: JSON.stringify([workspaceId, filter.kind ?? null, filter.includeExpired ?? false]),
      where: () => {
        const where: ObjectQuery<ApiKey> = { ...inWorkspace(workspaceId), deletedAt: null };
        if (filter.kind) where.kind = filter.kind;
        if (!filter.includeExpired) where.$or = [{ expiresAt: null }, { expiresAt: { $gt: new Date() } }];
        return where;
      },
    });
  }

  /** A key that is not deleted, in this workspace; null otherwise. */
  find(em: Em, workspaceId: string, id: string): Promise<ApiKey | null> {
    return findInWorkspace(em, ApiKey, workspaceId, id, { deletedAt: null });
  }

  /** As `find`, batched with the other lookups of the same tick (nested fields, `nodes`). */
  load(em: Em, workspaceId: string, id: string): Promise<ApiKey | null> {
    return loadById(
      em,
      ApiKey,
      {
        key: workspaceId,
        where: { ...inWorkspace(workspaceId), deletedAt: null },
        belongs: (key) => key.workspace.id === workspaceId && !key.deletedAt,
      },
      id,
    );
  }

  async get(em: Em, workspaceId: string, id: string): Promise<ApiKey> {
    return getInWorkspace(em, ApiKey, 'ApiKey', workspaceId, id, { deletedAt: null });
  }

  /**
   * Issues a successor with a new value; the rolled key stops at once or after the grace period
   * (its expiresAt). A key can be rolled once: roll its successor next time.
   */
  async roll(
    em: Em,
    actor: Actor,
    id: string,
    grace: GracePeriod = 'NONE',
    now = new Date(),
  ): Promise<IssuedApiKey & { previous: ApiKey }> {
    const found = await this.get(em, actor.workspaceId, id);
    return em.transactional(async (tem) => {
      await this.projects.lockForQuota(tem, actor.workspaceId, found.project.id);
      // Read again under the lock: the key may have been deleted (or rolled) since `get`.
      const previous = await tem.findOne(ApiKey, { ...inWorkspace(actor.workspaceId), id: found.id, deletedAt: null }, { refresh: true });
      if (!previous) throw notFound('ApiKey', found.id);
      if (previous.expiresAt) {
        throw conflict(
          apiKeyStatus(previous, now) === 'EXPIRED'
            ? 'An expired API key cannot be rolled.'
            : 'This API key was already rolled; roll its successor instead.',
        );
      }
      // With a grace period the rolled key stays live beside its successor: one key more.
      if (GRACE_PERIODS[grace] > 0) await this.assertRoomForKeys(tem, previous.project.id, 1, now);
      previous.expiresAt = new Date(now.getTime() + GRACE_PERIODS[grace]);
      const issued = this.issue(tem, actor.workspaceId, previous.project.id, previous.kind, previous.name ?? null, previous);
      this.record(tem, actor, 'api_key.rolled', previous, {
        successorId: encodeId('ApiKey', issued.apiKey.id),
        gracePeriod: grace,
        expiresAt: previous.expiresAt.toISOString(),
      });
      await tem.flush();
      return { ...issued, previous };
    });
  }

  async deactivate(em: Em, actor: Actor, id: string, now = new Date()): Promise<ApiKey> {
    const key = await this.get(em, actor.workspaceId, id);
    if (!key.deactivatedAt) {
      key.deactivatedAt = now;
      this.record(em, actor, 'api_key.deactivated', key);
      await em.flush();
    }
    return key;
  }

  async activate(em: Em, actor: Actor, id: string): Promise<ApiKey> {
    const key = await this.get(em, actor.workspaceId, id);
    if (key.deactivatedAt) {
      key.deactivatedAt = null;
      this.record(em, actor, 'api_key.activated', key);
      await em.flush();
    }
    return key;
  }

  /** Stops the key at once. The row stays as a tombstone (verification answers DELETED). */
  async delete(em: Em, actor: Actor, id: string, now = new Date()): Promise<ApiKey> {
    const key = await this.get(em, actor.workspaceId, id);
    key.deletedAt = now;
    key.publicValue = null;
    this.record(em, actor, 'api_key.deleted', key);
    await em.flush();
    return key;
  }

  /**
   * Checks a presented `pk_…`/`sk_…` value: the checksum without I/O, then one indexed lookup.
   * A key of another workspace answers UNKNOWN, as if it did not exist.
   */
  async verify(em: Em, workspaceId: string, value: string, usage: UsageRecorder, now = new Date()): Promise<Verification> {
    const kind = API_KEY_KINDS.find((k) => value.startsWith(API_KEY_PREFIXES[k]));
    if (!kind || !hasValidChecksum(value, API_KEY_PREFIXES[kind])) return { valid: false, reason: 'MALFORMED', apiKey: null };
    const key = await em.findOne(ApiKey, { secretHash: hashSecret(value) });
    if (!key || key.workspace.id !== workspaceId) return { valid: false, reason: 'UNKNOWN', apiKey: null };
    if (key.deletedAt) return { valid: false, reason: 'DELETED', apiKey: null };
    const status = apiKeyStatus(key, now);
    if (status !== 'ACTIVE') return { valid: false, reason: status, apiKey: key };
    usage.record(key.id);
    return { valid: true, apiKey: key };
  }

  private record(em: Em, actor: Actor, action: Action, key: ApiKey, summary: Record<string, unknown> = {}) {
    recordChange(em, actor, {
      action,
      target: { type: 'ApiKey', id: key.id },
      projectId: key.project.id,
      data: {
        id: encodeId('ApiKey', key.id),
        projectId: encodeId('Project', key.project.id),
        kind: key.kind,
        name: key.name ?? null,
        prefix: key.prefix,
        expiresAt: key.expiresAt?.toISOString() ?? null,
      },
      summary: { kind: key.kind, prefix: key.prefix, ...summary },
    });
  }

  private issue(em: Em, workspaceId: string, projectId: string, kind: ApiKeyKind, name: string | null, rolledFrom?: ApiKey): IssuedApiKey {
    const prefix = API_KEY_PREFIXES[kind];
    const secret = generateSecret(prefix);
    const apiKey = em.create(ApiKey, {
      id: newId(),
      workspace: em.getReference(Workspace, workspaceId),
      project: projectId,
      kind,
      name,
      prefix: displayPrefix(secret, prefix),
      secretHash: hashSecret(secret),
      publicValue: kind === 'PUBLIC' ? secret : null,
      rolledFrom: rolledFrom ?? null,
    });
    return { apiKey, secret };
  }
}
