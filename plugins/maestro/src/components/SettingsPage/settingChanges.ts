const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const asObject = (v: unknown): Record<string, unknown> => (isObject(v) ? v : {});
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A readable summary of what changed between two saved versions of a setting. */
export function describeSettingChange(before: unknown, after: unknown): string[] {
  if (Array.isArray(before) || Array.isArray(after)) {
    return describeListChange('', asList(before), asList(after));
  }
  const b = asObject(before);
  const a = asObject(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return keys.flatMap(key => {
    if (JSON.stringify(b[key]) === JSON.stringify(a[key])) return [];
    if (Array.isArray(b[key]) || Array.isArray(a[key])) {
      return describeListChange(`${key}: `, asList(b[key]), asList(a[key]));
    }
    if (isObject(b[key]) || isObject(a[key])) {
      return describeSettingChange(b[key], a[key]).map(line => `${key}.${line}`);
    }
    return [`${key}: ${String(b[key] ?? '—')} → ${String(a[key] ?? '—')}`];
  });
}

/** Items are compared by their `name` when they have one (services), else by value. */
function describeListChange(prefix: string, before: unknown[], after: unknown[]): string[] {
  const id = (item: unknown) => (isObject(item) && typeof item.name === 'string' ? item.name : JSON.stringify(item));
  const label = (item: unknown) => (typeof item === 'string' ? item : id(item));
  const beforeById = new Map(before.map(item => [id(item), item]));
  const afterById = new Map(after.map(item => [id(item), item]));
  const parts: string[] = [];
  for (const [key, item] of afterById) {
    if (!beforeById.has(key)) parts.push(`+${label(item)}`);
    else if (JSON.stringify(beforeById.get(key)) !== JSON.stringify(item)) parts.push(`~${label(item)}`);
  }
  for (const [key, item] of beforeById) if (!afterById.has(key)) parts.push(`−${label(item)}`);
  return parts.length ? [`${prefix}${parts.join(' ')}`] : [];
}
