import { Migration } from '@mikro-orm/migrations';

// The registry of gateway processes and their token-cache leases (src/modules/auth/cache-lease.ts).

export class Migration20261201194641_cache_lease_registry extends Migration {

  override name = 'Migration20261201194641_cache_lease_registry';

  override up(): void | Promise<void> {
    this.addSql(`create table "gateway_instance" ("id" uuid not null, "host" text not null, "pid" int not null, "started_at" timestamptz not null, "lease_ms" int not null, "lease_expires_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "gateway_instance_lease_expires_at_index" on "gateway_instance" ("lease_expires_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "gateway_instance" cascade;`);
  }

}
