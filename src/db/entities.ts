// Every entity the ORM knows, in one list for the config and the migrator.
import { ApiKeySchema } from '../modules/api-keys/api-key.entity.js';
import { AuditEventSchema } from '../modules/activity/audit-event.entity.js';
import { DeliveryAttemptSchema, DeliverySchema } from '../modules/webhooks/delivery.entity.js';
import { EventSchema } from '../modules/activity/event.entity.js';
import { ExchangedIdTokenSchema, OidcTrustPolicySchema } from '../modules/oidc/oidc-policy.entity.js';
import { ProjectSchema } from '../modules/projects/project.entity.js';
import { GatewayInstanceSchema } from '../modules/auth/gateway-instance.entity.js';
import { ManagementTokenSchema } from '../modules/tokens/token.entity.js';
import { WebhookSchema } from '../modules/webhooks/webhook.entity.js';
import { WorkspaceSchema } from '../modules/common/workspace.entity.js';

export const entities = [
  WorkspaceSchema,
  ManagementTokenSchema,
  ProjectSchema,
  ApiKeySchema,
  WebhookSchema,
  EventSchema,
  DeliverySchema,
  DeliveryAttemptSchema,
  AuditEventSchema,
  GatewayInstanceSchema,
  OidcTrustPolicySchema,
  ExchangedIdTokenSchema,
];
