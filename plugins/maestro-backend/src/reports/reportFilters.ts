import { InputError } from '@backstage/errors';
import {
  InventoryRecord,
  REPORT_FILTER_OPERATORS,
  ReportField,
  ReportFilter,
  ReportFilterOperator,
} from '@maestro/plugin-maestro-common';
import { RE2 } from 're2-wasm';
import { reportFields, valueAt } from './reportFields';

/** A record test compiled from a report's filters (all must hold). */
export type RecordPredicate = (record: InventoryRecord) => boolean;

const MAX_FILTERS = 50;
const MAX_TEXT = 1024;
const MAX_PATTERN = 512;
const MAX_LIST = 500;
const DURATION = /^([1-9][0-9]{0,4})([hdwmy])$/;
const HOURS: Record<string, number> = { h: 1, d: 24, w: 24 * 7, m: 24 * 30, y: 24 * 365 };
/** An ISO date, or date and time (`2026-11-05`, `2026-11-05T10:00:00Z`, with an offset). */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

class Problems {
  readonly list: string[] = [];
  /** Records a problem; answers undefined, for `return problems.add(…)` where a value was expected. */
  add(at: string, problem: string): undefined {
    this.list.push(`${at}: ${problem}`);
    return undefined;
  }
}

const isPresent = (value: unknown) => value !== undefined && value !== null && value !== '';
function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return isPresent(value) ? [value] : [];
}

function text(value: unknown, at: string, problems: Problems, max = MAX_TEXT): string | undefined {
  if (typeof value !== 'string') return problems.add(at, 'must be a string');
  if (value.length > max) return problems.add(at, `must be at most ${max} characters`);
  return value;
}

function num(value: unknown, at: string, problems: Problems): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return problems.add(at, 'must be a number');
  return value;
}

function date(value: unknown, at: string, problems: Problems): number | undefined {
  const time = typeof value === 'string' && ISO_DATE.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) return problems.add(at, 'must be an ISO date (2026-11-05 or 2026-11-05T10:00:00Z)');
  return time;
}

function pair(value: unknown, at: string, problems: Problems, read: (v: unknown, at: string) => number | undefined) {
  if (!Array.isArray(value) || value.length !== 2) return problems.add(at, 'must be a list of two values');
  const low = read(value[0], `${at}[0]`);
  const high = read(value[1], `${at}[1]`);
  if (low === undefined || high === undefined) return undefined;
  if (high < low) return problems.add(at, 'the first value must not be greater than the second');
  return [low, high] as const;
}

function list(value: unknown, at: string, problems: Problems, field: ReportField): unknown[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return problems.add(at, 'must be a non-empty list');
  if (value.length > MAX_LIST) return problems.add(at, `must have at most ${MAX_LIST} values`);
  const itemType = field.type === 'array' ? field.itemType : field.type;
  const ok = value.every((v, i) => {
    const before = problems.list.length;
    if (itemType === 'number') num(v, `${at}[${i}]`, problems);
    else if (itemType === 'boolean' && typeof v !== 'boolean') problems.add(`${at}[${i}]`, 'must be true or false');
    else if (itemType !== 'boolean') text(v, `${at}[${i}]`, problems);
    if (problems.list.length === before && field.values && !field.values.includes(String(v))) {
      problems.add(`${at}[${i}]`, `must be one of ${field.values.join(', ')}`);
    }
    return problems.list.length === before;
  });
  return ok ? value : undefined;
}

function regex(value: unknown, at: string, problems: Problems): RE2 | undefined {
  const pattern = text(value, at, problems, MAX_PATTERN);
  if (pattern === undefined) return undefined;
  try {
    return new RE2(pattern, 'u');
  } catch (error) {
    const reason = String((error as Error).message ?? error).replace(/^Invalid regular expression: \/.*\/u: /s, '');
    return problems.add(at, `not a regular expression RE2 runs in linear time (${reason.slice(0, 200)})`);
  }
}

