import fc from 'fast-check';
import { Draw } from './draw';
import type { RequestDraft } from './fuzzRequest';
import {
  NOT_IDS,
  RAW_PATH,
  BAD_SCALARS,
  UNICODE,
  TYPES_OF_VALUES,
  EDGE_NUMBERS,
  RAW_NUMBERS,
  CONTENT_TYPES,
  ENCODINGS,
  FORBIDDEN_KEYS,
  NOT_OBJECTS,
  EXTRA_FIELDS,
} from './hostileValues';
import type { SchemaValues } from './schemaValues';

/**
 * Longest value put in a URL: Node itself answers 431 (no body) past 16 KiB of request line and headers, before
 * the plugin sees the request; huge values go in bodies.
 */
const URL_VALUE_MAX = 1000;

type Slot = {
  parent: Record<string, unknown> | unknown[] | undefined;
  key: string | number;
  value: unknown;
  depth: number;
};

type Variant = {
  name: string;
  applies(draft: RequestDraft): boolean;
  apply(draw: Draw, draft: RequestDraft, values: SchemaValues): void;
};

const jsonBody = (d: RequestDraft) => !!d.body && d.body.raw === undefined && /json/.test(d.body.mediaType);
const objectBody = (d: RequestDraft) => jsonBody(d) && isObject(d.body!.value);

/** Every slot of a JSON body (the root's fields, nested fields and list items), up to depth 6. */
function slots(value: unknown): Slot[] {
  const found: Slot[] = [];
  const walk = (node: unknown, depth: number) => {
    if (depth > 6 || node === null || typeof node !== 'object') return;
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((v, i) => [i, v])
      : Object.entries(node);
    for (const [key, child] of entries) {
      found.push({ parent: node as Record<string, unknown>, key, value: child, depth });
      walk(child, depth + 1);
    }
  };
  walk(value, 0);
  return found;
}

function setSlot(
  draw: Draw,
  draft: RequestDraft,
  make: (slot: Slot) => unknown,
  filter: (slot: Slot) => boolean = () => true,
) {
  const candidates = slots(draft.body!.value).filter(filter);
  if (candidates.length === 0) {
    if (isObject(draft.body!.value))
      (draft.body!.value as Record<string, unknown>)[draw.pick(['name', 'spec', 'value', 'x'])] = make({
        parent: undefined,
        key: '',
        value: undefined,
        depth: 0,
      });
    return;
  }
  const slot = draw.pick(candidates);
  (slot.parent as Record<string | number, unknown>)[slot.key] = make(slot);
}

/** Raw JSON spliced in at a placeholder (what JSON.stringify cannot write: deep nesting, 1e999). */
function splice(draft: RequestDraft, raw: string): string {
  const placeholder = `\u0001splice-${draft.body!.splices.size}\u0001`;
  draft.body!.splices.set(placeholder, raw);
  return placeholder;
}

function longString(draw: Draw, draft: RequestDraft, length: number): string {
  const unit = draw.pick(
    length <= URL_VALUE_MAX ? ['x', 'é', 'ab', ' ', '-'] : ['x', 'é', '😀', 'ab', '\u0000', ' ', draw.text(8, 1)],
  );
  const value = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  draft.longValues.push(value);
  return value;
}

