import type { ReportField, ReportFilter, ReportKindFields } from '@maestro/plugin-maestro-common';

/** The field a result column shows: `spec.cpu` of the report's kind, or `Server.spec.cpu` of a pivot hop's kind. */
export function columnField(
  kinds: ReportKindFields[],
  column: string,
  kind: string | undefined,
): ReportField | undefined {
  if (kind) return kinds.find(k => k.kind === kind)?.fields.find(f => f.path === column);
  const dot = column.indexOf('.');
  if (dot < 0) return undefined;
  const hopKind = column.slice(0, dot);
  return kinds.find(k => k.kind === hopKind)?.fields.find(f => f.path === column.slice(dot + 1));
}

/**
 * The filter a column's filter input sends (`filters=`): `contains` for text, `eq` for numbers, `oneOf` for enums,
 * `is` for booleans, `after` for dates, `anyOf` for lists and `hasKey` for tags. Undefined when empty, or when the
 * column's field is unknown (no filter input is shown then).
 */
export function columnFilter(column: string, field: ReportField | undefined, value: string): ReportFilter | undefined {
  if (!field || value === '') return undefined;
  switch (field.type) {
    case 'number':
      return { field: column, op: 'eq', value: Number.isFinite(Number(value)) ? Number(value) : value };
    case 'enum':
      return { field: column, op: 'oneOf', value: [value] };
    case 'boolean':
      return { field: column, op: 'is', value: value === 'true' };
    case 'date': {
      const time = new Date(value);
      return { field: column, op: 'after', value: Number.isNaN(time.getTime()) ? value : time.toISOString() };
    }
    case 'array':
      return {
        field: column,
        op: 'anyOf',
        value: [field.itemType === 'number' && Number.isFinite(Number(value)) ? Number(value) : value],
      };
    case 'tags':
      return { field: column, op: 'hasKey', value };
    default:
      return { field: column, op: 'contains', value };
  }
}

/** A cell's text: lists joined, objects as JSON, nothing for no value. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(cellText).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The hops of a pivot's columns (`Server.name`, `Server.owner`, `Volume.name` → Server ×2, Volume ×1), in order. */
export function columnGroups(columns: string[]): Array<{ kind: string; span: number }> {
  const groups: Array<{ kind: string; span: number }> = [];
  for (const column of columns) {
    const kind = column.split('.')[0];
    const last = groups[groups.length - 1];
    if (last && last.kind === kind) last.span++;
    else groups.push({ kind, span: 1 });
  }
  return groups;
}
