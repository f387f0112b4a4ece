// The one set of migrations applies cleanly to an empty database of either driver, matches the
// entities exactly (no drift), and rolls back.
import { describe, expect, it } from 'vitest';
import { initOrm, migrate, type Orm } from '../src/db/orm.js';
import { migrationsList } from '../migrations/index.js';
import { createPostgresDatabase } from './helpers/services.js';

async function emptyDatabase(): Promise<{ orm: Orm; dispose: () => Promise<void> }> {
  if (process.env['TEST_DB'] !== 'postgres') {
    const orm = await initOrm({ dataDir: 'memory://' });
    return { orm, dispose: () => orm.close(true) };
  }
  const database = await createPostgresDatabase('mgw_empty');
  const orm = await initOrm({ databaseUrl: database.url });
  return {
    orm,
    dispose: async () => {
      await orm.close(true);
      await database.drop();
    },
  };
}

const tables = async (orm: Orm) =>
  (
    (await orm.em
      .getConnection()
      .execute(
        `select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'mikro_orm%' order by 1`,
      )) as {
      table_name: string;
    }[]
  ).map((row) => row.table_name);

describe(`migrations on an empty ${process.env['TEST_DB']} database`, () => {
  it('apply every migration, leave no difference to the entities, and roll back', async () => {
    const { orm, dispose } = await emptyDatabase();
    try {
      expect(await tables(orm)).toEqual([]);
      const applied = await migrate(orm);
      expect(applied).toEqual(migrationsList.map((migration) => migration.name));
      expect(await tables(orm)).toEqual([
        'api_key',
        'audit_event',
        'delivery',
        'delivery_attempt',
        'event',
        'gateway_instance',
        'management_token',
        'project',
        'webhook',
        'workspace',
      ]);
      expect(await orm.migrator.getPending()).toEqual([]);

      // The entities and the migrated schema agree: a new migration would be empty.
      expect((await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');

      await orm.migrator.down({ to: 0 });
      expect(await tables(orm)).toEqual([]);
      expect(await migrate(orm)).toHaveLength(migrationsList.length);
    } finally {
      await dispose();
    }
  });
});
