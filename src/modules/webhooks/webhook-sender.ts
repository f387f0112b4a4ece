// One delivery attempt: a signed POST (Standard Webhooks headers, signed with every secret in
// force), a time limit, no redirects, a capped response read, and a connection that may only
// reach public addresses (checked when the socket connects, so DNS cannot be switched under us).
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import { checkWebhookUrl, isPublicAddress } from './webhook-target.js';
import type { WebhookHeader } from './webhook.entity.js';

const RESPONSE_EXCERPT_BYTES = 1024;

export interface OutgoingDelivery {
  url: string;
  headers: readonly WebhookHeader[];
  /** Signing secrets (`whsec_…`): the current one and, during a rotation, the previous one. */
  secrets: readonly string[];
  messageId: string;
  payload: string;
}

export interface AttemptResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseExcerpt: string | null;
  /** Seconds from a Retry-After header, when the receiver sent one. */
  retryAfterSeconds: number | null;
}

/** Name resolution with every address (node's `dns.lookup` with `all: true`, or a test's own table). */
export type HostLookup = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A socket `lookup` (for undici's `connect`) that refuses names resolving to non-public addresses
 * (server-side request forgery): the addresses checked are the ones the socket connects to, so a
 * name cannot resolve to a public address when it is checked and to a private one when it is used.
 */
export function publicOnlyLookupVia(resolve: HostLookup) {
  return (
    hostname: string,
    options: object,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const internal = addresses.find((entry) => !isPublicAddress(entry.address));
      if (internal) return callback(Object.assign(new Error(`${hostname} resolves to a non-public address`), { code: 'EBLOCKED' }), []);
      callback(null, addresses);
    });
  };
}

/** The public-only lookup over the system's resolver. */
export const publicOnlyLookup = publicOnlyLookupVia(dnsLookup);

function parseRetryAfter(value: string | string[] | undefined): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export function signatureHeader(secrets: readonly string[], messageId: string, at: Date, payload: string): string {
  return secrets.map((secret) => new StandardWebhook(secret).sign(messageId, at, payload)).join(' ');
}

export class WebhookSender {
  private readonly agent: Agent;

  constructor(private readonly settings: { timeoutMs: number; allowInsecure: boolean }) {
    this.agent = new Agent({
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
      connect: { timeout: settings.timeoutMs, ...(settings.allowInsecure ? {} : { lookup: publicOnlyLookup }) },
    });
  }

  async send(delivery: OutgoingDelivery, now = new Date()): Promise<AttemptResult> {
    const started = performance.now();
    const done = (partial: Partial<AttemptResult>): AttemptResult => ({
      statusCode: null,
      error: null,
      responseExcerpt: null,
      retryAfterSeconds: null,
      ...partial,
      durationMs: Math.round(performance.now() - started),
    });
    // The URL was checked when it was saved; an IP literal does not pass through the lookup, so check again.
    const problem = await checkWebhookUrl(delivery.url, { allowInsecure: this.settings.allowInsecure, resolve: async () => [] });
    if (problem) return done({ error: `refused: the URL ${problem}` });

    const headers: Record<string, string> = Object.fromEntries(delivery.headers.map((header) => [header.name, header.value]));
    Object.assign(headers, {
      'content-type': 'application/json',
      'user-agent': 'management-gateway-webhooks/1',
      'webhook-id': delivery.messageId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signatureHeader(delivery.secrets, delivery.messageId, now, delivery.payload),
    });
    try {
      const response = await request(delivery.url, {
        method: 'POST',
        headers,
        body: delivery.payload,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      let excerpt = '';
      for await (const chunk of response.body) {
        excerpt += Buffer.from(chunk as Uint8Array).toString('utf8');
        if (excerpt.length >= RESPONSE_EXCERPT_BYTES) {
          response.body.destroy();
          break;
        }
      }
      return done({
        statusCode: response.statusCode,
        responseExcerpt: excerpt.slice(0, RESPONSE_EXCERPT_BYTES) || null,
        retryAfterSeconds: parseRetryAfter(response.headers['retry-after']),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : (cause?.message ?? (error as Error).message);
      return done({ error: reason.slice(0, 500) });
    }
  }

  async close() {
    await this.agent.close();
  }
}
