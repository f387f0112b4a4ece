// PGlite serves one process at a time: a second opener of a data directory is refused clearly.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/program.js';
import { DataDirInUseError } from '../src/db/data-dir-lock.js';
import { initOrm } from '../src/db/orm.js';

const dir = mkdtempSync(join(tmpdir(), 'mgw-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the embedded data directory', () => {
  it('refuses a second opener while a gateway holds it, and opens again once released', async () => {
    const dataDir = join(dir, 'pglite');
    const orm = await initOrm({ dataDir });
    try {
      await expect(initOrm({ dataDir })).rejects.toThrow(DataDirInUseError);
      const err: string[] = [];
      const code = await runCli(['workspace', 'list'], { out: () => undefined, err: (text) => err.push(text) }, { DATA_DIR: dataDir });
      expect(code).toBe(1);
      expect(err.join('\n')).toMatch(new RegExp(`in use by process ${process.pid}.*stop that process first`));
    } finally {
      await orm.close();
    }
    const out: string[] = [];
    expect(await runCli(['workspace', 'list'], { out: (text) => out.push(text), err: () => undefined }, { DATA_DIR: dataDir })).toBe(0);
    expect(out.join('\n')).toMatch(/no workspaces yet/);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dataDir = join(dir, 'stale');
    writeFileSync(`${dataDir}.lock`, '999999999');
    const orm = await initOrm({ dataDir });
    await orm.close();
  });
});
