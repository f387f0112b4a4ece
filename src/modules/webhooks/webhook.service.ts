// The rules of webhook endpoints: safe targets, known event types, valid headers, and a signing
// secret (Standard Webhooks `whsec_…`) that is shown at creation and on rotation only.
import { randomBytes } from 'node:crypto';
import type { ObjectQuery } from '@mikro-orm/core';
import { z } from 'zod';
import type { Em } from '../../db/em.js';
import { badUserInput, limitExceeded, notFound, parseInput } from '../../lib/errors.js';
import { loadById } from '../../db/batch.js';
import { paginateWithin, type Page, type PageArgs } from '../../db/pagination.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { encodeId, newId } from '../../lib/ids.js';
import { descriptionSchema } from '../../lib/validation.js';
import { changesOf, recordChange, type Actor, isEventType, type Action } from '../activity/index.js';
import type { ProjectService } from '../projects/index.js';
import { Workspace, findInWorkspace, getInWorkspace, getRowInWorkspace, inWorkspace } from '../common/index.js';
import { checkWebhookHeaders, checkWebhookUrl, type TargetPolicy } from './webhook-target.js';
import { Webhook, WEBHOOK_VIEW_FIELDS, type SealedWebhookHeader, type WebhookHeader, type WebhookView } from './webhook.entity.js';

/** How long the previous signing secret keeps signing after a rotation. */
export const SECRET_ROTATION_GRACE_MS = 24 * 3_600_000;
const SECRET_BYTES = 32;

export interface WebhookInput {
  url?: string | null | undefined;
  description?: string | null | undefined;
  eventTypes?: readonly string[] | null | undefined;
  headers?: readonly WebhookHeader[] | null | undefined;
  enabled?: boolean | null | undefined;
}

export interface WebhookWithSecret {
  webhook: Webhook;
  /** The signing secret: returned here once. */
  secret: string;
}

const inputSchema = z.object({
  url: z.string().trim().nullish(),
  description: descriptionSchema,
  eventTypes: z
    .array(z.string().refine(isEventType, 'is not an event type of the catalog (see the webhookEventTypes query).'))
    .max(100)
    .nullish(),
  headers: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
  enabled: z.boolean().nullish(),
});

/**
 * What `WebhookHeader.value` shows in place of a sealed value. Sent back as a value in
 * updateWebhook, it keeps the stored value of that header, so a client that reads the headers and
 * writes them back (to add one, say) does not overwrite the others with the placeholder.
 */
export const SEALED_HEADER_VALUE = '(sealed)';

