// The domain services, built once per gateway (or CLI run) from the configuration.
import type { Config } from './config.js';
import type { Orm } from './db/em.js';
import { UsageRecorder } from './db/usage-recorder.js';
import { loadSecretBox, type SecretBox } from './lib/secret-box.js';
import type { Logger } from './logger.js';
import { ApiKeyService } from './modules/api-keys/index.js';
import { AuditService } from './modules/activity/index.js';
import { DeliveryService, type TestEventLimit, WebhookService } from './modules/webhooks/index.js';
import { ProjectService } from './modules/projects/index.js';
import { TokenService } from './modules/tokens/index.js';
import { WorkspaceService } from './modules/workspaces/index.js';
import { OidcPolicyService, OidcVerifier } from './modules/oidc/index.js';

export interface Services {
  workspaces: WorkspaceService;
  tokens: TokenService;
  projects: ProjectService;
  apiKeys: ApiKeyService;
  webhooks: WebhookService;
  deliveries: DeliveryService;
  audit: AuditService;
  /** OIDC trust policies and the token exchange (secretless CI). */
  oidc: OidcPolicyService;
  /** Coalesced lastUsedAt writes, off the request path. */
  usage: { tokens: UsageRecorder; apiKeys: UsageRecorder };
}

export interface ServiceOptions {
  /** The per-endpoint budget of `sendTestWebhookEvent` (the gateway's rate limits; none for the CLI). */
  testEventLimit?: TestEventLimit | undefined;
}

/**
 * The deployment's secret box, loaded on first use, so work that never seals anything never creates
 * a key file. Without SECRET_ENCRYPTION_KEY, the key file lies beside DATA_DIR; a database in
 * memory (`DATA_DIR=memory://`) gets a key in memory too, since nothing it sealed outlives it.
 */
export function secretBoxOf(config: Pick<Config, 'SECRET_ENCRYPTION_KEY' | 'DATA_DIR' | 'DATABASE_URL'>): () => SecretBox {
  let secretBox: SecretBox | undefined;
  return () => {
    if (!secretBox && !config.SECRET_ENCRYPTION_KEY && config.DATA_DIR === IN_MEMORY && config.DATABASE_URL) {
      // The database outlives the process, but there is no directory to keep its key beside.
      throw new Error('SECRET_ENCRYPTION_KEY must be set when DATABASE_URL is set and DATA_DIR is memory://.');
    }
    return (secretBox ??= loadSecretBox({
      encodedKey: config.SECRET_ENCRYPTION_KEY,
      keyFile: config.DATA_DIR === IN_MEMORY ? null : `${config.DATA_DIR.replace(/\/+$/, '')}.secret-key`,
    }));
  };
}

const IN_MEMORY = 'memory://';

export function createServices(config: Config, orm: Orm, logger: Logger, options: ServiceOptions = {}): Services {
  const projects = new ProjectService({ maxPageSize: config.MAX_PAGE_SIZE, maxProjectsPerWorkspace: config.MAX_PROJECTS_PER_WORKSPACE });
  const secrets = secretBoxOf(config);
  const webhooks = new WebhookService(
    {
      maxPageSize: config.MAX_PAGE_SIZE,
      target: { allowInsecure: config.WEBHOOK_ALLOW_INSECURE_URLS },
      maxWebhooksPerProject: config.MAX_WEBHOOKS_PER_PROJECT,
    },
    projects,
    secrets,
  );
  const tokens = new TokenService({ maxLiveTokens: config.MAX_LIVE_TOKENS, maxPageSize: config.MAX_PAGE_SIZE });
  const verifier = new OidcVerifier(
    {
      allowInsecure: config.OIDC_ALLOW_INSECURE_ISSUERS,
      cacheSeconds: config.OIDC_JWKS_CACHE_SECONDS,
      refreshIntervalSeconds: config.OIDC_JWKS_REFRESH_INTERVAL_SECONDS,
      timeoutMs: config.OIDC_FETCH_TIMEOUT_MS,
    },
    logger,
  );
  return {
    workspaces: new WorkspaceService(),
    tokens,
    oidc: new OidcPolicyService(
      {
        maxPageSize: config.MAX_PAGE_SIZE,
        maxLiveTokensPerPolicy: config.OIDC_MAX_LIVE_TOKENS_PER_POLICY,
        maxPoliciesPerWorkspace: config.MAX_OIDC_POLICIES_PER_WORKSPACE,
      },
      tokens,
      verifier,
      logger,
    ),
    projects,
    apiKeys: new ApiKeyService({ maxPageSize: config.MAX_PAGE_SIZE, maxApiKeysPerProject: config.MAX_API_KEYS_PER_PROJECT }, projects),
    webhooks,
    deliveries: new DeliveryService(
      {
        maxPageSize: config.MAX_PAGE_SIZE,
        testEventsPerMinute: config.WEBHOOK_TEST_EVENTS_PER_MINUTE,
        testEventLimit: options.testEventLimit,
      },
      webhooks,
    ),
    audit: new AuditService({ maxPageSize: config.MAX_PAGE_SIZE }),
    usage: {
      tokens: new UsageRecorder(orm, logger, { table: 'management_token', withClient: true }),
      apiKeys: new UsageRecorder(orm, logger, { table: 'api_key', withClient: false }),
    },
  };
}
