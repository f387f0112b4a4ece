/* eslint-disable */
import * as types from './graphql.js';
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
    "\n  query ApolloClientViewer {\n    viewer {\n      permissions\n    }\n  }\n": typeof types.ApolloClientViewerDocument,
    "\n  query BatchedProjectsKeysProject {\n    projects(first: 20) {\n      edges {\n        node {\n          apiKeys(first: 5) {\n            edges {\n              node {\n                project {\n                  name\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.BatchedProjectsKeysProjectDocument,
    "\n  query BatchedEverythingNested($first: Int!) {\n    projects(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          apiKeys(first: 5, includeExpired: true) {\n            totalCount\n            edges {\n              node {\n                id\n                project {\n                  id\n                }\n                rolledFrom {\n                  id\n                  project {\n                    name\n                  }\n                }\n              }\n            }\n          }\n          webhooks(first: 3) {\n            totalCount\n            edges {\n              node {\n                id\n                project {\n                  id\n                }\n                deliveries(first: 4) {\n                  totalCount\n                  edges {\n                    node {\n                      id\n                      webhook {\n                        id\n                      }\n                      event {\n                        id\n                        type\n                      }\n                      attempts {\n                        number\n                        statusCode\n                      }\n                    }\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n    managementTokens(first: 20) {\n      edges {\n        node {\n          createdBy {\n            kind\n            token {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.BatchedEverythingNestedDocument,
    "\n  query BatchedNestedKeysPage($first: Int, $after: String, $last: Int, $before: String) {\n    projects(first: 10) {\n      edges {\n        cursor\n        node {\n          id\n          apiKeys(first: $first, after: $after, last: $last, before: $before) {\n            totalCount\n            edges {\n              cursor\n              node {\n                id\n                name\n              }\n            }\n            pageInfo {\n              hasNextPage\n              hasPreviousPage\n              startCursor\n              endCursor\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.BatchedNestedKeysPageDocument,
    "\n  query BatchedKeyNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      id\n      ... on ApiKey {\n        name\n        project {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.BatchedKeyNodesDocument,
    "\n  mutation BatchedMutationsThenRead($projectId: ID!, $name: String!) {\n    first: createApiKey(input: { projectId: $projectId, kind: SECRET, name: \"m1\" }) {\n      apiKey {\n        project {\n          name\n        }\n      }\n    }\n    rename: updateProject(input: { id: $projectId, name: $name }) {\n      project {\n        name\n      }\n    }\n    second: createApiKey(input: { projectId: $projectId, kind: SECRET, name: \"m2\" }) {\n      apiKey {\n        project {\n          name\n        }\n      }\n    }\n  }\n": typeof types.BatchedMutationsThenReadDocument,
    "\n  mutation BatchedCreateChildToken($name: String!) {\n    createManagementToken(input: { name: $name, scopes: [READ] }) {\n      token {\n        id\n      }\n    }\n  }\n": typeof types.BatchedCreateChildTokenDocument,
    "\n  query Viewer {\n    viewer {\n      token {\n        id\n        name\n        prefix\n        status\n        permissions\n        scopes\n        grantedPermissions\n      }\n      workspace {\n        id\n        name\n      }\n      permissions\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query RateLimit {\n    rateLimit {\n      policy\n      limit\n      remaining\n      used\n      windowSeconds\n      resetAt\n    }\n  }\n": typeof types.RateLimitDocument,
    "\n  fragment TokenFields on ManagementToken {\n    id\n    name\n    description\n    prefix\n    status\n    scopes\n    grantedPermissions\n    permissions\n    createdAt\n    createdBy {\n      kind\n      token {\n        id\n        name\n      }\n    }\n    expiresAt\n    previousSecretExpiresAt\n    deactivatedAt\n    revokedAt\n    revokedReason\n    expiresInDays\n    allowedCidrs\n    projects {\n      id\n    }\n    lastUsedAt\n    lastUsedIp\n    lastUsedUserAgent\n  }\n": typeof types.TokenFieldsFragmentDoc,
    "\n  query ManagementTokens($first: Int, $after: String, $last: Int, $before: String, $status: TokenStatus, $includeRevoked: Boolean) {\n    managementTokens(first: $first, after: $after, last: $last, before: $before, status: $status, includeRevoked: $includeRevoked) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...TokenFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.ManagementTokensDocument,
    "\n  query ManagementToken($id: ID!) {\n    managementToken(id: $id) {\n      ...TokenFields\n    }\n  }\n": typeof types.ManagementTokenDocument,
    "\n  mutation CreateToken($input: CreateManagementTokenInput!) {\n    createManagementToken(input: $input) {\n      secret\n      token {\n        ...TokenFields\n      }\n    }\n  }\n": typeof types.CreateTokenDocument,
    "\n  mutation CreateTokenBrief($input: CreateManagementTokenInput!) {\n    createManagementToken(input: $input) {\n      secret\n      token {\n        id\n        name\n        permissions\n      }\n    }\n  }\n": typeof types.CreateTokenBriefDocument,
    "\n  mutation UpdateToken($input: UpdateManagementTokenInput!) {\n    updateManagementToken(input: $input) {\n      token {\n        id\n        name\n        description\n        allowedCidrs\n      }\n    }\n  }\n": typeof types.UpdateTokenDocument,
    "\n  mutation RotateToken($input: RotateManagementTokenInput!) {\n    rotateManagementToken(input: $input) {\n      secret\n      token {\n        id\n        prefix\n        previousSecretExpiresAt\n      }\n    }\n  }\n": typeof types.RotateTokenDocument,
    "\n  mutation DeactivateToken($id: ID!) {\n    deactivateManagementToken(id: $id) {\n      token {\n        id\n        status\n        deactivatedAt\n      }\n    }\n  }\n": typeof types.DeactivateTokenDocument,
    "\n  mutation ActivateToken($id: ID!) {\n    activateManagementToken(id: $id) {\n      token {\n        id\n        status\n      }\n    }\n  }\n": typeof types.ActivateTokenDocument,
    "\n  mutation RevokeToken($id: ID!) {\n    revokeManagementToken(id: $id) {\n      token {\n        id\n        status\n        revokedAt\n        revokedReason\n      }\n    }\n  }\n": typeof types.RevokeTokenDocument,
    "\n  query Projects($first: Int, $after: String, $last: Int, $before: String, $type: ProjectType) {\n    projects(first: $first, after: $after, last: $last, before: $before, type: $type) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          name\n          type\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.ProjectsDocument,
    "\n  query Project($id: ID!) {\n    project(id: $id) {\n      id\n      name\n      type\n      createdAt\n      updatedAt\n    }\n  }\n": typeof types.ProjectDocument,
    "\n  query Node($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Project {\n        name\n      }\n      ... on ManagementToken {\n        name\n      }\n      ... on Workspace {\n        name\n      }\n    }\n  }\n": typeof types.NodeDocument,
    "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      project {\n        id\n        name\n        type\n        createdAt\n      }\n    }\n  }\n": typeof types.CreateProjectDocument,
    "\n  mutation UpdateProject($input: UpdateProjectInput!) {\n    updateProject(input: $input) {\n      project {\n        id\n        name\n        type\n      }\n    }\n  }\n": typeof types.UpdateProjectDocument,
    "\n  mutation DeleteProject($id: ID!) {\n    deleteProject(id: $id) {\n      deletedProjectId\n    }\n  }\n": typeof types.DeleteProjectDocument,
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    kind\n    name\n    prefix\n    value\n    status\n    createdAt\n    expiresAt\n    deactivatedAt\n    lastUsedAt\n    rolledFrom {\n      id\n    }\n  }\n": typeof types.ApiKeyFieldsFragmentDoc,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RollApiKey($input: RollApiKeyInput!) {\n    rollApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n      previousApiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": typeof types.RollApiKeyDocument,
    "\n  mutation DeactivateApiKey($id: ID!) {\n    deactivateApiKey(id: $id) {\n      apiKey {\n        id\n        status\n      }\n    }\n  }\n": typeof types.DeactivateApiKeyDocument,
    "\n  mutation ActivateApiKey($id: ID!) {\n    activateApiKey(id: $id) {\n      apiKey {\n        id\n        status\n      }\n    }\n  }\n": typeof types.ActivateApiKeyDocument,
    "\n  mutation DeleteApiKey($id: ID!) {\n    deleteApiKey(id: $id) {\n      deletedApiKeyId\n    }\n  }\n": typeof types.DeleteApiKeyDocument,
    "\n  query ApiKey($id: ID!) {\n    apiKey(id: $id) {\n      ...ApiKeyFields\n    }\n  }\n": typeof types.ApiKeyDocument,
    "\n  query ProjectApiKeys($id: ID!, $first: Int, $after: String, $kind: ApiKeyKind, $includeExpired: Boolean) {\n    project(id: $id) {\n      apiKeys(first: $first, after: $after, kind: $kind, includeExpired: $includeExpired) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...ApiKeyFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.ProjectApiKeysDocument,
    "\n  query VerifyApiKey($key: String!) {\n    verifyApiKey(key: $key) {\n      valid\n      reason\n      kind\n      project {\n        id\n        name\n      }\n      apiKey {\n        id\n      }\n    }\n  }\n": typeof types.VerifyApiKeyDocument,
    "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    description\n    eventTypes\n    headers {\n      name\n      value\n    }\n    headerNames\n    enabled\n    secretRotatedUntil\n    project {\n      id\n    }\n  }\n": typeof types.WebhookFieldsFragmentDoc,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($input: UpdateWebhookInput!) {\n    updateWebhook(input: $input) {\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n": typeof types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      deletedWebhookId\n    }\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      webhook {\n        id\n        secretRotatedUntil\n      }\n    }\n  }\n": typeof types.RotateWebhookSecretDocument,
    "\n  query Webhook($id: ID!) {\n    webhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n": typeof types.WebhookDocument,
    "\n  query ProjectWebhooks($id: ID!, $first: Int, $after: String, $enabled: Boolean) {\n    project(id: $id) {\n      webhooks(first: $first, after: $after, enabled: $enabled) {\n        totalCount\n        edges {\n          node {\n            ...WebhookFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.ProjectWebhooksDocument,
    "\n  query WebhookEventTypes {\n    webhookEventTypes {\n      name\n      description\n    }\n  }\n": typeof types.WebhookEventTypesDocument,
    "\n  query Nodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      id\n    }\n  }\n": typeof types.NodesDocument,
    "\n  query WebhookDeliveries($id: ID!, $status: DeliveryStatus, $eventType: String) {\n    webhook(id: $id) {\n      deliveries(status: $status, eventType: $eventType, first: 100) {\n        totalCount\n        edges {\n          node {\n            id\n            eventType\n            status\n            attemptCount\n            nextAttemptAt\n            lastStatusCode\n            event {\n              id\n              type\n              payload\n            }\n            attempts {\n              number\n              statusCode\n              durationMs\n              error\n              responseExcerpt\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
    "\n  mutation SendTestEvent($input: SendTestWebhookEventInput!) {\n    sendTestWebhookEvent(input: $input) {\n      event {\n        id\n        type\n        payload\n      }\n    }\n  }\n": typeof types.SendTestEventDocument,
    "\n  mutation RetryDelivery($id: ID!) {\n    retryWebhookDelivery(id: $id) {\n      delivery {\n        id\n        status\n      }\n    }\n  }\n": typeof types.RetryDeliveryDocument,
    "\n  mutation RecoverDeliveries($input: RecoverWebhookDeliveriesInput!) {\n    recoverWebhookDeliveries(input: $input) {\n      recoveredCount\n    }\n  }\n": typeof types.RecoverDeliveriesDocument,
    "\n  query AuditLog($action: String, $actorTokenId: ID, $targetId: ID, $from: DateTime, $to: DateTime, $first: Int) {\n    auditLog(action: $action, actorTokenId: $actorTokenId, targetId: $targetId, from: $from, to: $to, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          action\n          actor {\n            kind\n            tokenId\n            tokenName\n            tokenPrefix\n          }\n          clientIp\n          userAgent\n          targetType\n          targetId\n          summary\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  query AuditRequestIds($action: String) {\n    auditLog(action: $action, first: 20) {\n      edges {\n        node {\n          action\n          requestId\n        }\n      }\n    }\n  }\n": typeof types.AuditRequestIdsDocument,
    "\n  query ProjectsWithCost($first: Int, $keys: Int) {\n    projects(first: $first) {\n      edges {\n        node {\n          id\n          apiKeys(first: $keys) {\n            edges {\n              node {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n    rateLimit {\n      cost\n      limit\n      remaining\n      used\n    }\n  }\n": typeof types.ProjectsWithCostDocument,
};
const documents: Documents = {
    "\n  query ApolloClientViewer {\n    viewer {\n      permissions\n    }\n  }\n": types.ApolloClientViewerDocument,
    "\n  query BatchedProjectsKeysProject {\n    projects(first: 20) {\n      edges {\n        node {\n          apiKeys(first: 5) {\n            edges {\n              node {\n                project {\n                  name\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.BatchedProjectsKeysProjectDocument,
    "\n  query BatchedEverythingNested($first: Int!) {\n    projects(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          apiKeys(first: 5, includeExpired: true) {\n            totalCount\n            edges {\n              node {\n                id\n                project {\n                  id\n                }\n                rolledFrom {\n                  id\n                  project {\n                    name\n                  }\n                }\n              }\n            }\n          }\n          webhooks(first: 3) {\n            totalCount\n            edges {\n              node {\n                id\n                project {\n                  id\n                }\n                deliveries(first: 4) {\n                  totalCount\n                  edges {\n                    node {\n                      id\n                      webhook {\n                        id\n                      }\n                      event {\n                        id\n                        type\n                      }\n                      attempts {\n                        number\n                        statusCode\n                      }\n                    }\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n    managementTokens(first: 20) {\n      edges {\n        node {\n          createdBy {\n            kind\n            token {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.BatchedEverythingNestedDocument,
    "\n  query BatchedNestedKeysPage($first: Int, $after: String, $last: Int, $before: String) {\n    projects(first: 10) {\n      edges {\n        cursor\n        node {\n          id\n          apiKeys(first: $first, after: $after, last: $last, before: $before) {\n            totalCount\n            edges {\n              cursor\n              node {\n                id\n                name\n              }\n            }\n            pageInfo {\n              hasNextPage\n              hasPreviousPage\n              startCursor\n              endCursor\n            }\n          }\n        }\n      }\n    }\n  }\n": types.BatchedNestedKeysPageDocument,
    "\n  query BatchedKeyNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      id\n      ... on ApiKey {\n        name\n        project {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.BatchedKeyNodesDocument,
    "\n  mutation BatchedMutationsThenRead($projectId: ID!, $name: String!) {\n    first: createApiKey(input: { projectId: $projectId, kind: SECRET, name: \"m1\" }) {\n      apiKey {\n        project {\n          name\n        }\n      }\n    }\n    rename: updateProject(input: { id: $projectId, name: $name }) {\n      project {\n        name\n      }\n    }\n    second: createApiKey(input: { projectId: $projectId, kind: SECRET, name: \"m2\" }) {\n      apiKey {\n        project {\n          name\n        }\n      }\n    }\n  }\n": types.BatchedMutationsThenReadDocument,
    "\n  mutation BatchedCreateChildToken($name: String!) {\n    createManagementToken(input: { name: $name, scopes: [READ] }) {\n      token {\n        id\n      }\n    }\n  }\n": types.BatchedCreateChildTokenDocument,
    "\n  query Viewer {\n    viewer {\n      token {\n        id\n        name\n        prefix\n        status\n        permissions\n        scopes\n        grantedPermissions\n      }\n      workspace {\n        id\n        name\n      }\n      permissions\n    }\n  }\n": types.ViewerDocument,
    "\n  query RateLimit {\n    rateLimit {\n      policy\n      limit\n      remaining\n      used\n      windowSeconds\n      resetAt\n    }\n  }\n": types.RateLimitDocument,
    "\n  fragment TokenFields on ManagementToken {\n    id\n    name\n    description\n    prefix\n    status\n    scopes\n    grantedPermissions\n    permissions\n    createdAt\n    createdBy {\n      kind\n      token {\n        id\n        name\n      }\n    }\n    expiresAt\n    previousSecretExpiresAt\n    deactivatedAt\n    revokedAt\n    revokedReason\n    expiresInDays\n    allowedCidrs\n    projects {\n      id\n    }\n    lastUsedAt\n    lastUsedIp\n    lastUsedUserAgent\n  }\n": types.TokenFieldsFragmentDoc,
    "\n  query ManagementTokens($first: Int, $after: String, $last: Int, $before: String, $status: TokenStatus, $includeRevoked: Boolean) {\n    managementTokens(first: $first, after: $after, last: $last, before: $before, status: $status, includeRevoked: $includeRevoked) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...TokenFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.ManagementTokensDocument,
    "\n  query ManagementToken($id: ID!) {\n    managementToken(id: $id) {\n      ...TokenFields\n    }\n  }\n": types.ManagementTokenDocument,
    "\n  mutation CreateToken($input: CreateManagementTokenInput!) {\n    createManagementToken(input: $input) {\n      secret\n      token {\n        ...TokenFields\n      }\n    }\n  }\n": types.CreateTokenDocument,
    "\n  mutation CreateTokenBrief($input: CreateManagementTokenInput!) {\n    createManagementToken(input: $input) {\n      secret\n      token {\n        id\n        name\n        permissions\n      }\n    }\n  }\n": types.CreateTokenBriefDocument,
    "\n  mutation UpdateToken($input: UpdateManagementTokenInput!) {\n    updateManagementToken(input: $input) {\n      token {\n        id\n        name\n        description\n        allowedCidrs\n      }\n    }\n  }\n": types.UpdateTokenDocument,
    "\n  mutation RotateToken($input: RotateManagementTokenInput!) {\n    rotateManagementToken(input: $input) {\n      secret\n      token {\n        id\n        prefix\n        previousSecretExpiresAt\n      }\n    }\n  }\n": types.RotateTokenDocument,
    "\n  mutation DeactivateToken($id: ID!) {\n    deactivateManagementToken(id: $id) {\n      token {\n        id\n        status\n        deactivatedAt\n      }\n    }\n  }\n": types.DeactivateTokenDocument,
    "\n  mutation ActivateToken($id: ID!) {\n    activateManagementToken(id: $id) {\n      token {\n        id\n        status\n      }\n    }\n  }\n": types.ActivateTokenDocument,
    "\n  mutation RevokeToken($id: ID!) {\n    revokeManagementToken(id: $id) {\n      token {\n        id\n        status\n        revokedAt\n        revokedReason\n      }\n    }\n  }\n": types.RevokeTokenDocument,
    "\n  query Projects($first: Int, $after: String, $last: Int, $before: String, $type: ProjectType) {\n    projects(first: $first, after: $after, last: $last, before: $before, type: $type) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          name\n          type\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.ProjectsDocument,
    "\n  query Project($id: ID!) {\n    project(id: $id) {\n      id\n      name\n      type\n      createdAt\n      updatedAt\n    }\n  }\n": types.ProjectDocument,
    "\n  query Node($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Project {\n        name\n      }\n      ... on ManagementToken {\n        name\n      }\n      ... on Workspace {\n        name\n      }\n    }\n  }\n": types.NodeDocument,
    "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      project {\n        id\n        name\n        type\n        createdAt\n      }\n    }\n  }\n": types.CreateProjectDocument,
    "\n  mutation UpdateProject($input: UpdateProjectInput!) {\n    updateProject(input: $input) {\n      project {\n        id\n        name\n        type\n      }\n    }\n  }\n": types.UpdateProjectDocument,
    "\n  mutation DeleteProject($id: ID!) {\n    deleteProject(id: $id) {\n      deletedProjectId\n    }\n  }\n": types.DeleteProjectDocument,
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    kind\n    name\n    prefix\n    value\n    status\n    createdAt\n    expiresAt\n    deactivatedAt\n    lastUsedAt\n    rolledFrom {\n      id\n    }\n  }\n": types.ApiKeyFieldsFragmentDoc,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RollApiKey($input: RollApiKeyInput!) {\n    rollApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n      previousApiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": types.RollApiKeyDocument,
    "\n  mutation DeactivateApiKey($id: ID!) {\n    deactivateApiKey(id: $id) {\n      apiKey {\n        id\n        status\n      }\n    }\n  }\n": types.DeactivateApiKeyDocument,
    "\n  mutation ActivateApiKey($id: ID!) {\n    activateApiKey(id: $id) {\n      apiKey {\n        id\n        status\n      }\n    }\n  }\n": types.ActivateApiKeyDocument,
    "\n  mutation DeleteApiKey($id: ID!) {\n    deleteApiKey(id: $id) {\n      deletedApiKeyId\n    }\n  }\n": types.DeleteApiKeyDocument,
    "\n  query ApiKey($id: ID!) {\n    apiKey(id: $id) {\n      ...ApiKeyFields\n    }\n  }\n": types.ApiKeyDocument,
    "\n  query ProjectApiKeys($id: ID!, $first: Int, $after: String, $kind: ApiKeyKind, $includeExpired: Boolean) {\n    project(id: $id) {\n      apiKeys(first: $first, after: $after, kind: $kind, includeExpired: $includeExpired) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...ApiKeyFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.ProjectApiKeysDocument,
    "\n  query VerifyApiKey($key: String!) {\n    verifyApiKey(key: $key) {\n      valid\n      reason\n      kind\n      project {\n        id\n        name\n      }\n      apiKey {\n        id\n      }\n    }\n  }\n": types.VerifyApiKeyDocument,
    "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    description\n    eventTypes\n    headers {\n      name\n      value\n    }\n    headerNames\n    enabled\n    secretRotatedUntil\n    project {\n      id\n    }\n  }\n": types.WebhookFieldsFragmentDoc,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($input: UpdateWebhookInput!) {\n    updateWebhook(input: $input) {\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n": types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      deletedWebhookId\n    }\n  }\n": types.DeleteWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      webhook {\n        id\n        secretRotatedUntil\n      }\n    }\n  }\n": types.RotateWebhookSecretDocument,
    "\n  query Webhook($id: ID!) {\n    webhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n": types.WebhookDocument,
    "\n  query ProjectWebhooks($id: ID!, $first: Int, $after: String, $enabled: Boolean) {\n    project(id: $id) {\n      webhooks(first: $first, after: $after, enabled: $enabled) {\n        totalCount\n        edges {\n          node {\n            ...WebhookFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.ProjectWebhooksDocument,
    "\n  query WebhookEventTypes {\n    webhookEventTypes {\n      name\n      description\n    }\n  }\n": types.WebhookEventTypesDocument,
    "\n  query Nodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      id\n    }\n  }\n": types.NodesDocument,
    "\n  query WebhookDeliveries($id: ID!, $status: DeliveryStatus, $eventType: String) {\n    webhook(id: $id) {\n      deliveries(status: $status, eventType: $eventType, first: 100) {\n        totalCount\n        edges {\n          node {\n            id\n            eventType\n            status\n            attemptCount\n            nextAttemptAt\n            lastStatusCode\n            event {\n              id\n              type\n              payload\n            }\n            attempts {\n              number\n              statusCode\n              durationMs\n              error\n              responseExcerpt\n            }\n          }\n        }\n      }\n    }\n  }\n": types.WebhookDeliveriesDocument,
    "\n  mutation SendTestEvent($input: SendTestWebhookEventInput!) {\n    sendTestWebhookEvent(input: $input) {\n      event {\n        id\n        type\n        payload\n      }\n    }\n  }\n": types.SendTestEventDocument,
    "\n  mutation RetryDelivery($id: ID!) {\n    retryWebhookDelivery(id: $id) {\n      delivery {\n        id\n        status\n      }\n    }\n  }\n": types.RetryDeliveryDocument,
    "\n  mutation RecoverDeliveries($input: RecoverWebhookDeliveriesInput!) {\n    recoverWebhookDeliveries(input: $input) {\n      recoveredCount\n    }\n  }\n": types.RecoverDeliveriesDocument,
    "\n  query AuditLog($action: String, $actorTokenId: ID, $targetId: ID, $from: DateTime, $to: DateTime, $first: Int) {\n    auditLog(action: $action, actorTokenId: $actorTokenId, targetId: $targetId, from: $from, to: $to, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          action\n          actor {\n            kind\n            tokenId\n            tokenName\n            tokenPrefix\n          }\n          clientIp\n          userAgent\n          targetType\n          targetId\n          summary\n          createdAt\n        }\n      }\n    }\n  }\n": types.AuditLogDocument,
    "\n  query AuditRequestIds($action: String) {\n    auditLog(action: $action, first: 20) {\n      edges {\n        node {\n          action\n          requestId\n        }\n      }\n    }\n  }\n": types.AuditRequestIdsDocument,
    "\n  query ProjectsWithCost($first: Int, $keys: Int) {\n    projects(first: $first) {\n      edges {\n        node {\n          id\n          apiKeys(first: $keys) {\n            edges {\n              node {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n    rateLimit {\n      cost\n      limit\n      remaining\n      used\n    }\n  }\n": types.ProjectsWithCostDocument,
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
export function graphql(source: "\n  query ApolloClientViewer {\n    viewer {\n      permissions\n    }\n  }\n"): (typeof documents)["\n  query ApolloClientViewer {\n    viewer {\n      permissions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BatchedProjectsKeysProject {\n    projects(first: 20) {\n      edges {\n        node {\n          apiKeys(first: 5) {\n            edges {\n              node {\n                project {\n                  name\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BatchedProjectsKeysProject {\n    projects(first: 20) {\n      edges {\n        node {\n          apiKeys(first: 5) {\n            edges {\n              node {\n                project {\n                  name\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BatchedEverythingNested($first: Int!) {\n    projects(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          apiKeys(first: 5, includeExpired: true) {\n            totalCount\n            edges {\n              node {\n                id\n                project {\n                  id\n                }\n                rolledFrom {\n                  id\n                  project {\n                    name\n                  }\n                }\n              }\n            }\n          }\n          webhooks(first: 3) {\n            totalCount\n            edges {\n              node {\n                id\n                project {\n                  id\n                }\n                deliveries(first: 4) {\n                  totalCount\n                  edges {\n                    node {\n                      id\n                      webhook {\n                        id\n                      }\n                      event {\n                        id\n                        type\n                      }\n                      attempts {\n                        number\n                        statusCode\n                      }\n                    }\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n    managementTokens(first: 20) {\n      edges {\n        node {\n          createdBy {\n            kind\n            token {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BatchedEverythingNested($first: Int!) {\n    projects(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          apiKeys(first: 5, includeExpired: true) {\n            totalCount\n            edges {\n              node {\n                id\n                project {\n                  id\n                }\n                rolledFrom {\n                  id\n                  project {\n                    name\n                  }\n                }\n              }\n            }\n          }\n          webhooks(first: 3) {\n            totalCount\n            edges {\n              node {\n                id\n                project {\n                  id\n                }\n                deliveries(first: 4) {\n                  totalCount\n                  edges {\n                    node {\n                      id\n                      webhook {\n                        id\n                      }\n                      event {\n                        id\n                        type\n                      }\n                      attempts {\n                        number\n                        statusCode\n                      }\n                    }\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n    managementTokens(first: 20) {\n      edges {\n        node {\n          createdBy {\n            kind\n            token {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BatchedNestedKeysPage($first: Int, $after: String, $last: Int, $before: String) {\n    projects(first: 10) {\n      edges {\n        cursor\n        node {\n          id\n          apiKeys(first: $first, after: $after, last: $last, before: $before) {\n            totalCount\n            edges {\n              cursor\n              node {\n                id\n                name\n              }\n            }\n            pageInfo {\n              hasNextPage\n              hasPreviousPage\n              startCursor\n              endCursor\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BatchedNestedKeysPage($first: Int, $after: String, $last: Int, $before: String) {\n    projects(first: 10) {\n      edges {\n        cursor\n        node {\n          id\n          apiKeys(first: $first, after: $after, last: $last, before: $before) {\n            totalCount\n            edges {\n              cursor\n              node {\n                id\n                name\n              }\n            }\n            pageInfo {\n              hasNextPage\n              hasPreviousPage\n              startCursor\n              endCursor\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BatchedKeyNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      id\n      ... on ApiKey {\n        name\n        project {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BatchedKeyNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      id\n      ... on ApiKey {\n        name\n        project {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BatchedMutationsThenRead($projectId: ID!, $name: String!) {\n    first: createApiKey(input: { projectId: $projectId, kind: SECRET, name: \"m1\" }) {\n      apiKey {\n        project {\n          name\n        }\n      }\n    }\n    rename: updateProject(input: { id: $projectId, name: $name }) {\n      project {\n        name\n      }\n    }\n    second: createApiKey(input: { projectId: $projectId, kind: SECRET, name: \"m2\" }) {\n      apiKey {\n        project {\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation BatchedMutationsThenRead($projectId: ID!, $name: String!) {\n    first: createApiKey(input: { projectId: $projectId, kind: SECRET, name: \"m1\" }) {\n      apiKey {\n        project {\n          name\n        }\n      }\n    }\n    rename: updateProject(input: { id: $projectId, name: $name }) {\n      project {\n        name\n      }\n    }\n    second: createApiKey(input: { projectId: $projectId, kind: SECRET, name: \"m2\" }) {\n      apiKey {\n        project {\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BatchedCreateChildToken($name: String!) {\n    createManagementToken(input: { name: $name, scopes: [READ] }) {\n      token {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation BatchedCreateChildToken($name: String!) {\n    createManagementToken(input: { name: $name, scopes: [READ] }) {\n      token {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      token {\n        id\n        name\n        prefix\n        status\n        permissions\n        scopes\n        grantedPermissions\n      }\n      workspace {\n        id\n        name\n      }\n      permissions\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      token {\n        id\n        name\n        prefix\n        status\n        permissions\n        scopes\n        grantedPermissions\n      }\n      workspace {\n        id\n        name\n      }\n      permissions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RateLimit {\n    rateLimit {\n      policy\n      limit\n      remaining\n      used\n      windowSeconds\n      resetAt\n    }\n  }\n"): (typeof documents)["\n  query RateLimit {\n    rateLimit {\n      policy\n      limit\n      remaining\n      used\n      windowSeconds\n      resetAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TokenFields on ManagementToken {\n    id\n    name\n    description\n    prefix\n    status\n    scopes\n    grantedPermissions\n    permissions\n    createdAt\n    createdBy {\n      kind\n      token {\n        id\n        name\n      }\n    }\n    expiresAt\n    previousSecretExpiresAt\n    deactivatedAt\n    revokedAt\n    revokedReason\n    expiresInDays\n    allowedCidrs\n    projects {\n      id\n    }\n    lastUsedAt\n    lastUsedIp\n    lastUsedUserAgent\n  }\n"): (typeof documents)["\n  fragment TokenFields on ManagementToken {\n    id\n    name\n    description\n    prefix\n    status\n    scopes\n    grantedPermissions\n    permissions\n    createdAt\n    createdBy {\n      kind\n      token {\n        id\n        name\n      }\n    }\n    expiresAt\n    previousSecretExpiresAt\n    deactivatedAt\n    revokedAt\n    revokedReason\n    expiresInDays\n    allowedCidrs\n    projects {\n      id\n    }\n    lastUsedAt\n    lastUsedIp\n    lastUsedUserAgent\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ManagementTokens($first: Int, $after: String, $last: Int, $before: String, $status: TokenStatus, $includeRevoked: Boolean) {\n    managementTokens(first: $first, after: $after, last: $last, before: $before, status: $status, includeRevoked: $includeRevoked) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...TokenFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ManagementTokens($first: Int, $after: String, $last: Int, $before: String, $status: TokenStatus, $includeRevoked: Boolean) {\n    managementTokens(first: $first, after: $after, last: $last, before: $before, status: $status, includeRevoked: $includeRevoked) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...TokenFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ManagementToken($id: ID!) {\n    managementToken(id: $id) {\n      ...TokenFields\n    }\n  }\n"): (typeof documents)["\n  query ManagementToken($id: ID!) {\n    managementToken(id: $id) {\n      ...TokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateToken($input: CreateManagementTokenInput!) {\n    createManagementToken(input: $input) {\n      secret\n      token {\n        ...TokenFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateToken($input: CreateManagementTokenInput!) {\n    createManagementToken(input: $input) {\n      secret\n      token {\n        ...TokenFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTokenBrief($input: CreateManagementTokenInput!) {\n    createManagementToken(input: $input) {\n      secret\n      token {\n        id\n        name\n        permissions\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTokenBrief($input: CreateManagementTokenInput!) {\n    createManagementToken(input: $input) {\n      secret\n      token {\n        id\n        name\n        permissions\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateToken($input: UpdateManagementTokenInput!) {\n    updateManagementToken(input: $input) {\n      token {\n        id\n        name\n        description\n        allowedCidrs\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateToken($input: UpdateManagementTokenInput!) {\n    updateManagementToken(input: $input) {\n      token {\n        id\n        name\n        description\n        allowedCidrs\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateToken($input: RotateManagementTokenInput!) {\n    rotateManagementToken(input: $input) {\n      secret\n      token {\n        id\n        prefix\n        previousSecretExpiresAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RotateToken($input: RotateManagementTokenInput!) {\n    rotateManagementToken(input: $input) {\n      secret\n      token {\n        id\n        prefix\n        previousSecretExpiresAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeactivateToken($id: ID!) {\n    deactivateManagementToken(id: $id) {\n      token {\n        id\n        status\n        deactivatedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeactivateToken($id: ID!) {\n    deactivateManagementToken(id: $id) {\n      token {\n        id\n        status\n        deactivatedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ActivateToken($id: ID!) {\n    activateManagementToken(id: $id) {\n      token {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ActivateToken($id: ID!) {\n    activateManagementToken(id: $id) {\n      token {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeToken($id: ID!) {\n    revokeManagementToken(id: $id) {\n      token {\n        id\n        status\n        revokedAt\n        revokedReason\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeToken($id: ID!) {\n    revokeManagementToken(id: $id) {\n      token {\n        id\n        status\n        revokedAt\n        revokedReason\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Projects($first: Int, $after: String, $last: Int, $before: String, $type: ProjectType) {\n    projects(first: $first, after: $after, last: $last, before: $before, type: $type) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          name\n          type\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Projects($first: Int, $after: String, $last: Int, $before: String, $type: ProjectType) {\n    projects(first: $first, after: $after, last: $last, before: $before, type: $type) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          name\n          type\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Project($id: ID!) {\n    project(id: $id) {\n      id\n      name\n      type\n      createdAt\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  query Project($id: ID!) {\n    project(id: $id) {\n      id\n      name\n      type\n      createdAt\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Node($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Project {\n        name\n      }\n      ... on ManagementToken {\n        name\n      }\n      ... on Workspace {\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Node($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Project {\n        name\n      }\n      ... on ManagementToken {\n        name\n      }\n      ... on Workspace {\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      project {\n        id\n        name\n        type\n        createdAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      project {\n        id\n        name\n        type\n        createdAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProject($input: UpdateProjectInput!) {\n    updateProject(input: $input) {\n      project {\n        id\n        name\n        type\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateProject($input: UpdateProjectInput!) {\n    updateProject(input: $input) {\n      project {\n        id\n        name\n        type\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteProject($id: ID!) {\n    deleteProject(id: $id) {\n      deletedProjectId\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteProject($id: ID!) {\n    deleteProject(id: $id) {\n      deletedProjectId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyFields on ApiKey {\n    id\n    kind\n    name\n    prefix\n    value\n    status\n    createdAt\n    expiresAt\n    deactivatedAt\n    lastUsedAt\n    rolledFrom {\n      id\n    }\n  }\n"): (typeof documents)["\n  fragment ApiKeyFields on ApiKey {\n    id\n    kind\n    name\n    prefix\n    value\n    status\n    createdAt\n    expiresAt\n    deactivatedAt\n    lastUsedAt\n    rolledFrom {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RollApiKey($input: RollApiKeyInput!) {\n    rollApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n      previousApiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RollApiKey($input: RollApiKeyInput!) {\n    rollApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n      previousApiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeactivateApiKey($id: ID!) {\n    deactivateApiKey(id: $id) {\n      apiKey {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeactivateApiKey($id: ID!) {\n    deactivateApiKey(id: $id) {\n      apiKey {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ActivateApiKey($id: ID!) {\n    activateApiKey(id: $id) {\n      apiKey {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ActivateApiKey($id: ID!) {\n    activateApiKey(id: $id) {\n      apiKey {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteApiKey($id: ID!) {\n    deleteApiKey(id: $id) {\n      deletedApiKeyId\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteApiKey($id: ID!) {\n    deleteApiKey(id: $id) {\n      deletedApiKeyId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKey($id: ID!) {\n    apiKey(id: $id) {\n      ...ApiKeyFields\n    }\n  }\n"): (typeof documents)["\n  query ApiKey($id: ID!) {\n    apiKey(id: $id) {\n      ...ApiKeyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectApiKeys($id: ID!, $first: Int, $after: String, $kind: ApiKeyKind, $includeExpired: Boolean) {\n    project(id: $id) {\n      apiKeys(first: $first, after: $after, kind: $kind, includeExpired: $includeExpired) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...ApiKeyFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ProjectApiKeys($id: ID!, $first: Int, $after: String, $kind: ApiKeyKind, $includeExpired: Boolean) {\n    project(id: $id) {\n      apiKeys(first: $first, after: $after, kind: $kind, includeExpired: $includeExpired) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...ApiKeyFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VerifyApiKey($key: String!) {\n    verifyApiKey(key: $key) {\n      valid\n      reason\n      kind\n      project {\n        id\n        name\n      }\n      apiKey {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query VerifyApiKey($key: String!) {\n    verifyApiKey(key: $key) {\n      valid\n      reason\n      kind\n      project {\n        id\n        name\n      }\n      apiKey {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    description\n    eventTypes\n    headers {\n      name\n      value\n    }\n    headerNames\n    enabled\n    secretRotatedUntil\n    project {\n      id\n    }\n  }\n"): (typeof documents)["\n  fragment WebhookFields on Webhook {\n    id\n    url\n    description\n    eventTypes\n    headers {\n      name\n      value\n    }\n    headerNames\n    enabled\n    secretRotatedUntil\n    project {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhook($input: UpdateWebhookInput!) {\n    updateWebhook(input: $input) {\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateWebhook($input: UpdateWebhookInput!) {\n    updateWebhook(input: $input) {\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      deletedWebhookId\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      deletedWebhookId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      webhook {\n        id\n        secretRotatedUntil\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      webhook {\n        id\n        secretRotatedUntil\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhook($id: ID!) {\n    webhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n"): (typeof documents)["\n  query Webhook($id: ID!) {\n    webhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectWebhooks($id: ID!, $first: Int, $after: String, $enabled: Boolean) {\n    project(id: $id) {\n      webhooks(first: $first, after: $after, enabled: $enabled) {\n        totalCount\n        edges {\n          node {\n            ...WebhookFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ProjectWebhooks($id: ID!, $first: Int, $after: String, $enabled: Boolean) {\n    project(id: $id) {\n      webhooks(first: $first, after: $after, enabled: $enabled) {\n        totalCount\n        edges {\n          node {\n            ...WebhookFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEventTypes {\n    webhookEventTypes {\n      name\n      description\n    }\n  }\n"): (typeof documents)["\n  query WebhookEventTypes {\n    webhookEventTypes {\n      name\n      description\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Nodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      id\n    }\n  }\n"): (typeof documents)["\n  query Nodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries($id: ID!, $status: DeliveryStatus, $eventType: String) {\n    webhook(id: $id) {\n      deliveries(status: $status, eventType: $eventType, first: 100) {\n        totalCount\n        edges {\n          node {\n            id\n            eventType\n            status\n            attemptCount\n            nextAttemptAt\n            lastStatusCode\n            event {\n              id\n              type\n              payload\n            }\n            attempts {\n              number\n              statusCode\n              durationMs\n              error\n              responseExcerpt\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookDeliveries($id: ID!, $status: DeliveryStatus, $eventType: String) {\n    webhook(id: $id) {\n      deliveries(status: $status, eventType: $eventType, first: 100) {\n        totalCount\n        edges {\n          node {\n            id\n            eventType\n            status\n            attemptCount\n            nextAttemptAt\n            lastStatusCode\n            event {\n              id\n              type\n              payload\n            }\n            attempts {\n              number\n              statusCode\n              durationMs\n              error\n              responseExcerpt\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestEvent($input: SendTestWebhookEventInput!) {\n    sendTestWebhookEvent(input: $input) {\n      event {\n        id\n        type\n        payload\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SendTestEvent($input: SendTestWebhookEventInput!) {\n    sendTestWebhookEvent(input: $input) {\n      event {\n        id\n        type\n        payload\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryDelivery($id: ID!) {\n    retryWebhookDelivery(id: $id) {\n      delivery {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RetryDelivery($id: ID!) {\n    retryWebhookDelivery(id: $id) {\n      delivery {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecoverDeliveries($input: RecoverWebhookDeliveriesInput!) {\n    recoverWebhookDeliveries(input: $input) {\n      recoveredCount\n    }\n  }\n"): (typeof documents)["\n  mutation RecoverDeliveries($input: RecoverWebhookDeliveriesInput!) {\n    recoverWebhookDeliveries(input: $input) {\n      recoveredCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($action: String, $actorTokenId: ID, $targetId: ID, $from: DateTime, $to: DateTime, $first: Int) {\n    auditLog(action: $action, actorTokenId: $actorTokenId, targetId: $targetId, from: $from, to: $to, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          action\n          actor {\n            kind\n            tokenId\n            tokenName\n            tokenPrefix\n          }\n          clientIp\n          userAgent\n          targetType\n          targetId\n          summary\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditLog($action: String, $actorTokenId: ID, $targetId: ID, $from: DateTime, $to: DateTime, $first: Int) {\n    auditLog(action: $action, actorTokenId: $actorTokenId, targetId: $targetId, from: $from, to: $to, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          action\n          actor {\n            kind\n            tokenId\n            tokenName\n            tokenPrefix\n          }\n          clientIp\n          userAgent\n          targetType\n          targetId\n          summary\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditRequestIds($action: String) {\n    auditLog(action: $action, first: 20) {\n      edges {\n        node {\n          action\n          requestId\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditRequestIds($action: String) {\n    auditLog(action: $action, first: 20) {\n      edges {\n        node {\n          action\n          requestId\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectsWithCost($first: Int, $keys: Int) {\n    projects(first: $first) {\n      edges {\n        node {\n          id\n          apiKeys(first: $keys) {\n            edges {\n              node {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n    rateLimit {\n      cost\n      limit\n      remaining\n      used\n    }\n  }\n"): (typeof documents)["\n  query ProjectsWithCost($first: Int, $keys: Int) {\n    projects(first: $first) {\n      edges {\n        node {\n          id\n          apiKeys(first: $keys) {\n            edges {\n              node {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n    rateLimit {\n      cost\n      limit\n      remaining\n      used\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;