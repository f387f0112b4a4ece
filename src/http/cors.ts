// CORS for browser apps on other origins (CORS_ORIGINS). Management tokens travel in the
// Authorization header, never in cookies, so a browser never attaches one on its own: CORS does
// not guard credentials here, and `Access-Control-Allow-Credentials` is never sent (a page must
// hold a token to use the API at all). What a browser app needs is to read the headers that tell it
// when to retry and why it was refused, hence the exposed headers below.
import type { CORSOptions, Plugin } from 'graphql-yoga';

/** Response headers a script on another origin may read (everything else but the CORS-safelisted ones stays hidden). */
export const EXPOSED_HEADERS = ['RateLimit', 'RateLimit-Policy', 'Retry-After', 'WWW-Authenticate', 'X-Request-Id'];

/** `*` (every origin), `none` (same-origin only: no CORS headers), or a list of exact origins. */
export type CorsOrigins = '*' | readonly string[];

/** Yoga's `cors` option: a function of the request, so an origin that is not allowed gets no CORS headers at all. */
export function corsOptions(origins: CorsOrigins): (request: Request) => CORSOptions {
  const base = { credentials: false, exposedHeaders: EXPOSED_HEADERS, maxAge: 600 } satisfies CORSOptions;
  return (request) => {
    const origin = request.headers.get('origin');
    if (origins === '*') return { ...base, origin: '*' };
    if (origin === null || !origins.includes(origin)) return false;
    return { ...base, origin: [origin] };
  };
}

/** With a list of origins the answer depends on the Origin header, so shared caches must key on it. */
export function useVaryOnOrigin(origins: CorsOrigins): Plugin {
  return {
    onResponse({ response }) {
      if (origins === '*') return;
      const vary = response.headers.get('vary');
      if (
        !vary
          ?.toLowerCase()
          .split(/\s*,\s*/)
          .includes('origin')
      )
        response.headers.set('vary', vary ? `${vary}, Origin` : 'Origin');
    },
  };
}
