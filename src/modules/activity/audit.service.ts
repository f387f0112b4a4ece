// Reading the audit log: newest first, filtered by action, actor token, target and time range.
import type { ObjectQuery } from '@mikro-orm/core';
import type { Em } from '../../db/em.js';
import { paginate, type Page, type PageArgs } from '../../db/pagination.js';
import { inWorkspace } from '../common/index.js';
import { AuditEvent } from './audit-event.entity.js';

export interface AuditFilter {
  action?: string | null | undefined;
  actorTokenId?: string | null | undefined;
  targetId?: string | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

export class AuditService {
  constructor(private readonly settings: { maxPageSize: number }) {}

  list(em: Em, workspaceId: string, filter: AuditFilter, page: PageArgs): Promise<Page<AuditEvent>> {
    const where: ObjectQuery<AuditEvent> = inWorkspace(workspaceId);
    if (filter.action) where.action = filter.action;
    if (filter.actorTokenId) where.actorTokenId = filter.actorTokenId;
    if (filter.targetId) where.targetId = filter.targetId;
    if (filter.from || filter.to)
      where.createdAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    return paginate(em, AuditEvent, where, page, { list: 'auditLog', maxPageSize: this.settings.maxPageSize });
  }
}
