import { ConfigReader, readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

/** How event rules match and deliver (`maestro.rules.*`). */
export interface RulesOptions {
  /** Deliveries one replica runs at once. */
  concurrency: number;
  /** Waits before each retry: a delivery gets `retryDelaysMs.length + 1` attempts, then fails. */
  retryDelaysMs: number[];
  /** How often each replica looks for changes of other replicas and for due deliveries. */
  pollIntervalMs: number;
  /** A delivery claimed longer ago than this whose replica never finished it (it died) is taken back. */
  staleAfterMs: number;
  /** How long delivered (and failed) deliveries stay in the log. */
  retentionMs: number;
}

/** 30 s, 2 min, 5 min, 15 min, 40 min: six attempts over about 62 minutes. */
export const DEFAULT_RETRY_DELAYS_MS = [30_000, 120_000, 300_000, 900_000, 2_400_000];

export const DEFAULT_RULES_OPTIONS: RulesOptions = {
  concurrency: 32,
  retryDelaysMs: DEFAULT_RETRY_DELAYS_MS,
  pollIntervalMs: 1000,
  staleAfterMs: 2 * 60_000,
  retentionMs: 30 * 24 * 3600_000,
};

function duration(config: Config, key: string, label = key): number {
  let ms: number;
  try {
    ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  } catch (error) {
    throw new Error(
      `${label}: must be a duration such as '30s', '2m', 'PT5M' or { minutes: 5 } (${(error as Error).message})`,
    );
  }
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`${label}: must be a duration ≥ 0`);
  return ms;
}

function optionalDuration(config: Config, key: string, fallback: number, min: number): number {
  if (!config.has(key)) return fallback;
  const ms = duration(config, key);
  if (ms < min) throw new Error(`${key}: must be at least ${min} ms`);
  return ms;
}

/**
 * Reads `maestro.rules.*` (concurrency, retryDelays, pollInterval, staleAfter, deliveryRetention) with the defaults
 * above; a bad value refuses the start-up with a message naming the key.
 */
export function rulesOptionsFromConfig(config: Config): RulesOptions {
  const concurrencyKey = 'maestro.rules.concurrency';
  const concurrency = config.getOptional(concurrencyKey) ?? DEFAULT_RULES_OPTIONS.concurrency;
  if (typeof concurrency !== 'number' || !Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) {
    throw new Error(`${concurrencyKey}: must be a whole number from 1 to 1000 (got ${JSON.stringify(concurrency)})`);
  }
  const delaysKey = 'maestro.rules.retryDelays';
  let retryDelaysMs = DEFAULT_RULES_OPTIONS.retryDelaysMs;
  const delays = config.getOptional(delaysKey);
  if (delays !== undefined) {
    if (!Array.isArray(delays) || delays.length > 20)
      throw new Error(`${delaysKey}: must be a list of at most 20 durations`);
    retryDelaysMs = delays.map((value, i) =>
      duration(new ConfigReader({ value: value as any }), 'value', `${delaysKey}[${i}]`),
    );
  }
  return {
    concurrency,
    retryDelaysMs,
    pollIntervalMs: optionalDuration(config, 'maestro.rules.pollInterval', DEFAULT_RULES_OPTIONS.pollIntervalMs, 10),
    staleAfterMs: optionalDuration(config, 'maestro.rules.staleAfter', DEFAULT_RULES_OPTIONS.staleAfterMs, 1000),
    retentionMs: optionalDuration(config, 'maestro.rules.deliveryRetention', DEFAULT_RULES_OPTIONS.retentionMs, 60_000),
  };
}
