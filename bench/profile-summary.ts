// Summarises V8 .cpuprofile files (from `npm run bench -- --profile <dir>`): the functions with the
// most self time, and self time per package. Usage:
//   npx tsx bench/profile-summary.ts <file.cpuprofile>… [--top N] [--last <s>]
// --last keeps only the final seconds of each profile (the load, not start-up, migrations and seeding).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from './lib/servers.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  /** Microseconds between consecutive samples. */
  timeDeltas: number[];
}

/** Where a function lives: a package under node_modules, Node's internals, the project's own file, or V8's pseudo-frames. */
function owner(url: string): string {
  if (!url) return '(V8)';
  if (url.startsWith('node:')) return 'node';
  const path = url.replace(/^file:\/\//, '');
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (match) return match[1]!;
  return path.startsWith(PROJECT_ROOT) ? path.slice(PROJECT_ROOT.length).split('/').slice(0, 2).join('/') : path;
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules >= 0) return path.slice(inModules + 'node_modules/'.length);
  return path.startsWith(PROJECT_ROOT) ? path.slice(PROJECT_ROOT.length) : path;
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' }, last: { type: 'string' } },
  });
  if (positionals.length === 0) {
    console.error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile>… [--top N] [--last <seconds>]');
    process.exit(2);
  }
  const top = Number(values.top);
  const lastUs = values.last === undefined ? Number.POSITIVE_INFINITY : Number(values.last) * 1e6;
  const byFunction = new Map<string, { name: string; where: string; ms: number }>();
  const byOwner = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;

  for (const file of positionals) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    // Self time of a node = the time of the samples that landed in it (each sample weighs the
    // interval since the previous one), within the window kept.
    const selfUs = new Map<number, number>();
    let at = profile.startTime;
    const times = profile.timeDeltas.map((delta) => (at += delta));
    const from = profile.endTime - lastUs;
    profile.samples.forEach((nodeId, i) => {
      if (times[i]! < from) return;
      selfUs.set(nodeId, (selfUs.get(nodeId) ?? 0) + (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0));
    });
    for (const node of profile.nodes) {
      const ms = (selfUs.get(node.id) ?? 0) / 1000;
      if (ms === 0) continue;
      const { functionName, url, lineNumber } = node.callFrame;
      totalMs += ms;
      if (functionName === '(idle)') idleMs += ms;
      const name = functionName || '(anonymous)';
      const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
      const key = `${name} ${where}`;
      const entry = byFunction.get(key) ?? { name, where, ms: 0 };
      entry.ms += ms;
      byFunction.set(key, entry);
      const pkg = url ? owner(url) : name.startsWith('(') ? name : '(V8)';
      byOwner.set(pkg, (byOwner.get(pkg) ?? 0) + ms);
    }
  }

  const busyMs = totalMs - idleMs;
  const pct = (ms: number) => `${((100 * ms) / busyMs).toFixed(1).padStart(5)}%`;
  console.log(`profiled ${(totalMs / 1000).toFixed(1)} s, of which ${(busyMs / 1000).toFixed(1)} s busy (percentages are of busy time)\n`);
  console.log(`top ${top} functions by self time`);
  const functions = [...byFunction.values()].filter((entry) => entry.name !== '(idle)').sort((a, b) => b.ms - a.ms);
  for (const entry of functions.slice(0, top)) {
    console.log(`${entry.ms.toFixed(0).padStart(7)} ms ${pct(entry.ms)}  ${entry.name}  ${entry.where}`);
  }
  console.log('\nself time by package');
  const owners = [...byOwner.entries()].filter(([name]) => name !== '(idle)').sort((a, b) => b[1] - a[1]);
  for (const [name, ms] of owners.slice(0, top)) console.log(`${ms.toFixed(0).padStart(7)} ms ${pct(ms)}  ${name}`);
}

main();
