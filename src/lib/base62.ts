// Base62 (0-9, A-Z, a-z) for the random parts and checksums of secrets and for opaque ids.
import { randomInt } from 'node:crypto';

export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = BigInt(BASE62_ALPHABET.length);

/** Encodes a non-negative integer, left-padded with '0' to `width` characters. */
export function encodeBase62(value: bigint, width: number): string {
  let out = '';
  let rest = value;
  while (rest > 0n) {
    out = BASE62_ALPHABET[Number(rest % BASE)] + out;
    rest /= BASE;
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
