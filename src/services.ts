// The domain services, built once per gateway (or CLI run) from the configuration.
import type { Config } from './config.js';
import type { Orm } from './db/orm.js';
import { UsageRecorder } from './db/usage-recorder.js';
import { loadSecretBox, type SecretBox } from './lib/secret-box.js';
import type { Logger } from './logger.js';
import { ApiKeyService } from './modules/api-keys/api-key.service.js';
import { AuditService } from './modules/audit/audit.service.js';
import { DeliveryService } from './modules/events/delivery.service.js';
import { ProjectService } from './modules/projects/project.service.js';
import { TokenService } from './modules/tokens/token.service.js';
import { WebhookService } from './modules/webhooks/webhook.service.js';
import { WorkspaceService } from './modules/workspaces/workspace.service.js';

export interface Services {
  workspaces: WorkspaceService;
  tokens: TokenService;
  projects: ProjectService;
  apiKeys: ApiKeyService;
  webhooks: WebhookService;
  deliveries: DeliveryService;
  audit: AuditService;
  /** Coalesced lastUsedAt writes, off the request path. */
  usage: { tokens: UsageRecorder; apiKeys: UsageRecorder };
}

/** The deployment's secret box, loaded on first use, so work that never seals anything never creates a key file. */
export function secretBoxOf(config: Pick<Config, 'SECRET_ENCRYPTION_KEY' | 'DATA_DIR'>): () => SecretBox {
  let secretBox: SecretBox | undefined;
  return () =>
    (secretBox ??= loadSecretBox({
      encodedKey: config.SECRET_ENCRYPTION_KEY,
      keyFile: `${config.DATA_DIR.replace(/\/+$/, '')}.secret-key`,
    }));
}

export function createServices(config: Config, orm: Orm, logger: Logger): Services {
  const projects = new ProjectService({ maxPageSize: config.MAX_PAGE_SIZE });
  const secrets = secretBoxOf(config);
  const webhooks = new WebhookService(
    { maxPageSize: config.MAX_PAGE_SIZE, target: { allowInsecure: config.WEBHOOK_ALLOW_INSECURE_URLS } },
    projects,
    secrets,
  );
  return {
    workspaces: new WorkspaceService(),
    tokens: new TokenService({ maxLiveTokens: config.MAX_LIVE_TOKENS, maxPageSize: config.MAX_PAGE_SIZE }),
    projects,
    apiKeys: new ApiKeyService({ maxPageSize: config.MAX_PAGE_SIZE }, projects),
    webhooks,
    deliveries: new DeliveryService({ maxPageSize: config.MAX_PAGE_SIZE }, webhooks),
    audit: new AuditService({ maxPageSize: config.MAX_PAGE_SIZE }),
    usage: {
      tokens: new UsageRecorder(orm, logger, { table: 'management_token', withClient: true }),
      apiKeys: new UsageRecorder(orm, logger, { table: 'api_key', withClient: false }),
    },
  };
}
