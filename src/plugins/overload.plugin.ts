// Admission control: past a threshold of requests in flight or of event-loop delay, a request is
// refused at once with 503 `OVERLOADED` and `Retry-After`, before any I/O, instead of queueing
// behind the others and making every request slow. Probes and scrapes (/health, /ready,
// /metrics) are never shed: a load balancer must still see the process, and so must Prometheus.
import { monitorEventLoopDelay, type ELDHistogram } from 'node:perf_hooks';
import type { Plugin } from 'graphql-yoga';
import { gatewayRefusal } from '../graphql/errors.js';

export const UNSHED_PATHS: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);

export interface LoadSettings {
  /** Requests in flight from which new ones are refused (0 = no limit). */
  maxInFlight: number;
  /** Event-loop delay (p99 of the last sample window, in ms) from which requests are refused (0 = no limit). */
  maxEventLoopDelayMs: number;
  /** Length of an event-loop delay sample window, in ms. */
  sampleMs: number;
}

/** Requests in flight and the event loop's recent delay: what shedding decides on, and what /metrics shows. */
export class LoadMonitor {
  private count = 0;
  private readonly histogram: ELDHistogram;
  private timer: NodeJS.Timeout | undefined;
  /** p99 and max of the last completed window, in milliseconds. */
  private last = { p99: 0, max: 0 };
  readonly shed = { inFlight: 0, eventLoopDelay: 0 };

  constructor(readonly settings: LoadSettings) {
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
  }

  start() {
    this.histogram.enable();
    this.timer ??= setInterval(() => this.sample(), this.settings.sampleMs);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    this.histogram.disable();
  }

  /** Closes the current window: its delay becomes what shedding looks at. The timer calls it. */
  sample(): { p99: number; max: number } {
    const toMs = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0);
    this.last = this.histogram.count > 0 ? { p99: toMs(this.histogram.percentile(99)), max: toMs(this.histogram.max) } : { p99: 0, max: 0 };
    this.histogram.reset();
    return this.last;
  }

  get eventLoopDelayMs(): { p99: number; max: number } {
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
    if (maxEventLoopDelayMs > 0 && this.last.p99 > maxEventLoopDelayMs) return 'eventLoopDelay';
    return undefined;
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
        gatewayRefusal(fetchAPI, 'OVERLOADED', 'The gateway is overloaded; retry shortly.', { 'Retry-After': RETRY_AFTER_SECONDS }),
      );
    },
    onResponse({ request }) {
      if (counted.delete(request)) load.leave();
    },
  };
}
