import { CronTime } from 'cron';
import type { JobSchedule } from '@maestro/plugin-maestro-common';
import { shownValue } from '../input/forbiddenKeys';

/** The longest interval: a year of minutes (366 days). */
export const MAX_INTERVAL_MINUTES = 527_040;

const SCHEDULE_FIELDS: Record<JobSchedule['type'], string[]> = {
  interval: ['type', 'minutes'],
  cron: ['type', 'expression', 'timeZone'],
  manual: ['type'],
};

/** Whether `zone` is an IANA time zone this Node knows (`Europe/Paris`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone !== undefined;
  } catch {
    return false;
  }
}

/**
 * A schedule from input, checked: interval minutes (1–527040), a cron expression of 5 fields (or 6 with seconds;
 * `@daily` and the other aliases of the `cron` package too) in an IANA time zone that fires at least once in the
 * next years, or manual. Problems are pushed to `problems`, each starting with its field (`schedule.expression: …`);
 * answers the schedule when there were none.
 */
export function readSchedule(value: unknown, field: string, problems: string[]): JobSchedule | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(
      `${field}: is required: { type: 'interval', minutes } | { type: 'cron', expression, timeZone? } | { type: 'manual' }`,
    );
    return undefined;
  }
  const input = value as Record<string, unknown>;
  const type = input.type;
  if (type !== 'interval' && type !== 'cron' && type !== 'manual') {
    problems.push(`${field}.type: must be 'interval', 'cron' or 'manual' (got ${shownValue(type)})`);
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(input)) {
    if (!SCHEDULE_FIELDS[type].includes(key)) {
      problems.push(
        `${field}.${shownValue(key)}: is not a field of a ${type} schedule (${SCHEDULE_FIELDS[type].join(', ')})`,
      );
    }
  }
  if (type === 'manual') return problems.length === before ? { type } : undefined;
  if (type === 'interval') {
    const minutes = input.minutes;
    if (!Number.isSafeInteger(minutes) || (minutes as number) < 1 || (minutes as number) > MAX_INTERVAL_MINUTES) {
      problems.push(`${field}.minutes: must be a whole number of minutes from 1 to ${MAX_INTERVAL_MINUTES}`);
    }
    return problems.length === before ? { type, minutes: minutes as number } : undefined;
  }
  const { expression, timeZone } = input;
  let zone = 'UTC';
  if (timeZone !== undefined && timeZone !== null) {
    if (typeof timeZone !== 'string' || timeZone.length > 64 || !isTimeZone(timeZone)) {
      problems.push(
        `${field}.timeZone: must be an IANA time zone such as Europe/Paris or UTC (got ${shownValue(timeZone)})`,
      );
    } else {
      zone = timeZone;
    }
  }
  if (typeof expression !== 'string' || expression.trim() === '' || expression.length > 200) {
    problems.push(
      `${field}.expression: is required: a cron expression of 5 fields (or 6 with seconds), e.g. '0 9 * * 1-5'`,
    );
  } else {
    const problem = cronProblem(expression.trim(), zone);
    if (problem) problems.push(`${field}.expression: ${problem}`);
  }
  if (problems.length !== before) return undefined;
  return { type, expression: (expression as string).trim(), ...(timeZone ? { timeZone: zone } : {}) };
}

/** Why a cron expression is refused, if it is (wrong field count, a value out of range, never fires). */
function cronProblem(expression: string, zone: string): string | undefined {
  const fields = expression.split(/\s+/).length;
  if (!expression.startsWith('@') && fields !== 5 && fields !== 6) {
    return `must have 5 fields (minute hour day month weekday) or 6 (with seconds first); got ${fields}`;
  }
  try {
    new CronTime(expression, zone).getNextDateFrom(new Date(), zone);
    return undefined;
  } catch (error) {
    const message = ((error as Error).message ?? String(error)).split('\n')[0].trim();
    return /No execution date/.test(message) ? 'never fires (no date matches it in the next 8 years)' : message;
  }
}

/**
 * When a scheduled job runs next, after a run due at `due` dispatched at `now` (or, for a new or re-enabled job,
 * `due` undefined: from `now`). A cron job runs at its next time after `now`; an interval job keeps its cadence
 * (`due` + interval) unless that is already past — the backend was down —, then it resumes from now: a job behind
 * schedule runs once, not once per missed time. Manual jobs have no next run.
 */
export function nextRunAt(schedule: JobSchedule, now: number, due?: number): number | undefined {
  if (schedule.type === 'manual') return undefined;
  if (schedule.type === 'interval') {
    const every = schedule.minutes * 60_000;
    if (due === undefined) return now + every;
    return due + every > now ? due + every : now + every;
  }
  const zone = schedule.timeZone ?? 'UTC';
  try {
    return new CronTime(schedule.expression, zone).getNextDateFrom(new Date(now), zone).toMillis();
  } catch {
    return undefined; // checked when saved; an expression that stopped firing leaves the job without a next run
  }
}

/** The first run of a job saved (or re-enabled) at `now`: undefined when it is manual or disabled. */
export function firstRunAt(schedule: JobSchedule, enabled: boolean, now: number): number | undefined {
  return enabled ? nextRunAt(schedule, now) : undefined;
}
