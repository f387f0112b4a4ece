// The operations the tests send, typed by GraphQL Code Generator (`npm run codegen`).
import { graphql } from '../generated/index.js';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      token {
        id
        name
        prefix
        status
        permissions
        scopes
        grantedPermissions
      }
      workspace {
        id
        name
      }
      permissions
    }
  }
`);

export const RateLimitQuery = graphql(`
  query RateLimit {
    rateLimit {
      policy
      limit
      remaining
      used
      windowSeconds
      resetAt
    }
  }
`);

export const TokenFields = graphql(`
  fragment TokenFields on ManagementToken {
    id
    name
    description
    prefix
    status
    scopes
    grantedPermissions
    permissions
    createdAt
    createdBy {
      kind
      token {
        id
        name
      }
    }
    expiresAt
    previousSecretExpiresAt
    deactivatedAt
    revokedAt
    revokedReason
    expiresInDays
    allowedCidrs
    projects {
      id
    }
    lastUsedAt
    lastUsedIp
    lastUsedUserAgent
  }
`);

export const ManagementTokensQuery = graphql(`
  query ManagementTokens($first: Int, $after: String, $last: Int, $before: String, $status: TokenStatus, $includeRevoked: Boolean) {
    managementTokens(first: $first, after: $after, last: $last, before: $before, status: $status, includeRevoked: $includeRevoked) {
      totalCount
      edges {
        cursor
        node {
          ...TokenFields
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

export const ManagementTokenQuery = graphql(`
  query ManagementToken($id: ID!) {
    managementToken(id: $id) {
      ...TokenFields
    }
  }
`);

export const CreateTokenMutation = graphql(`
  mutation CreateToken($input: CreateManagementTokenInput!) {
    createManagementToken(input: $input) {
      secret
      token {
        ...TokenFields
      }
    }
  }
`);

export const CreateTokenBriefMutation = graphql(`
  mutation CreateTokenBrief($input: CreateManagementTokenInput!) {
    createManagementToken(input: $input) {
      secret
      token {
        id
        name
        permissions
      }
    }
  }
`);

export const UpdateTokenMutation = graphql(`
  mutation UpdateToken($input: UpdateManagementTokenInput!) {
    updateManagementToken(input: $input) {
      token {
        id
        name
        description
        allowedCidrs
      }
    }
  }
`);

export const RotateTokenMutation = graphql(`
  mutation RotateToken($input: RotateManagementTokenInput!) {
    rotateManagementToken(input: $input) {
      secret
      token {
        id
        prefix
        previousSecretExpiresAt
      }
    }
  }
`);

export const DeactivateTokenMutation = graphql(`
  mutation DeactivateToken($id: ID!) {
    deactivateManagementToken(id: $id) {
      token {
        id
        status
        deactivatedAt
      }
    }
  }
`);

export const ActivateTokenMutation = graphql(`
  mutation ActivateToken($id: ID!) {
    activateManagementToken(id: $id) {
      token {
        id
        status
      }
    }
  }
`);

export const RevokeTokenMutation = graphql(`
  mutation RevokeToken($id: ID!) {
    revokeManagementToken(id: $id) {
      token {
        id
        status
        revokedAt
        revokedReason
      }
    }
  }
`);

export const ProjectsQuery = graphql(`
  query Projects($first: Int, $after: String, $last: Int, $before: String, $type: ProjectType) {
    projects(first: $first, after: $after, last: $last, before: $before, type: $type) {
      totalCount
      edges {
        cursor
        node {
          id
          name
          type
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

export const ProjectQuery = graphql(`
  query Project($id: ID!) {
    project(id: $id) {
      id
      name
      type
      createdAt
      updatedAt
    }
  }
`);

export const NodeQuery = graphql(`
  query Node($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Project {
        name
      }
      ... on ManagementToken {
        name
      }
      ... on Workspace {
        name
      }
    }
  }
`);

export const CreateProjectMutation = graphql(`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      project {
        id
        name
        type
        createdAt
      }
    }
  }
`);

export const UpdateProjectMutation = graphql(`
  mutation UpdateProject($input: UpdateProjectInput!) {
    updateProject(input: $input) {
      project {
        id
        name
        type
      }
    }
  }
`);

export const DeleteProjectMutation = graphql(`
  mutation DeleteProject($id: ID!) {
    deleteProject(id: $id) {
      deletedProjectId
    }
  }
`);

export const ApiKeyFields = graphql(`
  fragment ApiKeyFields on ApiKey {
    id
    kind
    name
    prefix
    value
    status
    createdAt
    expiresAt
    deactivatedAt
    lastUsedAt
    rolledFrom {
      id
    }
  }
`);

export const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      secret
      apiKey {
        ...ApiKeyFields
      }
    }
  }
`);

export const RollApiKeyMutation = graphql(`
  mutation RollApiKey($input: RollApiKeyInput!) {
    rollApiKey(input: $input) {
      secret
      apiKey {
        ...ApiKeyFields
      }
      previousApiKey {
        ...ApiKeyFields
      }
    }
  }
`);

export const DeactivateApiKeyMutation = graphql(`
  mutation DeactivateApiKey($id: ID!) {
    deactivateApiKey(id: $id) {
      apiKey {
        id
        status
      }
    }
  }
`);

export const ActivateApiKeyMutation = graphql(`
  mutation ActivateApiKey($id: ID!) {
    activateApiKey(id: $id) {
      apiKey {
        id
        status
      }
    }
  }
`);

export const DeleteApiKeyMutation = graphql(`
  mutation DeleteApiKey($id: ID!) {
    deleteApiKey(id: $id) {
      deletedApiKeyId
    }
  }
`);

export const ApiKeyQuery = graphql(`
  query ApiKey($id: ID!) {
    apiKey(id: $id) {
      ...ApiKeyFields
    }
  }
`);

export const ProjectApiKeysQuery = graphql(`
  query ProjectApiKeys($id: ID!, $first: Int, $after: String, $kind: ApiKeyKind, $includeExpired: Boolean) {
    project(id: $id) {
      apiKeys(first: $first, after: $after, kind: $kind, includeExpired: $includeExpired) {
        totalCount
        edges {
          cursor
          node {
            ...ApiKeyFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const VerifyApiKeyQuery = graphql(`
  query VerifyApiKey($key: String!) {
    verifyApiKey(key: $key) {
      valid
      reason
      kind
      project {
        id
        name
      }
      apiKey {
        id
      }
    }
  }
`);

export const WebhookFields = graphql(`
  fragment WebhookFields on Webhook {
    id
    url
    description
    eventTypes
    headers {
      name
      value
    }
    headerNames
    enabled
    secretRotatedUntil
    project {
      id
    }
  }
`);

export const CreateWebhookMutation = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      secret
      webhook {
        ...WebhookFields
      }
    }
  }
`);

export const UpdateWebhookMutation = graphql(`
  mutation UpdateWebhook($input: UpdateWebhookInput!) {
    updateWebhook(input: $input) {
      webhook {
        ...WebhookFields
      }
    }
  }
`);

export const DeleteWebhookMutation = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id) {
      deletedWebhookId
    }
  }
