import { InputError } from '@backstage/errors';
import {
  findMaestroKind,
  MAESTRO_KIND_NAMES,
  MaestroKindDefinition,
  PivotHop,
  PivotHopLink,
  ReportDefinition,
  ReportFilter,
  ReportSort,
} from '@maestro/plugin-maestro-common';
import { shownName, shownValue } from '../input/forbiddenKeys';
import { reportFields } from './reportFields';
import { linksBetween } from './pivotReport';
import { compileFilters } from './reportFilters';

export const MAX_REPORT_NAME = 128;
export const MAX_REPORT_DESCRIPTION = 1024;
export const MAX_REPORT_COLUMNS = 100;
export const MIN_PIVOT_HOPS = 2;
export const MAX_PIVOT_HOPS = 6;
/** How many spec fields the default columns show after `name` and `owner`. */
const DEFAULT_SPEC_COLUMNS = 3;

const SINGLE_KEYS = ['name', 'description', 'type', 'kind', 'filters', 'columns', 'sort'];
const PIVOT_KEYS = ['name', 'description', 'type', 'hops'];
const HOP_KEYS = ['kind', 'filters', 'columns'];
const SORT_KEYS = ['field', 'direction'];

/** The problems found in a definition, each `path: message`; thrown as one InputError. */
class Problems {
  readonly list: string[] = [];

  add(path: string, message: string) {
    this.list.push(`${path}: ${message}`);
  }

  /** Runs a check that throws an InputError naming its own fields (compileFilters), keeping its message. */
  collect(check: () => void) {
    try {
      check();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      this.list.push(error.message);
    }
  }
}

/** An input value as a message shows it: a string quoted and cut, anything else as cut JSON. */
const quoted = (value: unknown) => (typeof value === 'string' ? `'${shownName(value)}'` : shownValue(value));

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Names every key of `value` that is not in `allowed` (keys are only read, never written anywhere). */
function unknownKeys(value: Record<string, unknown>, allowed: string[], at: string, problems: Problems) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      problems.add(`${at}${at ? '.' : ''}${shownName(key)}`, `is not a field of a report${at ? ` ${at}` : ''}`);
    }
  }
}

function text(value: unknown, path: string, max: number, problems: Problems, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') {
    problems.add(path, required ? `is required: a string of 1 to ${max} characters` : 'must be a string');
  } else if (required && value.trim().length === 0) {
    problems.add(path, 'must not be blank');
  } else if (value.length > max) {
    problems.add(path, `must be at most ${max} characters (got ${value.length})`);
  } else {
    return value;
  }
  return undefined;
}

function kindOf(value: unknown, path: string, problems: Problems): MaestroKindDefinition | undefined {
  const definition = typeof value === 'string' ? findMaestroKind(value) : undefined;
  if (!definition) {
    problems.add(
      path,
      value === undefined
        ? `is required: one of ${MAESTRO_KIND_NAMES.join(', ')}`
        : `unknown kind ${quoted(value)}; one of ${MAESTRO_KIND_NAMES.join(', ')}`,
    );
  }
  return definition;
}

/** The filters as given, once compileFilters accepts them, rebuilt with their own three fields only. */
function filtersOf(kind: string, value: unknown, prefix: string, problems: Problems): ReportFilter[] {
  const before = problems.list.length;
  problems.collect(() => compileFilters(kind, value, { prefix }));
  if (problems.list.length > before || !Array.isArray(value)) return [];
  return (value as ReportFilter[]).map(({ field, op, value: operand }) => ({
    field,
    op,
    ...(operand === undefined ? {} : { value: operand }),
  }));
}

/** The default columns of a kind: name, owner and its first few scalar spec fields. */
export function defaultColumns(kind: string): string[] {
  const spec = (reportFields(kind) ?? [])
    .filter(f => f.path.startsWith('spec.') && f.type !== 'array' && f.type !== 'tags')
    .slice(0, DEFAULT_SPEC_COLUMNS)
    .map(f => f.path);
  return ['name', 'owner', ...spec];
}

function columnsOf(kind: string, value: unknown, path: string, problems: Problems): string[] {
  if (value === undefined) return defaultColumns(kind);
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_REPORT_COLUMNS) {
    problems.add(path, `must be a list of 1 to ${MAX_REPORT_COLUMNS} field paths of ${kind}`);
    return [];
  }
  const paths = new Set((reportFields(kind) ?? []).map(f => f.path));
  const seen = new Set<string>();
  value.forEach((column, i) => {
    if (typeof column !== 'string' || !paths.has(column)) {
      problems.add(`${path}[${i}]`, `${quoted(column)} is not a field of ${kind}`);
    } else if (seen.has(column)) {
      problems.add(`${path}[${i}]`, `${column} is listed twice`);
    }
    seen.add(String(column));
  });
  return value as string[];
}

