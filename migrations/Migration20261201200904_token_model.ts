import { Migration } from '@mikro-orm/migrations';

// The token model (issue 14): why a token was revoked (tokens revoked before this are MANUAL),
// project restriction, IP allowlist, the workspace's unused-token policy, the project of an audit
// entry (what a project-scoped token may read), SYSTEM as an audit actor (the unused-token task),
// and the token-change trigger now also fires for the three new token columns.

export class Migration20261201200904_token_model extends Migration {

  override name = 'Migration20261201200904_token_model';

  override up(): void | Promise<void> {
    this.addSql(`alter table "workspace" add "revoke_unused_after_days" int null;`);

    this.addSql(`drop trigger if exists "management_token_changed" on "management_token";`);
    this.addSql(`drop function if exists "management_token_management_token_changed_fn"();`);
    this.addSql(`alter table "management_token" add "revoked_reason" text null, add "project_ids" uuid[] null, add "allowed_cidrs" text[] null;`);
    this.addSql(`alter table "management_token" add constraint "management_token_revoked_reason_check" check ("revoked_reason" in ('MANUAL', 'UNUSED'));`);
    this.addSql(`update "management_token" set "revoked_reason" = 'MANUAL' where "revoked_at" is not null;`);
    this.addSql(`create or replace function "management_token_management_token_changed_fn"() returns trigger as \$\$ begin PERFORM pg_notify('mgw_token_changed', old.id::text); RETURN NULL; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "management_token_changed" AFTER UPDATE on "management_token" for each ROW
  when (((old.workspace_id IS DISTINCT FROM new.workspace_id) OR (old.name IS DISTINCT FROM new.name) OR (old.description IS DISTINCT FROM new.description) OR (old.grants IS DISTINCT FROM new.grants) OR (old.secret_hash IS DISTINCT FROM new.secret_hash) OR (old.prefix IS DISTINCT FROM new.prefix) OR (old.previous_secret_hash IS DISTINCT FROM new.previous_secret_hash) OR (old.previous_secret_expires_at IS DISTINCT FROM new.previous_secret_expires_at) OR (old.created_by_id IS DISTINCT FROM new.created_by_id) OR (old.expires_at IS DISTINCT FROM new.expires_at) OR (old.deactivated_at IS DISTINCT FROM new.deactivated_at) OR (old.revoked_at IS DISTINCT FROM new.revoked_at) OR (old.rate_limit_points IS DISTINCT FROM new.rate_limit_points) OR (old.rate_limit_window_seconds IS DISTINCT FROM new.rate_limit_window_seconds) OR (old.revoked_reason IS DISTINCT FROM new.revoked_reason) OR (old.project_ids IS DISTINCT FROM new.project_ids) OR (old.allowed_cidrs IS DISTINCT FROM new.allowed_cidrs))) execute function "management_token_management_token_changed_fn"();`);

    this.addSql(`alter table "audit_event" drop constraint "audit_event_actor_kind_check";`);
    this.addSql(`alter table "audit_event" add "project_id" uuid null;`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_actor_kind_check" check ("actor_kind" in ('TOKEN', 'CLI', 'SYSTEM'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "audit_event" drop constraint "audit_event_actor_kind_check";`);
    this.addSql(`alter table "audit_event" drop column "project_id";`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_actor_kind_check" check ("actor_kind" in ('TOKEN', 'CLI'));`);

    this.addSql(`alter table "management_token" drop constraint "management_token_revoked_reason_check";`);
    this.addSql(`drop trigger if exists "management_token_changed" on "management_token";`);
    this.addSql(`drop function if exists "management_token_management_token_changed_fn"();`);
    this.addSql(`alter table "management_token" drop column "revoked_reason", drop column "project_ids", drop column "allowed_cidrs";`);
    this.addSql(`create or replace function "management_token_management_token_changed_fn"() returns trigger as \$\$ begin PERFORM pg_notify('mgw_token_changed', old.id::text); RETURN NULL; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "management_token_changed" AFTER UPDATE on "management_token" for each ROW
  when (((old.workspace_id IS DISTINCT FROM new.workspace_id) OR (old.name IS DISTINCT FROM new.name) OR (old.description IS DISTINCT FROM new.description) OR (old.grants IS DISTINCT FROM new.grants) OR (old.secret_hash IS DISTINCT FROM new.secret_hash) OR (old.prefix IS DISTINCT FROM new.prefix) OR (old.previous_secret_hash IS DISTINCT FROM new.previous_secret_hash) OR (old.previous_secret_expires_at IS DISTINCT FROM new.previous_secret_expires_at) OR (old.created_by_id IS DISTINCT FROM new.created_by_id) OR (old.expires_at IS DISTINCT FROM new.expires_at) OR (old.deactivated_at IS DISTINCT FROM new.deactivated_at) OR (old.revoked_at IS DISTINCT FROM new.revoked_at) OR (old.rate_limit_points IS DISTINCT FROM new.rate_limit_points) OR (old.rate_limit_window_seconds IS DISTINCT FROM new.rate_limit_window_seconds))) execute function "management_token_management_token_changed_fn"();`);

    this.addSql(`alter table "workspace" drop column "revoke_unused_after_days";`);
  }

}
