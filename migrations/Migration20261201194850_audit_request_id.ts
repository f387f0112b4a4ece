import { Migration } from '@mikro-orm/migrations';

export class Migration20261201194850_audit_request_id extends Migration {

  override name = 'Migration20261201194850_audit_request_id';

  override up(): void | Promise<void> {
    this.addSql(`alter table "audit_event" add "request_id" text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "audit_event" drop column "request_id";`);
  }

}
