import type { CreateRecordRequest, JsonSchema } from '@maestro/plugin-maestro-common';

/** A record spec (a JSON object), and one of its values. */
export type JsonObject = CreateRecordRequest['spec'];
export type JsonValue = JsonObject[string];

/**
 * How a spec property is edited: a single input (`string` … `list`), rows of sub-fields (`rows`: a list of
 * objects; `map`: key/value rows of a string map such as tags), sub-fields side by side (`group`: an object), or,
 * for a shape none of these fits, JSON text.
 */
export type SpecFieldType =
  | 'string'
  | 'enum'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'list'
  | 'rows'
  | 'map'
  | 'group'
  | 'json';

/** A spec property of a kind (or a sub-field of one), as a form field. */
export interface SpecField {
  /** Property name, e.g. `hostname`; its errors come back as `spec.hostname` (a sub-field's as `spec.storage[1].sizeGb`). */
  name: string;
  type: SpecFieldType;
  required: boolean;
  description?: string;
  /** Allowed values of an `enum` field. */
  options?: string[];
  /** Type of the items of a `list` field (edited as comma-separated values). */
  itemType?: 'string' | 'number' | 'integer';
  /** What a `json` field holds. */
  jsonShape?: 'object' | 'array' | 'value';
  /** The sub-fields of a `rows` item, a `group`, or a `map` entry (`key`, `value`): single inputs only. */
  fields?: SpecField[];
}

/** A row (or a group) in the form's state: the state of each sub-field, by name. */
export interface FieldRow {
  [name: string]: FieldValue;
}

/**
 * The value of a field in the form's state: text for text inputs, a boolean (or untouched) for checkboxes, rows
 * for `rows` and `map` fields, one row for a `group`.
 */
export type FieldValue = string | boolean | undefined | FieldRow | FieldRow[];

const NESTED: SpecFieldType[] = ['rows', 'map', 'group', 'json'];

/** Sub-fields of a map entry: a tag's key and value. */
const MAP_ENTRY_FIELDS: SpecField[] = [
  { name: 'key', type: 'string', required: true },
  { name: 'value', type: 'string', required: false },
];

function typeOf(schema: JsonSchema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find(t => t !== 'null') as string | undefined;
  return typeof type === 'string' ? type : undefined;
}

/** The sub-fields of an object schema, when each is a single input; undefined when one is not. */
function subFieldsOf(schema: JsonSchema): SpecField[] | undefined {
  if (!schema.properties) return undefined;
  const fields = specFieldsOf(schema);
  return fields.some(f => NESTED.includes(f.type)) ? undefined : fields;
}

function objectFieldOf(base: Omit<SpecField, 'type'>, schema: JsonSchema): SpecField {
  const fields = subFieldsOf(schema);
  if (fields) return { ...base, type: 'group', fields };
  const values = schema.additionalProperties as JsonSchema | boolean | undefined;
  if (!schema.properties && typeof values === 'object' && typeOf(values) === 'string') {
    return { ...base, type: 'map', fields: MAP_ENTRY_FIELDS };
  }
  return { ...base, type: 'json', jsonShape: 'object' };
}

function fieldOf(name: string, schema: JsonSchema, required: boolean): SpecField {
  const base = {
    name,
    required,
    description: typeof schema.description === 'string' ? schema.description : undefined,
  };
  const type = typeOf(schema);
  if (Array.isArray(schema.enum) && (type === undefined || type === 'string')) {
    return { ...base, type: 'enum', options: schema.enum.map(String) };
  }
  switch (type) {
    case 'string':
      return { ...base, type: 'string' };
    case 'integer':
    case 'number':
      return { ...base, type };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'array': {
      const items = (schema.items ?? {}) as JsonSchema;
      const itemType = typeOf(items);
      if (itemType === 'string' || itemType === 'number' || itemType === 'integer') {
        return { ...base, type: 'list', itemType };
      }
      const fields = itemType === 'object' ? subFieldsOf(items) : undefined;
      return fields ? { ...base, type: 'rows', fields } : { ...base, type: 'json', jsonShape: 'array' };
    }
    case 'object':
      return objectFieldOf(base, schema);
    default:
      return { ...base, type: 'json', jsonShape: schema.properties ? 'object' : 'value' };
  }
}

