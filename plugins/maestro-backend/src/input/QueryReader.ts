import { InputError } from '@backstage/errors';
import { shownName, textProblem } from './forbiddenKeys';

/**
 * Reads typed query parameters and throws an InputError naming the parameter when one is malformed (quoting at
 * most 64 characters of it), or holds text a database cannot take (U+0000, a lone surrogate).
 */
export class QueryReader {
  readonly #query: Record<string, unknown>;

  constructor(query: Record<string, unknown>) {
    this.#query = query;
  }

  string(name: string): string | undefined {
    const value = this.#query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') {
      throw new InputError(`${name}: must be given once, as a string`);
    }
    const problem = textProblem(value);
    if (problem) throw new InputError(`${name}: ${problem}`);
    return value;
  }

  integer(name: string, bounds: { min?: number; max?: number } = {}): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value)) {
      throw new InputError(`${name}: must be an integer (got '${shownName(raw)}')`);
    }
    if (bounds.min !== undefined && value < bounds.min) {
      throw new InputError(`${name}: must be at least ${bounds.min}`);
    }
    if (bounds.max !== undefined && value > bounds.max) {
      throw new InputError(`${name}: must be at most ${bounds.max}`);
    }
    return value;
  }

  /** `true` or `false`. */
  boolean(name: string): boolean | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (raw !== 'true' && raw !== 'false') throw new InputError(`${name}: must be 'true' or 'false'`);
    return raw === 'true';
  }

  /** An ISO-8601 time, normalised to UTC (`2026-01-02T03:04:05.000Z`) so it compares with stored times. */
  timestamp(name: string): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const time = Date.parse(raw);
    if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(time)) {
      throw new InputError(`${name}: must be an ISO-8601 time such as 2026-01-31T12:00:00Z (got '${shownName(raw)}')`);
    }
    return new Date(time).toISOString();
  }

  /**
   * Spec filters given as `spec.<field>=<value>` query parameters (e.g. `?spec.environment=production`): exact
   * matches on top-level spec fields.
   */
  specFilters(): Record<string, string> | undefined {
    const filters: Record<string, string> = {};
    for (const key of Object.keys(this.#query)) {
      if (!key.startsWith('spec.')) continue;
      const field = key.slice('spec.'.length);
      if (!/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(field)) {
        throw new InputError(`${shownName(key)}: filter on a top-level spec field, e.g. spec.environment=production`);
      }
      filters[field] = this.string(key) ?? '';
    }
    return Object.keys(filters).length ? filters : undefined;
  }

  enumValue<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(raw)) {
      throw new InputError(`${name}: must be one of ${allowed.join(', ')} (got '${shownName(raw)}')`);
    }
    return raw as T;
  }
}
