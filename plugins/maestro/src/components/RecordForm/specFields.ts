import type { CreateRecordRequest, JsonSchema } from '@maestro/plugin-maestro-common';

/** A record spec (a JSON object), and one of its values. */
export type JsonObject = CreateRecordRequest['spec'];
export type JsonValue = JsonObject[string];

/** How a top-level spec property is edited. */
export type SpecFieldType = 'string' | 'enum' | 'integer' | 'number' | 'boolean' | 'list' | 'json';

/** A top-level spec property of a kind, as a form field. */
export interface SpecField {
  /** Property name, e.g. `hostname`; its errors come back as `spec.hostname`. */
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
}

/** The value of a field in the form's state: text for text inputs, a boolean (or untouched) for checkboxes. */
export type FieldValue = string | boolean | undefined;

function typeOf(schema: JsonSchema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find(t => t !== 'null') as string | undefined;
  return typeof type === 'string' ? type : undefined;
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
      return { ...base, type: 'json', jsonShape: 'array' };
    }
    case 'object':
      return { ...base, type: 'json', jsonShape: 'object' };
    default:
      return { ...base, type: 'json', jsonShape: schema.properties ? 'object' : 'value' };
  }
}

/** The form fields of a kind's spec schema: one per top-level property, in schema order. */
export function specFieldsOf(specSchema: JsonSchema): SpecField[] {
  const properties = (specSchema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((specSchema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, schema]) => fieldOf(name, schema, required.has(name)));
}

/** The form state of a field, from a record's spec value. */
export function toFieldValue(field: SpecField, value: JsonValue | undefined): FieldValue {
  if (field.type === 'boolean') return typeof value === 'boolean' ? value : undefined;
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

/**
 * The spec value of a field from its form state: `value` is undefined when the field is empty (and must be
 * left out of the spec); `problem` is set when the input cannot be read (not a number, invalid JSON).
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
    case 'json': {
      let parsed: JsonValue;
      try {
        parsed = JSON.parse(text);
      } catch {
        return { problem: 'must be valid JSON' };
      }
      if (field.jsonShape === 'array' && !Array.isArray(parsed)) {
        return { problem: 'must be a JSON list ([…])' };
      }
      if (field.jsonShape === 'object' && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) {
        return { problem: 'must be a JSON object ({…})' };
      }
      return { value: parsed };
    }
    default:
      return { value: text };
  }
}

/**
 * Builds the spec to send from the form state, leaving empty fields out, and reports the fields whose input
 * cannot be read or that are required and empty (keyed `spec.<name>`).
 */
export function buildSpec(
  fields: SpecField[],
  values: Record<string, FieldValue>,
): { spec: JsonObject; problems: Record<string, string> } {
  const spec: JsonObject = {};
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const { value, problem } = fromFieldValue(field, values[field.name]);
    if (problem) {
      problems[`spec.${field.name}`] = problem;
    } else if (value !== undefined) {
      spec[field.name] = value;
    } else if (field.required) {
      problems[`spec.${field.name}`] = 'is required';
    }
  }
  return { spec, problems };
}
