// Serves files the gateway ships itself (GraphiQL's bundle, the console): compressed once (brotli
// or gzip, whichever the client accepts), with an ETag, and cacheable. Hashed asset URLs never
// change content, so they are `immutable` for a year; pages that name them revalidate every time.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Below this size compression saves less than the headers it costs. */
const COMPRESS_FROM_BYTES = 1024;

export interface StaticAsset {
  contentType: string;
  body: Buffer;
  etag: string;
  cacheControl: string;
  /** More response headers (e.g. a Content-Security-Policy for a page). */
  headers?: Record<string, string>;
  /** Compressed bodies, made on first request (zlib runs on libuv's thread pool, off the event loop). */
  encoded: Partial<Record<'br' | 'gzip', Promise<Buffer>>>;
}

export const contentHash = (body: Buffer | string) => createHash('sha256').update(body).digest('base64url').slice(0, 12);

export function staticAsset(
  body: Buffer | string,
  contentType: string,
  cacheControl: string,
  headers?: Record<string, string>,
): StaticAsset {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return { contentType, body: bytes, etag: `"${contentHash(bytes)}"`, cacheControl, encoded: {}, ...(headers ? { headers } : {}) };
}

/** The best encoding the client accepts: brotli, then gzip, else none (q=0 means "not this one"). */
function chooseEncoding(acceptEncoding: string | null): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Set<string>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    if (params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param))) continue;
    accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return undefined;
}

function encode(asset: StaticAsset, encoding: 'br' | 'gzip'): Promise<Buffer> {
  asset.encoded[encoding] ??=
    encoding === 'br'
      ? brotli(asset.body, {
          // Quality 9 gets within 3% of the maximum (11) at a tenth of its CPU time on GraphiQL's 5 MB bundle.
          params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: asset.body.length },
        })
      : gzipAsync(asset.body, { level: 9 });
  return asset.encoded[encoding];
}

export async function assetResponse(request: Request, fetchAPI: { Response: typeof Response }, asset: StaticAsset): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': asset.contentType,
    'cache-control': asset.cacheControl,
    etag: asset.etag,
    vary: 'Accept-Encoding',
    'x-content-type-options': 'nosniff',
    ...asset.headers,
  };
  if (
    request.headers
      .get('if-none-match')
      ?.split(/\s*,\s*/)
      .includes(asset.etag)
  ) {
    return new fetchAPI.Response(null, { status: 304, headers });
  }
  const encoding = asset.body.length >= COMPRESS_FROM_BYTES ? chooseEncoding(request.headers.get('accept-encoding')) : undefined;
  const body = encoding ? await encode(asset, encoding) : asset.body;
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.length);
  return new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}

/** What a path resolves to: a file, a plain-text answer with a status (404, 503), or nothing of ours. */
export type AssetLookup = (pathname: string) => StaticAsset | { status: number; text: string } | undefined;

/** Answers GET/HEAD for the paths `lookup` knows, before authentication (these files hold no data). */
export function useStaticAssets(lookup: AssetLookup): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const found = lookup(url.pathname);
      if (!found) return;
      if ('text' in found) {
        endResponse(new fetchAPI.Response(found.text, { status: found.status, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      endResponse(await assetResponse(request, fetchAPI, found));
    },
  };
}
