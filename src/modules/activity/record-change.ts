// Records a change: one audit entry and (for the actions of the event catalog) one event for the
// webhooks, persisted in the caller's unit of work so they commit with the change or not at all.
import type { Em } from '../../db/em.js';
import { encodeId, newId, type NodeTypeName } from '../../lib/ids.js';
import { AuditEvent } from './audit-event.entity.js';
import type { Actor } from './actor.js';
import { Workspace } from '../common/index.js';
import { isEventType } from './event-catalog.js';
import { Event } from './event.entity.js';

export interface Change {
  /** An event type of the catalog (also emitted to webhooks) or an audit-only action. */
  action: string;
  target?: { type: NodeTypeName; id: string } | undefined;
  /** The project the change belongs to; null/undefined for workspace-wide changes. */
  projectId?: string | null | undefined;
  /** The object as webhooks see it (opaque ids, never a secret). */
  data?: Record<string, unknown> | undefined;
  /** What changed, for the audit log (never a secret). */
  summary?: Record<string, unknown> | undefined;
}

export interface EventSink {
  /** Called after a transaction that wrote events committed, to wake the dispatcher. */
  notify(): void;
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
    em.create(Event, {
      id: newId(),
      workspace,
      projectId: change.projectId ?? null,
      type: change.action,
      payload: eventPayload(change.action, data, now),
      createdAt: now,
    });
  }
}
