import { Migration } from '@mikro-orm/migrations';

// The triggers declared on ManagementToken: NOTIFY mgw_token_changed '<id>' when a token changes
// in a way that matters to the token cache, or is deleted (see src/modules/auth/token-cache.ts).

export class Migration20261123122920_token_change_notify extends Migration {

  override name = 'Migration20261123122920_token_change_notify';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "management_token_management_token_changed_fn"() returns trigger as \$\$ begin PERFORM pg_notify('mgw_token_changed', old.id::text); RETURN NULL; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "management_token_changed" AFTER UPDATE on "management_token" for each ROW
  when (((old.workspace_id IS DISTINCT FROM new.workspace_id) OR (old.name IS DISTINCT FROM new.name) OR (old.description IS DISTINCT FROM new.description) OR (old.grants IS DISTINCT FROM new.grants) OR (old.secret_hash IS DISTINCT FROM new.secret_hash) OR (old.prefix IS DISTINCT FROM new.prefix) OR (old.previous_secret_hash IS DISTINCT FROM new.previous_secret_hash) OR (old.previous_secret_expires_at IS DISTINCT FROM new.previous_secret_expires_at) OR (old.created_by_id IS DISTINCT FROM new.created_by_id) OR (old.expires_at IS DISTINCT FROM new.expires_at) OR (old.deactivated_at IS DISTINCT FROM new.deactivated_at) OR (old.revoked_at IS DISTINCT FROM new.revoked_at) OR (old.rate_limit_points IS DISTINCT FROM new.rate_limit_points) OR (old.rate_limit_window_seconds IS DISTINCT FROM new.rate_limit_window_seconds))) execute function "management_token_management_token_changed_fn"();`);
    this.addSql(`create or replace function "management_token_management_token_deleted_fn"() returns trigger as \$\$ begin PERFORM pg_notify('mgw_token_changed', old.id::text); RETURN NULL; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "management_token_deleted" AFTER DELETE on "management_token" for each ROW execute function "management_token_management_token_deleted_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "management_token_changed" on "management_token";`);
    this.addSql(`drop function if exists "management_token_management_token_changed_fn"();`);
    this.addSql(`drop trigger if exists "management_token_deleted" on "management_token";`);
    this.addSql(`drop function if exists "management_token_management_token_deleted_fn"();`);
  }

}
