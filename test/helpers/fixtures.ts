// The set-up most test files share, as vitest fixtures: one gateway per file (on a fresh copy of the
// migrated template, see gateway.ts) and a workspace with an owner token on it. A test asks for what it
// uses (`async ({ gw, owner }) => …`); both are made once per file, on first use, and the gateway is
// closed when the file is done. A file that needs other settings overrides `gatewayOptions` at its top:
//   test.override('gatewayOptions', { countQueries: true });
// Suite hooks that need them come from here too (`beforeAll(async ({ gw }) => …)`).
import { test as base } from 'vitest';
import { createWorkspaceWithOwner } from './factories.js';
import { startGateway, type StartOptions } from './gateway.js';

export const test = base
  .extend('gatewayOptions', { scope: 'file' }, {} as StartOptions)
  .extend('gw', { scope: 'file' }, async ({ gatewayOptions }, { onCleanup }) => {
    const gw = await startGateway(gatewayOptions);
    onCleanup(() => gw.close());
    return gw;
  })
  .extend('owner', { scope: 'file' }, async ({ gw }) => createWorkspaceWithOwner(gw));

export const it = test;
// Bound: the hooks of an extended test find its fixtures through `this`.
export const beforeAll = test.beforeAll.bind(test);
export const afterAll = test.afterAll.bind(test);
export const beforeEach = test.beforeEach.bind(test);
export const afterEach = test.afterEach.bind(test);
