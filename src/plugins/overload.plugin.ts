// Admission control: past a threshold of requests in flight or of event-loop delay, a request is
// refused at once with 503 `OVERLOADED` and `Retry-After`, before any I/O, instead of queueing
// behind the others and making every request slow. Probes and scrapes (/health, /ready,
// /metrics) are never shed: a load balancer must still see the process, and so must Prometheus.
import type { Plugin } from 'graphql-yoga';
import { refusalResponse } from '../http/refusal.js';

export const UNSHED_PATHS: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);

export interface LoadSettings {
  /** Requests in flight from which new ones are refused (0 = no limit). */
  maxInFlight: number;
  /** Event-loop delay (mean over the last sample window, in ms) from which requests are refused (0 = no limit). */
  maxEventLoopDelayMs: number;
  /** Length of an event-loop delay sample window, in ms. */
  sampleMs: number;
}

/** How often the event-loop delay is probed, in ms: a timer that fires late by N ms saw a loop busy for N ms. */
const PROBE_MS = 20;

/** Requests in flight and the event loop's recent delay: what shedding decides on, and what /metrics shows. */
export class LoadMonitor {
  private count = 0;
  private probe: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private window = { sum: 0, count: 0, max: 0 };
  /** Mean and max delay of the last completed window, in milliseconds. */
  private last = { mean: 0, max: 0 };
  readonly shed = { inFlight: 0, eventLoopDelay: 0 };

  constructor(readonly settings: LoadSettings) {}

  start() {
    this.schedule();
    this.timer ??= setInterval(() => this.sample(), this.settings.sampleMs);
    this.timer.unref();
  }

  /** Stops the sampling timer (the probe keeps measuring): the caller then calls sample() itself, as tests do. */
  sampleManually() {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  stop() {
    this.sampleManually();
    clearTimeout(this.probe);
    this.probe = undefined;
  }

  /**
   * Closes the current window: its delay becomes what shedding looks at. The timer calls it. The
   * mean, not the max, decides: one long garbage collection is not an overload, a loop that is
   * late on every turn is.
   */
  sample(): { mean: number; max: number } {
    const { sum, count, max } = this.window;
    this.last = count > 0 ? { mean: sum / count, max } : { mean: 0, max: 0 };
    this.window = { sum: 0, count: 0, max: 0 };
    return this.last;
  }

  get eventLoopDelayMs(): { mean: number; max: number } {
    return this.last;
  }

  get inFlight(): number {
    return this.count;
  }

  enter() {
    this.count += 1;
  }

  leave() {
    this.count = Math.max(0, this.count - 1);
  }

  /** Why a new request should be refused now, if it should. */
  overloaded(): 'inFlight' | 'eventLoopDelay' | undefined {
    const { maxInFlight, maxEventLoopDelayMs } = this.settings;
    // `count` already includes the request being admitted.
    if (maxInFlight > 0 && this.count > maxInFlight) return 'inFlight';
    // A late loop sheds only when requests are what keeps it busy: with no other request in flight
    // the delay came from other work (a migration, a large PGlite query) and refusing helps nobody.
    if (maxEventLoopDelayMs > 0 && this.count > 1 && this.last.mean > maxEventLoopDelayMs) return 'eventLoopDelay';
    return undefined;
  }

  private schedule() {
    const due = performance.now() + PROBE_MS;
    this.probe = setTimeout(() => {
      const delay = Math.max(0, performance.now() - due);
      this.window.sum += delay;
      this.window.count += 1;
      this.window.max = Math.max(this.window.max, delay);
      this.schedule();
    }, PROBE_MS);
    this.probe.unref();
  }
}

const RETRY_AFTER_SECONDS = '1';

export function useOverloadShedding(load: LoadMonitor): Plugin {
  const counted = new WeakSet<Request>();
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (UNSHED_PATHS.has(url.pathname)) return;
      load.enter();
      counted.add(request);
      const reason = load.overloaded();
      if (!reason) return;
      load.shed[reason] += 1;
      endResponse(
        refusalResponse(request, fetchAPI, 'OVERLOADED', 'The gateway is overloaded; retry shortly.', {
          headers: { 'Retry-After': RETRY_AFTER_SECONDS },
        }),
      );
    },
    onResponse({ request }) {
      if (counted.delete(request)) load.leave();
    },
  };
}
