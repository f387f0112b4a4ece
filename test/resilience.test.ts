// When the store fails: unexpected errors are masked (no SQL, no stack) and logged; a database
// that cannot authenticate answers 503 with Retry-After, never a stack trace; /ready says so.
import { describe, expect } from 'vitest';
import { issueToken } from './helpers/factories.js';
import { it } from './helpers/fixtures.js';
import { ProjectsQuery, ViewerQuery } from './helpers/operations.js';

describe('a failing store', () => {
  it('masks an unexpected error during execution as INTERNAL and logs it', async ({ gw, owner }) => {
    await gw.orm.em.getConnection().execute('alter table project rename to project_gone');
    try {
      const response = await gw.execute(ProjectsQuery, {}, owner.secret);
      expect(response.status).toBe(200);
      expect(response.errors?.[0]).toMatchObject({
        message: 'Internal server error.',
        extensions: { code: 'INTERNAL' },
        path: ['projects'],
      });
      const body = JSON.stringify(response);
      expect(body).not.toMatch(/select|relation|project_gone|at .*\.ts/i);
      expect(gw.logs.join('\n')).toMatch(/unexpected error while executing/);
      // The rest of the API keeps working.
      expect((await gw.execute(ViewerQuery, {}, owner.secret)).status).toBe(200);
    } finally {
      await gw.orm.em.getConnection().execute('alter table project_gone rename to project');
    }
  });

  it('answers 503 with Retry-After when it cannot look a token up', async ({ gw, owner }) => {
    // A token this instance has not cached yet, so that the lookup must reach the table.
    const fresh = await issueToken(gw, owner.workspaceId, { scopes: ['read'] });
    await gw.orm.em.getConnection().execute('alter table management_token rename to management_token_gone');
    try {
      const response = await gw.execute(ViewerQuery, {}, fresh.secret);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.errors?.[0]?.extensions?.['code']).toBe('INTERNAL');
      expect(JSON.stringify(response)).not.toMatch(/management_token|select/i);
      expect(gw.logs.join('\n')).toMatch(/authentication could not complete/);
    } finally {
      await gw.orm.em.getConnection().execute('alter table management_token_gone rename to management_token');
    }
    expect((await gw.execute(ViewerQuery, {}, fresh.secret)).status).toBe(200);
  });

  it('reports not ready while draining', async ({ gw }) => {
    gw.gateway.drain();
    const ready = await fetch(`${gw.url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unavailable', checks: { process: 'draining' } });
  });
});
