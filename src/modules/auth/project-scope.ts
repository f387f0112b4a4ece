// Project-scoped tokens: the one place that confines a request to its
// token's projects. It adds filters to the request's EntityManager, so every query the services
// make through it — find, findOne, count, keyset pages, node loads — sees only those projects and
// what belongs to them; any other id is simply not found. Forks of that EntityManager inherit them.
import { AuditEvent, Event } from '../activity/index.js';
import { ApiKey } from '../api-keys/index.js';
import { Delivery, Webhook } from '../webhooks/index.js';
import { Project } from '../projects/index.js';
import type { Em } from '../../db/em.js';

export function restrictToProjects(em: Em, projectIds: readonly string[]): void {
  const ids = [...projectIds];
  em.addFilter({ name: 'projectScope.project', entity: Project, cond: { id: { $in: ids } } });
  em.addFilter({ name: 'projectScope.apiKey', entity: ApiKey, cond: { project: { $in: ids } } });
  em.addFilter({ name: 'projectScope.webhook', entity: Webhook, cond: { project: { $in: ids } } });
  em.addFilter({ name: 'projectScope.delivery', entity: Delivery, cond: { webhook: { project: { $in: ids } } } });
  // Workspace-wide events (token changes) reach every webhook of the workspace, so a scoped token
  // reads them through its own webhooks' deliveries; events of other projects stay hidden.
  em.addFilter({ name: 'projectScope.event', entity: Event, cond: { $or: [{ projectId: { $in: ids } }, { projectId: null }] } });
  // Audit entries of its projects only: workspace-wide entries (tokens, policy) are not its business.
  em.addFilter({ name: 'projectScope.audit', entity: AuditEvent, cond: { projectId: { $in: ids } } });
}
