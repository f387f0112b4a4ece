// The per-request loaders behind batched nested fields: one batch per tick, split past the
// statement size limit, nothing cached between batches, one set of loaders per EntityManager.
import { describe, expect, it } from 'vitest';
import { loaderOf } from '../../src/db/batch.js';
import type { Em } from '../../src/db/orm.js';

const fakeEm = () => ({}) as Em;

describe('loaderOf', () => {
  it('answers the loads of one tick with one batch, and splits a batch past 500 keys', async () => {
    const em = fakeEm();
    const batches: number[] = [];
    const load = () =>
      loaderOf<number, number>(em, 'double', async (keys) => {
        batches.push(keys.length);
        return keys.map((key) => key * 2);
      });
    const answers = await Promise.all(Array.from({ length: 1200 }, (_, i) => load().load(i)));
    expect(answers[1199]).toBe(2398);
    expect(batches).toEqual([500, 500, 200]);
  });

  it('caches nothing: the same key in a later tick is read again', async () => {
    const em = fakeEm();
    let reads = 0;
    const loader = () =>
      loaderOf<string, number>(em, 'count', async (keys) => {
        reads += keys.length;
        return keys.map(() => reads);
      });
    expect(await loader().load('a')).toBe(1);
    expect(await loader().load('a')).toBe(2);
  });

  it('keeps the loaders of two EntityManagers (two requests) apart', async () => {
    const seen: string[][] = [];
    const batch = async (keys: readonly string[]) => {
      seen.push([...keys]);
      return keys;
    };
    await Promise.all([loaderOf(fakeEm(), 'same', batch).load('x'), loaderOf(fakeEm(), 'same', batch).load('y')]);
    expect(seen).toEqual([['x'], ['y']]);
  });
});
