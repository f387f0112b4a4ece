// Builds the console (npm run build:console) only when its build is missing or older than one of
// its sources, so that `npm start` without changes does not spend seconds rebuilding it. Run by
// `prestart`; `npm run build:console` always builds.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const built = join(root, 'console', 'dist', 'index.html');
const sources = ['index.html', 'vite.config.ts', 'tsconfig.json', 'src'].map((entry) => join(root, 'console', entry));

/** The newest modification time under `path` (a file, or a folder walked in full); 0 if it does not exist. */
function newestMtime(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), stats.mtimeMs);
}

const builtAt = newestMtime(built);
const changedAt = Math.max(...sources.map(newestMtime));
if (builtAt === 0 || changedAt > builtAt) {
  console.error(builtAt === 0 ? 'building the console (no build yet)' : 'building the console (its sources changed)');
  execFileSync('npm', ['run', '--silent', 'build:console'], { cwd: root, stdio: 'inherit' });
}