`);

export const RotateWebhookSecretMutation = graphql(`
  mutation RotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      secret
      webhook {
        id
        secretRotatedUntil
      }
    }
  }
`);

export const WebhookQuery = graphql(`
  query Webhook($id: ID!) {
    webhook(id: $id) {
      ...WebhookFields
    }
  }
`);

export const ProjectWebhooksQuery = graphql(`
  query ProjectWebhooks($id: ID!, $first: Int, $after: String, $enabled: Boolean) {
    project(id: $id) {
      webhooks(first: $first, after: $after, enabled: $enabled) {
        totalCount
        edges {
          node {
            ...WebhookFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const WebhookEventTypesQuery = graphql(`
  query WebhookEventTypes {
    webhookEventTypes {
      name
      description
    }
  }
`);

export const NodesQuery = graphql(`
  query Nodes($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      id
    }
  }
`);

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($id: ID!, $status: DeliveryStatus, $eventType: String) {
    webhook(id: $id) {
      deliveries(status: $status, eventType: $eventType, first: 100) {
        totalCount
        edges {
          node {
            id
            eventType
            status
            attemptCount
            nextAttemptAt
            lastStatusCode
            event {
              id
              type
              payload
            }
            attempts {
              number
              statusCode
              durationMs
              error
              responseExcerpt
            }
          }
        }
      }
    }
  }
`);

export const SendTestEventMutation = graphql(`
  mutation SendTestEvent($input: SendTestWebhookEventInput!) {
    sendTestWebhookEvent(input: $input) {
      event {
        id
        type
        payload
      }
    }
  }
`);

export const RetryDeliveryMutation = graphql(`
  mutation RetryDelivery($id: ID!) {
    retryWebhookDelivery(id: $id) {
      delivery {
        id
        status
      }
    }
  }
`);

export const RecoverDeliveriesMutation = graphql(`
  mutation RecoverDeliveries($input: RecoverWebhookDeliveriesInput!) {
    recoverWebhookDeliveries(input: $input) {
      recoveredCount
    }
  }
`);

export const AuditLogQuery = graphql(`
  query AuditLog($action: String, $actorTokenId: ID, $targetId: ID, $from: DateTime, $to: DateTime, $first: Int) {
    auditLog(action: $action, actorTokenId: $actorTokenId, targetId: $targetId, from: $from, to: $to, first: $first) {
      totalCount
      edges {
        node {
          id
          action
          actor {
            kind
            tokenId
            tokenName
            tokenPrefix
          }
          clientIp
          userAgent
          targetType
          targetId
          summary
          createdAt
        }
      }
    }
  }
`);

export const AuditRequestIdsQuery = graphql(`
  query AuditRequestIds($action: String) {
    auditLog(action: $action, first: 20) {
      edges {
        node {
          action
          requestId
        }
      }
    }
  }
`);

export const ProjectsWithCostQuery = graphql(`
  query ProjectsWithCost($first: Int, $keys: Int) {
    projects(first: $first) {
      edges {
        node {
          id
          apiKeys(first: $keys) {
            edges {
              node {
                id
              }
            }
          }
        }
      }
    }
    rateLimit {
      cost
      limit
      remaining
      used
    }
  }
`);