/** The form fields of a kind's spec schema (or of an object schema): one per property, in schema order. */
export function specFieldsOf(specSchema: JsonSchema): SpecField[] {
  const properties = (specSchema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((specSchema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, schema]) => fieldOf(name, schema, required.has(name)));
}

const isObject = (value: unknown): value is Record<string, JsonValue> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A row of the form's state from an object of a spec. */
export function toFieldRow(fields: SpecField[], value: JsonValue | undefined): FieldRow {
  const object = isObject(value) ? value : {};
  return Object.fromEntries(fields.map(f => [f.name, toFieldValue(f, object[f.name])]));
}

/** The form state of a field, from a record's spec value. */
export function toFieldValue(field: SpecField, value: JsonValue | undefined): FieldValue {
  switch (field.type) {
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'rows':
      return Array.isArray(value) ? value.map(item => toFieldRow(field.fields!, item)) : [];
    case 'map':
      return isObject(value) ? Object.entries(value).map(([key, v]) => ({ key, value: String(v ?? '') })) : [];
    case 'group':
      return toFieldRow(field.fields!, value);
    default:
  }
  if (value === undefined || value === null) return '';
  switch (field.type) {
    case 'list':
      return Array.isArray(value) ? value.map(String).join(', ') : String(value);
    case 'json':
      return JSON.stringify(value, null, 2);
    default:
      return String(value);
  }
}

function readJson(field: SpecField, text: string): { value?: JsonValue; problem?: string } {
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: 'must be valid JSON' };
  }
  if (field.jsonShape === 'array' && !Array.isArray(parsed)) return { problem: 'must be a JSON list ([…])' };
  if (field.jsonShape === 'object' && !isObject(parsed)) return { problem: 'must be a JSON object ({…})' };
  return { value: parsed };
}

/**
 * The spec value of a single-input field from its form state: `value` is undefined when the field is empty (and
 * must be left out of the spec); `problem` is set when the input cannot be read (not a number, invalid JSON).
 */
export function fromFieldValue(field: SpecField, state: FieldValue): { value?: JsonValue; problem?: string } {
  if (field.type === 'boolean') return { value: typeof state === 'boolean' ? state : undefined };
  const text = typeof state === 'string' ? state.trim() : '';
  if (text === '') return {};
  switch (field.type) {
    case 'integer':
    case 'number': {
      const n = Number(text);
      if (!Number.isFinite(n)) return { problem: 'must be a number' };
      if (field.type === 'integer' && !Number.isInteger(n)) return { problem: 'must be an integer' };
      return { value: n };
    }
    case 'list': {
      const items = text
        .split(',')
        .map(item => item.trim())
        .filter(Boolean);
      if (items.length === 0) return {};
      if (field.itemType === 'string') return { value: items };
      const numbers = items.map(Number);
      if (numbers.some(n => !Number.isFinite(n))) return { problem: 'must be numbers separated by commas' };
      return { value: numbers };
    }
    case 'json':
      return readJson(field, text);
    default:
      return { value: text };
  }
}

/** What reading the form's state gives: the spec, the problems by field path, and where each sent row came from. */
export interface BuiltSpec {
  spec: JsonObject;
  /** Problems found before sending, keyed by the path of their field (`spec.storage[1].sizeGb`). */
  problems: Record<string, string>;
  /**
   * For each `rows`/`map` field (`spec.storage`), the form row of each item sent: blank rows are not sent, so the
   * backend's `spec.storage[1]` may be the form's third row.
   */
  rowsSent: Record<string, number[]>;
}

type Problems = Record<string, string>;

