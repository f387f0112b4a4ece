// The one set of migrations applies cleanly to an empty database of either driver, matches the
// entities exactly (no drift), and rolls back.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { initOrm, migrate, type Orm } from '../src/db/orm.js';
import { SecretBox } from '../src/lib/secret-box.js';
import { withMigrationContext } from '../src/db/migration-context.js';
import { newId } from '../src/lib/ids.js';
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
        'oidc_exchanged_id_token',
        'oidc_trust_policy',
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

describe(`sealing webhook extra headers on ${process.env['TEST_DB']}`, () => {
  it('seals the plain-text header values of existing webhooks, and opens them again on the way down', async () => {
    const { orm, dispose } = await emptyDatabase();
    const box = new SecretBox(randomBytes(32));
    const sealing = migrationsList.findIndex((migration) => migration.name === 'Migration20261201194500_seal_webhook_headers');
    try {
      await orm.migrator.up({ to: migrationsList[sealing - 1]!.name });
      const connection = orm.em.getConnection();
      const [workspace, project, webhook, bare] = [newId(), newId(), newId(), newId()];
      await connection.execute(`insert into workspace (id, name, created_at) values ('${workspace}', 'w', now())`);
      await connection.execute(
        `insert into project (id, workspace_id, name, type, created_at, updated_at) values ('${project}', '${workspace}', 'p', 'PRODUCTION', now(), now())`,
      );
      const plain = [
        { name: 'X-Api-Key', value: 'legacy-credential' },
        { name: 'X-Tenant', value: 'acme' },
      ];
      for (const [id, headers] of [
        [webhook, plain],
        [bare, []],
      ] as const) {
        await connection.execute(
          `insert into webhook (id, workspace_id, project_id, url, event_types, headers, enabled, secret_sealed, created_at, updated_at)
           values ('${id}', '${workspace}', '${project}', 'https://example.com/', '{}', '${JSON.stringify(headers)}', true, 'v1:x', now(), now())`,
        );
      }
      const headersOf = async (id: string) => {
        const [row] = (await connection.execute(`select headers from webhook where id = '${id}'`)) as { headers: unknown }[];
        return (typeof row!.headers === 'string' ? JSON.parse(row!.headers) : row!.headers) as Record<string, string>[];
      };

      // Without the key there is no way to seal: the migration refuses (and, all or nothing, applies nothing).
      await expect(migrate(orm)).rejects.toThrow(/secret encryption key/);
      expect(await headersOf(webhook)).toEqual(plain);

      expect(await migrate(orm, { secrets: () => box })).toEqual(migrationsList.slice(sealing).map((migration) => migration.name));
      const sealed = await headersOf(webhook);
      expect(JSON.stringify(sealed)).not.toContain('legacy-credential');
      expect(sealed.map((header) => [header['name'], box.open(header['sealedValue']!)])).toEqual([
        ['X-Api-Key', 'legacy-credential'],
        ['X-Tenant', 'acme'],
      ]);
      expect(await headersOf(bare)).toEqual([]);

      await withMigrationContext({ secrets: () => box }, () => orm.migrator.down({ to: migrationsList[sealing - 1]!.name }));
      expect(await headersOf(webhook)).toEqual(plain);
    } finally {
      await dispose();
    }
    // A database built from nothing and migrated three times: minutes on a loaded machine, not seconds.
  }, 180_000);
});
