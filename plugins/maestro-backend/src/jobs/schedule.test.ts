import { isDue } from './schedule';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');

describe('isDue', () => {
  const minute = 60_000;
  const tick = 30_000;
  it('counts the interval from the last start and runs at the tick nearest the due time', () => {
    expect(isDue({ now: T0, intervalMs: minute, tickMs: tick })).toBe(true); // never ran
    expect(isDue({ now: T0 + 44_000, lastStartedAt: T0, intervalMs: minute, tickMs: tick })).toBe(false);
    expect(isDue({ now: T0 + 45_000, lastStartedAt: T0, intervalMs: minute, tickMs: tick })).toBe(true);
    expect(isDue({ now: T0 + 60_000, lastStartedAt: T0, intervalMs: minute, tickMs: tick })).toBe(true);
    expect(isDue({ now: T0 + 10_000, lastStartedAt: T0, intervalMs: minute, tickMs: tick, requested: true })).toBe(
      true,
    );
    // 5 minutes with 30 s ticks: the tenth tick, not the eleventh
    expect(isDue({ now: T0 + 270_000, lastStartedAt: T0, intervalMs: 5 * minute, tickMs: tick })).toBe(false);
    expect(isDue({ now: T0 + 298_000, lastStartedAt: T0, intervalMs: 5 * minute, tickMs: tick })).toBe(true);
  });
});
