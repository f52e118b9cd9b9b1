import {
  REPORT_FILTER_OPERATORS,
  ReportField,
  ReportFilter,
  ReportFilterOperator,
} from '@maestro/plugin-maestro-common';

/** The input a filter's value needs, from its operator and its field's type. */
export type ValueInput =
  | 'none'
  | 'text'
  | 'list'
  | 'number'
  | 'numberRange'
  | 'date'
  | 'dateRange'
  | 'duration'
  | 'boolean'
  | 'multi'
  | 'keyValue';

/**
 * A filter as the form edits it: the value as typed (text, a pair of texts for a range or a tag, the values chosen
 * for a multi-select). {@link draftToFilter} turns it into the filter the backend reads.
 */
export interface FilterDraft {
  field: string;
  op: ReportFilterOperator | '';
  text: string;
  /** Second bound of a range, or the value of a tag key. */
  text2: string;
  chosen: string[];
}

const NO_VALUE = new Set(['exists', 'missing', 'isEmpty', 'isNotEmpty']);
const LIST_OPS = new Set(['oneOf', 'noneOf', 'anyOf', 'allOf']);

/** The operators a field's type allows (`REPORT_FILTER_OPERATORS`); none for an unknown field. */
export function operatorsFor(field: ReportField | undefined): readonly ReportFilterOperator[] {
  return field ? REPORT_FILTER_OPERATORS[field.type] : [];
}

/** Which value input fits an operator on a field. */
export function valueInputFor(field: ReportField | undefined, op: string): ValueInput {
  if (!field || !op || NO_VALUE.has(op)) return 'none';
  if (op === 'is') return 'boolean';
  if (op === 'keyEquals') return 'keyValue';
  if (LIST_OPS.has(op)) return field.values?.length ? 'multi' : 'list';
  const type = field.type === 'array' ? field.itemType : field.type;
  if (type === 'number') return op === 'between' ? 'numberRange' : 'number';
  if (type === 'date') {
    if (op === 'between') return 'dateRange';
    return op === 'last' ? 'duration' : 'date';
  }
  return 'text';
}

/** A new filter row on a field: its type's first operator, no value yet. */
export function newDraft(field: ReportField | undefined): FilterDraft {
  const op = operatorsFor(field)[0] ?? '';
  return { field: field?.path ?? '', op, text: op === 'is' ? 'true' : '', text2: '', chosen: [] };
}

/** A `datetime-local` value (local time) as an ISO-8601 time; the text itself when it is not a date. */
export function localToIso(value: string): string {
  const time = new Date(value);
  return value && !Number.isNaN(time.getTime()) ? time.toISOString() : value;
}

/** An ISO-8601 time as a `datetime-local` value in local time (`2026-11-05T14:30`); '' when not a time. */
export function isoToLocal(value: unknown): string {
  const time = new Date(String(value ?? ''));
  if (value === undefined || value === '' || Number.isNaN(time.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}T${pad(time.getHours())}:${pad(
    time.getMinutes(),
  )}`;
}

/** A typed number, or the text as typed when it is not one (the backend then names the filter in its 400). */
const numberOrText = (text: string): unknown =>
  text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;

/** The filter the backend reads, from a row of the form. */
export function draftToFilter(draft: FilterDraft, field: ReportField | undefined): ReportFilter {
  const op = draft.op as ReportFilterOperator;
  const base = { field: draft.field, op };
  switch (valueInputFor(field, op)) {
    case 'none':
      return base;
    case 'boolean':
      return { ...base, value: draft.text === 'true' };
    case 'keyValue':
      return { ...base, value: { key: draft.text, value: draft.text2 } };
    case 'multi':
      return { ...base, value: draft.chosen };
    case 'list':
      return {
        ...base,
        value: draft.text
          .split(',')
          .map(s => s.trim())
          .filter(Boolean)
          .map(s => ((field?.itemType ?? field?.type) === 'number' ? numberOrText(s) : s)),
      };
    case 'number':
      return { ...base, value: numberOrText(draft.text) };
    case 'numberRange':
      return { ...base, value: [numberOrText(draft.text), numberOrText(draft.text2)] };
    case 'date':
      return { ...base, value: localToIso(draft.text) };
    case 'dateRange':
      return { ...base, value: [localToIso(draft.text), localToIso(draft.text2)] };
    default:
      return { ...base, value: draft.text };
  }
}

/** A saved filter as a row of the form (editing a report). */
export function filterToDraft(filter: ReportFilter, field: ReportField | undefined): FilterDraft {
  const draft: FilterDraft = { field: filter.field, op: filter.op, text: '', text2: '', chosen: [] };
  const value = filter.value as any;
  switch (valueInputFor(field, filter.op)) {
    case 'boolean':
      return { ...draft, text: String(value === true) };
    case 'keyValue':
      return { ...draft, text: String(value?.key ?? ''), text2: String(value?.value ?? '') };
    case 'multi':
      return { ...draft, chosen: Array.isArray(value) ? value.map(String) : [] };
    case 'list':
      return { ...draft, text: Array.isArray(value) ? value.join(', ') : String(value ?? '') };
    case 'numberRange':
      return { ...draft, text: String(value?.[0] ?? ''), text2: String(value?.[1] ?? '') };
    case 'date':
      return { ...draft, text: isoToLocal(value) };
    case 'dateRange':
      return { ...draft, text: isoToLocal(value?.[0]), text2: isoToLocal(value?.[1]) };
    case 'none':
      return draft;
    default:
      return { ...draft, text: String(value ?? '') };
  }
}
