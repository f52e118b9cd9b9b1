import { InputError } from '@backstage/errors';

/**
 * Keys that must never be written through when input becomes objects: assigning to `__proto__` changes an
 * object's prototype (`Object.prototype` itself through a path such as `spec.__proto__.owner`), and
 * `constructor.prototype` reaches it too. Input naming them anywhere is refused.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** How deep a JSON/YAML payload may nest (the deepest record spec needs a handful of levels). */
export const MAX_NESTING = 64;

/** What {@link findForbiddenKey} found: the dotted path of the key (or of the too-deep value) and the problem. */
export interface ForbiddenKeyFinding {
  /** e.g. `spec.__proto__`; empty for the payload itself. */
  path: string;
  problem: string;
}

/** The first part of an object path that is a forbidden key, if any. */
export function forbiddenPart(path: readonly string[]): string | undefined {
  return path.find(part => FORBIDDEN_KEYS.has(part));
}

/** A lone UTF-16 surrogate: not Unicode text (JSON can escape one; PostgreSQL's json refuses it). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a text cannot be stored as it is, if it cannot: U+0000 (PostgreSQL's text refuses it, and `->>` on a JSON
 * escape of it fails) or a lone surrogate (PostgreSQL's json refuses it: one stored spec made every query reading
 * that spec field fail).
 */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (it holds a lone surrogate)';
  return undefined;
}

/**
 * Walks a parsed JSON/YAML value (iteratively: a deeply nested payload cannot overflow the stack) and reports the
 * first own key that is forbidden, the first key or text that cannot be stored ({@link textProblem}), or the first
 * value nested deeper than {@link MAX_NESTING}. `JSON.parse` and `yaml` both turn a `__proto__` key into an own
 * property (no pollution at parse time), which is what this finds.
 */
export function findForbiddenKey(value: unknown, prefix: readonly string[] = []): ForbiddenKeyFinding | undefined {
  return walk(value, prefix, true);
}

/** The first key or text of a value that cannot be stored ({@link textProblem}), with its path. */
export function findTextProblem(value: unknown, prefix: readonly string[] = []): ForbiddenKeyFinding | undefined {
  return walk(value, prefix, false);
}

function walk(value: unknown, prefix: readonly string[], forbidKeys: boolean): ForbiddenKeyFinding | undefined {
  const stack: Array<{ value: unknown; path: readonly string[] }> = [{ value, path: prefix }];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (typeof current.value === 'string') {
      const problem = textProblem(current.value);
      if (problem) return { path: shownPath(current.path), problem };
      continue;
    }
    if (typeof current.value !== 'object' || current.value === null) continue;
    if (current.path.length - prefix.length > MAX_NESTING) {
      return { path: shownPath(current.path), problem: `is nested deeper than ${MAX_NESTING} levels` };
    }
    const keys = Array.isArray(current.value) ? current.value.map((_, i) => String(i)) : Object.keys(current.value);
    for (const key of keys) {
      if (forbidKeys && FORBIDDEN_KEYS.has(key)) {
        return { path: shownPath([...current.path, key]), problem: `"${key}" is not allowed as a field name` };
      }
      const problem = textProblem(key);
      if (problem) return { path: shownPath([...current.path, key]), problem };
    }
    // reversed, so that the first key in document order is reported first
    for (let i = keys.length - 1; i >= 0; i--) {
      stack.push({ value: (current.value as Record<string, unknown>)[keys[i]], path: [...current.path, keys[i]] });
    }
  }
  return undefined;
}

/**
 * Throws an InputError naming the field (`spec.__proto__: "__proto__" is not allowed as a field name`) when the
 * value holds a forbidden key anywhere, or nests too deep. `prefix` is where the value sits (e.g. `['value']`).
 */
export function assertNoForbiddenKeys(value: unknown, prefix: readonly string[] = []): void {
  const found = findForbiddenKey(value, prefix);
  if (found) throw new InputError(`${found.path || 'body'}: ${found.problem}`);
}

/**
 * Sets `value` at `path` below `target`, creating objects without a prototype on the way and reading only own
 * properties, so no part of the path can reach an inherited object. Callers refuse forbidden paths first (with a
 * message naming their input); a forbidden part here is a programming error.
 */
export function setAtPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const part = forbiddenPart(path);
  if (part !== undefined || path.length === 0) throw new Error(`refusing to set the object path ${path.join('.')}`);
  let current = target;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(current, key) ? current[key] : undefined;
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      current = next as Record<string, unknown>;
    } else {
      const created = Object.create(null) as Record<string, unknown>;
      current[key] = created;
      current = created;
    }
  }
  current[path[path.length - 1]] = value;
}

/** An object without a prototype, to build input into. */
export function emptyRecord(): Record<string, unknown> {
  return Object.create(null);
}

/** A field name or value from input as shown in a message: long ones are cut (a message never carries a payload). */
export function shownName(name: string, max = 64): string {
  return name.length > max ? `${name.slice(0, max)}…` : name;
}

/** Any input value as shown in a message: JSON for what is not a string, cut like {@link shownName}. */
export function shownValue(value: unknown, max = 64): string {
  return shownName(typeof value === 'string' ? value : String(JSON.stringify(value)), max);
}

/** A path as shown in a message: each part cut, and a long path cut in the middle (`spec.a.b.c.d.e.f.….z`). */
function shownPath(path: readonly string[]): string {
  const parts = path.length > 9 ? [...path.slice(0, 7), '…', path[path.length - 1]] : path;
  return parts.map(part => shownName(part)).join('.');
}
