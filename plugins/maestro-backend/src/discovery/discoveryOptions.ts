import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

export interface DiscoveryOptions {
  massRemovalThreshold: number;
  massRemovalMinimum: number;
  /** Region crawls of one account and region running at once in this process. */
  concurrencyPerRegion: number;
  /** How often each task checks whether it is due (a "sync now" waits at most this long when a run is busy). */
  tickSeconds: number;
  /**
   * Entity refs (users or groups) that receive the discovery progress signals of every connection, besides each
   * connection's owner. Normalised (`group:default/platform`), as the signals backend compares them.
   */
  signalRecipients: string[];
}

/** Tick lengths that divide a minute: every whole-minute interval is then a whole number of ticks. */
const TICKS = [5, 6, 10, 12, 15, 20, 30, 60];

function wholeNumber(config: Config, key: string, fallback: number, min: number, max: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${key} must be a whole number between ${min} and ${max} (got ${value})`);
  }
  return value;
}

/** A user or group ref in the form the signals backend matches (`kind:namespace/name`, lower case). */
export function normalizedRef(ref: string): string {
  return stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' }));
}

/**
 * The discovery settings of `maestro.discovery`, with their defaults; a value out of bounds refuses the start-up
 * with a message naming its key. (Each connection's `lists.<id>.frequencyMinutes` is checked with the connection.)
 */
export function discoveryOptionsFromConfig(config: Config): DiscoveryOptions {
  const threshold = config.getOptionalNumber('maestro.discovery.massRemovalThreshold') ?? 0.3;
  if (!(threshold > 0 && threshold <= 1)) {
    throw new Error('maestro.discovery.massRemovalThreshold must be a share between 0 (excluded) and 1, e.g. 0.3');
  }
  const tickSeconds = config.getOptionalNumber('maestro.discovery.tickSeconds') ?? 30;
  if (!TICKS.includes(tickSeconds)) {
    throw new Error(
      `maestro.discovery.tickSeconds must divide a minute: one of ${TICKS.join(', ')} (got ${tickSeconds})`,
    );
  }
  const signalRecipients = (config.getOptionalStringArray('maestro.discovery.signalRecipients') ?? []).map(
    (ref, i) => {
      let normalized: string | undefined;
      try {
        normalized = normalizedRef(ref);
      } catch {
        normalized = undefined;
      }
      if (!normalized || !/^(user|group):[a-z0-9_.-]+\/[a-z0-9_.-]+$/.test(normalized)) {
        throw new Error(
          `maestro.discovery.signalRecipients[${i}] must be a user or group ref such as group:default/platform`,
        );
      }
      return normalized;
    },
  );
  return {
    massRemovalThreshold: threshold,
    massRemovalMinimum: wholeNumber(config, 'maestro.discovery.massRemovalMinimum', 10, 1, 1_000_000),
    concurrencyPerRegion: wholeNumber(config, 'maestro.discovery.concurrencyPerRegion', 2, 1, 64),
    tickSeconds,
    signalRecipients,
  };
}

/**
 * Whether a list is due at `now`. Intervals count from the last run's **start** (a long run does not push the
 * next one back), and a task only looks every `tickMs`: the list runs at the tick nearest its due time, never a
 * whole tick late. Whole-minute intervals are whole numbers of ticks (ticks divide a minute), so a 5-minute list
 * runs every 5 minutes, give or take the scheduler's few seconds of polling.
 */
export function isDue(options: {
  now: number;
  /** Start of the last run (ms), undefined when it never ran. */
  lastStartedAt?: number;
  intervalMs: number;
  tickMs: number;
  /** A "sync now" is pending. */
  requested?: boolean;
}): boolean {
  if (options.requested || options.lastStartedAt === undefined || Number.isNaN(options.lastStartedAt)) return true;
  return options.now + options.tickMs / 2 >= options.lastStartedAt + options.intervalMs;
}

/** A counting semaphore per key (account/region). */
export class KeyedSemaphore {
  readonly #limit: number;
  readonly #active = new Map<string, number>();
  readonly #waiting = new Map<string, Array<() => void>>();
  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if ((this.#active.get(key) ?? 0) >= this.#limit) {
      await new Promise<void>(resolve => this.#waiting.set(key, [...(this.#waiting.get(key) ?? []), resolve]));
    }
    this.#active.set(key, (this.#active.get(key) ?? 0) + 1);
    try {
      return await fn();
    } finally {
      this.#active.set(key, this.#active.get(key)! - 1);
      const next = this.#waiting.get(key)?.shift();
      next?.();
    }
  }
}
