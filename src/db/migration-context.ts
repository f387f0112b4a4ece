// What data migrations need from the running deployment beyond the database: the key that seals
// secrets at rest. `migrate()` sets it for the duration of a run; migrations read it lazily, so a
// run that has nothing to seal never loads (or creates) a key.
import type { SecretBox } from '../lib/secret-box.js';

export interface MigrationContext {
  secrets?: (() => SecretBox) | undefined;
}

let current: MigrationContext = {};

export function migrationSecrets(): SecretBox {
  if (!current.secrets) {
    throw new Error('This migration seals stored values and needs the secret encryption key: run it through `mgw migrate` or the gateway.');
  }
  return current.secrets();
}

export async function withMigrationContext<T>(context: MigrationContext, run: () => Promise<T>): Promise<T> {
  const previous = current;
  current = context;
  try {
    return await run();
  } finally {
    current = previous;
  }
}
