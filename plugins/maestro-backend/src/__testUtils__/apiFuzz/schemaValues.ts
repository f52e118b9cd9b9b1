import Ajv, { type ValidateFunction } from 'ajv';
import { Draw } from './draw';
import type { Schema } from './openApiOperations';

/**
 * What a value's generation may depend on besides its schema: the document (for `$ref`s), the body being built (a
 * spec follows its kind), the path parameters, and the resource the path names as the API last showed it.
 */
export interface ValueContext {
  resolve(pointer: string): Schema;
  path: Record<string, string>;
  /** The resource named by the path (e.g. the record of `PUT /records/{id}`), as last read. */
  resource?: Record<string, unknown>;
  /** Values the API showed for a field name (ids, versions, seqs, times), to draw valid references from. */
  known(field: string): unknown[];
}

/**
 * `x-maestro-schema-by` on a property: its value must be valid against `schemas[<discriminator>]` (a JSON pointer
 * to an object of JSON schemas), the discriminator being a sibling body field (`in: body`), a path parameter
 * (`in: path`) or a field of the resource the path names (`in: resource`). See src/schema/openapi.ts.
 */
interface SchemaBy {
  in: 'body' | 'path' | 'resource';
  name: string;
  schemas: string;
}

/** A copy of a drawn value that is an object: what a request carries is its own. */
const copy = <T>(value: T): T => (value && typeof value === 'object' ? structuredClone(value) : value);
const REFERENCES = new Set(['version', 'seq', 'onSuccess', 'onFailure']);
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 8;
const ajv = new Ajv({ allErrors: false, strict: false });
const validators = new WeakMap<Schema, ValidateFunction>();

/** Schema keywords that the generator does not follow, so values are checked (and redrawn) with ajv. */
const needsCheck = (schema: Schema) => ['allOf', 'if', 'not', 'anyOf', 'oneOf'].some(k => k in schema);

/**
 * Draws values valid for a schema: OpenAPI 3.0 schema objects and the draft-07 schemas of kinds and settings
 * (type, enum, const, pattern, format, bounds, items, properties, required, additionalProperties, allOf, oneOf,
 * anyOf, nullable, example, default). Values are small: fuzzing bulk is the hostile variants' job.
 */
export class SchemaValues {
  constructor(private readonly draw: Draw, private readonly context: ValueContext) {}

  deref(schema: Schema | undefined): Schema {
    let current = schema ?? {};
    while (typeof current.$ref === 'string') current = this.context.resolve(current.$ref);
    return current;
  }

  /**
   * Merges `allOf` parts into one object schema (properties and required lists joined); an object with a
   * `oneOf` (an AWS or an OpenStack connection) takes one of its branches, one that agrees with what is known of
   * the resource (its provider) when there is one.
   */
  flatten(schema: Schema | undefined): Schema {
    const base = this.deref(schema);
    let merged = base;
    if (Array.isArray(base.allOf)) {
      const { allOf, ...rest } = base;
      merged = [rest, ...allOf.map((part: Schema) => this.flatten(part))].reduce<Schema>(merge, {});
    }
    if (Array.isArray(merged.oneOf) && merged.properties) {
      const { oneOf, ...rest } = merged;
      const branches = oneOf.map((branch: Schema) => this.flatten(branch));
      const agreeing = branches.filter((branch: Schema) => this.agrees(branch));
      merged = merge(rest, this.draw.pick(agreeing.length ? agreeing : branches));
    }
    return merged;
  }

  /** Whether every enum property of a branch admits the value known for it (if any). */
  agrees(branch: Schema): boolean {
    return Object.entries<Schema>(branch.properties ?? {}).every(([name, property]) => {
      const known = this.context.known(name);
      return !Array.isArray(property.enum) || known.length === 0 || known.some(v => property.enum.includes(v));
    });
  }

  /** The schema a `x-maestro-schema-by` property's value must follow here, if it can be told. */
  chosenSchema(schema: Schema, siblings: Record<string, unknown>): Schema | undefined {
    const by = schema['x-maestro-schema-by'] as SchemaBy | undefined;
    if (!by) return undefined;
    let discriminator: unknown;
    if (by.in === 'body') discriminator = siblings[by.name];
    else if (by.in === 'path') discriminator = this.context.path[by.name];
    else discriminator = this.context.resource?.[by.name];
    if (typeof discriminator !== 'string') return undefined;
    const schemas = this.context.resolve(by.schemas);
    const key = Object.keys(schemas).find(k => k.toLowerCase() === discriminator.toLowerCase());
    return key ? schemas[key] : undefined;
  }

  value(schema: Schema | undefined, depth = 0, siblings: Record<string, unknown> = {}, field?: string): unknown {
    const s = this.flatten(schema);
    const chosen = this.chosenSchema(s, siblings);
    if (chosen) return this.checked(chosen, depth);
    if (s.nullable && this.draw.chance(0.05)) return null;
    // copies: a hostile variant changes the body it is given, never the document or what was learnt
    if (field) {
      const known = this.context.known(field).filter(v => this.fits(s, v));
      if (known.length > 0 && this.draw.chance(0.8)) return copy(this.draw.pick(known));
    }
    if ('const' in s) return copy(s.const);
    if (Array.isArray(s.enum)) return copy(this.draw.pick(s.enum));
    if (s.example !== undefined && this.draw.chance(0.5)) return copy(s.example);
    if (s.default !== undefined && this.draw.chance(0.2)) return copy(s.default);
    for (const key of ['oneOf', 'anyOf'] as const) {
      if (Array.isArray(s[key])) return this.value(this.draw.pick(s[key]), depth + 1, siblings, field);
    }
    switch (typeOf(s)) {
      case 'string':
        return this.string(s);
      case 'integer':
        return this.integer(s);
      case 'number':
        return this.draw.chance(0.5) ? this.integer(s) : this.number(s);
      case 'boolean':
        return this.draw.chance(0.5);
      case 'array':
        return this.array(s, depth);
      case 'object':
        return this.object(s, depth);
      default:
        return depth >= MAX_DEPTH ? null : this.draw.json(1);
    }
  }