const VARIANTS: Variant[] = [
  {
    name: 'path:not-an-id',
    applies: d => d.op.pathParams.length > 0,
    apply(draw, d) {
      const param = draw.pick(d.op.pathParams).name;
      const value = draw.weighted<() => string>([
        [6, () => draw.pick(NOT_IDS)],
        [2, () => draw.text(40, 1)],
        [1, () => longString(draw, d, draw.int(256, URL_VALUE_MAX))],
      ])();
      d.pathValues[param] = value;
      d.rawPath.delete(param);
    },
  },
  {
    name: 'path:raw-escape',
    applies: d => d.op.pathParams.length > 0,
    apply(draw, d) {
      const param = draw.pick(d.op.pathParams).name;
      d.pathValues[param] = draw.pick(RAW_PATH);
      d.rawPath.add(param);
    },
  },
  {
    name: 'query:wrong-value',
    applies: d => d.op.queryParams.length > 0,
    apply(draw, d) {
      const name = draw.pick(d.op.queryParams).name;
      const value = draw.chance(0.9) ? draw.pick(BAD_SCALARS) : longString(draw, d, draw.int(256, URL_VALUE_MAX));
      d.query = [...d.query.filter(([k]) => k !== name), [name, value]];
    },
  },
  {
    name: 'query:repeated-or-nested',
    applies: d => d.op.queryParams.length > 0,
    apply(draw, d) {
      const name = draw.pick(d.op.queryParams).name;
      const form = draw.pick([[name, name], [`${name}[]`], [`${name}[a]`], [`${name}[0][b]`], [`${name}[__proto__]`]]);
      for (const key of form) d.query.push([key, draw.pick(['1', 'x', '2026-01-01T00:00:00Z'])]);
    },
  },
  {
    name: 'query:unknown',
    applies: () => true,
    apply(draw, d) {
      for (let i = draw.int(1, 3); i > 0; i--) {
        const name = draw.pick([
          'foo',
          'LIMIT',
          'limit ',
          'spec.',
          'spec.__proto__',
          'spec.a.b',
          `spec.${draw.text(6, 1)}`,
          '__proto__[x]',
          'constructor[prototype][x]',
          draw.text(10, 1),
        ]);
        d.query.push([name, draw.chance(0.8) ? draw.text(12) : draw.pick(BAD_SCALARS)]);
      }
    },
  },
  {
    name: 'query:missing-required',
    applies: d => d.op.queryParams.some(p => p.required),
    apply(draw, d) {
      const name = draw.pick(d.op.queryParams.filter(p => p.required)).name;
      d.query = d.query.filter(([k]) => k !== name);
    },
  },
  {
    name: 'body:missing-required',
    applies: d => objectBody(d),
    apply(draw, d, values) {
      const required: string[] = d.bodySchema ? values.flatten(d.bodySchema).required ?? [] : [];
      const object = d.body!.value as Record<string, unknown>;
      const name = draw.pick([required, Object.keys(object), ['x']].find(names => names.length > 0)!);
      delete object[name];
    },
  },
  {
    name: 'body:wrong-type',
    applies: jsonBody,
    apply(draw, d) {
      setSlot(draw, d, slot => {
        const others = TYPES_OF_VALUES.filter(
          v => typeof v !== typeof slot.value || Array.isArray(v) !== Array.isArray(slot.value),
        );
        return draw.pick(others);
      });
    },
  },
  {
    name: 'body:huge-string',
    applies: jsonBody,
    apply(draw, d) {
      const length = draw.weighted([
        [6, 2_000],
        [4, 70_000],
        [2, 1_000_000],
        [1, 6 * 1024 * 1024],
      ]);
      setSlot(draw, d, () => longString(draw, d, length));
    },
  },
  {
    name: 'body:unicode',
    applies: jsonBody,
    apply(draw, d) {
      const value = draw.chance(0.7)
        ? draw.pick(UNICODE)
        : draw.from(fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }));
      setSlot(
        draw,
        d,
        () => value,
        slot => typeof slot.value === 'string' || draw.chance(0.2),
      );
    },
  },
  {
    name: 'body:forbidden-key',
    applies: jsonBody,
    apply(draw, d) {
      const objects = [d.body!.value, ...slots(d.body!.value).map(s => s.value)].filter(isObject);
      const target = objects.length ? draw.pick(objects) : undefined;
      const key = draw.pick(FORBIDDEN_KEYS);
      const value = draw.pick<unknown>([{ owner: 'nobody' }, 'x', { prototype: { polluted: true } }, []]);
      if (target) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
      else d.body!.raw = `{"${key}": ${JSON.stringify(value)}}`;
    },
  },
  {
    name: 'body:deep-nesting',
    applies: jsonBody,
    apply(draw, d) {
      const depth = draw.pick([65, 300, 10_000, 200_000]);
      const raw = draw.chance(0.5)
        ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
        : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      if (isObject(d.body!.value) || Array.isArray(d.body!.value)) setSlot(draw, d, () => splice(d, raw));
      else d.body!.raw = raw;
    },
  },
  {
    name: 'body:extra-fields',
    applies: d => objectBody(d),
    apply(draw, d) {
      const object = d.body!.value as Record<string, unknown>;
      for (let i = draw.int(1, 3); i > 0; i--) object[draw.pick([...EXTRA_FIELDS, draw.text(8, 1)])] = draw.json(2);
    },
  },
  {
    name: 'body:number-edge',
    applies: jsonBody,
    apply(draw, d) {
      setSlot(
        draw,
        d,
        () => (draw.chance(0.7) ? draw.pick(EDGE_NUMBERS) : splice(d, draw.pick(RAW_NUMBERS))),
        slot => typeof slot.value === 'number' || draw.chance(0.2),
      );
    },
  },
  {
    name: 'body:malformed-json',
    applies: d => !!d.body,
    apply(draw, d) {
      const text = JSON.stringify(d.body!.value) ?? '{}';
      const cut = draw.int(0, Math.max(0, text.length - 1));
      d.body!.raw = draw.pick([
        text.slice(0, cut),
        `${text}}`,
        text.replace(':', '='),
        text.replace(/"/g, "'"),
        text.replace(/}$/, ',}'),
        `{"a": NaN}`,
        `/* c */${text}`,
        `\ufeff${text}`,
        `${text}\u0000`,
        `{"a": "\\x41"}`,
        `{"a": "\\ud800"}`,
        `{"a": 1, "a": 2}`,
      ]);
    },
  },
  {
    name: 'body:not-an-object',
    applies: d => !!d.body && /json/.test(d.body.mediaType),
    apply(draw, d) {
      d.body!.raw = draw.pick(NOT_OBJECTS);
    },
  },
  {
    name: 'body:content-type',
    applies: d => !!d.body,
    apply(draw, d) {
      if (draw.chance(0.15)) delete d.headers['Content-Type'];
      else d.headers['Content-Type'] = draw.pick(CONTENT_TYPES);
    },
  },
  {
    name: 'body:content-encoding',
    applies: d => !!d.body,
    apply(draw, d) {
      d.headers['Content-Encoding'] = draw.pick(ENCODINGS);
    },
  },
  {
    name: 'body:invalid-utf8',
    applies: d => !!d.body,
    apply(draw, d) {
      const text = JSON.stringify(d.body!.value) ?? '""';
      const at = Math.max(1, text.indexOf('"') + 1);
      const bad = Buffer.from(
        draw.pick([[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80]]),
      );
      d.body!.raw = Buffer.concat([Buffer.from(text.slice(0, at)), bad, Buffer.from(text.slice(at))]);
    },
  },
  {
    name: 'body:missing',
    applies: d => !!d.body,
    apply(_draw, d) {
      d.body!.raw = '';
    },
  },
  {
    name: 'body:text-garbage',
    applies: d => !!d.body && !/json/.test(d.body.mediaType),
    apply(draw, d) {
      d.body!.raw = draw.pick([
        draw.text(300),
        'kind,name,owner\n"unterminated',
        'a,b\n1,2,3\n',
        '---\n- &a [*a]\n',
        'kind,name,owner,spec.__proto__.x\nServer,a,group:default/x,1\n',
        '\n'.repeat(10_000),
        `kind,name,owner\n${'Server,n,o\n'.repeat(draw.int(1, 20))}`,
        'key: !!js/function "function(){}"\n',
        '{',
      ]);
    },
  },
  {
    name: 'body:on-operation-without-body',
    applies: d => !d.op.body,
    apply(draw, d) {
      d.body = { mediaType: 'application/json', value: draw.json(2), splices: new Map() };
      d.headers['Content-Type'] = 'application/json';
    },
  },
  {
    name: 'auth:missing-or-invalid',
    applies: () => true,
    apply(draw, d) {
      d.identity = draw.pick(['anonymous', 'invalid-token'] as const);
    },
  },
];

/** Applies one hostile variant that fits the request (a path, query, body, header or credential problem). */
export function applyHostileVariant(draw: Draw, draft: RequestDraft, values: SchemaValues) {
  const variant = draw.pick(VARIANTS.filter(v => v.applies(draft)));
  variant.apply(draw, draft, values);
  draft.variants.push(variant.name);
}

export const HOSTILE_VARIANT_NAMES = VARIANTS.map(v => v.name);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
