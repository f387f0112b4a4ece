// Every operation the console sends. Codegen turns each into a typed document (results and
// variables typed from schema/schema.graphql) and lists it in the persisted-documents manifest;
// the console sends only their hashes.
import { graphql } from './generated';

export const ViewerDocument = graphql(`
  query ConsoleViewer {
    viewer {
      permissions
      token {
        id
        name
        prefix
        expiresAt
      }
      workspace {
        id
        name
        policy {
          allowNeverExpiringTokens
          maxTokenLifetimeDays
          maxLiveTokens
        }
      }
    }
    rateLimit {
      limit
      remaining
      used
      resetAt
      windowSeconds
      policy
    }
  }
`);

export const TokenRowFields = graphql(`
  fragment ConsoleTokenRow on ManagementToken {
    id
    name
    description
    prefix
    scopes
    grantedPermissions
    projects {
      id
      name
    }
    allowedCidrs
    status
    createdAt
    expiresAt
    lastUsedAt
    revokedAt
    previousSecretExpiresAt
  }
`);

export const TokensDocument = graphql(`
  query ConsoleTokens($status: TokenStatus, $includeRevoked: Boolean, $first: Int) {
    managementTokens(status: $status, includeRevoked: $includeRevoked, first: $first) {
      totalCount
      edges {
        node {
          ...ConsoleTokenRow
        }
      }
    }
  }
`);

export const CreateTokenDocument = graphql(`
  mutation ConsoleCreateToken($input: CreateManagementTokenInput!) {
    createManagementToken(input: $input) {
      secret
      token {
        ...ConsoleTokenRow
      }
    }
  }
`);

export const RotateTokenDocument = graphql(`
  mutation ConsoleRotateToken($input: RotateManagementTokenInput!) {
    rotateManagementToken(input: $input) {
      secret
      token {
        ...ConsoleTokenRow
      }
    }
  }
`);

export const DeactivateTokenDocument = graphql(`
  mutation ConsoleDeactivateToken($id: ID!) {
    deactivateManagementToken(id: $id) {
      token {
        ...ConsoleTokenRow
      }
    }
  }
`);

export const ActivateTokenDocument = graphql(`
  mutation ConsoleActivateToken($id: ID!) {
    activateManagementToken(id: $id) {
      token {
        ...ConsoleTokenRow
      }
    }
  }
`);

export const RevokeTokenDocument = graphql(`
  mutation ConsoleRevokeToken($id: ID!) {
    revokeManagementToken(id: $id) {
      token {
        ...ConsoleTokenRow
      }
    }
  }
`);

export const ProjectsDocument = graphql(`
  query ConsoleProjects($first: Int, $type: ProjectType) {
    projects(first: $first, type: $type) {
      totalCount
      edges {
        node {
          id
          name
          type
          createdAt
          updatedAt
        }
      }
    }
  }
`);

export const CreateProjectDocument = graphql(`
  mutation ConsoleCreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      project {
        id
        name
        type
        createdAt
        updatedAt
      }
    }
  }
`);

export const UpdateProjectDocument = graphql(`
  mutation ConsoleUpdateProject($input: UpdateProjectInput!) {
    updateProject(input: $input) {
      project {
        id
        name
        type
        updatedAt
      }
    }
  }
`);

export const DeleteProjectDocument = graphql(`
  mutation ConsoleDeleteProject($id: ID!) {
    deleteProject(id: $id) {
      deletedProjectId
    }
  }
`);

export const ApiKeyRowFields = graphql(`
  fragment ConsoleApiKeyRow on ApiKey {
    id
    kind
    name
    prefix
    value
    status
    createdAt
    expiresAt
    lastUsedAt
  }
`);

export const WebhookRowFields = graphql(`
  fragment ConsoleWebhookRow on Webhook {
    id
    url
    description
    eventTypes
    enabled
    secretRotatedUntil
    createdAt
  }
`);