function sortOf(kind: string, value: unknown, problems: Problems): ReportSort | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    problems.add('sort', "must be an object { field, direction: 'asc' | 'desc' }");
    return undefined;
  }
  unknownKeys(value, SORT_KEYS, 'sort', problems);
  const field = (reportFields(kind) ?? []).find(f => f.path === value.field);
  if (!field) problems.add('sort.field', `${quoted(value.field)} is not a field of ${kind}`);
  else if (field.type === 'array' || field.type === 'tags') {
    problems.add('sort.field', `${field.path} is a list (${field.type}): a report cannot sort by it`);
  }
  const direction = value.direction ?? 'asc';
  if (direction !== 'asc' && direction !== 'desc') problems.add('sort.direction', "must be 'asc' or 'desc'");
  return field ? { field: field.path, direction: direction as ReportSort['direction'] } : undefined;
}

/** The reference path of a MaestroReference (`spec.datacenter`, `spec.storage.volume`). */
const referencePath = (field: string, key?: string) => `spec.${field}${key ? `.${key}` : ''}`;

/**
 * How hop `to` is reached from hop `from`: every reference of `from`'s kind pointing at `to`'s kind and of `to`'s
 * kind pointing back at `from`'s (the pivot runner follows them all). Empty when Maestro relates them by no field.
 */
export function linksOf(from: MaestroKindDefinition, to: MaestroKindDefinition): PivotHopLink[] {
  return linksBetween(from.kind, to.kind).map(({ from: holder, reference }) => ({
    kind: holder === 'earlier' ? from.kind : to.kind,
    field: referencePath(reference.field, reference.key),
  }));
}

function hopsOf(value: unknown, problems: Problems): PivotHop[] {
  if (!Array.isArray(value) || value.length < MIN_PIVOT_HOPS || value.length > MAX_PIVOT_HOPS) {
    problems.add(
      'hops',
      `is required: a list of ${MIN_PIVOT_HOPS} to ${MAX_PIVOT_HOPS} hops { kind, filters?, columns? }`,
    );
    return [];
  }
  const hops: PivotHop[] = [];
  let previous: MaestroKindDefinition | undefined;
  value.forEach((hop: unknown, i) => {
    const at = `hops[${i}]`;
    if (!isObject(hop)) {
      problems.add(at, 'must be an object { kind, filters?, columns? }');
      previous = undefined;
      return;
    }
    unknownKeys(hop, HOP_KEYS, at, problems);
    const kind = kindOf(hop.kind, `${at}.kind`, problems);
    if (!kind) {
      previous = undefined;
      return;
    }
    const links = previous ? linksOf(previous, kind) : [];
    if (previous && !links.length) {
      problems.add(
        `${at}.kind`,
        `${kind.kind} is not related to ${previous.kind} (hops[${i - 1}]) by any Maestro field`,
      );
    }
    hops.push({
      kind: kind.kind,
      filters: filtersOf(kind.kind, hop.filters, `${at}.filters`, problems),
      columns: columnsOf(kind.kind, hop.columns, `${at}.columns`, problems),
      ...(links.length ? { links } : {}),
    });
    previous = kind;
  });
  return hops;
}

/**
 * Checks a report definition from a request and returns it as saved: a single-kind report
 * `{ name, description?, type: 'single', kind, filters?, columns?, sort? }` or a pivot
 * `{ name, description?, type: 'pivot', hops: [{ kind, filters?, columns? }, …] }` whose consecutive hops are
 * related by a Maestro reference (recorded as each hop's `link`). Kinds are saved as Maestro spells them, missing
 * columns get the kind's defaults. Every problem is reported in one InputError naming its field
 * (`name: …; hops[1].kind: …`).
 */
export function validateReportDefinition(input: unknown): ReportDefinition {
  if (!isObject(input)) throw new InputError('body: must be a JSON object (a report definition)');
  const problems = new Problems();
  const name = text(input.name, 'name', MAX_REPORT_NAME, problems, true);
  const description = text(input.description, 'description', MAX_REPORT_DESCRIPTION, problems, false);
  const common = { name: name ?? '', ...(description === undefined ? {} : { description }) };
  let definition: ReportDefinition | undefined;
  if (input.type === 'single') {
    unknownKeys(input, SINGLE_KEYS, '', problems);
    const kind = kindOf(input.kind, 'kind', problems);
    if (kind) {
      const sort = sortOf(kind.kind, input.sort, problems);
      definition = {
        ...common,
        type: 'single',
        kind: kind.kind,
        filters: filtersOf(kind.kind, input.filters, 'filters', problems),
        columns: columnsOf(kind.kind, input.columns, 'columns', problems),
        ...(sort ? { sort } : {}),
      };
    }
  } else if (input.type === 'pivot') {
    unknownKeys(input, PIVOT_KEYS, '', problems);
    definition = { ...common, type: 'pivot', hops: hopsOf(input.hops, problems) };
  } else {
    problems.add(
      'type',
      `must be 'single' or 'pivot'${input.type === undefined ? '' : ` (got ${quoted(input.type)})`}`,
    );
  }
  if (problems.list.length > 0 || !definition) throw new InputError(problems.list.join('; '));
  return definition;
}
