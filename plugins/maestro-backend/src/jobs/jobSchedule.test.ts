import type { JobSchedule } from '@maestro/plugin-maestro-common';
import { nextRunAt, readSchedule } from './jobSchedule';

const at = (text: string) => Date.parse(text);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The next `count` run times of a schedule from `from`, each after the previous. */
function nextTimes(schedule: JobSchedule, from: number, count: number): string[] {
  const times: string[] = [];
  let now = from;
  for (let i = 0; i < count; i += 1) {
    now = nextRunAt(schedule, now, now)!;
    times.push(iso(now)!);
  }
  return times;
}

describe('readSchedule', () => {
  const read = (value: unknown) => {
    const problems: string[] = [];
    const schedule = readSchedule(value, 'schedule', problems);
    return { schedule, problems };
  };

  it('accepts intervals, cron expressions (5 or 6 fields) in a time zone, and manual', () => {
    expect(read({ type: 'interval', minutes: 15 })).toEqual({
      schedule: { type: 'interval', minutes: 15 },
      problems: [],
    });
    expect(read({ type: 'cron', expression: ' 0 9 * * 1-5 ', timeZone: 'Europe/Paris' }).schedule).toEqual({
      type: 'cron',
      expression: '0 9 * * 1-5',
      timeZone: 'Europe/Paris',
    });
    expect(read({ type: 'cron', expression: '*/30 * * * * *' }).schedule).toEqual({
      type: 'cron',
      expression: '*/30 * * * * *',
    });
    expect(read({ type: 'manual' }).schedule).toEqual({ type: 'manual' });
  });

  it.each([
    [undefined, /^schedule: is required/],
    [{ type: 'weekly' }, /^schedule\.type: must be 'interval', 'cron' or 'manual'/],
    [{ type: 'interval', minutes: 0 }, /^schedule\.minutes: must be a whole number of minutes from 1 to 527040$/],
    [{ type: 'interval', minutes: 527041 }, /^schedule\.minutes: /],
    [{ type: 'interval', minutes: 1.5 }, /^schedule\.minutes: /],
    [{ type: 'cron', expression: '* * *' }, /^schedule\.expression: must have 5 fields .* got 3$/],
    [{ type: 'cron', expression: '61 * * * *' }, /^schedule\.expression: Field value \(61\) is out of range$/],
    [{ type: 'cron', expression: 'every day' }, /^schedule\.expression: /],
    [{ type: 'cron', expression: '0 0 30 2 *' }, /^schedule\.expression: never fires/],
    [{ type: 'cron' }, /^schedule\.expression: is required/],
    [
      { type: 'cron', expression: '* * * * *', timeZone: 'Mars/Olympus' },
      /^schedule\.timeZone: must be an IANA time zone/,
    ],
    [{ type: 'manual', minutes: 5 }, /^schedule\.minutes: is not a field of a manual schedule/],
  ])('refuses %j, naming the field', (value, message) => {
    const { schedule, problems } = read(value);
    expect(schedule).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });
});

describe('nextRunAt', () => {
  it('follows a cron expression across the spring-forward change in its time zone (Europe/Paris)', () => {
    // 29 March 2026: 02:00 local does not exist (clocks jump to 03:00); a job at 02:30 runs at 03:00 that day
    const schedule: JobSchedule = { type: 'cron', expression: '30 2 * * *', timeZone: 'Europe/Paris' };
    expect(nextTimes(schedule, at('2026-03-27T12:00:00Z'), 4)).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET (UTC+1)
      '2026-03-29T01:00:00.000Z', // 03:00 CEST: the skipped 02:30, once
      '2026-03-30T00:30:00.000Z', // 02:30 CEST (UTC+2)
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  it('runs once, not twice, in the hour repeated by the fall-back change (America/New_York)', () => {
    // 1 November 2026: 01:00–02:00 local happens twice
    const schedule: JobSchedule = { type: 'cron', expression: '30 1 * * *', timeZone: 'America/New_York' };
    const times = nextTimes(schedule, at('2026-10-30T12:00:00Z'), 3);
    expect(times[0]).toBe('2026-10-31T05:30:00.000Z'); // 01:30 EDT (UTC-4)
    expect(times[2]).toBe('2026-11-02T06:30:00.000Z'); // 01:30 EST (UTC-5)
    expect(['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']).toContain(times[1]);
  });

  it('keeps a 9 o’clock job at 9 local time on both sides of a change, and defaults to UTC', () => {
    const paris: JobSchedule = { type: 'cron', expression: '0 9 * * *', timeZone: 'Europe/Paris' };
    expect(nextTimes(paris, at('2026-10-24T12:00:00Z'), 2)).toEqual([
      '2026-10-25T08:00:00.000Z', // CET from that night
      '2026-10-26T08:00:00.000Z',
    ]);
    expect(iso(nextRunAt({ type: 'cron', expression: '0 9 * * *' }, at('2026-10-24T12:00:00Z')))).toBe(
      '2026-10-25T09:00:00.000Z',
    );
  });

  it('keeps an interval’s cadence, resumes from now when behind, and has no next run when manual', () => {
    const every5: JobSchedule = { type: 'interval', minutes: 5 };
    const now = at('2026-12-06T10:00:10Z');
    expect(iso(nextRunAt(every5, now, at('2026-12-06T10:00:00Z')))).toBe('2026-12-06T10:05:00.000Z');
    expect(iso(nextRunAt(every5, now, at('2026-12-06T08:00:00Z')))).toBe('2026-12-06T10:05:10.000Z');
    expect(iso(nextRunAt(every5, now))).toBe('2026-12-06T10:05:10.000Z');
    expect(nextRunAt({ type: 'manual' }, now)).toBeUndefined();
  });
});
