// Small factories: data is made through the same services an operator's CLI uses.
import { randomBytes } from 'node:crypto';
import { encodeId } from '../../src/lib/ids.js';
import type { Permission, Scope } from '../../src/modules/tokens/permissions.js';
import { cliActor } from '../../src/modules/activity/index.js';
import type { IssueTokenInput } from '../../src/modules/tokens/token.service.js';
import type { TestGateway } from './gateway.js';

export interface TestToken {
  /** Row id (uuid). */
  rowId: string;
  /** Opaque API id (tok_…). */
  id: string;
  secret: string;
  workspaceId: string;
}

export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export async function createWorkspace(gw: TestGateway, name = uniqueName('ws')): Promise<string> {
  const workspace = await gw.gateway.services.workspaces.create(gw.orm.em.fork(), name);
  return workspace.id;
}

export async function issueToken(
  gw: TestGateway,
  workspaceId: string,
  grants: { permissions?: Permission[]; scopes?: Scope[] } & Partial<IssueTokenInput> = { scopes: ['read', 'write'] },
): Promise<TestToken> {
  const issued = await gw.gateway.services.tokens.issue(gw.orm.em.fork(), cliActor(workspaceId), {
    name: uniqueName('token'),
    ...grants,
  });
  return { rowId: issued.token.id, id: encodeId('ManagementToken', issued.token.id), secret: issued.secret, workspaceId };
}

/** A new workspace with an owner token holding every permission. */
export async function createWorkspaceWithOwner(gw: TestGateway): Promise<TestToken> {
  return issueToken(gw, await createWorkspace(gw), { scopes: ['read', 'write'], name: 'owner' });
}
