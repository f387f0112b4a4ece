import { Migration } from '@mikro-orm/migrations';

export class Migration20261123112940_events_deliveries_audit extends Migration {

  override name = 'Migration20261123112940_events_deliveries_audit';

  override up(): void | Promise<void> {
    this.addSql(`create table "event" ("id" uuid not null, "workspace_id" uuid not null, "project_id" uuid null, "type" text not null, "payload" jsonb not null, "only_webhook_id" uuid null, "created_at" timestamptz not null, "dispatched_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "event_undispatched_index" on "event" ("created_at") where dispatched_at is null;`);

    this.addSql(`create table "delivery" ("id" uuid not null, "workspace_id" uuid not null, "event_id" uuid not null, "webhook_id" uuid not null, "event_type" text not null, "status" text not null default 'PENDING', "attempt_count" int not null default 0, "next_attempt_at" timestamptz null, "locked_until" timestamptz null, "last_status_code" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "delivery_due_index" on "delivery" ("next_attempt_at") where status = 'PENDING';`);
    this.addSql(`create index "delivery_webhook_id_id_index" on "delivery" ("webhook_id", "id");`);

    this.addSql(`create table "delivery_attempt" ("id" uuid not null, "delivery_id" uuid not null, "number" int not null, "attempted_at" timestamptz not null, "duration_ms" int not null, "status_code" int null, "error" text null, "response_excerpt" text null, primary key ("id"));`);
    this.addSql(`create index "delivery_attempt_delivery_id_number_index" on "delivery_attempt" ("delivery_id", "number");`);

    this.addSql(`create table "audit_event" ("id" uuid not null, "workspace_id" uuid not null, "actor_kind" text not null, "actor_token_id" uuid null, "actor_token_name" text null, "actor_token_prefix" text null, "client_ip" text null, "user_agent" text null, "action" text not null, "target_type" text null, "target_id" uuid null, "summary" jsonb not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "audit_event_workspace_id_id_index" on "audit_event" ("workspace_id", "id");`);
    this.addSql(`create index "audit_event_created_at_index" on "audit_event" ("created_at");`);

    this.addSql(`alter table "management_token" add "expiry_notice_level" smallint not null default 0;`);

    this.addSql(`alter table "event" add constraint "event_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on delete cascade;`);

    this.addSql(`alter table "delivery" add constraint "delivery_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on delete cascade;`);
    this.addSql(`alter table "delivery" add constraint "delivery_event_id_foreign" foreign key ("event_id") references "event" ("id") on delete cascade;`);
    this.addSql(`alter table "delivery" add constraint "delivery_webhook_id_foreign" foreign key ("webhook_id") references "webhook" ("id") on delete cascade;`);
    this.addSql(`alter table "delivery" add constraint "delivery_status_check" check ("status" in ('PENDING', 'SUCCEEDED', 'FAILED'));`);

    this.addSql(`alter table "delivery_attempt" add constraint "delivery_attempt_delivery_id_foreign" foreign key ("delivery_id") references "delivery" ("id") on delete cascade;`);

    this.addSql(`alter table "audit_event" add constraint "audit_event_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on delete cascade;`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_actor_kind_check" check ("actor_kind" in ('TOKEN', 'CLI'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "delivery" drop constraint "delivery_event_id_foreign";`);
    this.addSql(`alter table "delivery_attempt" drop constraint "delivery_attempt_delivery_id_foreign";`);

    this.addSql(`drop table if exists "event" cascade;`);
    this.addSql(`drop table if exists "delivery" cascade;`);
    this.addSql(`drop table if exists "delivery_attempt" cascade;`);
    this.addSql(`drop table if exists "audit_event" cascade;`);

    this.addSql(`alter table "management_token" drop column "expiry_notice_level";`);
  }

}