/** An object from the sub-fields of a row, with its problems; undefined when the row is blank. */
function readRow(fields: SpecField[], row: FieldRow, path: string, problems: Problems): JsonObject | undefined {
  const entries: Array<[string, JsonValue]> = [];
  const missing: string[] = [];
  let unreadable = false;
  for (const field of fields) {
    const { value, problem } = fromFieldValue(field, row[field.name]);
    if (problem) {
      problems[`${path}.${field.name}`] = problem;
      unreadable = true;
    } else if (value !== undefined) entries.push([field.name, value]);
    // an unticked required box (lvm.enabled) is false
    else if (field.required && field.type === 'boolean') entries.push([field.name, false]);
    else if (field.required) missing.push(field.name);
  }
  // a row with nothing typed (an unticked box is nothing) is left out
  if (!unreadable && !entries.some(([, v]) => v !== false)) return undefined;
  for (const name of missing) problems[`${path}.${name}`] = 'is required';
  // an own property even for a key such as __proto__: the backend refuses it by name
  return Object.fromEntries(entries);
}

/** The spec value of a `rows`, `map` or `group` field, with the form row of each item sent. */
function readNested(field: SpecField, state: FieldValue, path: string, problems: Problems) {
  const fields = field.fields!;
  if (field.type === 'group') {
    return { value: readRow(fields, isObject(state) ? (state as FieldRow) : {}, path, problems), sent: [] };
  }
  const rows = Array.isArray(state) ? state : [];
  const sent: number[] = [];
  const items: JsonObject[] = [];
  const keys = new Map<string, number>();
  rows.forEach((row, i) => {
    const item = readRow(fields, row, `${path}[${i}]`, problems);
    if (!item) return;
    if (field.type === 'map' && typeof item.key === 'string') {
      if (keys.has(item.key)) problems[`${path}[${i}].key`] = `is already used in row ${keys.get(item.key)! + 1}`;
      else keys.set(item.key, i);
    }
    items.push(item);
    sent.push(i);
  });
  if (items.length === 0) return { value: undefined, sent };
  if (field.type === 'map') {
    return { value: Object.fromEntries(items.map(item => [item.key as string, (item.value as string) ?? ''])), sent };
  }
  return { value: items, sent };
}

/**
 * Builds the spec to send from the form state, leaving empty fields and blank rows out, and reports the fields
 * whose input cannot be read or that are required and empty, keyed by their path (`spec.<name>`,
 * `spec.<name>[<row>].<sub-field>`, `spec.<name>.<sub-field>`).
 */
export function buildSpec(fields: SpecField[], values: Record<string, FieldValue>): BuiltSpec {
  const spec: JsonObject = {};
  const problems: Problems = {};
  const rowsSent: Record<string, number[]> = {};
  for (const field of fields) {
    const path = `spec.${field.name}`;
    let value: JsonValue | undefined;
    if (field.fields) {
      const read = readNested(field, values[field.name], path, problems);
      value = read.value;
      if (field.type !== 'group') rowsSent[path] = read.sent;
    } else {
      const read = fromFieldValue(field, values[field.name]);
      if (read.problem) problems[path] = read.problem;
      value = read.value;
    }
    if (value !== undefined) spec[field.name] = value;
    else if (field.required && !problems[path]) problems[path] = 'is required';
  }
  return { spec, problems, rowsSent };
}

/** A problem's field path as the form shows it: the backend's row index turned into the form's (see `rowsSent`). */
export function toFormPath(path: string, rowsSent: Record<string, number[]>): string {
  const match = /^(spec\.[\w$-]+)\[(\d+)\]/.exec(path);
  const rows = match && rowsSent[match[1]];
  const row = rows?.[Number(match![2])];
  return row === undefined ? path : `${match![1]}[${row}]${path.slice(match![0].length)}`;
}

/** The paths of every field the form shows for these values: each field, each row and each of its sub-fields. */
export function shownPathsOf(fields: SpecField[], values: Record<string, FieldValue>): string[] {
  const paths: string[] = [];
  for (const field of fields) {
    const path = `spec.${field.name}`;
    paths.push(path);
    if (field.type === 'group') paths.push(...field.fields!.map(f => `${path}.${f.name}`));
    const rows = values[field.name];
    if ((field.type === 'rows' || field.type === 'map') && Array.isArray(rows)) {
      rows.forEach((_, i) => paths.push(`${path}[${i}]`, ...field.fields!.map(f => `${path}[${i}].${f.name}`)));
    }
  }
  return paths;
}
