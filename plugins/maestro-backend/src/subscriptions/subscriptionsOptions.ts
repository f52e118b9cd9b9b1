import type { Config } from '@backstage/config';

/** How subscriptions are delivered (`maestro.subscriptions.*`). */
export interface SubscriptionsOptions {
  /** The daily digest's time of day, in UTC, as minutes after midnight (`digestTime: '08:00'` → 480). */
  digestMinuteOfDay: number;
  /** How often each replica looks for changes of other replicas and for notices to send. */
  pollIntervalMs: number;
}

export const DEFAULT_SUBSCRIPTIONS_OPTIONS: SubscriptionsOptions = { digestMinuteOfDay: 8 * 60, pollIntervalMs: 1000 };

/** Reads `maestro.subscriptions.digestTime` (`HH:MM`, UTC); a bad value refuses the start-up naming the key. */
export function subscriptionsOptionsFromConfig(config: Config): SubscriptionsOptions {
  const key = 'maestro.subscriptions.digestTime';
  const value = config.getOptionalString(key);
  if (value === undefined) return DEFAULT_SUBSCRIPTIONS_OPTIONS;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) throw new Error(`${key}: must be a time of day in UTC such as '08:00' (got '${value}')`);
  return { ...DEFAULT_SUBSCRIPTIONS_OPTIONS, digestMinuteOfDay: Number(match[1]) * 60 + Number(match[2]) };
}

const DAY = 86_400_000;

/** The latest digest time at or before `now` (ms since the epoch). */
export function lastDigestTime(now: number, minuteOfDay: number): number {
  const today = Math.floor(now / DAY) * DAY + minuteOfDay * 60_000;
  return today <= now ? today : today - DAY;
}
