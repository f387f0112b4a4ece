// "What changed" for the audit log: the fields whose value a change actually alters.
export type Changes = Record<string, { from: unknown; to: unknown }>;

const plain = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/** Compares `next` (undefined = leave as is) with the object's current values. */
export function changesOf<T extends object>(current: T, next: Partial<Record<keyof T & string, unknown>>): Changes {
  const changes: Changes = {};
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined) continue;
    const before = plain((current as Record<string, unknown>)[key] ?? null);
    const after = plain(value ?? null);
    const same = Array.isArray(before) && Array.isArray(after) ? JSON.stringify(before) === JSON.stringify(after) : before === after;
    if (!same) changes[key] = { from: before, to: after };
  }
  return changes;
}