/** One filter as a test of a field's value, or undefined when it is not valid (its problems recorded). */
function compileOne(filter: ReportFilter, field: ReportField, at: string, problems: Problems, now: number) {
  const { op, value } = filter;
  const v = `${at}.value`;
  const lower = (s: unknown) => (typeof s === 'string' ? s.toLowerCase() : undefined);
  switch (op) {
    case 'eq':
    case 'ne': {
      const want = field.type === 'number' ? num(value, v, problems) : text(value, v, problems);
      if (want === undefined) return undefined;
      return op === 'eq' ? (x: unknown) => x === want : (x: unknown) => x !== want;
    }
    case 'contains':
    case 'notContains':
    case 'startsWith':
    case 'endsWith': {
      const want = text(value, v, problems);
      if (want === undefined) return undefined;
      const needle = want.toLowerCase();
      if (op === 'contains') return (x: unknown) => lower(x)?.includes(needle) === true;
      if (op === 'notContains') return (x: unknown) => lower(x)?.includes(needle) !== true;
      if (op === 'startsWith') return (x: unknown) => typeof x === 'string' && x.startsWith(want);
      return (x: unknown) => typeof x === 'string' && x.endsWith(want);
    }
    case 'regex': {
      const re = regex(value, v, problems);
      return re && ((x: unknown) => typeof x === 'string' && re.test(x));
    }
    case 'exists':
      return isPresent;
    case 'missing':
      return (x: unknown) => !isPresent(x);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const n = num(value, v, problems);
      if (n === undefined) return undefined;
      const test = {
        gt: (x: number) => x > n,
        gte: (x: number) => x >= n,
        lt: (x: number) => x < n,
        lte: (x: number) => x <= n,
      }[op];
      return (x: unknown) => typeof x === 'number' && test(x);
    }
    case 'between': {
      if (field.type === 'date') {
        const range = pair(value, v, problems, (x, a) => date(x, a, problems));
        return range && ((x: unknown) => inRange(toTime(x), range[0], range[1]));
      }
      const range = pair(value, v, problems, (x, a) => num(x, a, problems));
      return range && ((x: unknown) => typeof x === 'number' && x >= range[0] && x <= range[1]);
    }
    case 'after':
    case 'before': {
      const t = date(value, v, problems);
      if (t === undefined) return undefined;
      return op === 'after' ? (x: unknown) => toTime(x) > t : (x: unknown) => toTime(x) < t;
    }
    case 'last': {
      const match = typeof value === 'string' ? DURATION.exec(value) : null;
      if (!match) return problems.add(v, "must be a duration such as '7d' (h, d, w, m or y)");
      const from = now - Number(match[1]) * HOURS[match[2]] * 3_600_000;
      return (x: unknown) => inRange(toTime(x), from, now);
    }
    case 'is':
      if (typeof value !== 'boolean') return problems.add(v, 'must be true or false');
      return (x: unknown) => (x === true) === value;
    case 'oneOf':
    case 'noneOf':
    case 'anyOf':
    case 'allOf': {
      const wanted = list(value, v, problems, field);
      if (!wanted) return undefined;
      if (op === 'oneOf') return (x: unknown) => wanted.includes(x);
      if (op === 'allOf') return (x: unknown) => wanted.every(w => asList(x).includes(w));
      const any = (x: unknown) => asList(x).some(item => wanted.includes(item));
      return op === 'anyOf' ? any : (x: unknown) => !any(x);
    }
    case 'isEmpty':
    case 'isNotEmpty': {
      const empty = (x: unknown) =>
        field.type === 'tags' ? !x || typeof x !== 'object' || Object.keys(x).length === 0 : asList(x).length === 0;
      return op === 'isEmpty' ? empty : (x: unknown) => !empty(x);
    }
    case 'hasKey': {
      const key = text(value, v, problems);
      return key === undefined ? undefined : (x: unknown) => ownString(x, key) !== undefined;
    }
    case 'keyEquals': {
      const pairValue = value as { key?: unknown; value?: unknown } | undefined;
      if (!pairValue || typeof pairValue !== 'object' || Array.isArray(pairValue)) {
        return problems.add(v, 'must be { key, value }');
      }
      const key = text(pairValue.key, `${v}.key`, problems);
      const want = text(pairValue.value, `${v}.value`, problems);
      if (key === undefined || want === undefined) return undefined;
      return (x: unknown) => ownString(x, key) === want;
    }
    default:
      return undefined;
  }
}

function toTime(x: unknown): number {
  return typeof x === 'string' ? Date.parse(x) : NaN;
}

function inRange(t: number, from: number, to: number) {
  return t >= from && t <= to;
}

function ownString(x: unknown, key: string): string | undefined {
  if (!x || typeof x !== 'object' || !Object.prototype.hasOwnProperty.call(x, key)) return undefined;
  const value = (x as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Checks a report's filters against the kind's fields and compiles them into one record test. Every problem is
 * reported at once, in a 400 naming each filter (`filters[1].op: …`); nothing is run before they are all valid.
 * `prefix` names where the filters are in the request (`filters`, `hops[2].filters`).
 */
export function compileFilters(
  kind: string,
  given: unknown,
  options: { now?: number; prefix?: string } = {},
): RecordPredicate {
  const prefix = options.prefix ?? 'filters';
  const fields = reportFields(kind);
  if (!fields) throw new InputError(`kind: unknown kind '${String(kind).slice(0, 64)}'`);
  if (given === undefined) return () => true;
  if (!Array.isArray(given)) throw new InputError(`${prefix}: must be a list of filters`);
  if (given.length > MAX_FILTERS) throw new InputError(`${prefix}: at most ${MAX_FILTERS} filters`);
  const problems = new Problems();
  const tests: Array<{ path: string; test: (value: unknown) => boolean }> = [];
  given.forEach((filter: ReportFilter, i) => {
    const at = `${prefix}[${i}]`;
    if (!filter || typeof filter !== 'object' || Array.isArray(filter)) return problems.add(at, 'must be an object');
    const field = fields.find(f => f.path === filter.field);
    if (!field) {
      return problems.add(`${at}.field`, `'${String(filter.field).slice(0, 128)}' is not a field of ${kind}`);
    }
    const allowed: readonly ReportFilterOperator[] = REPORT_FILTER_OPERATORS[field.type];
    if (!allowed.includes(filter.op)) {
      return problems.add(`${at}.op`, `must be one of ${allowed.join(', ')} for the ${field.type} field ${field.path}`);
    }
    const test = compileOne(filter, field, at, problems, options.now ?? Date.now());
    if (test) tests.push({ path: field.path, test });
    return undefined;
  });
  if (problems.list.length) throw new InputError(problems.list.join('; '));
  return record => tests.every(({ path, test }) => test(valueAt(record, path)));
}
