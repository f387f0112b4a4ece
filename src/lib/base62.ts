// Base62 (0-9, A-Z, a-z) for the random parts and checksums of secrets and for opaque ids.
import { randomInt } from 'node:crypto';

export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = BigInt(BASE62_ALPHABET.length);

/** Digits per chunk: 62^8 < 2^53, so a chunk is encoded with plain numbers, not BigInt. */
const CHUNK_DIGITS = 8;
const CHUNK = BASE ** BigInt(CHUNK_DIGITS);

/**
 * Encodes a non-negative integer, left-padded with '0' to `width` characters. Every opaque id in
 * a response is encoded here, so it divides by 62^8 (three BigInt divisions for a UUID) rather than
 * by 62 per digit (22 of them), which made it a visible part of a list's CPU profile.
 */
export function encodeBase62(value: bigint, width: number): string {
  let out = '';
  let rest = value;
  while (rest > 0n) {
    let chunk = Number(rest % CHUNK);
    rest /= CHUNK;
    // A lower chunk keeps its leading zeros; the top one stops at its last non-zero digit.
    for (let i = 0; i < CHUNK_DIGITS && (chunk > 0 || rest > 0n); i++) {
      out = BASE62_ALPHABET[chunk % 62] + out;
      chunk = Math.floor(chunk / 62);
    }
  }
  return out.padStart(width, '0');
}

/** Decodes base62; returns undefined for any character outside the alphabet. */
export function decodeBase62(text: string): bigint | undefined {
  let value = 0n;
  for (const char of text) {
    const digit = BASE62_ALPHABET.indexOf(char);
    if (digit < 0) return undefined;
    value = value * BASE + BigInt(digit);
  }
  return value;
}

/** `length` characters drawn uniformly (rejection-free, via crypto.randomInt) from the alphabet. */
export function randomBase62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62_ALPHABET[randomInt(62)];
  return out;
}
