// Drives one scenario: a correctness probe (each request once, answers checked), then autocannon
// load. Latencies are recorded here at sub-millisecond precision (autocannon's own histogram
// rounds to whole milliseconds, too coarse next to a bare Yoga at ~1 ms).
import autocannon, { type Request } from 'autocannon';
import type { Answer, Scenario } from './scenarios.js';

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
}

export interface Measurement {
  /** Completed requests (each request of a multi-request scenario counts). */
  requests: number;
  durationS: number;
  rps: number;
  latencyMs: LatencySummary;
  statusCodes: Record<string, number>;
  non2xx: number;
  /** Responses whose status is not the scenario's expected one. */
  unexpected: number;
  errors: number;
  timeouts: number;
  /** 2xx answers that carried GraphQL `errors` (only checked where 200 is expected). */
  graphqlErrors: number;
}

/** Growable array of latencies in milliseconds. */
export class LatencyRecorder {
  private values = new Float64Array(1 << 16);
  private count = 0;

  record(ms: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = ms;
  }

  summary(): LatencySummary {
    const sorted = this.values.slice(0, this.count).sort();
    const n = sorted.length;
    if (n === 0) return { p50: 0, p90: 0, p99: 0, mean: 0, max: 0 };
    const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
    let sum = 0;
    for (const value of sorted) sum += value;
    return { p50: at(0.5), p90: at(0.9), p99: at(0.99), mean: sum / n, max: sorted[n - 1]! };
  }
}

/**
 * Sends each request of the scenario once, in order, and checks the answer: the expected status;
 * for 200, `data` and no `errors`; for 401, the UNAUTHENTICATED code; then the scenario's own check
 * of the last answer's data. Throws on the first mismatch.
 */
export async function probe(origin: string, scenario: Scenario): Promise<void> {
  const context: Record<string, unknown> = {};
  let last: Answer = {};
  for (const template of scenario.requests) {
    const request: Request | null | undefined = template.setupRequest ? template.setupRequest({ ...template }, context) : template;
    if (!request) throw new Error(`${scenario.name}: a request could not be built (the previous answer lacked what it needs)`);
    const response = await fetch(`${origin}${request.path ?? '/graphql'}`, {
      method: request.method ?? 'POST',
      headers: request.headers ?? {},
      body: request.body === undefined ? null : String(request.body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    const fail = (why: string) => new Error(`${scenario.name}: ${why} (HTTP ${response.status}: ${text.slice(0, 300)})`);
    if (response.status !== scenario.expectStatus) throw fail(`expected HTTP ${scenario.expectStatus}`);
    let body: { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw fail('the answer is not JSON');
    }
    if (scenario.expectStatus === 200 && (body.errors || body.data == null)) throw fail('expected data without errors');
    if (scenario.expectStatus === 401 && body.errors?.[0]?.extensions?.code !== 'UNAUTHENTICATED') throw fail('expected UNAUTHENTICATED');
    template.onResponse?.(response.status, text, context, Object.fromEntries(response.headers));
    last = (body.data ?? {}) as Answer;
  }
  const wrong = scenario.check?.(last);
  if (wrong) throw new Error(`${scenario.name}: ${wrong}`);
}

export interface LoadOptions {
  connections: number;
  durationS: number;
  /** Open-model load: at most this many requests per second overall. */
  overallRate?: number;
  /** Called once a second while the load runs (e.g. to sample the server's memory). */
  onTick?: () => void;
}

export async function runLoad(origin: string, scenario: Scenario, options: LoadOptions): Promise<Measurement> {
  const latencies = new LatencyRecorder();
  const instance = autocannon({
    url: `${origin}/graphql`,
    connections: options.connections,
    duration: options.durationS,
    requests: scenario.requests,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    // A 200 with GraphQL errors is a failure too; counted as autocannon "mismatches".
    ...(scenario.expectStatus === 200 ? { verifyBody: (body: string) => !body.includes('"errors"') } : {}),
  });
  instance.on('response', (_client, _status, _bytes, responseTimeMs) => latencies.record(responseTimeMs));
  const ticker = options.onTick ? setInterval(options.onTick, 1000) : undefined;
  // autocannon stops itself after `duration`; this only bounds a run that would not.
  const guard = setTimeout(() => instance.stop(), (options.durationS + 30) * 1000);
  try {
    const result = await instance;
    const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
    const expected = statusCodes[String(scenario.expectStatus)] ?? 0;
    const answered = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
    return {
      requests: result.requests.total,
      durationS: result.duration,
      rps: result.requests.total / result.duration,
      latencyMs: latencies.summary(),
      statusCodes,
      non2xx: result.non2xx,
      unexpected: answered - expected,
      errors: result.errors,
      timeouts: result.timeouts,
      graphqlErrors: result.mismatches,
    };
  } finally {
    clearTimeout(guard);
    if (ticker) clearInterval(ticker);
  }
}
