// PGlite is one process at a time: two processes on one data directory corrupt it. The first
// process to open a directory leaves its pid in `<dir>.lock`; others are refused with a clear
// message until it exits (a lock left by a dead process is taken over).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Lock files held by this process (a second open from the same process is refused too). */
const held = new Set<string>();

/** Takes the lock of `dataDir`; returns the function that releases it. */
export function lockDataDir(dataDir: string): () => void {
  const file = `${dataDir.replace(/\/+$/, '')}.lock`;
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number(readFileSync(file, 'utf8'));
    // Our own pid in a lock we do not hold is a leftover of an earlier process that had the same pid.
    const heldByOther = holder === process.pid ? held.has(file) : Number.isInteger(holder) && isAlive(holder);
    if (heldByOther) {
      throw new DataDirInUseError(
        `The embedded database at ${dataDir} is in use by process ${holder} (a running gateway?). ` +
          'PGlite serves one process at a time: stop that process first, or use PostgreSQL (DATABASE_URL).',
      );
    }
    writeFileSync(file, String(process.pid));
  }
  held.add(file);
  return () => {
    held.delete(file);
    rmSync(file, { force: true });
  };
}
