import type { InventoryRecord } from '@maestro/plugin-maestro-common';

/** Columns of `maestro_records`, in the order the history reader aliases them (`r_<column>`). */
export const RECORD_COLUMNS = [
  'id',
  'kind',
  'name',
  'title',
  'owner',
  'spec',
  'version',
  'active',
  'source',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
] as const;

export type RecordRow = {
  id: string;
  kind: string;
  name: string;
  title: string | null;
  owner: string;
  spec: string;
  version: number;
  active: boolean | number;
  source: string;
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string;
  /** Lower-cased identifiers and tags, for `q` (see searchText.ts); absent from rows read through the history. */
  search_text?: string;
};

export function toRecord(row: RecordRow): InventoryRecord {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    ...(row.title ? { title: row.title } : {}),
    owner: row.owner,
    spec: JSON.parse(row.spec),
    version: Number(row.version),
    active: row.active === true || row.active === 1,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
  };
}

export function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
