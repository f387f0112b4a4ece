// Records a change: one audit entry and, for the actions of the event catalog, one event for the
// webhooks, persisted in the caller's unit of work so they commit with the change or not at all.
// Every action is in exactly one of two lists: EVENT_TYPES (audited and emitted) or
// AUDIT_ONLY_ACTIONS (audited only), so a new action decides explicitly whether webhooks see it.
import type { Em } from '../../db/em.js';
import { encodeId, newId, type NodeTypeName } from '../../lib/ids.js';
import { AuditEvent } from './audit-event.entity.js';
import type { Actor } from './actor.js';
import { Workspace } from '../common/index.js';
import { isEventType, type EventType } from './event-catalog.js';
import { Event } from './event.entity.js';

/** The actions written to the audit log only: never sent to webhooks. */
export const AUDIT_ONLY_ACTIONS = [
  'authorization.denied',
  'authorization.ip_refused',
  'workspace.created',
  'workspace.policy_updated',
  'management_token.rate_limit_set',
  'webhook.test_sent',
  'webhook.deliveries_recovered',
  'delivery.retried',
  'oidc_trust_policy.created',
  'oidc_trust_policy.updated',
  'oidc_trust_policy.deleted',
] as const;
export type AuditOnlyAction = (typeof AUDIT_ONLY_ACTIONS)[number];
export type Action = EventType | AuditOnlyAction;

export interface Change {
  /** An event type of the catalog (audited and emitted to webhooks) or an audit-only action. */
  action: Action;
  target?: { type: NodeTypeName; id: string } | undefined;
  /** The project the change belongs to; null/undefined for workspace-wide changes. */
  projectId?: string | null | undefined;
  /** The object as webhooks see it (opaque ids, never a secret). */
  data?: Record<string, unknown> | undefined;
  /** What changed, for the audit log (never a secret). */
  summary?: Record<string, unknown> | undefined;
}

/** Builds the webhook payload of an event (Standard Webhooks: type, timestamp, data). */
export function eventPayload(type: string, data: Record<string, unknown>, at = new Date()) {
  return { type, timestamp: at.toISOString(), data };
}

export function recordChange(em: Em, actor: Actor, change: Change, now = new Date()): void {
  const workspace = em.getReference(Workspace, actor.workspaceId);
  em.create(AuditEvent, {
    workspace,
    actorKind: actor.kind === 'token' ? 'TOKEN' : actor.kind === 'cli' ? 'CLI' : 'SYSTEM',
    actorTokenId: actor.kind === 'token' ? actor.token.id : null,
    actorTokenName: actor.kind === 'token' ? actor.token.name : null,
    actorTokenPrefix: actor.kind === 'token' ? actor.token.prefix : null,
    clientIp: actor.kind === 'token' ? actor.clientIp : null,
    userAgent: actor.kind === 'token' ? actor.userAgent : null,
    requestId: actor.kind === 'token' ? (actor.requestId ?? null) : null,
    action: change.action,
    targetType: change.target?.type ?? null,
    targetId: change.target?.id ?? null,
    projectId: change.projectId ?? null,
    summary: change.summary ?? {},
    createdAt: now,
  });
  if (isEventType(change.action)) {
    const data = change.data ?? (change.target ? { id: encodeId(change.target.type, change.target.id) } : {});
    createEvent(em, { workspaceId: actor.workspaceId, projectId: change.projectId ?? null, type: change.action, data }, now);
  }
}

export interface NewEvent {
  workspaceId: string;
  /** The project the event is about; null for workspace-wide events. */
  projectId: string | null;
  type: EventType;
  data: Record<string, unknown>;
  /** A test event: sent to this one webhook only, and marked `test: true` in its payload. */
  testFor?: string | undefined;
}

/** Writes one event to the outbox, in the caller's unit of work: the one place an event row is made. */
export function createEvent(em: Em, event: NewEvent, now = new Date()): Event {
  const payload = eventPayload(event.type, event.data, now);
  return em.create(Event, {
    id: newId(),
    workspace: em.getReference(Workspace, event.workspaceId),
    projectId: event.projectId,
    type: event.type,
    payload: event.testFor ? { ...payload, test: true } : payload,
    onlyWebhookId: event.testFor ?? null,
    createdAt: now,
  });
}
