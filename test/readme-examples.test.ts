// The README's shell examples, run as written, in the order a reader meets them, against a
// database of their own: the first token (`bootstrap`, then the `--json` form that exports
// MGW_TOKEN, and the same command run again for a workspace that exists), the lock on the
// embedded database while a gateway runs, and the first curl call. What each prints is checked
// against the sample the README shows after it (ids, dates and secrets differ from run to run).
// Only the port changes: the README's 127.0.0.1:4000 becomes the port of the gateway started here.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { TEST_ENCRYPTION_KEY } from './helpers/gateway.js';
import { databaseForProcesses } from './helpers/services.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

interface Block {
  lang: string;
  text: string;
}
const blocks: Block[] = [...README.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({ lang: match[1]!, text: match[2]! }));
const shellBlocks = blocks.filter((block) => block.lang === 'sh').map((block) => block.text.trim());

/** The block that follows the first shell block matching `which` (the output the README shows for it). */
function sampleAfter(which: (text: string) => boolean): Block {
  const index = blocks.findIndex((block) => block.lang === 'sh' && which(block.text));
  expect(index).toBeGreaterThanOrEqual(0);
  return blocks[index + 1]!;
}
const sampleStarting = (prefix: string) => blocks.find((block) => block.lang === '' && block.text.startsWith(prefix))!.text;

const QUICK_START = 'npm install && npm start';
const isBootstrap = (text: string) => /^npm run mgw -- bootstrap --workspace acme$/.test(text.trim());
const isExport = (text: string) => text.includes('--json') && text.includes('export MGW_TOKEN');
const isCurl = (text: string) => text.trim().startsWith('curl ');

/**
 * A sample line as a pattern: literal text, with what differs per run (ids, secrets, dates, pids,
 * the data directory) matching any value of its kind.
 */
