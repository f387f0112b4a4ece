// IP allowlists: CIDRs (IPv4 and IPv6) validated and normalised with ipaddr.js, containment of one
// list in another (no token may mint or widen beyond its own), and the request-path match, which
// parses a token's list once and then costs no I/O.
import ipaddr from 'ipaddr.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

export const MAX_ALLOWED_CIDRS = 50;

/** `10.0.0.0/8`, `2001:db8::/32`; a bare address is its own /32 or /128. Undefined when invalid. */
export function normaliseCidr(value: string): string | undefined {
  const text = value.trim();
  try {
    if (text.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(text);
      // The network address: 10.1.2.3/8 means 10.0.0.0/8, and is stored so.
      const network = address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
      return `${network.toString()}/${bits}`;
    }
    if (!ipaddr.isValid(text)) return undefined;
    const address = ipaddr.parse(text);
    return `${address.toString()}/${address.kind() === 'ipv4' ? 32 : 128}`;
  } catch {
    return undefined;
  }
}

const parsedLists = new WeakMap<readonly string[], Range[]>();

function ranges(cidrs: readonly string[]): Range[] {
  let parsed = parsedLists.get(cidrs);
  if (!parsed) {
    parsed = cidrs.map((cidr) => ipaddr.parseCIDR(cidr) as Range);
    parsedLists.set(cidrs, parsed);
  }
  return parsed;
}

/** The address as the allowlist sees it: IPv4-mapped IPv6 (`::ffff:10.0.0.1`, a dual-stack socket) is IPv4. */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (!ipaddr.isValid(address)) return undefined;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) return (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed;
}

/** Whether a client address is in one of the CIDRs. An address that does not parse is in none. */
export function addressAllowed(address: string, cidrs: readonly string[]): boolean {
  const parsed = parseAddress(address);
  if (!parsed) return false;
  return ranges(cidrs).some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits));
}

/** The CIDRs of `inner` not contained in any CIDR of `outer`. */
export function cidrsBeyond(outer: readonly string[], inner: readonly string[]): string[] {
  const outerRanges = ranges(outer);
  return inner.filter((cidr) => {
    const [network, bits] = ipaddr.parseCIDR(cidr) as Range;
    return !outerRanges.some(
      ([outerNetwork, outerBits]) => outerNetwork.kind() === network.kind() && bits >= outerBits && network.match(outerNetwork, outerBits),
    );
  });
}
