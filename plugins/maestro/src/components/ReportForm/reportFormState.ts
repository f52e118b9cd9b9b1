import type {
  ReportDefinition,
  ReportField,
  ReportFilter,
  ReportKindFields,
  SavedReport,
} from '@maestro/plugin-maestro-common';
import type { FieldProblem } from '../../shared/apiErrors';
import { draftToFilter, FilterDraft, filterToDraft } from './filterDrafts';

/** A kind with its filters and columns, as the form edits them (the single report's kind, or a pivot hop). */
export interface HopDraft {
  kind: string;
  filters: FilterDraft[];
  columns: string[];
}

/** Everything the report form edits. */
export interface ReportFormState {
  name: string;
  description: string;
  type: 'single' | 'pivot';
  single: HopDraft;
  /** A single report's sort: a field ('' for none) and direction. */
  sortField: string;
  sortDirection: 'asc' | 'desc';
  /**
   * Which records a single report reads: the active ones (no filter), the inactive ones (`active is false`) or both
   * (`active exists`, a filter every record holds: Maestro's "include inactive").
   */
  records: RecordsRead;
  hops: HopDraft[];
}

/** The columns of a pivot hop none are chosen for. */
export const PIVOT_DEFAULT_COLUMNS = ['name'];

export const MIN_HOPS = 2;
export const MAX_HOPS = 6;

/** The fields of a kind in the catalogue; none for an unknown kind. */
export const fieldsOf = (kinds: ReportKindFields[], kind: string): ReportField[] =>
  kinds.find(k => k.kind === kind)?.fields ?? [];

/** The kinds a pivot can go to after `kind` (its `links`). */
export const nextKinds = (kinds: ReportKindFields[], kind: string): string[] =>
  kinds.find(k => k.kind === kind)?.links.map(l => l.kind) ?? [];

const emptyHop = (kind: string): HopDraft => ({ kind, filters: [], columns: [] });

/** A new hop after `previous`: the first kind it links to. Undefined when it links to none. */
export function hopAfter(kinds: ReportKindFields[], previous: string): HopDraft | undefined {
  const next = nextKinds(kinds, previous)[0];
  return next ? emptyHop(next) : undefined;
}

/**
 * The hops with hop `index` changed: the hops after it are kept as long as each one's kind is still linked to the
 * kind before it; the first that is not becomes the first kind its predecessor links to, and the rest are dropped.
 */
export function replaceHop(kinds: ReportKindFields[], hops: HopDraft[], index: number, hop: HopDraft): HopDraft[] {
  const result = hops.map((h, i) => (i === index ? hop : h));
  for (let i = index + 1; i < result.length; i++) {
    if (!nextKinds(kinds, result[i - 1].kind).includes(result[i].kind)) {
      const replacement = hopAfter(kinds, result[i - 1].kind);
      return [...result.slice(0, i), ...(replacement ? [replacement] : [])];
    }
  }
  return result;
}

/** The form of a new report: a single report over servers (or the first kind), a pivot of two linked kinds. */
export function newFormState(kinds: ReportKindFields[]): ReportFormState {
  const first = kinds.find(k => k.kind === 'Server')?.kind ?? kinds[0]?.kind ?? '';
  const pivotStart =
    kinds.find(k => k.kind === 'Datacenter' && k.links.length)?.kind ?? kinds.find(k => k.links.length)?.kind ?? first;
  const second = hopAfter(kinds, pivotStart);
  return {
    name: '',
    description: '',
    type: 'single',
    single: emptyHop(first),
    sortField: '',
    sortDirection: 'asc',
    records: 'active',
    hops: [emptyHop(pivotStart), ...(second ? [second] : [])],
  };
}

/** Which records a single report reads. */
export type RecordsRead = 'active' | 'inactive' | 'both';

const isInactiveFilter = (f: ReportFilter) => f.field === 'active' && f.op === 'is' && f.value === false;
const isBothFilter = (f: ReportFilter) => f.field === 'active' && f.op === 'exists';
const isRecordsFilter = (f: ReportFilter) => isInactiveFilter(f) || isBothFilter(f);

const drafts = (kinds: ReportKindFields[], kind: string, filters: ReportFilter[]) =>
  filters.map(f =>
    filterToDraft(
      f,
      fieldsOf(kinds, kind).find(x => x.path === f.field),
    ),
  );

/** The form of a saved report, to edit it. */
export function formStateOf(kinds: ReportKindFields[], report: SavedReport): ReportFormState {
  const state = newFormState(kinds);
  const definition = report.definition;
  const common = { ...state, name: definition.name, description: definition.description ?? '' };
  if (definition.type === 'pivot') {
    return {
      ...common,
      type: 'pivot',
      hops: definition.hops.map(h => ({
        kind: h.kind,
        filters: drafts(kinds, h.kind, h.filters ?? []),
        columns: h.columns ?? [],
      })),
    };
  }
  const filters = definition.filters ?? [];
  return {
    ...common,
    type: 'single',
    single: {
      kind: definition.kind,
      filters: drafts(
        kinds,
        definition.kind,
        filters.filter(f => !isRecordsFilter(f)),
      ),
      columns: definition.columns ?? [],
    },
    records: recordsOf(filters),
    sortField: definition.sort?.field ?? '',
    sortDirection: definition.sort?.direction ?? 'asc',
  };
}

function recordsOf(filters: ReportFilter[]): RecordsRead {
  if (filters.some(isInactiveFilter)) return 'inactive';
  return filters.some(isBothFilter) ? 'both' : 'active';
}

const filtersOf = (kinds: ReportKindFields[], hop: HopDraft) =>
  hop.filters.map(d =>
    draftToFilter(
      d,
      fieldsOf(kinds, hop.kind).find(f => f.path === d.field),
    ),
  );

/** The definition the form sends (`POST /reports`, or `PUT` with the version). */
export function definitionOf(kinds: ReportKindFields[], state: ReportFormState): ReportDefinition {
  const common = {
    name: state.name.trim(),
    ...(state.description.trim() ? { description: state.description.trim() } : {}),
  };
  if (state.type === 'pivot') {
    return {
      ...common,
      type: 'pivot',
      // a pivot hop needs columns (the backend has no default for them): its name when none is chosen
      hops: state.hops.map(h => ({
        kind: h.kind,
        filters: filtersOf(kinds, h),
        columns: h.columns.length ? h.columns : PIVOT_DEFAULT_COLUMNS,
      })),
    };
  }
  const filters = filtersOf(kinds, state.single);
  if (state.records === 'inactive') filters.push({ field: 'active', op: 'is', value: false });
  if (state.records === 'both') filters.push({ field: 'active', op: 'exists' });
  return {
    ...common,
    type: 'single',
    kind: state.single.kind,
    filters,
    columns: state.single.columns,
    ...(state.sortField ? { sort: { field: state.sortField, direction: state.sortDirection } } : {}),
  };
}

/**
 * The problems of a 400 that concern filter rows, by row index: `filters[1].value` (a single report) or
 * `hops[0].filters[1].op` (a pivot's hop, with `prefix` `hops[0].`).
 */
export function filterRowProblems(problems: FieldProblem[], prefix: string): Map<number, string> {
  const rows = new Map<number, string>();
  const escaped = prefix.replace(/[.[\]]/g, c => `\\${c}`);
  const pattern = new RegExp(`^${escaped}filters\\[(\\d+)\\](?:\\.(\\w+))?$`);
  for (const { field, message } of problems) {
    const match = pattern.exec(field);
    if (match) rows.set(Number(match[1]), `${match[2] ?? 'filter'}: ${message}`);
  }
  return rows;
}
