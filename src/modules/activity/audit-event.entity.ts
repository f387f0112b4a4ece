// Who did what to which object, when — written in the same transaction as the change. Never a
// secret or a secret's hash: summaries hold names, kinds, prefixes and ids only.
import { defineEntity, p } from '@mikro-orm/core';
import { createdAt, ownedByWorkspace, primaryId } from '../common/index.js';

export const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_event',
  properties: {
    id: primaryId(),
    workspace: ownedByWorkspace,
    actorKind: p.enum(['TOKEN', 'CLI', 'SYSTEM'] as const),
    /** Kept as plain values (not foreign keys) so the entry stays as it was written. */
    actorTokenId: p.uuid().nullable(),
    actorTokenName: p.text().nullable(),
    actorTokenPrefix: p.text().nullable(),
    clientIp: p.text().nullable(),
    userAgent: p.text().nullable(),
    /** The `X-Request-Id` of the request that made the change (null for the CLI). */
    requestId: p.text().nullable(),
    action: p.text(),
    targetType: p.text().nullable(),
    targetId: p.uuid().nullable(),
    /** The project the change belongs to (what a project-scoped token may read); null = workspace-wide. */
    projectId: p.uuid().nullable(),
    summary: p.json<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  indexes: [{ properties: ['workspace', 'id'] }, { properties: ['createdAt'] }],
});

export class AuditEvent extends AuditEventSchema.class {}
AuditEventSchema.setClass(AuditEvent);