export function generateSigningSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`;
}

export class WebhookService {
  constructor(
    private readonly settings: { maxPageSize: number; target: TargetPolicy; /** MAX_WEBHOOKS_PER_PROJECT */ maxWebhooksPerProject: number },
    private readonly projects: ProjectService,
    private readonly secrets: () => SecretBox,
  ) {}

  async create(em: Em, actor: Actor, projectId: string, input: WebhookInput & { url: string }): Promise<WebhookWithSecret> {
    // Validated (DNS included) before the transaction, so that no lock is held across a lookup.
    const data = await this.validate(input);
    return em.transactional(async (tem) => {
      const project = await this.projects.lockForQuota(tem, actor.workspaceId, projectId);
      const max = this.settings.maxWebhooksPerProject;
      const count = await tem.count(Webhook, { project: project.id });
      if (count >= max) {
        throw limitExceeded(`This project already has ${count} webhooks, its maximum (MAX_WEBHOOKS_PER_PROJECT); delete one first.`, max);
      }
      const secret = generateSigningSecret();
      const webhook = tem.create(Webhook, {
        id: newId(),
        workspace: tem.getReference(Workspace, actor.workspaceId),
        project,
        url: data.url!,
        description: data.description || null,
        eventTypes: [...new Set(data.eventTypes ?? [])],
        headers: this.sealHeaders(data.headers ?? [], []),
        enabled: data.enabled ?? true,
        secretSealed: this.secrets().seal(secret),
      });
      this.record(tem, actor, 'webhook.created', webhook, { url: webhook.url, eventTypes: webhook.eventTypes });
      await tem.flush();
      return { webhook, secret };
    });
  }

  /** A page of a project's webhooks, as read-only rows; the pages of the projects of one request level are read together. */
  list(
    em: Em,
    workspaceId: string,
    projectId: string,
    filter: { enabled?: boolean | null | undefined },
    page: PageArgs,
  ): Promise<Page<WebhookView>> {
    return paginateWithin<Webhook, WebhookView>(em, Webhook, projectId, page, {
      list: 'webhooks',
      maxPageSize: this.settings.maxPageSize,
      fields: WEBHOOK_VIEW_FIELDS,
      parent: 'project',
      key: JSON.stringify([workspaceId, filter.enabled ?? null]),
      where: () => {
        const where: ObjectQuery<Webhook> = inWorkspace(workspaceId);
        if (filter.enabled != null) where.enabled = filter.enabled;
        return where;
      },
    });
  }

  find(em: Em, workspaceId: string, id: string): Promise<Webhook | null> {
    return findInWorkspace(em, Webhook, workspaceId, id);
  }

  /** As `find`, batched with the other lookups of the same tick (nested fields, `nodes`). */
  load(em: Em, workspaceId: string, id: string): Promise<Webhook | null> {
    return loadById(
      em,
      Webhook,
      { key: workspaceId, where: inWorkspace(workspaceId), belongs: (webhook) => webhook.workspace.id === workspaceId },
      id,
    );
  }

  /** As `load`, for a reference that must resolve (a delivery's webhook): NOT_FOUND otherwise. */
  async loadExisting(em: Em, workspaceId: string, id: string): Promise<Webhook> {
    const webhook = await this.load(em, workspaceId, id);
    if (!webhook) throw notFound('Webhook', id);
    return webhook;
  }

  async get(em: Em, workspaceId: string, id: string): Promise<Webhook> {
    return getInWorkspace(em, Webhook, 'Webhook', workspaceId, id);
  }

  /** As `get`, as a read-only row of what GraphQL shows (no entity, no sealed secret): for reads. */
  getView(em: Em, workspaceId: string, id: string): Promise<WebhookView> {
    return getRowInWorkspace<Webhook, WebhookView>(em, Webhook, 'Webhook', workspaceId, id, WEBHOOK_VIEW_FIELDS);
  }

  async update(em: Em, actor: Actor, id: string, input: WebhookInput): Promise<Webhook> {
    const data = await this.validate(input);
    const webhook = await this.get(em, actor.workspaceId, id);
    const changes = changesOf(webhook, {
      url: data.url ?? undefined,
      description: data.description === undefined ? undefined : data.description || null,
      enabled: data.enabled ?? undefined,
    });
    if (data.eventTypes != null) Object.assign(changes, changesOf(webhook, { eventTypes: [...new Set(data.eventTypes)] }));
    // Header values may be credentials of the receiver: the audit log names the headers only (and
    // a list given again counts as a change, since a value may differ under the same name).
    if (data.headers != null) changes['headers'] = { from: webhook.headers.map((h) => h.name), to: data.headers.map((h) => h.name) };
    if (data.url != null) webhook.url = data.url;
    if (data.description !== undefined) webhook.description = data.description || null;
    if (data.eventTypes != null) webhook.eventTypes = [...new Set(data.eventTypes)];
    if (data.headers != null) webhook.headers = this.sealHeaders(data.headers, webhook.headers);
    if (data.enabled != null) webhook.enabled = data.enabled;
    // An update that changes nothing is not audited and emits no event (as for every object).
    if (Object.keys(changes).length > 0) this.record(em, actor, 'webhook.updated', webhook, changes);
    await em.flush();
    return webhook;
  }

  async delete(em: Em, actor: Actor, id: string): Promise<Webhook> {
    const webhook = await this.get(em, actor.workspaceId, id);
    this.record(em, actor, 'webhook.deleted', webhook, { url: webhook.url });
    await em.remove(webhook).flush();
    return webhook;
  }

  /** A new signing secret; the previous one keeps signing (alongside) for 24 hours. */
  async rotateSecret(em: Em, actor: Actor, id: string, now = new Date()): Promise<WebhookWithSecret> {
    const webhook = await this.get(em, actor.workspaceId, id);
    const secret = generateSigningSecret();
    webhook.previousSecretSealed = webhook.secretSealed;
    webhook.previousSecretExpiresAt = new Date(now.getTime() + SECRET_ROTATION_GRACE_MS);
    webhook.secretSealed = this.secrets().seal(secret);
    this.record(em, actor, 'webhook.secret_rotated', webhook, { previousSecretExpiresAt: webhook.previousSecretExpiresAt.toISOString() });
    await em.flush();
    return { webhook, secret };
  }

  /** The extra headers with their values opened, for a delivery (and nowhere else). */
  deliveryHeaders(webhook: Webhook): WebhookHeader[] {
    return webhook.headers.map((header) => ({ name: header.name, value: this.secrets().open(header.sealedValue) }));
  }

  /** Seals the given values; SEALED_HEADER_VALUE keeps the value `current` holds under that name. */
  private sealHeaders(headers: readonly WebhookHeader[], current: readonly SealedWebhookHeader[]): SealedWebhookHeader[] {
    return headers.map(({ name, value }) => {
      if (value !== SEALED_HEADER_VALUE) return { name, sealedValue: this.secrets().seal(value) };
      const kept = current.find((header) => header.name.toLowerCase() === name.toLowerCase());
      if (!kept) throw badUserInput('headers', `"${name}" has no stored value to keep; give its value.`);
      return { name, sealedValue: kept.sealedValue };
    });
  }

  /** The secrets a delivery is signed with now: the current one and, within its grace, the previous one. */
  signingSecrets(webhook: Webhook, now = new Date()): string[] {
    const secrets = [this.secrets().open(webhook.secretSealed)];
    if (webhook.previousSecretSealed && webhook.previousSecretExpiresAt && webhook.previousSecretExpiresAt > now) {
      secrets.push(this.secrets().open(webhook.previousSecretSealed));
    }
    return secrets;
  }

  private record(em: Em, actor: Actor, action: Action, webhook: Webhook, summary: Record<string, unknown>) {
    recordChange(em, actor, {
      action,
      target: { type: 'Webhook', id: webhook.id },
      projectId: webhook.project.id,
      data: {
        id: encodeId('Webhook', webhook.id),
        projectId: encodeId('Project', webhook.project.id),
        url: webhook.url,
        eventTypes: webhook.eventTypes,
        enabled: webhook.enabled,
      },
      summary,
    });
  }

  private async validate(input: WebhookInput) {
    const data = parseInput(inputSchema, input);
    if (data.url != null) {
      const problem = await checkWebhookUrl(data.url, this.settings.target);
      if (problem) throw badUserInput('url', problem);
    }
    if (data.headers != null) {
      const problem = checkWebhookHeaders(data.headers);
      if (problem) throw badUserInput('headers', problem);
    }
    return data;
  }
}
