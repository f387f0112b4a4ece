// MikroORM bootstrap: one config, two drivers. `DATABASE_URL=postgres://…` selects PostgreSQL;
// otherwise the embedded PGlite, persisted under DATA_DIR (or in memory).
import { mkdirSync } from 'node:fs';
import { MikroORM as PgliteORM, PgliteConnection, type Options as PgliteOptions } from '@mikro-orm/pglite';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { fileURLToPath } from 'node:url';
import { migrationsList } from '../../migrations/index.js';
import { lockDataDir } from './data-dir-lock.js';
import { withMigrationContext, type MigrationContext } from './migration-context.js';
import { entities } from './entities.js';

import type { Orm } from './em.js';

export type { Em, Orm } from './em.js';

export interface DatabaseOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory (`memory://` or undefined = in memory). */
  dataDir?: string | undefined;
  /** A PGlite data-dir tarball to start from (tests load a migrated template this way). */
  pgliteDataDirArchive?: Blob | undefined;
  /** Called with each SQL statement (tests count queries with it). */
  onQuery?: ((sql: string) => void) | undefined;
  /** Pool size for PostgreSQL. */
  poolMax?: number | undefined;
}

/** Tables owned by other libraries, which migrations must leave alone. */
const FOREIGN_TABLES = ['rate_limits'];

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

function commonOptions(options: DatabaseOptions) {
  return {
    entities,
    extensions: [Migrator],
    migrations: {
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      migrationsList,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      emit: 'ts' as const,
      silent: true,
    },
    schemaGenerator: { skipTables: FOREIGN_TABLES },
    // Entities are listed explicitly; no folder discovery, no reflect-metadata.
    discovery: { warnWhenNoEntities: true },
    ...(options.onQuery
      ? {
          debug: ['query'] as 'query'[],
          logger: (message: string) => options.onQuery?.(message),
        }
      : {}),
  };
}

export async function initOrm(options: DatabaseOptions): Promise<Orm> {
  if (options.databaseUrl) {
    return PostgresORM.init({
      ...commonOptions(options),
      clientUrl: options.databaseUrl,
      pool: { max: options.poolMax ?? 10 },
    });
  }
  const dataDir = options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined;
  let release: (() => void) | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  }
  const archive = options.pgliteDataDirArchive;
  const config: PgliteOptions = {
    ...commonOptions(options),
    ...(dataDir ? { dbName: dataDir } : {}),
    // A function, not an object: MikroORM deep-copies plain option objects, which breaks a Blob.
    driverOptions: () => (archive ? { loadDataDir: archive } : {}),
  };
  try {
    const orm = await PgliteORM.init(config);
    if (release) {
      const close = orm.close.bind(orm);
      orm.close = async (force?: boolean) => {
        await close(force);
        release?.();
      };
    }
    return orm;
  } catch (error) {
    release?.();
    throw error;
  }
}

/** Applies pending migrations; `secrets` opens the key for migrations that seal stored values. */
export async function migrate(orm: Orm, context: MigrationContext = {}): Promise<string[]> {
  const applied = await withMigrationContext(context, () => orm.migrator.up());
  return applied.map((migration) => migration.name);
}

/** Whether the ORM runs on the embedded PGlite (one database inside this process). */
export function isPglite(orm: Orm): boolean {
  return orm.em.getConnection() instanceof PgliteConnection;
}
