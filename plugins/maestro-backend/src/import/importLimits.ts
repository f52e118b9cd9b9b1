import type { Config } from '@backstage/config';

/** How much one `POST /records/import` may carry (`maestro.import.*`). */
export interface ImportLimits {
  /** Bytes of the request body. */
  maxBytes: number;
  /** Records (rows) of one import. */
  maxRows: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxBytes: 32 * 1024 * 1024, maxRows: 100_000 };

/** Accepted ranges: a JSON or YAML body is held in memory whole, and an import is one transaction. */
const BOUNDS: Record<keyof ImportLimits, [number, number]> = {
  maxBytes: [1024, 1024 * 1024 * 1024],
  maxRows: [1, 1_000_000],
};

/** Reads `maestro.import.maxBytes` and `maestro.import.maxRows`; a bad value stops the start-up, naming the key. */
export function importLimitsFromConfig(config: Config): ImportLimits {
  const read = (key: keyof ImportLimits): number => {
    const value = config.getOptionalNumber(`maestro.import.${key}`) ?? DEFAULT_IMPORT_LIMITS[key];
    const [min, max] = BOUNDS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`maestro.import.${key}: must be an integer from ${min} to ${max} (got ${value})`);
    }
    return value;
  };
  return { maxBytes: read('maxBytes'), maxRows: read('maxRows') };
}
