import type { ListDef, MapDef, ShapeDef, StructDef, WireModel } from './types';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const NEEDS_ESCAPE = /[&<>"']/;
// Characters XML 1.0 cannot carry at all.
const INVALID_XML_CHARS = new RegExp(
  // eslint-disable-next-line no-control-regex
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]',
  'g',
);

/** Escapes text for an XML element or attribute value. */
export function escapeXml(text: string): string {
  const clean = text.replace(INVALID_XML_CHARS, '');
  return NEEDS_ESCAPE.test(clean) ? clean.replace(/[&<>"']/g, c => ESCAPES[c]) : clean;
}

/** Returns `<name>escaped text</name>`. */
export function element(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

function isStruct(shape: ShapeDef): shape is StructDef {
  return (shape as StructDef).members !== undefined;
}

function isList(shape: ShapeDef): shape is ListDef {
  return (shape as ListDef).item !== undefined;
}

function scalarText(kind: string, value: unknown): string {
  if (value instanceof Date) {
    if (kind === 'e') return String(value.getTime() / 1000);
    if (kind === 'h') return value.toUTCString();
    return value.toISOString();
  }
  if (kind === 'b' && value instanceof Uint8Array) {
    return Buffer.from(value).toString('base64');
  }
  return String(value);
}

/**
 * Writes values as the XML of one service's wire model. Objects are read by their SDK member names (PascalCase);
 * members the model does not know (extra bookkeeping fields of the simulated world) and `undefined` values are
 * left out.
 */
export class XmlWriter {
  constructor(private readonly model: WireModel) {}

  /** The XML of `value`'s members (without an enclosing element) as structure `shapeName`. */
  members(shapeName: string, value: object): string {
    const out: string[] = [];
    this.writeStruct(this.struct(shapeName), value, out);
    return out.join('');
  }

  /** The XML of structure `value` as shape `shapeName`, enclosed in `<elementName xmlns="…">`. */
  root(elementName: string, shapeName: string, value: object, xmlns: string): string {
    return `<${elementName} xmlns="${escapeXml(xmlns)}">${this.members(shapeName, value)}</${elementName}>`;
  }

  private struct(shapeName: string): StructDef {
    const shape = this.model.shapes[shapeName];
    if (!shape || !isStruct(shape)) {
      throw new Error(`No structure ${shapeName} in the wire model`);
    }
    return shape;
  }

  private write(name: string, target: string, value: unknown, out: string[]): void {
    if (value === undefined || value === null) return;
    const shape = target.length === 1 ? undefined : this.model.shapes[target];
    if (!shape) {
      out.push(`<${name}>`, escapeXml(scalarText(target, value)), `</${name}>`);
      return;
    }
    if (isList(shape)) {
      this.writeList(name, shape, value, out);
    } else if (isStruct(shape)) {
      if (typeof value !== 'object') return;
      out.push(`<${name}>`);
      this.writeStruct(shape, value, out);
      out.push(`</${name}>`);
    } else {
      this.writeMap(name, shape, value, out);
    }
  }

  private writeStruct(shape: StructDef, value: object, out: string[]): void {
    const record = value as Record<string, unknown>;
    for (const [member, xmlName, target] of shape.members) {
      const memberValue = record[member];
      if (memberValue !== undefined && memberValue !== null) {
        this.write(xmlName, target, memberValue, out);
      }
    }
  }

  private writeList(name: string, shape: ListDef, value: unknown, out: string[]): void {
    if (!Array.isArray(value)) return;
    if (shape.item === '') {
      for (const item of value) this.write(name, shape.of, item, out);
      return;
    }
    if (value.length === 0) {
      out.push(`<${name}/>`);
      return;
    }
    out.push(`<${name}>`);
    for (const item of value) this.write(shape.item, shape.of, item, out);
    out.push(`</${name}>`);
  }

  private writeMap(name: string, shape: MapDef, value: unknown, out: string[]): void {
    if (typeof value !== 'object' || value === null) return;
    const { entry, key, value: valueName, of } = shape.map;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entry !== '') out.push(`<${name}>`);
    for (const [k, v] of entries) {
      out.push(entry === '' ? `<${name}>` : `<${entry}>`);
      out.push(element(key, k));
      this.write(valueName, of, v, out);
      out.push(entry === '' ? `</${name}>` : `</${entry}>`);
    }
    if (entry !== '') out.push(`</${name}>`);
  }
}
