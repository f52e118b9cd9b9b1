import {
  findMaestroKind,
  InventoryRecord,
  JsonSchema,
  MaestroReference,
  MAESTRO_KIND_NAMES,
  ReportField,
  ReportFieldType,
  ReportKindFields,
} from '@maestro/plugin-maestro-common';

/** The record's own fields, every kind has them. */
export const RECORD_FIELDS: ReportField[] = [
  { path: 'name', type: 'string' },
  { path: 'title', type: 'string' },
  { path: 'owner', type: 'string' },
  { path: 'source', type: 'string' },
  { path: 'active', type: 'boolean' },
  { path: 'createdAt', type: 'date' },
  { path: 'updatedAt', type: 'date' },
];

type ScalarType = Exclude<ReportFieldType, 'array' | 'tags'>;

function scalarOf(schema: JsonSchema): { type: ScalarType; values?: string[] } | undefined {
  if (Array.isArray(schema.enum)) return { type: 'enum', values: schema.enum.map(String) };
  switch (schema.type) {
    case 'string':
      return { type: schema.format === 'date-time' || schema.format === 'date' ? 'date' : 'string' };
    case 'integer':
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    default:
      return undefined;
  }
}

const isTagMap = (schema: JsonSchema) =>
  schema.type === 'object' &&
  !schema.properties &&
  typeof schema.additionalProperties === 'object' &&
  (schema.additionalProperties as JsonSchema).type === 'string';

/** The fields under one schema: scalars, tag maps, lists of scalars, and the fields of lists of objects as lists. */
function fieldsOf(schema: JsonSchema, path: string, inList: boolean, out: ReportField[]) {
  const scalar = scalarOf(schema);
  if (scalar) {
    out.push(
      inList
        ? { path, type: 'array', itemType: scalar.type, ...(scalar.values ? { values: scalar.values } : {}) }
        : { path, ...scalar },
    );
    return;
  }
  if (isTagMap(schema)) {
    if (!inList) out.push({ path, type: 'tags' });
    return;
  }
  if (schema.type === 'object' && schema.properties) {
    for (const [key, property] of Object.entries(schema.properties as Record<string, JsonSchema>)) {
      fieldsOf(property, `${path}.${key}`, inList, out);
    }
    return;
  }
  if (schema.type === 'array' && schema.items && !inList) {
    fieldsOf(schema.items as JsonSchema, path, true, out);
  }
}

const cache = new Map<string, ReportField[]>();

/**
 * The fields a report over this kind can filter, show and chart, with their types, read from the kind's JSON
 * schema; undefined for a kind Maestro does not know.
 */
export function reportFields(kind: string): ReportField[] | undefined {
  const definition = findMaestroKind(kind);
  if (!definition) return undefined;
  let fields = cache.get(definition.kind);
  if (!fields) {
    fields = [...RECORD_FIELDS];
    fieldsOf(definition.specSchema, 'spec', false, fields);
    cache.set(definition.kind, fields);
  }
  return fields;
}

/** Every kind a report can be about. */
export const REPORT_KINDS = MAESTRO_KIND_NAMES;

/**
 * What the report form needs to know: for every kind, its fields with their types and the kinds a pivot can go to
 * from it (every kind one of whose references points at it, or that it points at), each with the linking fields.
 */
export function reportKindCatalogue(): ReportKindFields[] {
  return REPORT_KINDS.map(kind => {
    const definition = findMaestroKind(kind)!;
    const links = new Map<string, ReportKindFields['links'][number]['via']>();
    const add = (other: string, via: { kind: string; field: string }) => {
      const list = links.get(other) ?? [];
      if (!list.some(v => v.kind === via.kind && v.field === via.field)) list.push(via);
      links.set(other, list);
    };
    const path = (reference: MaestroReference) => `spec.${reference.field}${reference.key ? `.${reference.key}` : ''}`;
    for (const reference of definition.references) {
      if (findMaestroKind(reference.kind)) add(reference.kind, { kind: definition.kind, field: path(reference) });
    }
    for (const otherName of REPORT_KINDS) {
      const other = findMaestroKind(otherName)!;
      for (const reference of other.references) {
        if (reference.kind === definition.kind) add(other.kind, { kind: other.kind, field: path(reference) });
      }
    }
    return {
      kind: definition.kind,
      fields: reportFields(kind)!,
      links: [...links.entries()].map(([to, via]) => ({ kind: to, via })),
    };
  });
}

/**
 * A reader of one field's value in records (see {@link valueAt}), its path split once: reports read the same
 * columns of every record they scan.
 */
export function valueReader(path: string): (record: InventoryRecord) => unknown {
  const parts = path.split('.');
  const own = Object.prototype.hasOwnProperty;
  if (parts.length === 1) {
    const [key] = parts;
    return record => (own.call(record, key) ? (record as unknown as Record<string, unknown>)[key] : undefined);
  }
  return record => {
    // the common case first: plain objects all the way down, no list on the path
    let value: unknown = record;
    for (let i = 0; i < parts.length; i++) {
      if (Array.isArray(value)) return valueAt(record, path);
      if (!value || typeof value !== 'object' || !own.call(value, parts[i])) return undefined;
      value = (value as Record<string, unknown>)[parts[i]];
    }
    return value;
  };
}

/**
 * The value of a field in a record: the value at its path, or for a path through a list of objects the list of
 * the values found (missing ones left out). Own properties only.
 */
export function valueAt(record: InventoryRecord, path: string): unknown {
  const parts = path.split('.');
  let values: unknown[] = [record];
  let throughList = false;
  for (const part of parts) {
    const next: unknown[] = [];
    for (const value of values) {
      if (Array.isArray(value)) {
        throughList = true;
        for (const item of value) {
          if (item && typeof item === 'object' && Object.prototype.hasOwnProperty.call(item, part)) {
            next.push((item as Record<string, unknown>)[part]);
          }
        }
      } else if (value && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, part)) {
        next.push((value as Record<string, unknown>)[part]);
      }
    }
    values = next;
  }
  if (throughList) return values.flat();
  return values[0];
}