  /** A value for a schema the generator only approximates (conditionals), redrawn until ajv accepts it. */
  checked(schema: Schema, depth: number): unknown {
    if (!needsCheck(schema)) return this.value(schema, depth);
    let validate = validators.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      validators.set(schema, validate);
    }
    let candidate: unknown;
    for (let attempt = 0; attempt < 8; attempt++) {
      candidate = this.value({ ...schema, allOf: undefined, if: undefined, then: undefined, else: undefined }, depth);
      if (validate(candidate)) return candidate;
    }
    return candidate;
  }

  /** Whether a known value has the schema's type (ajv is not used: a quick check is enough for references). */
  fits(schema: Schema, value: unknown): boolean {
    const type = typeOf(schema);
    if (type === 'integer') return Number.isInteger(value);
    if (type === 'string') return typeof value === 'string';
    return type === undefined || typeof value === type;
  }

  string(s: Schema): string {
    const minLength = s.minLength ?? 0;
    const maxLength = Math.min(s.maxLength ?? 40, 40);
    if (typeof s.pattern === 'string')
      return this.draw.matching(s.pattern, { minLength, maxLength: s.maxLength ?? 255 });
    switch (s.format) {
      case 'date-time':
        return new Date(Date.now() - this.draw.int(-3600, 30 * 86400) * 1000).toISOString();
      case 'uri':
        return `https://${this.draw.matching('^[a-z][a-z0-9-]{0,20}$')}.example.com/${this.draw.matching(
          '^[a-z0-9/]{0,12}$',
        )}`;
      default:
        return this.draw.text(Math.max(maxLength, minLength), minLength);
    }
  }

  integer(s: Schema): number {
    // a number schema's bounds may be fractional (a scale of 0.25–4): the integers within them
    const min = Math.ceil(s.minimum ?? (s.exclusiveMinimum === true ? 1 : 0));
    const max = Math.floor(s.maximum ?? Math.max(min, 0) + 1000);
    // mostly near the low bound (offsets, limits, ports), sometimes anywhere
    return this.draw.chance(0.7) ? Math.min(max, min + this.draw.int(0, 20)) : this.draw.int(min, max);
  }

  number(s: Schema): number {
    const min = s.minimum ?? -1e6;
    const max = s.maximum ?? 1e6;
    return min + (this.draw.int(0, 1e6) / 1e6) * (max - min);
  }

  array(s: Schema, depth: number): unknown[] {
    const min = s.minItems ?? 0;
    const max = depth >= MAX_DEPTH ? min : Math.min(s.maxItems ?? 4, min + 4);
    const items: unknown[] = [];
    const seen = new Set<string>();
    const count = this.draw.int(min, max);
    for (let i = 0; i < count * 2 && items.length < count; i++) {
      const item = this.value(s.items, depth + 1);
      const key = JSON.stringify(item);
      if (s.uniqueItems && seen.has(key)) continue;
      seen.add(key);
      items.push(item);
    }
    return items;
  }

  object(s: Schema, depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const required = new Set<string>(s.required ?? []);
    const properties = Object.entries<Schema>(s.properties ?? {});
    // fields others depend on (a kind before its spec) first
    properties.sort(
      ([, a], [, b]) => Number(!!this.deref(a)['x-maestro-schema-by']) - Number(!!this.deref(b)['x-maestro-schema-by']),
    );
    for (const [name, propertySchema] of properties) {
      if (this.deref(propertySchema).readOnly) continue;
      if (!required.has(name) && (depth >= MAX_DEPTH || !this.draw.chance(0.5))) continue;
      // an optional reference to what the caller read (a version, a seq, a job to chain to) is sent only when it is known
      if (!required.has(name) && REFERENCES.has(name) && this.context.known(name).length === 0) continue;
      result[name] = this.value(propertySchema, depth + 1, result, name);
    }
    const extra = s.additionalProperties;
    if (extra && depth < MAX_DEPTH && this.draw.chance(0.4)) {
      for (let i = this.draw.int(1, 3); i > 0; i--) {
        const key = this.draw.matching('^[a-z][A-Za-z0-9]{0,15}$');
        if (FORBIDDEN.has(key) || key in result || (s.properties && key in s.properties)) continue;
        result[key] = extra === true ? this.draw.json(1) : this.value(extra, depth + 1);
      }
    }
    if (!s.properties && !extra && typeOf(s) === undefined && depth < MAX_DEPTH) return this.draw.json(1) as any;
    return result;
  }
}

function merge(merged: Schema, part: Schema): Schema {
  return {
    ...merged,
    ...part,
    properties: { ...merged.properties, ...part.properties },
    required: [...(merged.required ?? []), ...(part.required ?? [])],
  };
}

function typeOf(schema: Schema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t: string) => t !== 'null');
  if (schema.properties || schema.additionalProperties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}
