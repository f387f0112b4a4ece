// Row ids are UUIDv7 (time-ordered, so keyset pagination on the id alone gives creation order);
// clients see them as opaque, type-prefixed strings such as `prj_1bT…` (22 base62 characters).
import { v7 as uuidv7 } from 'uuid';
import { decodeBase62, encodeBase62 } from './base62.js';

export const newId = (): string => uuidv7();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a row id in its canonical (lower-case, dashed) form. */
export const isUuid = (value: string): boolean => UUID.test(value);

/** GraphQL type name → id prefix. One entry per node type. */
export const ID_PREFIXES = {
  Workspace: 'ws',
  ManagementToken: 'tok',
  Project: 'prj',
  ApiKey: 'key',
  Webhook: 'whk',
  Event: 'evt',
  Delivery: 'dlv',
  AuditEvent: 'aud',
  OidcTrustPolicy: 'oidcp',
} as const;

export type NodeTypeName = keyof typeof ID_PREFIXES;

const TYPE_BY_PREFIX = new Map<string, NodeTypeName>(Object.entries(ID_PREFIXES).map(([type, prefix]) => [prefix, type as NodeTypeName]));
const UUID_HEX = /^[0-9a-f]{32}$/;
const ID_BODY_LENGTH = 22;

/**
 * Encoded id bodies by row id: a list shows the same rows request after request, and encoding
 * (BigInt arithmetic) was a visible share of a list's CPU. Bounded; emptied when full.
 */
const encodedBodies = new Map<string, string>();
const MAX_ENCODED_BODIES = 50_000;

export function encodeId(type: NodeTypeName, uuid: string): string {
  let body = encodedBodies.get(uuid);
  if (body === undefined) {
    body = encodeBase62(BigInt(`0x${uuid.replaceAll('-', '')}`), ID_BODY_LENGTH);
    if (encodedBodies.size >= MAX_ENCODED_BODIES) encodedBodies.clear();
    encodedBodies.set(uuid, body);
  }
  return `${ID_PREFIXES[type]}_${body}`;
}

/** Decodes an opaque id; undefined when it is not one this gateway could have issued. */
export function decodeId(id: string): { type: NodeTypeName; uuid: string } | undefined {
  const separator = id.indexOf('_');
  const type = TYPE_BY_PREFIX.get(id.slice(0, separator));
  const body = id.slice(separator + 1);
  if (!type || body.length !== ID_BODY_LENGTH) return undefined;
  const value = decodeBase62(body);
  if (value === undefined) return undefined;
  const hex = value.toString(16).padStart(32, '0');
  if (!UUID_HEX.test(hex)) return undefined;
  return { type, uuid: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
}
