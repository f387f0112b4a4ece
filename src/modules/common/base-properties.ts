// The properties every entity repeats, said once: a uuidv7 primary key, the workspace a row
// belongs to (deleted with it), and its timestamps. Entities use them property by property
// (`id: primaryId()`), which keeps each entity's inferred type exact, also for entities that
// reference themselves (spreading a shared object of properties loses those types).
import { p } from '@mikro-orm/core';
import { newId } from '../../lib/ids.js';
import { WorkspaceSchema } from './workspace.entity.js';

/** A uuidv7 primary key, generated when the entity is created. */
export const primaryId = () =>
  p
    .uuid()
    .primary()
    .onCreate(() => newId());

/** The workspace the row belongs to; its rows go when it goes. */
export const ownedByWorkspace = () => p.manyToOne(WorkspaceSchema).deleteRule('cascade');

/** When the row was created. */
export const createdAt = () => p.datetime().onCreate(() => new Date());

/** When the row last changed. */
export const updatedAt = () =>
  p
    .datetime()
    .onCreate(() => new Date())
    .onUpdate(() => new Date());
