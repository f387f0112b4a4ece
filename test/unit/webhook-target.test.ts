// Where a webhook may point: every internal address form is refused; public https targets pass.
import { describe, expect, it } from 'vitest';
import { checkWebhookHeaders, checkWebhookUrl, isPublicAddress } from '../../src/modules/webhooks/webhook-target.js';
import { WebhookSender } from '../../src/modules/webhooks/webhook-sender.js';

const strict = { allowInsecure: false, resolve: async () => ['93.184.216.34'] };

describe('webhook URLs', () => {
  it.each([
    'https://example.com/hooks',
    'https://hooks.example.com:8443/a?b=c',
    'https://93.184.216.34/hook',
    'https://[2606:2800:220:1:248:1893:25c8:1946]/hook',
  ])('accepts %s', async (url) => {
    expect(await checkWebhookUrl(url, strict)).toBeUndefined();
  });

  it.each([
    ['plain http', 'http://example.com/hook', /https/],
    ['loopback', 'https://127.0.0.1/hook', /non-public/],
    ['loopback over http', 'http://127.0.0.1', /https/],
    ['IPv6 loopback', 'https://[::1]/', /non-public/],
    ['hex IPv4', 'https://0x7f000001/', /non-public/],
    ['decimal IPv4', 'https://2130706433/', /non-public/],
    ['octal IPv4', 'https://0177.0.0.1/', /non-public/],
    ['short IPv4', 'https://127.1/', /non-public/],
    ['cloud metadata (link-local)', 'https://169.254.169.254/latest/meta-data', /non-public/],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/', /non-public/],
    ['IPv4-mapped IPv6 private', 'https://[::ffff:10.0.0.1]/', /non-public/],
    ['IPv4-compatible IPv6 loopback', 'https://[::127.0.0.1]/', /non-public/],
    ['IPv4-compatible IPv6 cloud metadata', 'https://[::a9fe:a9fe]/', /non-public/],
    ['IPv4-compatible IPv6 of a public IPv4', 'https://[::8.8.8.8]/', /non-public/],
    ['IPv4-compatible IPv6, top of ::/96', 'https://[::ffff:ffff]/', /non-public/],
    ['IPv4-compatible IPv6, bottom of ::/96', 'https://[::2]/', /non-public/],
    ['IPv4-compatible IPv6, expanded', 'https://[0:0:0:0:0:0:7f00:1]/', /non-public/],
    ['private 10/8', 'https://10.1.2.3/', /non-public/],
    ['private 172.16/12', 'https://172.20.0.1/', /non-public/],
    ['private 192.168/16', 'https://192.168.1.1/', /non-public/],
    ['carrier-grade NAT', 'https://100.64.0.1/', /non-public/],
    ['unspecified', 'https://0.0.0.0/', /non-public/],
    ['IPv6 unspecified', 'https://[::]/', /non-public/],
    ['unique-local IPv6', 'https://[fd00::1]/', /non-public/],
    ['link-local IPv6', 'https://[fe80::1]/', /non-public/],
    ['multicast', 'https://224.0.0.1/', /non-public/],
    ['IPv6 multicast', 'https://[ff02::1]/', /non-public/],
    ['localhost', 'https://localhost/hook', /localhost/],
    ['a localhost subdomain', 'https://api.localhost/hook', /localhost/],
    ['credentials', 'https://user:pass@example.com/', /credentials/],
    ['a user name alone', 'https://user@example.com/', /credentials/],
    ['another scheme', 'ftp://example.com/', /https/],
    ['a relative URL', '/hooks', /valid absolute URL/],
    ['an overlong URL', `https://example.com/${'a'.repeat(2048)}`, /at most 2048/],
  ])('refuses %s', async (_case, url, message) => {
    expect(await checkWebhookUrl(url, strict)).toMatch(message);
  });

  it('refuses a host name that resolves to a private address', async () => {
    expect(await checkWebhookUrl('https://internal.example.com/', { allowInsecure: false, resolve: async () => ['10.0.0.5'] })).toMatch(
      /resolves to a non-public address \(10\.0\.0\.5\)/,
    );
    expect(
      await checkWebhookUrl('https://mixed.example.com/', { allowInsecure: false, resolve: async () => ['93.184.216.34', '::1'] }),
    ).toMatch(/::1/);
  });

  it('accepts a name that does not resolve yet (deliveries check the address again)', async () => {
    const unresolved = async () => {
      throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    };
    expect(await checkWebhookUrl('https://not-yet.example.com/', { allowInsecure: false, resolve: unresolved })).toBeUndefined();
  });

  it('allows http and internal hosts only with the development setting', async () => {
    const dev = { allowInsecure: true };
    expect(await checkWebhookUrl('http://127.0.0.1:3000/hook', dev)).toBeUndefined();
    expect(await checkWebhookUrl('http://localhost:3000/hook', dev)).toBeUndefined();
    expect(await checkWebhookUrl('http://user:pw@localhost/', dev)).toMatch(/credentials/);
    expect(await checkWebhookUrl('ftp://localhost/', dev)).toMatch(/https \(or http\)/);
  });

  it('classifies addresses', () => {
    expect(isPublicAddress('8.8.8.8')).toBe(true);
    expect(isPublicAddress('::ffff:8.8.8.8')).toBe(true);
    expect(isPublicAddress('::ffff:192.168.0.1')).toBe(false);
    expect(isPublicAddress('not an address')).toBe(false);
  });

  it('treats all of ::/96 (IPv4-compatible IPv6) as non-public, also for resolved names', async () => {
    for (const address of ['::127.0.0.1', '::a9fe:a9fe', '::7f00:1', '::8.8.8.8', '::1:0', '::ffff:ffff']) {
      expect(isPublicAddress(address)).toBe(false);
    }
    expect(isPublicAddress('2001:4860:4860::8888')).toBe(true);
    expect(await checkWebhookUrl('https://sneaky.example.com/', { allowInsecure: false, resolve: async () => ['::a9fe:a9fe'] })).toMatch(
      /resolves to a non-public address \(::a9fe:a9fe\)/,
    );
  });

  it('refuses to connect to an IPv4-compatible IPv6 address at delivery time (a URL saved before the check)', async () => {
    const sender = new WebhookSender({ timeoutMs: 1000, allowInsecure: false });
    try {
      for (const url of ['https://[::127.0.0.1]/', 'https://[::a9fe:a9fe]/']) {
        const result = await sender.send({ url, headers: [], secrets: ['whsec_AAAA'], messageId: 'msg_1', payload: '{}' });
        expect(result.statusCode).toBeNull();
        expect(result.error).toMatch(/^refused: the URL must not point to a loopback, private or otherwise non-public address/);
      }
    } finally {
      await sender.close();
    }
  });
});

