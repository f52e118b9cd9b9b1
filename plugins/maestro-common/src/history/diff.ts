/**
 * One field that differs between two versions of a record, by path (`spec.os.version`, `spec.tags.env`,
 * `owner`). Arrays are compared as a whole (`spec.regions`).
 * @public
 */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(path: string, before: unknown, after: unknown, out: FieldChange[]) {
  const objectOrMissing = (v: unknown) => v === undefined || isPlainObject(v);
  if ((isPlainObject(before) || isPlainObject(after)) && objectOrMissing(before) && objectOrMissing(after)) {
    const b = (before ?? {}) as Record<string, unknown>;
    const a = (after ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    for (const key of keys) {
      walk(path ? `${path}.${key}` : key, b[key], a[key], out);
    }
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    out.push({
      path,
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
    });
  }
}

/** Fields of a record that carry content (not bookkeeping such as version and timestamps). */
const CONTENT_FIELDS = ['name', 'title', 'owner', 'active', 'spec'] as const;

/**
 * Field-level differences between two versions of a record (either may be missing: created or not yet existing).
 * Bookkeeping fields (version, timestamps, who) are left out.
 * @public
 */
export function diffRecords(
  before: Record<string, any> | undefined,
  after: Record<string, any> | undefined,
): FieldChange[] {
  const pick = (r: Record<string, any> | undefined) =>
    r ? Object.fromEntries(CONTENT_FIELDS.filter(f => r[f] !== undefined).map(f => [f, r[f]])) : {};
  const out: FieldChange[] = [];
  walk('', pick(before), pick(after), out);
  return out;
}
