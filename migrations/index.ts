// The ordered list of migrations. Listing them in code (rather than globbing the folder) makes
// them load the same way under tsx, vitest and the CLI. `npm run migration:create -- <name>`
// writes a new file; add it here.
import { Migration20261123104320_initial } from './Migration20261123104320_initial.js';
import { Migration20261123110952_api_keys_and_webhooks } from './Migration20261123110952_api_keys_and_webhooks.js';
import { Migration20261123112940_events_deliveries_audit } from './Migration20261123112940_events_deliveries_audit.js';
import { Migration20261123122920_token_change_notify } from './Migration20261123122920_token_change_notify.js';
import { Migration20261201194500_seal_webhook_headers } from './Migration20261201194500_seal_webhook_headers.js';
import { Migration20261201194641_cache_lease_registry } from './Migration20261201194641_cache_lease_registry.js';
import { Migration20261201194850_audit_request_id } from './Migration20261201194850_audit_request_id.js';
import { Migration20261201200904_token_model } from './Migration20261201200904_token_model.js';
import { Migration20261201223834_oidc_trust_policies } from './Migration20261201223834_oidc_trust_policies.js';

export const migrationsList = [
  { name: 'Migration20261123104320_initial', class: Migration20261123104320_initial },
  { name: 'Migration20261123110952_api_keys_and_webhooks', class: Migration20261123110952_api_keys_and_webhooks },
  { name: 'Migration20261123112940_events_deliveries_audit', class: Migration20261123112940_events_deliveries_audit },
  { name: 'Migration20261123122920_token_change_notify', class: Migration20261123122920_token_change_notify },
  { name: 'Migration20261201194500_seal_webhook_headers', class: Migration20261201194500_seal_webhook_headers },
  { name: 'Migration20261201194641_cache_lease_registry', class: Migration20261201194641_cache_lease_registry },
  { name: 'Migration20261201194850_audit_request_id', class: Migration20261201194850_audit_request_id },
  { name: 'Migration20261201200904_token_model', class: Migration20261201200904_token_model },
  { name: 'Migration20261201223834_oidc_trust_policies', class: Migration20261201223834_oidc_trust_policies },
];