export const ProjectDocument = graphql(`
  query ConsoleProject($id: ID!) {
    project(id: $id) {
      id
      name
      type
      createdAt
      apiKeys(first: 100) {
        totalCount
        edges {
          node {
            ...ConsoleApiKeyRow
          }
        }
      }
      webhooks(first: 100) {
        totalCount
        edges {
          node {
            ...ConsoleWebhookRow
          }
        }
      }
    }
    webhookEventTypes {
      name
      description
    }
  }
`);

export const CreateApiKeyDocument = graphql(`
  mutation ConsoleCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      secret
      apiKey {
        ...ConsoleApiKeyRow
      }
    }
  }
`);

export const RollApiKeyDocument = graphql(`
  mutation ConsoleRollApiKey($input: RollApiKeyInput!) {
    rollApiKey(input: $input) {
      secret
      apiKey {
        ...ConsoleApiKeyRow
      }
      previousApiKey {
        ...ConsoleApiKeyRow
      }
    }
  }
`);

export const DeactivateApiKeyDocument = graphql(`
  mutation ConsoleDeactivateApiKey($id: ID!) {
    deactivateApiKey(id: $id) {
      apiKey {
        ...ConsoleApiKeyRow
      }
    }
  }
`);

export const ActivateApiKeyDocument = graphql(`
  mutation ConsoleActivateApiKey($id: ID!) {
    activateApiKey(id: $id) {
      apiKey {
        ...ConsoleApiKeyRow
      }
    }
  }
`);

export const DeleteApiKeyDocument = graphql(`
  mutation ConsoleDeleteApiKey($id: ID!) {
    deleteApiKey(id: $id) {
      deletedApiKeyId
    }
  }
`);

export const CreateWebhookDocument = graphql(`
  mutation ConsoleCreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      secret
      webhook {
        ...ConsoleWebhookRow
      }
    }
  }
`);

export const RotateWebhookSecretDocument = graphql(`
  mutation ConsoleRotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      secret
      webhook {
        ...ConsoleWebhookRow
      }
    }
  }
`);

export const DeleteWebhookDocument = graphql(`
  mutation ConsoleDeleteWebhook($id: ID!) {
    deleteWebhook(id: $id) {
      deletedWebhookId
    }
  }
`);

export const WebhookDocument = graphql(`
  query ConsoleWebhook($id: ID!, $status: DeliveryStatus) {
    webhookEventTypes {
      name
    }
    webhook(id: $id) {
      ...ConsoleWebhookRow
      project {
        id
        name
      }
      deliveries(first: 50, status: $status) {
        totalCount
        edges {
          node {
            id
            eventType
            status
            attemptCount
            lastStatusCode
            nextAttemptAt
            createdAt
            attempts {
              number
              attemptedAt
              statusCode
              durationMs
              error
            }
          }
        }
      }
    }
  }
`);

export const SendTestEventDocument = graphql(`
  mutation ConsoleSendTestEvent($input: SendTestWebhookEventInput!) {
    sendTestWebhookEvent(input: $input) {
      event {
        id
        type
      }
    }
  }
`);

export const RetryDeliveryDocument = graphql(`
  mutation ConsoleRetryDelivery($id: ID!) {
    retryWebhookDelivery(id: $id) {
      delivery {
        id
        status
        nextAttemptAt
      }
    }
  }
`);

export const RecoverDeliveriesDocument = graphql(`
  mutation ConsoleRecoverDeliveries($input: RecoverWebhookDeliveriesInput!) {
    recoverWebhookDeliveries(input: $input) {
      recoveredCount
    }
  }
`);

export const AuditLogDocument = graphql(`
  query ConsoleAuditLog($action: String, $targetId: ID, $from: DateTime, $to: DateTime) {
    auditLog(first: 100, action: $action, targetId: $targetId, from: $from, to: $to) {
      totalCount
      edges {
        node {
          id
          action
          createdAt
          targetId
          targetType
          clientIp
          summary
          actor {
            kind
            tokenName
            tokenPrefix
          }
        }
      }
    }
  }
`);
