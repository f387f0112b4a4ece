// A unique index is the source of truth for "already exists" (no check-then-insert race): its
// violation becomes a CONFLICT on the field that must be unique.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { conflict } from '../lib/errors.js';

export async function conflictOnDuplicate<T>(work: () => Promise<T>, message: string, field = 'name'): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw conflict(message, { field });
    throw error;
  }
}
