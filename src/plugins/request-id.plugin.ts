// Request ids: the client's `X-Request-Id` when it is safe (at most 128 characters of
// `A-Z a-z 0-9 . _ : = + / -`), a new UUID otherwise. The id is echoed in the `X-Request-Id`
// response header, carried by every log line of the request and written to its audit entries.
// This plugin comes first, so that everything after it runs inside the request's context.
import type { Plugin } from 'graphql-yoga';
import { enterRequest, requestIdFrom } from '../lib/request-context.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';

const ids = new WeakMap<Request, string>();

/** The id given to a request (undefined before this plugin saw it, e.g. for `yoga.fetch` of another server). */
export function requestIdOf(request: Request): string | undefined {
  return ids.get(request);
}

export function useRequestId(): Plugin {
  return {
    onRequest({ request }) {
      const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
      ids.set(request, requestId);
      enterRequest({ requestId });
    },
    onResponse({ request, response }) {
      // Yoga answers /health before any plugin's onRequest: such a response gets its id here.
      response.headers.set(REQUEST_ID_HEADER, ids.get(request) ?? requestIdFrom(request.headers.get(REQUEST_ID_HEADER)));
    },
  };
}
