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
