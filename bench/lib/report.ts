// Results of a run: the table (with each figure as a ratio to bare Yoga from the same run), the
// targets the issue sets, and the JSON written to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { Measurement } from './load.js';

export interface Row {
  server: string;
  scenario: string;
  title: string;
  connections: number;
  expectStatus: number;
  measurement: Measurement;
  /** Peak RSS of the server while this scenario ran (warm-up included): the max of VmRSS sampled every second. */
  peakRssMb: number;
  /** VmHWM after the scenario: the server's peak since it started. */
  hwmMb: number;
  /** CPU (user + system) the server process spent per request during the measurement, in ms. */
  cpuMsPerRequest: number | null;
  /** This row against bare Yoga `{ hello }` of the same run: rps ratio (higher is better), p99 ratio (lower is better). */
  vsYoga: { rps: number; p99: number } | null;
  /** A list scenario against the same list from bare Yoga + raw pg (server yoga-pg) of the same run: rps ratio. */
  vsAnchor: number | null;
  /** CPU per request against the anchor's on the same list (lower is better). */
  cpuVsAnchor: number | null;
  problems: string[];
}

export interface Target {
  name: string;
  /** null: not measured in this run (e.g. --only, --smoke). */
  pass: boolean | null;
  detail: string;
  /** The measured ratio the target judges (null when not measured). */
  ratio: number | null;
  /** The ratio it must reach: at least it, or (`atMost`) at most it. */
  limit: number;
  atMost: boolean;
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** The server every list scenario is compared with (bench/servers/yoga-pg.ts). */
export const ANCHOR = 'yoga-pg';
/** The list scenarios the anchor serves, and the share of its req/s the gateway must reach on each. */
export const LIST_SCENARIOS = ['projects', 'api-keys', 'deliveries'] as const;
const LIST_TARGET = 0.8;

export function attachRatios(rows: Row[]): void {
  const base = rows.find((row) => row.server === 'yoga' && row.scenario === 'hello');
  for (const row of rows) {
    row.vsYoga = base
      ? { rps: row.measurement.rps / base.measurement.rps, p99: row.measurement.latencyMs.p99 / base.measurement.latencyMs.p99 }
      : null;
    const anchor = rows.find((other) => other.server === ANCHOR && other.scenario === row.scenario);
    row.vsAnchor = anchor ? row.measurement.rps / anchor.measurement.rps : null;
    row.cpuVsAnchor = anchor?.cpuMsPerRequest && row.cpuMsPerRequest !== null ? row.cpuMsPerRequest / anchor.cpuMsPerRequest : null;
  }
}

function table(header: string[], body: string[][], rightAligned: Set<number>): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...body.map((line) => line[i]!.length)));
  const format = (line: string[]) =>
    line
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(format)].join('\n');
}

export function formatTable(rows: Row[]): string {
  const header = [
    'server',
    'scenario',
    'conn',
    'req/s',
    'p50 ms',
    'p99 ms',
    'non-2xx',
    'peak RSS MB',
    'rps/yoga',
    'p99/yoga',
    'rps/anchor',
    'CPU ms/req',
    'cpu/anchor',
    'status',
  ];
  const body = rows.map((row) => {
    const m = row.measurement;
    const refusal = row.expectStatus !== 200;
    return [
      row.server,
      row.scenario,
      String(row.connections),
      fixed(m.rps, 0),
      fixed(m.latencyMs.p50, 2),
      fixed(m.latencyMs.p99, 2),
      // Refusal scenarios answer 401 by design: shown, marked as expected.
      refusal ? `${m.non2xx} (${row.expectStatus}, expected)` : String(m.non2xx),
      fixed(row.peakRssMb, 0),
      row.vsYoga ? fixed(row.vsYoga.rps, 2) : '–',
      row.vsYoga ? fixed(row.vsYoga.p99, 2) : '–',
      row.vsAnchor !== null ? fixed(row.vsAnchor, 2) : '–',
      row.cpuMsPerRequest !== null ? fixed(row.cpuMsPerRequest, 2) : '–',
      row.cpuVsAnchor !== null ? fixed(row.cpuVsAnchor, 2) : '–',
      row.problems.length > 0 ? 'FAIL' : 'ok',
    ];
  });
  return table(header, body, new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
}

/** The targets. Gateway figures are from PostgreSQL (the production database), else PGlite. */
export function evaluateTargets(rows: Row[]): Target[] {
  const find = (server: string, scenario: string) => rows.find((row) => row.server === server && row.scenario === scenario)?.measurement;
  const yoga = find('yoga', 'hello');
  const gatewayServer = !find('gateway-pg', 'viewer') && find('gateway-pglite', 'viewer') ? 'gateway-pglite' : 'gateway-pg';
  const viewer = find(gatewayServer, 'viewer');
  const apollo = find('apollo', 'viewer');
  const page1 = find('gateway-pg', 'page-1');
  const page1000 = find('gateway-pg', 'page-1000');
  const rps = (m: Measurement) => `${fixed(m.rps, 0)} req/s`;
  const p99 = (m: Measurement) => `p99 ${fixed(m.latencyMs.p99, 2)} ms`;
  const p50 = (m: Measurement) => `p50 ${fixed(m.latencyMs.p50, 2)} ms`;
  const percent = (a: number, b: number) => `${fixed((100 * a) / b, 0)}%`;
  const judged = (name: string, ratio: number, limit: number, atMost: boolean, detail: string): Target => ({
    name,
    pass: atMost ? ratio <= limit : ratio >= limit,
    detail,
    ratio,
    limit,
    atMost,
  });
  const missing = (name: string, limit: number, atMost = false): Target => ({
    name,
    pass: null,
    detail: 'not measured in this run',
    ratio: null,
    limit,
    atMost,
  });

  const targets: Target[] = [];
  let name = `${gatewayServer} viewer rps >= 90% of bare Yoga`;
  targets.push(
    viewer && yoga
      ? judged(name, viewer.rps / yoga.rps, 0.9, false, `${rps(viewer)} vs ${rps(yoga)} = ${percent(viewer.rps, yoga.rps)}`)
      : missing(name, 0.9),
  );
  name = `${gatewayServer} viewer p99 <= 1.5x bare Yoga p99`;
  targets.push(
    viewer && yoga
      ? judged(
          name,
          viewer.latencyMs.p99 / yoga.latencyMs.p99,
          1.5,
          true,
          `${p99(viewer)} vs ${p99(yoga)} = ${fixed(viewer.latencyMs.p99 / yoga.latencyMs.p99, 2)}x`,
        )
      : missing(name, 1.5, true),
  );
  for (const scenario of LIST_SCENARIOS) {
    const list = find('gateway-pg', scenario);
    const anchor = find(ANCHOR, scenario);
    name = `gateway-pg ${scenario} rps >= ${LIST_TARGET * 100}% of bare Yoga + raw pg`;
    targets.push(
      list && anchor
        ? judged(name, list.rps / anchor.rps, LIST_TARGET, false, `${rps(list)} vs ${rps(anchor)} = ${percent(list.rps, anchor.rps)}`)
        : missing(name, LIST_TARGET),
    );
  }
  name = `${gatewayServer} viewer rps >= Apollo viewer rps`;
  targets.push(
    viewer && apollo
      ? judged(name, viewer.rps / apollo.rps, 1, false, `${rps(viewer)} vs ${rps(apollo)} = ${percent(viewer.rps, apollo.rps)}`)
      : missing(name, 1),
  );
  name = 'gateway-pg page 1000 p50 <= 1.2x page 1 p50';
  targets.push(
    page1 && page1000
      ? judged(
          name,
          page1000.latencyMs.p50 / page1.latencyMs.p50,
          1.2,
          true,
          `${p50(page1000)} vs ${p50(page1)} = ${fixed(page1000.latencyMs.p50 / page1.latencyMs.p50, 2)}x`,
        )
      : missing(name, 1.2, true),
  );
  return targets;
}

const medianOf = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * The targets of several rounds, judged on the median of each target's per-round ratios (a ratio
 * is only ever taken between servers measured in the same round).
 */
