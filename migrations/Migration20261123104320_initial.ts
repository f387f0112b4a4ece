import { Migration } from '@mikro-orm/migrations';

export class Migration20261123104320_initial extends Migration {

  override name = 'Migration20261123104320_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "workspace" ("id" uuid not null, "name" text not null, "created_at" timestamptz not null, "max_token_lifetime_days" int null, "allow_never_expiring_tokens" boolean not null default false, "max_live_tokens" int null, primary key ("id"));`);
    this.addSql(`alter table "workspace" add constraint "workspace_name_unique" unique ("name");`);

    this.addSql(`create table "project" ("id" uuid not null, "workspace_id" uuid not null, "name" text not null, "type" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "project_workspace_id_id_index" on "project" ("workspace_id", "id");`);
    this.addSql(`alter table "project" add constraint "project_workspace_id_name_unique" unique ("workspace_id", "name");`);

    this.addSql(`create table "management_token" ("id" uuid not null, "workspace_id" uuid not null, "name" text not null, "description" text null, "grants" text[] not null, "secret_hash" text not null, "prefix" text not null, "previous_secret_hash" text null, "previous_secret_expires_at" timestamptz null, "created_by_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "expires_at" timestamptz null, "deactivated_at" timestamptz null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, "last_used_ip" text null, "last_used_user_agent" text null, "rate_limit_points" int null, "rate_limit_window_seconds" int null, primary key ("id"));`);
    this.addSql(`alter table "management_token" add constraint "management_token_secret_hash_unique" unique ("secret_hash");`);
    this.addSql(`alter table "management_token" add constraint "management_token_previous_secret_hash_unique" unique ("previous_secret_hash");`);
    this.addSql(`create index "management_token_workspace_id_id_index" on "management_token" ("workspace_id", "id");`);
    this.addSql(`create unique index "management_token_live_name_unique" on "management_token" ("workspace_id", "name") where revoked_at is null;`);

    this.addSql(`alter table "project" add constraint "project_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on delete cascade;`);
    this.addSql(`alter table "project" add constraint "project_type_check" check ("type" in ('DEVELOPMENT', 'PRODUCTION'));`);

    this.addSql(`alter table "management_token" add constraint "management_token_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on delete cascade;`);
    this.addSql(`alter table "management_token" add constraint "management_token_created_by_id_foreign" foreign key ("created_by_id") references "management_token" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "project" drop constraint "project_workspace_id_foreign";`);
    this.addSql(`alter table "management_token" drop constraint "management_token_workspace_id_foreign";`);
    this.addSql(`alter table "management_token" drop constraint "management_token_created_by_id_foreign";`);

    this.addSql(`drop table if exists "workspace" cascade;`);
    this.addSql(`drop table if exists "project" cascade;`);
    this.addSql(`drop table if exists "management_token" cascade;`);
  }

}
