// Which request the code running now belongs to. Yoga's first plugin enters the context for each
// request (see plugins/request-id.plugin.ts); the logger reads it so that every line of a request
// carries its id, and background work started from a request leaves it (`outsideRequest`).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** A client's id is kept when it is short and made of characters safe in logs and headers. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:=+/-]{1,128}$/;

/** The client's `X-Request-Id` when it is safe, a new UUID otherwise. */
export function requestIdFrom(header: string | null): string {
  return header !== null && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

export function enterRequest(context: RequestContext): void {
  storage.enterWith(context);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs `work` (and whatever it schedules) outside any request, e.g. a background loop woken by one. */
export function outsideRequest<T>(work: () => T): T {
  return storage.exit(work);
}
