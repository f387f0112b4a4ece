// IP allowlists: CIDRs are validated and normalised, matched per address family, and one list's
// containment in another decides what a token may mint or change.
import { describe, expect, it } from 'vitest';
import { addressAllowed, cidrsBeyond, normaliseCidr } from '../../src/lib/cidrs.js';

describe('normaliseCidr', () => {
  it.each([
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['192.0.2.7', '192.0.2.7/32'],
    ['2001:DB8::1/32', '2001:db8::/32'],
    ['::1', '::1/128'],
    [' 0.0.0.0/0 ', '0.0.0.0/0'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normaliseCidr(input)).toBe(expected);
  });

  it.each(['10.0.0.0/33', '::/129', 'example.com', '10.0.0.0/', '/8', '10.0.0.0/8/8', ''])('refuses %j', (input) => {
    expect(normaliseCidr(input)).toBeUndefined();
  });
});

describe('addressAllowed', () => {
  const list = ['203.0.113.0/24', '2001:db8::/32'];
  it('matches IPv4 and IPv6 addresses inside, and nothing else', () => {
    expect(addressAllowed('203.0.113.9', list)).toBe(true);
    expect(addressAllowed('2001:db8:1::5', list)).toBe(true);
    expect(addressAllowed('203.0.114.1', list)).toBe(false);
    expect(addressAllowed('2001:db9::1', list)).toBe(false);
    expect(addressAllowed('unknown', list)).toBe(false);
  });

  it('treats an IPv4-mapped IPv6 client address as IPv4, and never matches across families', () => {
    expect(addressAllowed('::ffff:203.0.113.9', list)).toBe(true);
    expect(addressAllowed('::ffff:203.0.113.9', ['::ffff:0:0/96'])).toBe(false);
    expect(addressAllowed('203.0.113.9', ['::/0'])).toBe(false);
  });
});

describe('cidrsBeyond', () => {
  it('lists the CIDRs of a list not contained in another', () => {
    const outer = ['10.0.0.0/8', '2001:db8::/32'];
    expect(cidrsBeyond(outer, ['10.1.0.0/16', '2001:db8:5::/48'])).toEqual([]);
    expect(cidrsBeyond(outer, ['10.0.0.0/7', '11.0.0.0/8', '2001:db8::/31'])).toEqual(['10.0.0.0/7', '11.0.0.0/8', '2001:db8::/31']);
    expect(cidrsBeyond(outer, ['10.0.0.0/8'])).toEqual([]);
    expect(cidrsBeyond(['0.0.0.0/0'], ['::/0'])).toEqual(['::/0']);
  });
});
