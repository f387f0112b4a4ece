/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ConsoleViewer {\n    viewer {\n      permissions\n      token {\n        id\n        name\n        prefix\n        expiresAt\n      }\n      workspace {\n        id\n        name\n        policy {\n          allowNeverExpiringTokens\n          maxTokenLifetimeDays\n          maxLiveTokens\n        }\n      }\n    }\n    rateLimit {\n      limit\n      remaining\n      used\n      resetAt\n      windowSeconds\n      policy\n    }\n  }\n": typeof types.ConsoleViewerDocument,
    "\n  fragment ConsoleTokenRow on ManagementToken {\n    id\n    name\n    description\n    prefix\n    scopes\n    grantedPermissions\n    projects {\n      id\n      name\n    }\n    allowedCidrs\n    status\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    previousSecretExpiresAt\n  }\n": typeof types.ConsoleTokenRowFragmentDoc,
    "\n  query ConsoleTokens($status: TokenStatus, $includeRevoked: Boolean, $first: Int) {\n    managementTokens(status: $status, includeRevoked: $includeRevoked, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...ConsoleTokenRow\n        }\n      }\n    }\n  }\n": typeof types.ConsoleTokensDocument,
    "\n  mutation ConsoleCreateToken($input: CreateManagementTokenInput!) {\n    createManagementToken(input: $input) {\n      secret\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n": typeof types.ConsoleCreateTokenDocument,
    "\n  mutation ConsoleRotateToken($input: RotateManagementTokenInput!) {\n    rotateManagementToken(input: $input) {\n      secret\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n": typeof types.ConsoleRotateTokenDocument,
    "\n  mutation ConsoleDeactivateToken($id: ID!) {\n    deactivateManagementToken(id: $id) {\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n": typeof types.ConsoleDeactivateTokenDocument,
    "\n  mutation ConsoleActivateToken($id: ID!) {\n    activateManagementToken(id: $id) {\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n": typeof types.ConsoleActivateTokenDocument,
    "\n  mutation ConsoleRevokeToken($id: ID!) {\n    revokeManagementToken(id: $id) {\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n": typeof types.ConsoleRevokeTokenDocument,
    "\n  query ConsoleProjects($first: Int, $type: ProjectType) {\n    projects(first: $first, type: $type) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          type\n          createdAt\n          updatedAt\n        }\n      }\n    }\n  }\n": typeof types.ConsoleProjectsDocument,
    "\n  mutation ConsoleCreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      project {\n        id\n        name\n        type\n        createdAt\n        updatedAt\n      }\n    }\n  }\n": typeof types.ConsoleCreateProjectDocument,
    "\n  mutation ConsoleUpdateProject($input: UpdateProjectInput!) {\n    updateProject(input: $input) {\n      project {\n        id\n        name\n        type\n        updatedAt\n      }\n    }\n  }\n": typeof types.ConsoleUpdateProjectDocument,
    "\n  mutation ConsoleDeleteProject($id: ID!) {\n    deleteProject(id: $id) {\n      deletedProjectId\n    }\n  }\n": typeof types.ConsoleDeleteProjectDocument,
    "\n  fragment ConsoleApiKeyRow on ApiKey {\n    id\n    kind\n    name\n    prefix\n    value\n    status\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n": typeof types.ConsoleApiKeyRowFragmentDoc,
    "\n  fragment ConsoleWebhookRow on Webhook {\n    id\n    url\n    description\n    eventTypes\n    enabled\n    secretRotatedUntil\n    createdAt\n  }\n": typeof types.ConsoleWebhookRowFragmentDoc,
    "\n  query ConsoleProject($id: ID!) {\n    project(id: $id) {\n      id\n      name\n      type\n      createdAt\n      apiKeys(first: 100) {\n        totalCount\n        edges {\n          node {\n            ...ConsoleApiKeyRow\n          }\n        }\n      }\n      webhooks(first: 100) {\n        totalCount\n        edges {\n          node {\n            ...ConsoleWebhookRow\n          }\n        }\n      }\n    }\n    webhookEventTypes {\n      name\n      description\n    }\n  }\n": typeof types.ConsoleProjectDocument,
    "\n  mutation ConsoleCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n": typeof types.ConsoleCreateApiKeyDocument,
    "\n  mutation ConsoleRollApiKey($input: RollApiKeyInput!) {\n    rollApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n      previousApiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n": typeof types.ConsoleRollApiKeyDocument,
    "\n  mutation ConsoleDeactivateApiKey($id: ID!) {\n    deactivateApiKey(id: $id) {\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n": typeof types.ConsoleDeactivateApiKeyDocument,
    "\n  mutation ConsoleActivateApiKey($id: ID!) {\n    activateApiKey(id: $id) {\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n": typeof types.ConsoleActivateApiKeyDocument,
    "\n  mutation ConsoleDeleteApiKey($id: ID!) {\n    deleteApiKey(id: $id) {\n      deletedApiKeyId\n    }\n  }\n": typeof types.ConsoleDeleteApiKeyDocument,
    "\n  mutation ConsoleCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        ...ConsoleWebhookRow\n      }\n    }\n  }\n": typeof types.ConsoleCreateWebhookDocument,
    "\n  mutation ConsoleRotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      webhook {\n        ...ConsoleWebhookRow\n      }\n    }\n  }\n": typeof types.ConsoleRotateWebhookSecretDocument,
    "\n  mutation ConsoleDeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      deletedWebhookId\n    }\n  }\n": typeof types.ConsoleDeleteWebhookDocument,
    "\n  query ConsoleWebhook($id: ID!, $status: DeliveryStatus) {\n    webhookEventTypes {\n      name\n    }\n    webhook(id: $id) {\n      ...ConsoleWebhookRow\n      project {\n        id\n        name\n      }\n      deliveries(first: 50, status: $status) {\n        totalCount\n        edges {\n          node {\n            id\n            eventType\n            status\n            attemptCount\n            lastStatusCode\n            nextAttemptAt\n            createdAt\n            attempts {\n              number\n              attemptedAt\n              statusCode\n              durationMs\n              error\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleWebhookDocument,
    "\n  mutation ConsoleSendTestEvent($input: SendTestWebhookEventInput!) {\n    sendTestWebhookEvent(input: $input) {\n      event {\n        id\n        type\n      }\n    }\n  }\n": typeof types.ConsoleSendTestEventDocument,
    "\n  mutation ConsoleRetryDelivery($id: ID!) {\n    retryWebhookDelivery(id: $id) {\n      delivery {\n        id\n        status\n        nextAttemptAt\n      }\n    }\n  }\n": typeof types.ConsoleRetryDeliveryDocument,
    "\n  mutation ConsoleRecoverDeliveries($input: RecoverWebhookDeliveriesInput!) {\n    recoverWebhookDeliveries(input: $input) {\n      recoveredCount\n    }\n  }\n": typeof types.ConsoleRecoverDeliveriesDocument,
    "\n  query ConsoleAuditLog($action: String, $targetId: ID, $from: DateTime, $to: DateTime) {\n    auditLog(first: 100, action: $action, targetId: $targetId, from: $from, to: $to) {\n      totalCount\n      edges {\n        node {\n          id\n          action\n          createdAt\n          targetId\n          targetType\n          clientIp\n          summary\n          actor {\n            kind\n            tokenName\n            tokenPrefix\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleAuditLogDocument,
};
const documents: Documents = {
    "\n  query ConsoleViewer {\n    viewer {\n      permissions\n      token {\n        id\n        name\n        prefix\n        expiresAt\n      }\n      workspace {\n        id\n        name\n        policy {\n          allowNeverExpiringTokens\n          maxTokenLifetimeDays\n          maxLiveTokens\n        }\n      }\n    }\n    rateLimit {\n      limit\n      remaining\n      used\n      resetAt\n      windowSeconds\n      policy\n    }\n  }\n": types.ConsoleViewerDocument,
    "\n  fragment ConsoleTokenRow on ManagementToken {\n    id\n    name\n    description\n    prefix\n    scopes\n    grantedPermissions\n    projects {\n      id\n      name\n    }\n    allowedCidrs\n    status\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    previousSecretExpiresAt\n  }\n": types.ConsoleTokenRowFragmentDoc,
    "\n  query ConsoleTokens($status: TokenStatus, $includeRevoked: Boolean, $first: Int) {\n    managementTokens(status: $status, includeRevoked: $includeRevoked, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...ConsoleTokenRow\n        }\n      }\n    }\n  }\n": types.ConsoleTokensDocument,
    "\n  mutation ConsoleCreateToken($input: CreateManagementTokenInput!) {\n    createManagementToken(input: $input) {\n      secret\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n": types.ConsoleCreateTokenDocument,
    "\n  mutation ConsoleRotateToken($input: RotateManagementTokenInput!) {\n    rotateManagementToken(input: $input) {\n      secret\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n": types.ConsoleRotateTokenDocument,
    "\n  mutation ConsoleDeactivateToken($id: ID!) {\n    deactivateManagementToken(id: $id) {\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n": types.ConsoleDeactivateTokenDocument,
    "\n  mutation ConsoleActivateToken($id: ID!) {\n    activateManagementToken(id: $id) {\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n": types.ConsoleActivateTokenDocument,
    "\n  mutation ConsoleRevokeToken($id: ID!) {\n    revokeManagementToken(id: $id) {\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n": types.ConsoleRevokeTokenDocument,
    "\n  query ConsoleProjects($first: Int, $type: ProjectType) {\n    projects(first: $first, type: $type) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          type\n          createdAt\n          updatedAt\n        }\n      }\n    }\n  }\n": types.ConsoleProjectsDocument,
    "\n  mutation ConsoleCreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      project {\n        id\n        name\n        type\n        createdAt\n        updatedAt\n      }\n    }\n  }\n": types.ConsoleCreateProjectDocument,
    "\n  mutation ConsoleUpdateProject($input: UpdateProjectInput!) {\n    updateProject(input: $input) {\n      project {\n        id\n        name\n        type\n        updatedAt\n      }\n    }\n  }\n": types.ConsoleUpdateProjectDocument,
    "\n  mutation ConsoleDeleteProject($id: ID!) {\n    deleteProject(id: $id) {\n      deletedProjectId\n    }\n  }\n": types.ConsoleDeleteProjectDocument,
    "\n  fragment ConsoleApiKeyRow on ApiKey {\n    id\n    kind\n    name\n    prefix\n    value\n    status\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n": types.ConsoleApiKeyRowFragmentDoc,
    "\n  fragment ConsoleWebhookRow on Webhook {\n    id\n    url\n    description\n    eventTypes\n    enabled\n    secretRotatedUntil\n    createdAt\n  }\n": types.ConsoleWebhookRowFragmentDoc,
    "\n  query ConsoleProject($id: ID!) {\n    project(id: $id) {\n      id\n      name\n      type\n      createdAt\n      apiKeys(first: 100) {\n        totalCount\n        edges {\n          node {\n            ...ConsoleApiKeyRow\n          }\n        }\n      }\n      webhooks(first: 100) {\n        totalCount\n        edges {\n          node {\n            ...ConsoleWebhookRow\n          }\n        }\n      }\n    }\n    webhookEventTypes {\n      name\n      description\n    }\n  }\n": types.ConsoleProjectDocument,
    "\n  mutation ConsoleCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n": types.ConsoleCreateApiKeyDocument,
    "\n  mutation ConsoleRollApiKey($input: RollApiKeyInput!) {\n    rollApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n      previousApiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n": types.ConsoleRollApiKeyDocument,
    "\n  mutation ConsoleDeactivateApiKey($id: ID!) {\n    deactivateApiKey(id: $id) {\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n": types.ConsoleDeactivateApiKeyDocument,
    "\n  mutation ConsoleActivateApiKey($id: ID!) {\n    activateApiKey(id: $id) {\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n": types.ConsoleActivateApiKeyDocument,
    "\n  mutation ConsoleDeleteApiKey($id: ID!) {\n    deleteApiKey(id: $id) {\n      deletedApiKeyId\n    }\n  }\n": types.ConsoleDeleteApiKeyDocument,
    "\n  mutation ConsoleCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        ...ConsoleWebhookRow\n      }\n    }\n  }\n": types.ConsoleCreateWebhookDocument,
    "\n  mutation ConsoleRotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      webhook {\n        ...ConsoleWebhookRow\n      }\n    }\n  }\n": types.ConsoleRotateWebhookSecretDocument,
    "\n  mutation ConsoleDeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      deletedWebhookId\n    }\n  }\n": types.ConsoleDeleteWebhookDocument,
    "\n  query ConsoleWebhook($id: ID!, $status: DeliveryStatus) {\n    webhookEventTypes {\n      name\n    }\n    webhook(id: $id) {\n      ...ConsoleWebhookRow\n      project {\n        id\n        name\n      }\n      deliveries(first: 50, status: $status) {\n        totalCount\n        edges {\n          node {\n            id\n            eventType\n            status\n            attemptCount\n            lastStatusCode\n            nextAttemptAt\n            createdAt\n            attempts {\n              number\n              attemptedAt\n              statusCode\n              durationMs\n              error\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleWebhookDocument,
    "\n  mutation ConsoleSendTestEvent($input: SendTestWebhookEventInput!) {\n    sendTestWebhookEvent(input: $input) {\n      event {\n        id\n        type\n      }\n    }\n  }\n": types.ConsoleSendTestEventDocument,
    "\n  mutation ConsoleRetryDelivery($id: ID!) {\n    retryWebhookDelivery(id: $id) {\n      delivery {\n        id\n        status\n        nextAttemptAt\n      }\n    }\n  }\n": types.ConsoleRetryDeliveryDocument,
    "\n  mutation ConsoleRecoverDeliveries($input: RecoverWebhookDeliveriesInput!) {\n    recoverWebhookDeliveries(input: $input) {\n      recoveredCount\n    }\n  }\n": types.ConsoleRecoverDeliveriesDocument,
    "\n  query ConsoleAuditLog($action: String, $targetId: ID, $from: DateTime, $to: DateTime) {\n    auditLog(first: 100, action: $action, targetId: $targetId, from: $from, to: $to) {\n      totalCount\n      edges {\n        node {\n          id\n          action\n          createdAt\n          targetId\n          targetType\n          clientIp\n          summary\n          actor {\n            kind\n            tokenName\n            tokenPrefix\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleAuditLogDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleViewer {\n    viewer {\n      permissions\n      token {\n        id\n        name\n        prefix\n        expiresAt\n      }\n      workspace {\n        id\n        name\n        policy {\n          allowNeverExpiringTokens\n          maxTokenLifetimeDays\n          maxLiveTokens\n        }\n      }\n    }\n    rateLimit {\n      limit\n      remaining\n      used\n      resetAt\n      windowSeconds\n      policy\n    }\n  }\n"): (typeof documents)["\n  query ConsoleViewer {\n    viewer {\n      permissions\n      token {\n        id\n        name\n        prefix\n        expiresAt\n      }\n      workspace {\n        id\n        name\n        policy {\n          allowNeverExpiringTokens\n          maxTokenLifetimeDays\n          maxLiveTokens\n        }\n      }\n    }\n    rateLimit {\n      limit\n      remaining\n      used\n      resetAt\n      windowSeconds\n      policy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleTokenRow on ManagementToken {\n    id\n    name\n    description\n    prefix\n    scopes\n    grantedPermissions\n    projects {\n      id\n      name\n    }\n    allowedCidrs\n    status\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    previousSecretExpiresAt\n  }\n"): (typeof documents)["\n  fragment ConsoleTokenRow on ManagementToken {\n    id\n    name\n    description\n    prefix\n    scopes\n    grantedPermissions\n    projects {\n      id\n      name\n    }\n    allowedCidrs\n    status\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    previousSecretExpiresAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleTokens($status: TokenStatus, $includeRevoked: Boolean, $first: Int) {\n    managementTokens(status: $status, includeRevoked: $includeRevoked, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...ConsoleTokenRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleTokens($status: TokenStatus, $includeRevoked: Boolean, $first: Int) {\n    managementTokens(status: $status, includeRevoked: $includeRevoked, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...ConsoleTokenRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateToken($input: CreateManagementTokenInput!) {\n    createManagementToken(input: $input) {\n      secret\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateToken($input: CreateManagementTokenInput!) {\n    createManagementToken(input: $input) {\n      secret\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRotateToken($input: RotateManagementTokenInput!) {\n    rotateManagementToken(input: $input) {\n      secret\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRotateToken($input: RotateManagementTokenInput!) {\n    rotateManagementToken(input: $input) {\n      secret\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeactivateToken($id: ID!) {\n    deactivateManagementToken(id: $id) {\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleDeactivateToken($id: ID!) {\n    deactivateManagementToken(id: $id) {\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleActivateToken($id: ID!) {\n    activateManagementToken(id: $id) {\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleActivateToken($id: ID!) {\n    activateManagementToken(id: $id) {\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRevokeToken($id: ID!) {\n    revokeManagementToken(id: $id) {\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRevokeToken($id: ID!) {\n    revokeManagementToken(id: $id) {\n      token {\n        ...ConsoleTokenRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleProjects($first: Int, $type: ProjectType) {\n    projects(first: $first, type: $type) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          type\n          createdAt\n          updatedAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleProjects($first: Int, $type: ProjectType) {\n    projects(first: $first, type: $type) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          type\n          createdAt\n          updatedAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      project {\n        id\n        name\n        type\n        createdAt\n        updatedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      project {\n        id\n        name\n        type\n        createdAt\n        updatedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleUpdateProject($input: UpdateProjectInput!) {\n    updateProject(input: $input) {\n      project {\n        id\n        name\n        type\n        updatedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleUpdateProject($input: UpdateProjectInput!) {\n    updateProject(input: $input) {\n      project {\n        id\n        name\n        type\n        updatedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeleteProject($id: ID!) {\n    deleteProject(id: $id) {\n      deletedProjectId\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleDeleteProject($id: ID!) {\n    deleteProject(id: $id) {\n      deletedProjectId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleApiKeyRow on ApiKey {\n    id\n    kind\n    name\n    prefix\n    value\n    status\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n"): (typeof documents)["\n  fragment ConsoleApiKeyRow on ApiKey {\n    id\n    kind\n    name\n    prefix\n    value\n    status\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleWebhookRow on Webhook {\n    id\n    url\n    description\n    eventTypes\n    enabled\n    secretRotatedUntil\n    createdAt\n  }\n"): (typeof documents)["\n  fragment ConsoleWebhookRow on Webhook {\n    id\n    url\n    description\n    eventTypes\n    enabled\n    secretRotatedUntil\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleProject($id: ID!) {\n    project(id: $id) {\n      id\n      name\n      type\n      createdAt\n      apiKeys(first: 100) {\n        totalCount\n        edges {\n          node {\n            ...ConsoleApiKeyRow\n          }\n        }\n      }\n      webhooks(first: 100) {\n        totalCount\n        edges {\n          node {\n            ...ConsoleWebhookRow\n          }\n        }\n      }\n    }\n    webhookEventTypes {\n      name\n      description\n    }\n  }\n"): (typeof documents)["\n  query ConsoleProject($id: ID!) {\n    project(id: $id) {\n      id\n      name\n      type\n      createdAt\n      apiKeys(first: 100) {\n        totalCount\n        edges {\n          node {\n            ...ConsoleApiKeyRow\n          }\n        }\n      }\n      webhooks(first: 100) {\n        totalCount\n        edges {\n          node {\n            ...ConsoleWebhookRow\n          }\n        }\n      }\n    }\n    webhookEventTypes {\n      name\n      description\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRollApiKey($input: RollApiKeyInput!) {\n    rollApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n      previousApiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRollApiKey($input: RollApiKeyInput!) {\n    rollApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n      previousApiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeactivateApiKey($id: ID!) {\n    deactivateApiKey(id: $id) {\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleDeactivateApiKey($id: ID!) {\n    deactivateApiKey(id: $id) {\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleActivateApiKey($id: ID!) {\n    activateApiKey(id: $id) {\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleActivateApiKey($id: ID!) {\n    activateApiKey(id: $id) {\n      apiKey {\n        ...ConsoleApiKeyRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeleteApiKey($id: ID!) {\n    deleteApiKey(id: $id) {\n      deletedApiKeyId\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleDeleteApiKey($id: ID!) {\n    deleteApiKey(id: $id) {\n      deletedApiKeyId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        ...ConsoleWebhookRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        ...ConsoleWebhookRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      webhook {\n        ...ConsoleWebhookRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      webhook {\n        ...ConsoleWebhookRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      deletedWebhookId\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleDeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      deletedWebhookId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleWebhook($id: ID!, $status: DeliveryStatus) {\n    webhookEventTypes {\n      name\n    }\n    webhook(id: $id) {\n      ...ConsoleWebhookRow\n      project {\n        id\n        name\n      }\n      deliveries(first: 50, status: $status) {\n        totalCount\n        edges {\n          node {\n            id\n            eventType\n            status\n            attemptCount\n            lastStatusCode\n            nextAttemptAt\n            createdAt\n            attempts {\n              number\n              attemptedAt\n              statusCode\n              durationMs\n              error\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleWebhook($id: ID!, $status: DeliveryStatus) {\n    webhookEventTypes {\n      name\n    }\n    webhook(id: $id) {\n      ...ConsoleWebhookRow\n      project {\n        id\n        name\n      }\n      deliveries(first: 50, status: $status) {\n        totalCount\n        edges {\n          node {\n            id\n            eventType\n            status\n            attemptCount\n            lastStatusCode\n            nextAttemptAt\n            createdAt\n            attempts {\n              number\n              attemptedAt\n              statusCode\n              durationMs\n              error\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSendTestEvent($input: SendTestWebhookEventInput!) {\n    sendTestWebhookEvent(input: $input) {\n      event {\n        id\n        type\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleSendTestEvent($input: SendTestWebhookEventInput!) {\n    sendTestWebhookEvent(input: $input) {\n      event {\n        id\n        type\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRetryDelivery($id: ID!) {\n    retryWebhookDelivery(id: $id) {\n      delivery {\n        id\n        status\n        nextAttemptAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRetryDelivery($id: ID!) {\n    retryWebhookDelivery(id: $id) {\n      delivery {\n        id\n        status\n        nextAttemptAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRecoverDeliveries($input: RecoverWebhookDeliveriesInput!) {\n    recoverWebhookDeliveries(input: $input) {\n      recoveredCount\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRecoverDeliveries($input: RecoverWebhookDeliveriesInput!) {\n    recoverWebhookDeliveries(input: $input) {\n      recoveredCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAuditLog($action: String, $targetId: ID, $from: DateTime, $to: DateTime) {\n    auditLog(first: 100, action: $action, targetId: $targetId, from: $from, to: $to) {\n      totalCount\n      edges {\n        node {\n          id\n          action\n          createdAt\n          targetId\n          targetType\n          clientIp\n          summary\n          actor {\n            kind\n            tokenName\n            tokenPrefix\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleAuditLog($action: String, $targetId: ID, $from: DateTime, $to: DateTime) {\n    auditLog(first: 100, action: $action, targetId: $targetId, from: $from, to: $to) {\n      totalCount\n      edges {\n        node {\n          id\n          action\n          createdAt\n          targetId\n          targetType\n          clientIp\n          summary\n          actor {\n            kind\n            tokenName\n            tokenPrefix\n          }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;