import { OverviewChartsCache } from './OverviewChartsCache';

describe('OverviewChartsCache', () => {
  it('answers a caller from the cache until it is too old, joins concurrent asks, and keeps no failure', async () => {
    let now = 1_000;
    let runs = 0;
    const cache = new OverviewChartsCache<number>({ ttlMs: 60_000, maxEntries: 2, now: () => now });
    const compute = async () => ++runs;

    const [a, b] = await Promise.all([cache.get('alice', compute), cache.get('alice', compute)]);
    expect([a.value, b.value, runs]).toEqual([1, 1, 1]);
    now += 59_999;
    expect((await cache.get('alice', compute)).value).toBe(1);
    now += 1;
    expect(await cache.get('alice', compute)).toEqual({ value: 2, computedAt: now });
    expect((await cache.get('alice', compute, true)).value).toBe(3);
    // another caller has an answer of their own
    expect((await cache.get('bob', compute)).value).toBe(4);

    await expect(cache.get('carol', async () => Promise.reject(new Error('catalog down')))).rejects.toThrow();
    expect((await cache.get('carol', compute)).value).toBe(5);
    // at most two callers are kept: alice, the oldest, was dropped
    expect((await cache.get('alice', compute)).value).toBe(6);
  });
});
