import { Migration } from '@mikro-orm/migrations';

export class Migration20261123110952_api_keys_and_webhooks extends Migration {

  override name = 'Migration20261123110952_api_keys_and_webhooks';

  override up(): void | Promise<void> {
    this.addSql(`create table "webhook" ("id" uuid not null, "workspace_id" uuid not null, "project_id" uuid not null, "url" text not null, "description" text null, "event_types" text[] not null, "headers" jsonb not null, "enabled" boolean not null default true, "secret_sealed" text not null, "previous_secret_sealed" text null, "previous_secret_expires_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "webhook_project_id_id_index" on "webhook" ("project_id", "id");`);

    this.addSql(`create table "api_key" ("id" uuid not null, "workspace_id" uuid not null, "project_id" uuid not null, "kind" text not null, "name" text null, "prefix" text not null, "secret_hash" text not null, "public_value" text null, "rolled_from_id" uuid null, "created_at" timestamptz not null, "expires_at" timestamptz null, "deactivated_at" timestamptz null, "deleted_at" timestamptz null, "last_used_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "api_key" add constraint "api_key_secret_hash_unique" unique ("secret_hash");`);
    this.addSql(`create index "api_key_project_id_id_index" on "api_key" ("project_id", "id");`);

    this.addSql(`alter table "webhook" add constraint "webhook_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on delete cascade;`);
    this.addSql(`alter table "webhook" add constraint "webhook_project_id_foreign" foreign key ("project_id") references "project" ("id") on delete cascade;`);

    this.addSql(`alter table "api_key" add constraint "api_key_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on delete cascade;`);
    this.addSql(`alter table "api_key" add constraint "api_key_project_id_foreign" foreign key ("project_id") references "project" ("id") on delete cascade;`);
    this.addSql(`alter table "api_key" add constraint "api_key_rolled_from_id_foreign" foreign key ("rolled_from_id") references "api_key" ("id") on delete set null;`);
    this.addSql(`alter table "api_key" add constraint "api_key_kind_check" check ("kind" in ('PUBLIC', 'SECRET'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "api_key" drop constraint "api_key_rolled_from_id_foreign";`);

    this.addSql(`drop table if exists "webhook" cascade;`);
    this.addSql(`drop table if exists "api_key" cascade;`);
  }

}
