// The audit log over GraphQL (audit_log:read): who did what to which object, when.
import { workspaceOf } from '../../context.js';
import { builder } from '../../graphql/builder.js';
import { idOf } from '../../graphql/node-ids.js';
import { connectionTypeOptions, edgeTypeOptions, connectionOf } from '../../graphql/pagination.js';
import { decodeId, encodeId, ID_PREFIXES, type NodeTypeName } from '../../lib/ids.js';
import { type AuditEvent } from './audit-event.entity.js';

const AuditActorRef = builder.objectRef<AuditEvent>('AuditActor').implement({
  description: 'Who acted: a management token (as it was named then), the CLI, or the gateway itself.',
  fields: (t) => ({
    kind: t.string({
      description: 'TOKEN, CLI or SYSTEM (the gateway itself, e.g. revoking unused tokens).',
      resolve: (entry) => entry.actorKind,
    }),
    tokenId: t.id({ nullable: true, resolve: (entry) => (entry.actorTokenId ? encodeId('ManagementToken', entry.actorTokenId) : null) }),
    tokenName: t.exposeString('actorTokenName', { nullable: true }),
    tokenPrefix: t.exposeString('actorTokenPrefix', { nullable: true }),
  }),
});

const AuditEventRef = builder.objectRef<AuditEvent>('AuditEvent').implement({
  description: 'One entry of the audit log. Never holds a secret.',
  fields: (t) => ({
    id: t.id({ resolve: (entry) => encodeId('AuditEvent', entry.id) }),
    action: t.exposeString('action', {
      description: 'An event type (e.g. project.created) or authorization.denied, workspace.*, delivery.*.',
    }),
    actor: t.field({ type: AuditActorRef, resolve: (entry) => entry }),
    clientIp: t.exposeString('clientIp', { nullable: true }),
    userAgent: t.exposeString('userAgent', { nullable: true }),
    requestId: t.exposeString('requestId', {
      nullable: true,
      description: 'The X-Request-Id of the request that made the change, as in its response header and log lines (null for the CLI).',
    }),
    targetType: t.exposeString('targetType', { nullable: true }),
    targetId: t.id({
      nullable: true,
      resolve: (entry) =>
        entry.targetId && entry.targetType && Object.hasOwn(ID_PREFIXES, entry.targetType)
          ? encodeId(entry.targetType as NodeTypeName, entry.targetId)
          : null,
    }),
    summary: t.field({ type: 'JSON', description: 'What changed.', resolve: (entry) => entry.summary }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('auditLog', (t) =>
  t.connection(
    {
      type: AuditEventRef,
      nullable: true,
      description: "The workspace's audit log, newest first.",
      authScopes: { permission: 'audit_log:read' },
      args: {
        action: t.arg.string({ required: false }),
        actorTokenId: t.arg.id({ required: false }),
        targetId: t.arg.id({ required: false, description: 'Any object id (prj_…, tok_…, key_…, whk_…).' }),
        from: t.arg({ type: 'DateTime', required: false, description: 'Inclusive.' }),
        to: t.arg({ type: 'DateTime', required: false, description: 'Exclusive.' }),
      },
      resolve: (_root, args, context) =>
        context.services.audit
          .list(
            context.em,
            workspaceOf(context),
            {
              action: args.action,
              actorTokenId: args.actorTokenId ? idOf('ManagementToken', String(args.actorTokenId)) : null,
              // An id of no known type matches nothing rather than failing the query.
              targetId: args.targetId ? (decodeId(String(args.targetId))?.uuid ?? '00000000-0000-0000-0000-000000000000') : null,
              from: args.from,
              to: args.to,
            },
            args,
          )
          .then(connectionOf),
    },
    connectionTypeOptions('AuditEvent'),
    edgeTypeOptions('AuditEvent'),
  ),
);
