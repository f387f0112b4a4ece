import { Migration } from '@mikro-orm/migrations';

// Secretless CI (issue 15): OIDC trust policies, the record of exchanged ID tokens (replay
// protection across instances), the policy and subject of a minted token, and LEAKED as a reason
// for revocation (POST /credentials/revoke).

export class Migration20261201223834_oidc_trust_policies extends Migration {

  override name = 'Migration20261201223834_oidc_trust_policies';

  override up(): void | Promise<void> {
    this.addSql(`create table "oidc_exchanged_id_token" ("issuer" text not null, "jti" text not null, "expires_at" timestamptz not null, primary key ("issuer", "jti"));`);
    this.addSql(`create index "oidc_exchanged_id_token_expires_at_index" on "oidc_exchanged_id_token" ("expires_at");`);

    this.addSql(`create table "oidc_trust_policy" ("id" uuid not null, "workspace_id" uuid not null, "name" text not null, "issuer" text not null, "audience" text not null, "subject" text not null, "claims" jsonb not null, "grants" text[] not null, "project_ids" uuid[] null, "allowed_cidrs" text[] null, "token_lifetime_seconds" int not null, "max_live_tokens" int not null, "created_by_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "oidc_trust_policy_workspace_id_id_index" on "oidc_trust_policy" ("workspace_id", "id");`);
    this.addSql(`create index "oidc_trust_policy_issuer_index" on "oidc_trust_policy" ("issuer");`);
    this.addSql(`alter table "oidc_trust_policy" add constraint "oidc_trust_policy_workspace_id_name_unique" unique ("workspace_id", "name");`);

    this.addSql(`alter table "management_token" drop constraint "management_token_revoked_reason_check";`);
    this.addSql(`alter table "management_token" add "oidc_policy_id" uuid null, add "oidc_subject" text null;`);
    this.addSql(`create index "management_token_oidc_policy_id_index" on "management_token" ("oidc_policy_id");`);
    this.addSql(`alter table "management_token" add constraint "management_token_revoked_reason_check" check ("revoked_reason" in ('MANUAL', 'UNUSED', 'LEAKED'));`);

    this.addSql(`alter table "oidc_trust_policy" add constraint "oidc_trust_policy_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on delete cascade;`);
    this.addSql(`alter table "oidc_trust_policy" add constraint "oidc_trust_policy_created_by_id_foreign" foreign key ("created_by_id") references "management_token" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "oidc_exchanged_id_token" cascade;`);
    this.addSql(`drop table if exists "oidc_trust_policy" cascade;`);

    this.addSql(`drop index "management_token_oidc_policy_id_index";`);
    this.addSql(`alter table "management_token" drop constraint "management_token_revoked_reason_check";`);
    this.addSql(`alter table "management_token" drop column "oidc_policy_id", drop column "oidc_subject";`);
    // LEAKED did not exist before: such tokens stay revoked, as MANUAL.
    this.addSql(`update "management_token" set "revoked_reason" = 'MANUAL' where "revoked_reason" = 'LEAKED';`);
    this.addSql(`alter table "management_token" add constraint "management_token_revoked_reason_check" check ("revoked_reason" in ('MANUAL', 'UNUSED'));`);
  }

}
