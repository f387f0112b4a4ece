import { Migration } from '@mikro-orm/migrations';
import { migrationSecrets } from '../src/db/migration-context.js';

// Webhook extra-header values are often a receiver's credentials: seal the ones stored in plain
// text ({ name, value } → { name, sealedValue }) with the key that seals signing secrets. No
// schema change: the column stays json. `down` opens them again.

interface Row {
  id: string;
  headers: unknown;
}

const parse = (headers: unknown) => (typeof headers === 'string' ? JSON.parse(headers) : headers) as Record<string, string>[];

export class Migration20261201194500_seal_webhook_headers extends Migration {
  override name = 'Migration20261201194500_seal_webhook_headers';

  override async up(): Promise<void> {
    const rows = (await this.execute(`select id, headers from webhook`)) as unknown as Row[];
    for (const row of rows) {
      const headers = parse(row.headers);
      if (!headers.some((header) => 'value' in header)) continue;
      const sealed = headers.map((header) =>
        'value' in header ? { name: header['name'], sealedValue: migrationSecrets().seal(header['value']!) } : header,
      );
      await this.execute(`update webhook set headers = ? where id = ?`, [JSON.stringify(sealed), row.id]);
    }
  }

  override async down(): Promise<void> {
    const rows = (await this.execute(`select id, headers from webhook`)) as unknown as Row[];
    for (const row of rows) {
      const headers = parse(row.headers);
      if (!headers.some((header) => 'sealedValue' in header)) continue;
      const opened = headers.map((header) =>
        'sealedValue' in header ? { name: header['name'], value: migrationSecrets().open(header['sealedValue']!) } : header,
      );
      await this.execute(`update webhook set headers = ? where id = ?`, [JSON.stringify(opened), row.id]);
    }
  }
}