describe('webhook extra headers', () => {
  it('accepts ordinary headers', () => {
    expect(
      checkWebhookHeaders([
        { name: 'X-Api-Key', value: 'abc' },
        { name: 'Authorization', value: 'Bearer x' },
      ]),
    ).toBeUndefined();
  });

  it.each([
    ['an invalid name', [{ name: 'Bad Header', value: 'x' }], /not a valid header name/],
    ['an empty name', [{ name: '', value: 'x' }], /not a valid header name/],
    ['a signature header', [{ name: 'webhook-signature', value: 'v1,x' }], /set by the gateway/],
    ['a hop-by-hop header', [{ name: 'Transfer-Encoding', value: 'chunked' }], /set by the gateway/],
    ['Host', [{ name: 'host', value: 'evil' }], /set by the gateway/],
    ['a proxy header', [{ name: 'Proxy-Foo', value: 'x' }], /set by the gateway/],
    [
      'a duplicate',
      [
        { name: 'X-A', value: '1' },
        { name: 'x-a', value: '2' },
      ],
      /twice/,
    ],
    ['a line break in a value', [{ name: 'X-A', value: 'a\r\nInjected: yes' }], /without line breaks/],
    ['an overlong value', [{ name: 'X-A', value: 'v'.repeat(1001) }], /at most 1000/],
    ['too many headers', Array.from({ length: 21 }, (_, i) => ({ name: `X-${i}`, value: 'v' })), /at most 20/],
  ])('refuses %s', (_case, headers, message) => {
    expect(checkWebhookHeaders(headers)).toMatch(message);
  });
});
