import type { Config } from '@backstage/config';
import { recipientsFromConfig, tickSecondsFromConfig } from '../jobs';

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

function wholeNumber(config: Config, key: string, fallback: number, min: number, max: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${key} must be a whole number between ${min} and ${max} (got ${value})`);
  }
  return value;
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
  const tickSeconds = tickSecondsFromConfig(config, 'maestro.discovery.tickSeconds', 30);
  const signalRecipients = recipientsFromConfig(config, 'maestro.discovery.signalRecipients');
  return {
    massRemovalThreshold: threshold,
    massRemovalMinimum: wholeNumber(config, 'maestro.discovery.massRemovalMinimum', 10, 1, 1_000_000),
    concurrencyPerRegion: wholeNumber(config, 'maestro.discovery.concurrencyPerRegion', 2, 1, 64),
    tickSeconds,
    signalRecipients,
  };
}
