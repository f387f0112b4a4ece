// Identical errors during an outage: the first in full, then one line per interval with a count;
// a quiet interval ends the episode; different causes are counted apart.
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { enterRequest } from '../../src/lib/request-context.js';
import { createLogger, LogCoalescer } from '../../src/logger.js';

function capture(intervalMs = 3_600_000) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  // By default a long interval: the test closes each interval itself with flush().
  return { lines, coalescer: new LogCoalescer(logger, intervalMs) };
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('LogCoalescer', () => {
  it('logs the first error in full and the repeats of the interval as one line with their count', () => {
    const { lines, coalescer } = capture();
    for (let i = 0; i < 800; i++) coalescer.error({ err: refused() }, 'authentication could not complete');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, msg: 'authentication could not complete', err: { stack: expect.any(String) } });
    coalescer.flush();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({
      level: 50,
      msg: 'authentication could not complete (repeated 799 more times)',
      repeated: 799,
      cause: 'Error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432',
    });
    expect(lines[1]!['err']).toBeUndefined();
  });

  it('keeps counting while the outage lasts, and logs in full again after a quiet interval', () => {
    const { lines, coalescer } = capture();
    coalescer.error({ err: refused() }, 'down');
    coalescer.error({ err: refused() }, 'down');
    coalescer.flush();
    coalescer.error({ err: refused() }, 'down');
    coalescer.flush();
    expect(lines.map((line) => line['repeated'])).toEqual([undefined, 1, 1]);
    coalescer.flush(); // a quiet interval: the episode is over
    coalescer.error({ err: refused() }, 'down');
    expect(lines).toHaveLength(4);
    expect(lines[3]!['err']).toBeDefined();
  });

  it('counts different causes and levels apart, and writes nothing for an error that did not repeat', () => {
    const { lines, coalescer } = capture();
    coalescer.error({ err: refused() }, 'down');
    coalescer.error({ err: new Error('timeout exceeded when trying to connect') }, 'down');
    coalescer.warn({ err: refused() }, 'down');
    coalescer.error({ err: refused() }, 'down');
    expect(lines).toHaveLength(3);
    coalescer.close();
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatchObject({ repeated: 1, cause: 'Error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432' });
  });

  it('writes the summary of the interval timer without the request id of the request that started the episode', async () => {
    const { lines, coalescer } = capture(20);
    // Each error is logged from its own request context, as the auth plugin does during an outage.
    const inRequest = (requestId: string) =>
      new Promise<void>((resolve) =>
        setImmediate(() => {
          enterRequest({ requestId });
          coalescer.error({ err: refused() }, 'down');
          resolve();
        }),
      );
    await inRequest('first-failing-request');
    await inRequest('second-failing-request');
    expect(lines[0]).toMatchObject({ msg: 'down', requestId: 'first-failing-request' });
    const deadline = Date.now() + 10_000;
    while (lines.length < 2 && Date.now() < deadline) await sleep(5);
    // Written by the timer (not by a flush from this test, which runs outside any request).
    expect(lines).toHaveLength(2);
    coalescer.close();
    expect(lines[1]).toMatchObject({ msg: 'down (repeated 1 more times)', repeated: 1 });
    expect(lines[1]).not.toHaveProperty('requestId');
  });
});
