import { InputError } from '@backstage/errors';
import { FORBIDDEN_KEYS, shownName } from '../input/forbiddenKeys';

/** The roots a job's webhook body sees. */
export const JOB_TEMPLATE_ROOTS: readonly string[] = ['job', 'run', 'now'];
/** The roots an event rule's webhook body sees. */
export const RULE_TEMPLATE_ROOTS: readonly string[] = ['rule', 'event', 'delivery'];

/** Largest template accepted, in UTF-8 bytes. */
export const MAX_TEMPLATE_BYTES = 64 * 1024;
/** Largest rendered body, in UTF-8 bytes: rendering beyond it fails (a body is never sent cut). */
export const MAX_RENDERED_BYTES = 1024 * 1024;

/** The only filter: the value JSON-encoded. */
const FILTERS = new Set(['json']);
/** Path segments: a name (letters, digits, `_`, `-`, not starting with a digit or `-`) or an index `[n]`. */
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;
const INDEX = /^\[(\d{1,9})\]/;

/** One step of a path: an own property of an object, or an element of an array. */
type Segment = { key: string } | { index: number };

/** A piece of a compiled template: literal text, or a value to insert. */
type Part = string | { path: Segment[]; json: boolean };

/** A body template checked once (when saved) and rendered for each call. */
export interface CompiledTemplate {
  /** The template as written. */
  readonly text: string;
  /**
   * The body for `context`: reads only own properties (nothing inherited, whatever the context holds), and throws
   * a {@link TemplateRenderError} when the result would exceed {@link MAX_RENDERED_BYTES}.
   */
  render(context: Record<string, unknown>): string;
}

/** Rendering a template failed (the result too large): the call is not made. */
export class TemplateRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}

/** Where the compiler is: the field name for messages and the roots the caller provides. */
export interface TemplateOptions {
  /** The input field holding the template, named in every message (`webhook.bodyTemplate`). */
  field: string;
  /** The names a path may start with (`job`, `run`, `now` for jobs). */
  roots: readonly string[];
}

/**
 * Compiles a body template (docs/jobs.md, "Body template language"): `{{ path }}` inserts a value, `{{ path | json }}`
 * inserts it JSON-encoded, `\{{` writes a literal `{{`. Throws one InputError listing every problem, each naming the
 * field, the line and the column: an unclosed `{{`, an empty expression, a path that is not dotted names and `[n]`
 * indexes, an unknown root, a `__proto__` / `constructor` / `prototype` segment, an unknown filter, a template over
 * 64 KB.
 */
export function compileTemplate(text: string, options: TemplateOptions): CompiledTemplate {
  const { field } = options;
  if (typeof text !== 'string') throw new InputError(`${field}: must be a string`);
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_TEMPLATE_BYTES) {
    throw new InputError(`${field}: must be at most ${MAX_TEMPLATE_BYTES} bytes (got ${size})`);
  }
  const problems: string[] = [];
  const parts = parseParts(text, options, problems);
  if (problems.length > 0) throw new InputError(problems.join('; '));
  return {
    text,
    render: context => renderParts(parts, context),
  };
}

/** Splits the text into literal parts and expressions, adding each problem (with its position) to `problems`. */
function parseParts(text: string, options: TemplateOptions, problems: string[]): Part[] {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('\\{{', i)) {
      literal += '{{';
      i += 3;
      continue;
    }
    if (!text.startsWith('{{', i)) {
      literal += text[i];
      i++;
      continue;
    }
    const close = text.indexOf('}}', i + 2);
    if (close < 0) {
      problems.push(`${options.field}: unclosed "{{" at ${position(text, i)} (write \\{{ for a literal "{{")`);
      break;
    }
    const at = position(text, i);
    const expression = readExpression(text.slice(i + 2, close), options, (problem: string) =>
      problems.push(`${options.field}: ${problem} at ${at}`),
    );
    if (expression) {
      if (literal) parts.push(literal);
      literal = '';
      parts.push(expression);
    }
    i = close + 2;
  }
  if (literal) parts.push(literal);
  return parts;
}

