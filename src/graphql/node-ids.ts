// Decoding of the opaque ids that clients pass as arguments.
import { decodeId, type NodeTypeName } from '../lib/ids.js';
import { notFound } from '../lib/errors.js';

/** The row id behind an opaque id of `type`; NOT_FOUND for garbage or an id of another type. */
export function idOf(type: NodeTypeName, globalId: string): string {
  const decoded = decodeId(globalId);
  if (!decoded || decoded.type !== type) throw notFound(type, globalId);
  return decoded.uuid;
}
