/**
 * Report filters: a condition on one field of a record, chosen by the field's type in its kind's JSON schema.
 * Shared by the backend (which checks and applies them) and the report form (which offers the operators a field's
 * type allows).
 */

/**
 * The type of a report field, read from the kind's JSON schema (`string`, `number`/`integer`, `boolean`, `enum`,
 * `date-time` strings and the record's timestamps as `date`, arrays of scalars, and tag maps).
 * @public
 */
export type ReportFieldType = 'string' | 'number' | 'boolean' | 'enum' | 'date' | 'array' | 'tags';

/**
 * A field a report can filter, show and chart: `name`, `title`, `owner`, `active`, `createdAt`, `updatedAt`, or a
 * spec field by its dotted path (`spec.os.distro`; through a list of objects, `spec.services.name` is the list of the
 * services' names).
 * @public
 */
export interface ReportField {
  path: string;
  type: ReportFieldType;
  /** The allowed values of an `enum` field, or of the items of an `array` field whose items are an enum. */
  values?: string[];
  /** The type of the items of an `array` field. */
  itemType?: Exclude<ReportFieldType, 'array' | 'tags'>;
}

/**
 * A kind as the report form sees it (`GET /reports/fields`): its fields, and the kinds a pivot can go to next with
 * the reference fields that link them (`via`: the kind holding the field, and the field's path).
 * @public
 */
export interface ReportKindFields {
  kind: string;
  fields: ReportField[];
  links: Array<{ kind: string; via: Array<{ kind: string; field: string }> }>;
}

/** Operators per field type. @public */
export const REPORT_FILTER_OPERATORS = {
  string: [
    'eq',
    'ne',
    'oneOf',
    'noneOf',
    'contains',
    'notContains',
    'startsWith',
    'endsWith',
    'regex',
    'exists',
    'missing',
  ],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'exists', 'missing'],
  boolean: ['is', 'exists', 'missing'],
  enum: ['oneOf', 'noneOf', 'exists', 'missing'],
  date: ['after', 'before', 'between', 'last'],
  array: ['anyOf', 'allOf', 'noneOf', 'isEmpty', 'isNotEmpty'],
  tags: ['hasKey', 'keyEquals', 'isEmpty', 'isNotEmpty'],
} as const;

/** @public */
export type ReportFilterOperator = (typeof REPORT_FILTER_OPERATORS)[ReportFieldType][number];

/**
 * One filter of a report. `value` by operator: a string (`eq`… `regex`, `hasKey`), a number (`gt`…), two numbers or
 * two ISO dates (`between`), an ISO date (`after`, `before`), a duration `<n><h|d|w|m|y>` (`last`: e.g. `7d`, the
 * last 7 days), a boolean (`is`), a list of values (`oneOf`, `noneOf`, `anyOf`, `allOf`), `{ key, value }`
 * (`keyEquals`); none for `exists`, `missing`, `isEmpty`, `isNotEmpty`. Strings compare case-sensitively except
 * `contains`/`notContains`; `regex` runs in RE2 (linear time: no back-references or look-arounds).
 * @public
 */
export interface ReportFilter {
  field: string;
  op: ReportFilterOperator;
  value?: unknown;
}
