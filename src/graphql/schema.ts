// The schema: imports every module's schema file for its side effects and builds it.
import { builder } from './builder.js';
import '../modules/tokens/token.schema.js';
import '../modules/workspaces/workspace.schema.js';
import '../modules/auth/viewer.schema.js';
import '../modules/projects/project.schema.js';
import '../modules/rate-limits/rate-limit.schema.js';
import '../modules/api-keys/api-key.schema.js';
import '../modules/webhooks/webhook.schema.js';
import '../modules/webhooks/delivery.schema.js';
import '../modules/activity/audit.schema.js';
import '../modules/oidc/oidc.schema.js';

export const schema = builder.toSchema({ sortSchema: true });
