// Secrets in GitHub's scheme: prefix + 30 random base62 characters + a 6-character base62 CRC32
// of the random part. The checksum lets the gateway refuse typos and garbage without any I/O,
// and lets secret scanners match `<prefix>[A-Za-z0-9]{36}` with few false positives.
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { encodeBase62, randomBase62 } from './base62.js';

const RANDOM_LENGTH = 30; // 62^30 ≈ 2^178 bits of entropy
const CHECKSUM_LENGTH = 6; // 62^6 > 2^32, so every CRC32 fits

export const SECRET_BODY_LENGTH = RANDOM_LENGTH + CHECKSUM_LENGTH;

function checksum(random: string): string {
  return encodeBase62(BigInt(crc32(random)), CHECKSUM_LENGTH);
}

/** A fresh secret such as `mgw_` + 36 base62 characters. */
export function generateSecret(prefix: string): string {
  const random = randomBase62(RANDOM_LENGTH);
  return `${prefix}${random}${checksum(random)}`;
}

/** True when `secret` has the prefix, the length, the alphabet and a matching checksum. */
export function hasValidChecksum(secret: string, prefix: string): boolean {
  if (secret.length !== prefix.length + SECRET_BODY_LENGTH || !secret.startsWith(prefix)) return false;
  const body = secret.slice(prefix.length);
  if (!/^[0-9A-Za-z]+$/.test(body)) return false;
  return checksum(body.slice(0, RANDOM_LENGTH)) === body.slice(RANDOM_LENGTH);
}

/** SHA-256 (hex) of a secret: the only form in which a secret is stored. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The part of a secret safe to show and store for recognition: the prefix and 4 characters. */
export function displayPrefix(secret: string, prefix: string): string {
  return secret.slice(0, prefix.length + 4);
}