export function medianTargets(rounds: Target[][]): Target[] {
  return rounds[0]!.map((first, index) => {
    const ratios = rounds.map((targets) => targets[index]!.ratio).filter((ratio): ratio is number => ratio !== null);
    if (ratios.length === 0) return first;
    const ratio = medianOf(ratios);
    const shown = (value: number) => (first.atMost ? `${fixed(value, 2)}x` : `${fixed(100 * value, 0)}%`);
    return {
      ...first,
      ratio,
      pass: first.atMost ? ratio <= first.limit : ratio >= first.limit,
      detail: `median ${shown(ratio)} of ${ratios.length} rounds (${ratios.map(shown).join(', ')})`,
    };
  });
}

/** One row per server and scenario with the median of the rounds' figures and ratios. */
export function medianRows(rounds: Row[][]): Row[] {
  return rounds[0]!.map((first) => {
    const same = rounds.flatMap((rows) => rows.filter((row) => row.server === first.server && row.scenario === first.scenario));
    const pick = (value: (row: Row) => number | null | undefined) => {
      const values = same.map(value).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      return values.length > 0 ? medianOf(values) : null;
    };
    const measurement = {
      ...first.measurement,
      rps: pick((row) => row.measurement.rps) ?? first.measurement.rps,
      latencyMs: {
        ...first.measurement.latencyMs,
        p50: pick((row) => row.measurement.latencyMs.p50) ?? first.measurement.latencyMs.p50,
        p99: pick((row) => row.measurement.latencyMs.p99) ?? first.measurement.latencyMs.p99,
      },
    };
    const vsYogaRps = pick((row) => row.vsYoga?.rps);
    const vsYogaP99 = pick((row) => row.vsYoga?.p99);
    return {
      ...first,
      measurement,
      peakRssMb: Math.max(...same.map((row) => row.peakRssMb)),
      cpuMsPerRequest: pick((row) => row.cpuMsPerRequest),
      vsYoga: vsYogaRps !== null && vsYogaP99 !== null ? { rps: vsYogaRps, p99: vsYogaP99 } : null,
      vsAnchor: pick((row) => row.vsAnchor),
      cpuVsAnchor: pick((row) => row.cpuVsAnchor),
      problems: same.flatMap((row) => row.problems),
    };
  });
}

export function formatTargets(targets: Target[]): string {
  return targets
    .map((target) => `  ${target.pass === null ? 'SKIP' : target.pass ? 'PASS' : 'FAIL'}  ${target.name}: ${target.detail}`)
    .join('\n');
}

/**
 * Writes bench/results/<ISO timestamp>.json (colons as dashes) and overwrites bench/results/latest.json;
 * returns the first path. Formatted with the project's Prettier settings, so `npm run format:check` accepts them.
 */
export async function writeResults(directory: string, startedAt: Date, document: unknown): Promise<string> {
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `${startedAt.toISOString().replaceAll(':', '-')}.json`);
  const text = await format(JSON.stringify(document), { ...(await resolveConfig(file)), parser: 'json' });
  writeFileSync(file, text);
  writeFileSync(join(directory, 'latest.json'), text);
  return file;
}
