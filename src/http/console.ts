// The management console (console/, React + Vite) as the gateway serves it at /console: the
// files of its last build (console/dist, made by `npm run build:console`), and the
// persisted-documents manifest of that build, so the gateway runs the console's operations by
// hash. The page itself needs no token; everything it shows comes from /graphql with one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.js';
import { IMMUTABLE, REVALIDATE, staticAsset, type AssetLookup, type StaticAsset } from './static-assets.js';

export const CONSOLE_PATH = '/console';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Same-origin only: the bundle, its stylesheet and /graphql. No inline script, no framing. */
const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export interface ConsoleBuild {
  /** Answers /console, /console/… (the page) and /console/assets/… (hashed files). */
  lookup: AssetLookup;
  /** Persisted-document hash → document text, from the same build. */
  persistedDocuments: ReadonlyMap<string, string>;
}

/** The repository root: the nearest folder above this module that holds console/index.html (from src/ or a compiled copy). */
function findConsoleDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'console', 'index.html'))) return join(dir, 'console');
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function consoleDistDir(): string | undefined {
  const dir = findConsoleDir();
  return dir && join(dir, 'dist');
}

const NOT_BUILT = {
  status: 503,
  text: 'The console is not built. Run `npm run build:console` (npm install does it), then restart the gateway.\n',
};
const notBuilt = (): ConsoleBuild => ({
  lookup: (pathname) => (isConsolePath(pathname) ? NOT_BUILT : undefined),
  persistedDocuments: new Map(),
});

/** Loads a console build; without one (or with a broken one) /console answers 503 and the API works as before. */
export function loadConsoleBuild(distDir: string | undefined, logger?: Logger): ConsoleBuild {
  const indexFile = distDir && join(distDir, 'index.html');
  if (!distDir || !indexFile || !existsSync(indexFile)) {
    logger?.warn({ distDir }, 'the console is not built: /console answers 503 (run npm run build:console)');
    return notBuilt();
  }
  try {
    return readBuild(distDir, indexFile);
  } catch (error) {
    logger?.error({ err: error, distDir }, 'the console build could not be read: /console answers 503');
    return notBuilt();
  }
}

function readBuild(distDir: string, indexFile: string): ConsoleBuild {
  const assets = new Map<string, StaticAsset>();
  const assetsDir = join(distDir, 'assets');
  for (const name of existsSync(assetsDir) ? readdirSync(assetsDir) : []) {
    const type = CONTENT_TYPES[extname(name)];
    if (type) assets.set(`${CONSOLE_PATH}/assets/${name}`, staticAsset(readFileSync(join(assetsDir, name)), type, IMMUTABLE));
  }
  const page = staticAsset(readFileSync(indexFile), CONTENT_TYPES['.html']!, REVALIDATE, {
    'content-security-policy': CONSOLE_CSP,
    'referrer-policy': 'no-referrer',
  });
  const manifestFile = join(distDir, 'persisted-documents.json');
  const manifest = existsSync(manifestFile) ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, string>) : {};
  const notFound = { status: 404, text: 'Not found.\n' };
  return {
    persistedDocuments: new Map(Object.entries(manifest)),
    lookup: (pathname) => {
      if (!isConsolePath(pathname)) return undefined;
      if (pathname.startsWith(`${CONSOLE_PATH}/assets/`)) return assets.get(pathname) ?? notFound;
      // Routes live in the hash (#/tokens), so every other path under /console is the page.
      return page;
    },
  };
}

const isConsolePath = (pathname: string) => pathname === CONSOLE_PATH || pathname.startsWith(`${CONSOLE_PATH}/`);
