// Where a webhook may point, and which extra headers it may send. Deliveries go out from inside
// the operator's network, so a URL must not reach loopback, private, link-local, unique-local,
// multicast or unspecified addresses (server-side request forgery), in any spelling: the WHATWG
// URL parser normalises decimal, octal and hex IPv4 forms, IPv4-mapped IPv6 is unwrapped, and the
// deprecated IPv4-compatible block `::/96` (`[::127.0.0.1]`, `[::a9fe:a9fe]`) is refused whole.
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export const MAX_URL_LENGTH = 2048;
export const MAX_HEADERS = 20;
export const MAX_HEADER_NAME_LENGTH = 100;
export const MAX_HEADER_VALUE_LENGTH = 1000;

/** Headers the gateway sets itself, or that only make sense hop by hop. */
const RESERVED_HEADERS = new Set([
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'content-type',
  'content-length',
  'host',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export interface TargetPolicy {
  /** Development only: allow http:// and non-public addresses. */
  allowInsecure: boolean;
  /** Resolves a host name to its addresses (the system resolver by default). */
  resolve?: (hostname: string) => Promise<string[]>;
}

const systemResolve = async (hostname: string) => (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * IPv4-compatible IPv6 (RFC 4291 2.5.5.1, deprecated): ipaddr.js calls these "unicast", but some
 * stacks route `::a.b.c.d` to the IPv4 address, so `::127.0.0.1` could reach loopback. No public
 * host uses the block (it also holds `::` and `::1`), so all of it is refused.
 */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * IPv6 text with an embedded dotted quad, spelled the way the WHATWG URL parser (which every URL
 * here passes through) spells it: ipaddr.js reads `::8.8.8.8` as the IPv4-mapped `::ffff:8.8.8.8`,
 * while the URL parser (and the network) take it as the IPv4-compatible `::808:808`.
 */
function canonicalIpv6(address: string): string {
  if (!address.includes(':') || !address.includes('.')) return address;
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address;
  }
}

/** True for addresses on the public internet (ipaddr.js range "unicast"), after unwrapping IPv4-mapped IPv6. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(canonicalIpv6(address));
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.match(IPV4_COMPATIBLE)) return false;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

/** The problem with a webhook URL, or undefined when it is acceptable. */
export async function checkWebhookUrl(raw: string, policy: TargetPolicy): Promise<string | undefined> {
  if (raw.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a valid absolute URL.';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowInsecure)) {
    return policy.allowInsecure ? 'must use https (or http).' : 'must use https.';
  }
  if (url.username || url.password) return 'must not contain credentials; use an extra header instead.';
  if (policy.allowInsecure) return undefined;

  // Brackets of an IPv6 literal and the trailing dot of a fully qualified name are not part of the host.
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (ipaddr.isValid(host)) {
    return isPublicAddress(host) ? undefined : `must not point to a loopback, private or otherwise non-public address (${host}).`;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point to localhost.';
  let addresses: string[];
  try {
    addresses = await (policy.resolve ?? systemResolve)(host);
  } catch {
    // A name that does not resolve yet is accepted; deliveries check the address again when they connect.
    return undefined;
  }
  const internal = addresses.find((address) => !isPublicAddress(address));
  return internal ? `resolves to a non-public address (${internal}).` : undefined;
}

/** The problem with a set of extra headers, or undefined when they are acceptable. */
export function checkWebhookHeaders(headers: readonly { name: string; value: string }[]): string | undefined {
  if (headers.length > MAX_HEADERS) return `at most ${MAX_HEADERS} extra headers.`;
  const seen = new Set<string>();
  for (const { name, value } of headers) {
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name) || name.length > MAX_HEADER_NAME_LENGTH) return `"${name}" is not a valid header name.`;
    if (RESERVED_HEADERS.has(lower) || lower.startsWith('proxy-')) return `"${name}" is set by the gateway or not allowed.`;
    if (seen.has(lower)) return `"${name}" is given twice.`;
    seen.add(lower);
    if (value.length > MAX_HEADER_VALUE_LENGTH || !HEADER_VALUE.test(value)) {
      return `the value of "${name}" must be at most ${MAX_HEADER_VALUE_LENGTH} characters, without line breaks.`;
    }
  }
  return undefined;
}
