// Runs once per database project (vitest.config.ts; the unit project has none): builds the migrated
// database template that each test file of the project copies, so no test pays for creating and
// migrating a database from scratch. The project's TEST_DB says which one:
// - PGlite: a dump of a migrated in-memory database, loaded by each file (~0.5 s instead of ~4 s).
// - PostgreSQL: a migrated template database; each file runs CREATE DATABASE … TEMPLATE.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import type { PgliteConnection } from '@mikro-orm/pglite';
import { initOrm, migrate } from '../../src/db/orm.js';
import { POSTGRES_ADMIN_URL, postgresUrl } from './services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** On the PGlite projects: the dump file. */
    pgliteTemplate: string;
    /** On the PostgreSQL project: the template database. */
    postgresTemplate: string;
  }
}

async function buildPgliteTemplate(dir: string): Promise<string> {
  const orm = await initOrm({ dataDir: 'memory://' });
  await migrate(orm);
  const pglite = await (orm.em.getConnection() as unknown as PgliteConnection).getNativeClient();
  const dump = await pglite.dumpDataDir('none');
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await orm.close();
  return file;
}

async function buildPostgresTemplate(admin: pg.Client, template: string) {
  await admin.query(`drop database if exists ${template} with (force)`);
  await admin.query(`create database ${template}`);
  const orm = await initOrm({ databaseUrl: postgresUrl(template) });
  await migrate(orm);
  await orm.close();
}

export default async function setup(project: TestProject) {
  if (project.config.env['TEST_DB'] !== 'postgres') {
    const dir = mkdtempSync(join(tmpdir(), 'mgw-pglite-'));
    project.provide('pgliteTemplate', await buildPgliteTemplate(dir));
    return () => rmSync(dir, { recursive: true, force: true });
  }
  const template = `mgw_template_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL} (set TEST_POSTGRES_URL): ${String(error)}`, { cause: error });
  }
  await buildPostgresTemplate(admin, template);
  project.provide('postgresTemplate', template);
  return async () => {
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}