function linePattern(line: string, dataDir?: string): RegExp {
  const kinds: [RegExp, string][] = [
    [/\b(ws|tok)_[A-Za-z0-9]+/g, '$1_[A-Za-z0-9]+'],
    [/mgw_[A-Za-z0-9]{36}/g, 'mgw_[A-Za-z0-9]{36}'],
    [/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z'],
    [/process \d+/g, 'process \\d+'],
  ];
  const placeholders: string[] = [];
  let text = line;
  for (const [kind, pattern] of kinds)
    text = text.replace(kind, (...match: string[]) => {
      placeholders.push(pattern.replace('$1', match[1] ?? ''));
      return `@@${placeholders.length - 1}@@`;
    });
  let source = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/@@(\d+)@@/g, (_all, index: string) => placeholders[Number(index)]!);
  if (dataDir) source = source.replace('\\./data/pglite', dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${source}$`);
}

/** What a terminal shows, without npm's banner and blank lines, each checked against the sample's lines. */
function expectLikeSample(output: string, sample: string, dataDir?: string) {
  const meaningful = (text: string) =>
    text
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => line.trim() !== '' && !line.startsWith('> '));
  const lines = meaningful(output);
  const expected = meaningful(sample);
  expect(lines).toHaveLength(expected.length);
  expected.forEach((line, index) => expect(lines[index]).toMatch(linePattern(line, dataDir)));
}

/** A sample JSON value as a matcher: ids, token prefixes and dates match any of their kind, the rest is literal. */
function likeSample(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(likeSample);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, likeSample(entry)]));
  if (typeof value !== 'string') return value;
  const id = /^([a-z]+)_[A-Za-z0-9]{22}$/.exec(value);
  if (id) return expect.stringMatching(new RegExp(`^${id[1]}_[A-Za-z0-9]{22}$`));
  if (/^mgw_[A-Za-z0-9]{4}$/.test(value)) return expect.stringMatching(/^mgw_[A-Za-z0-9]{4}$/);
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(value)) return expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  return value;
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a README block with bash in the repository, as a reader's shell would (plus `env`). */
function sh(script: string, env: Record<string, string>): Promise<Ran> {
  return new Promise((resolve) => {
    const environment: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete environment['MGW_TOKEN'];
    execFile('bash', ['-c', script], { cwd: ROOT, env: { ...environment, ...env }, maxBuffer: 10_000_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Runs the export block and reports what MGW_TOKEN is afterwards (`undefined` when not set). */
async function runExport(block: string, env: Record<string, string>) {
  const ran = await sh(`${block}\nstatus=$?\nprintf '\\n@@%s@@%s' "$status" "\${MGW_TOKEN-@unset}"`, env);
  const [, status, token] = /@@(\d+)@@(.*)$/.exec(ran.stdout)!;
  return { ...ran, status: Number(status), token: token === '@unset' ? undefined : token };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const cleanups: (() => Promise<void>)[] = [];
const servers: ChildProcess[] = [];
afterAll(async () => {
  for (const server of servers) if (server.exitCode === null) server.kill('SIGKILL');
  for (const cleanup of cleanups) await cleanup();
});

/** A database for the CLI and a gateway (a PGlite directory, or a copy of the migrated template). */
async function database(prefix: string) {
  const { env, cleanup } = await databaseForProcesses(prefix, inject('postgresTemplate'));
  cleanups.push(cleanup);
  return { ...env, SECRET_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, LOG_LEVEL: 'warn' } as Record<string, string>;
}

describe("the README's shell examples", () => {
  it('are the ones this test runs, in this order', () => {
    expect(shellBlocks).toHaveLength(5);
    expect(shellBlocks[0]).toBe(QUICK_START);
    // The suite itself: not run from inside it.
    expect(shellBlocks[1]).toBe('npm test');
    expect(isBootstrap(shellBlocks[2]!)).toBe(true);
    expect(isExport(shellBlocks[3]!)).toBe(true);
    expect(isCurl(shellBlocks[4]!)).toBe(true);
  });

  it('create the first token, refuse a second bootstrap of the workspace, and call the API with it', { timeout: 300_000 }, async () => {
    const bootstrap = shellBlocks.find(isBootstrap)!;
    const exportToken = shellBlocks.find(isExport)!;
    const curl = shellBlocks.find(isCurl)!;

    // `bootstrap` on a new database prints the workspace, the token and its secret once.
    const first = await database('mgw_readme_a');
    const created = await sh(bootstrap, first);
    expect(created.code).toBe(0);
    expectLikeSample(created.stdout + created.stderr, sampleAfter(isBootstrap).text);

    // The --json form run again for the same workspace: exit code 1, CONFLICT on stderr, nothing exported.
    const again = await runExport(exportToken, first);
    expect(again.status).toBe(1);
    expect(again.token).toBeUndefined();
    expectLikeSample(again.stderr, sampleStarting('error: A workspace named "acme" already exists'));

    // The --json form instead of the first command (a new database): MGW_TOKEN is the secret.
    const second = await database('mgw_readme_b');
    const exported = await runExport(exportToken, second);
    expect(exported.status).toBe(0);
    expect(exported.token).toMatch(/^mgw_[A-Za-z0-9]{36}$/);

    // The gateway on that database (npm start runs the same main.ts, compiled).
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const gateway = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...second, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    servers.push(gateway);
    let stderr = '';
    gateway.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => gateway.once('exit', (code) => resolve(code)));
    for (;;) {
      if (gateway.exitCode !== null) throw new Error(`the gateway exited early:\n${stderr}`);
      if (
        await fetch(`${url}/ready`).then(
          (response) => response.ok,
          () => false,
        )
      )
        break;
      await sleep(100);
    }

    // On PGlite, a CLI command while the gateway runs is refused: one process at a time.
    if (second['DATA_DIR']) {
      const locked = await sh(bootstrap, second);
      expect(locked.code).toBe(1);
      expectLikeSample(locked.stderr, sampleStarting('error: The embedded database at'), second['DATA_DIR']);
    }

    // The first curl call, with the token exported above.
    const called = await sh(curl.replaceAll('http://127.0.0.1:4000', url), { ...second, MGW_TOKEN: exported.token! });
    expect(called.code).toBe(0);
    const answer = JSON.parse(called.stdout) as { data: { viewer: { token: { prefix: string } } } };
    expect(answer).toEqual(likeSample(JSON.parse(sampleAfter(isCurl).text)));
    expect(answer.data.viewer.token.prefix).toBe(exported.token!.slice(0, 8));

    gateway.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