/** One `{{ … }}` expression: a path and at most one filter, or undefined after reporting its problem. */
function readExpression(
  source: string,
  options: TemplateOptions,
  report: (problem: string) => void,
): Extract<Part, object> | undefined {
  const [pathText, ...filters] = source.split('|').map(piece => piece.trim());
  if (!pathText) {
    report(filters.length > 0 ? 'expression without a path' : 'empty expression "{{}}"');
    return undefined;
  }
  const path = readPath(pathText, options, report);
  if (!path) return undefined;
  if (filters.length > 1) {
    report(`at most one filter may follow a path (got ${filters.length})`);
    return undefined;
  }
  const filter = filters[0];
  if (filter !== undefined && !FILTERS.has(filter)) {
    report(`unknown filter "${shownName(filter, 32)}" (the only filter is json)`);
    return undefined;
  }
  return { path, json: filter === 'json' };
}

/** A dotted path with `[n]` indexes, starting at a known root, with no forbidden segment. */
function readPath(text: string, options: TemplateOptions, report: (problem: string) => void): Segment[] | undefined {
  const shown = shownName(text, 48);
  const root = NAME.exec(text);
  if (!root) {
    report(`"${shown}" is not a path (names such as job.name, indexes such as items[0])`);
    return undefined;
  }
  const segments: Segment[] = [{ key: root[0] }];
  let rest = text.slice(root[0].length);
  while (rest.length > 0) {
    const index = INDEX.exec(rest);
    if (index) {
      segments.push({ index: Number(index[1]) });
      rest = rest.slice(index[0].length);
      continue;
    }
    const name = rest.startsWith('.') ? NAME.exec(rest.slice(1)) : null;
    if (!name) {
      report(`"${shown}" is not a path (names such as job.name, indexes such as items[0])`);
      return undefined;
    }
    segments.push({ key: name[0] });
    rest = rest.slice(1 + name[0].length);
  }
  const forbidden = segments.find(s => 'key' in s && FORBIDDEN_KEYS.has(s.key));
  if (forbidden && 'key' in forbidden) {
    report(`"${forbidden.key}" is not allowed in a path`);
    return undefined;
  }
  if (!options.roots.includes(root[0])) {
    report(`unknown root "${shownName(root[0], 32)}" (known: ${options.roots.join(', ')})`);
    return undefined;
  }
  return segments;
}

/** `line L, column C` (1-based) of an offset, for messages. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function renderParts(parts: readonly Part[], context: Record<string, unknown>): string {
  const pieces: string[] = [];
  let size = 0;
  for (const part of parts) {
    const piece = typeof part === 'string' ? part : formatValue(lookup(context, part.path), part.json);
    size += Buffer.byteLength(piece, 'utf8');
    if (size > MAX_RENDERED_BYTES) {
      throw new TemplateRenderError(`the rendered body exceeds ${MAX_RENDERED_BYTES} bytes`);
    }
    pieces.push(piece);
  }
  return pieces.join('');
}

/** The value at a path, following own properties and array elements only; undefined when any step is missing. */
function lookup(context: Record<string, unknown>, path: readonly Segment[]): unknown {
  let current: unknown = context;
  for (const segment of path) {
    if ('index' in segment) {
      if (!Array.isArray(current) || segment.index >= current.length) return undefined;
      current = current[segment.index];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
      if (!Object.hasOwn(current, segment.key)) return undefined;
      current = (current as Record<string, unknown>)[segment.key];
    }
  }
  return current;
}

/**
 * A value as text: strings as they are, numbers and booleans as text, dates as ISO strings, objects and arrays as
 * JSON, missing (or null) as nothing. With `json`, the value JSON-encoded (missing as `null`).
 */
function formatValue(value: unknown, json: boolean): string {
  let plain = value;
  if (value instanceof Date) plain = value.toISOString();
  else if (typeof value === 'bigint') plain = value.toString();
  if (json) return plain === undefined ? 'null' : safeJson(plain) ?? 'null';
  if (plain === undefined || plain === null) return '';
  if (typeof plain === 'string') return plain;
  if (typeof plain === 'number' || typeof plain === 'boolean') return String(plain);
  return safeJson(plain) ?? '';
}

/** JSON text of a value, or undefined for what JSON cannot hold (a function, a cycle). */
function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
