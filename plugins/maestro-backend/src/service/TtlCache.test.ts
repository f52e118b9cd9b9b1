import { TtlCache } from './TtlCache';

describe('TtlCache', () => {
  it('answers a key from the cache until it is too old, joins concurrent asks, and keeps no failure', async () => {
    let now = 1_000;
    let runs = 0;
    const cache = new TtlCache<number>({ ttlMs: 60_000, maxEntries: 2, now: () => now });
    const compute = async () => ++runs;

    const [a, b] = await Promise.all([cache.get('alice', compute), cache.get('alice', compute)]);
    expect([a.value, b.value, runs]).toEqual([1, 1, 1]);
    now += 59_999;
    expect(await cache.get('alice', compute)).toEqual({ value: 1, computedAt: 1_000, cached: true });
    now += 1;
    expect(await cache.get('alice', compute)).toEqual({ value: 2, computedAt: now, cached: false });
    expect((await cache.get('alice', compute, true)).value).toBe(3);
    // another key has an answer of its own
    expect((await cache.get('bob', compute)).value).toBe(4);

    await expect(cache.get('carol', async () => Promise.reject(new Error('catalog down')))).rejects.toThrow();
    expect((await cache.get('carol', compute)).value).toBe(5);
    // at most two keys are kept: alice, the oldest, was dropped
    expect((await cache.get('alice', compute)).value).toBe(6);
  });

  it('keeps at most maxWeight, the oldest going first, and never a value heavier than that alone', async () => {
    const cache = new TtlCache<number[]>({ ttlMs: 60_000, maxWeight: 10, weigh: cells => cells.length });
    const of = (n: number) => async () => Array.from({ length: n }, (_, i) => i);
    await cache.get('a', of(4));
    await cache.get('b', of(4));
    expect(cache.weight).toBe(8);
    await cache.get('c', of(4)); // 12 > 10: a goes
    await new Promise(resolve => setImmediate(resolve));
    expect(cache.weight).toBe(8);
    expect((await cache.get('a', of(1))).cached).toBe(false);
    expect((await cache.get('c', of(1))).cached).toBe(true);
    const huge = await cache.get('huge', of(11));
    expect(huge.value).toHaveLength(11);
    await new Promise(resolve => setImmediate(resolve));
    expect((await cache.get('huge', of(11))).cached).toBe(false);
    expect(cache.weight).toBeLessThanOrEqual(10);
  });
});
