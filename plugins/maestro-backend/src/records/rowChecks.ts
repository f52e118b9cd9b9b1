import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import type { UpsertRow } from './InventoryStore';
import type { FieldProblem, RecordValidator } from './RecordValidator';

/** One invalid row of an import: its number, kind and name as given, and every problem found. */
export interface RowReport {
  row: number;
  kind?: unknown;
  name?: unknown;
  problems: string[];
}

/**
 * An import with invalid rows: nothing was written. The API answers it as a 400 whose body also lists the rows
 * (`rows`), and whose message names the first five (`2 of 3 rows are invalid; nothing was imported: row 1: …`).
 */
export class InvalidRowsError extends InputError {
  readonly rows: RowReport[];

  constructor(rows: RowReport[], total: number) {
    super(
      `${rows.length} of ${total} rows are invalid; nothing was imported: ${rows
        .slice(0, 5)
        .map(r => `row ${r.row}: ${r.problems.join('; ')}`)
        .join(' | ')}${rows.length > 5 ? ' | …' : ''}`,
    );
    this.rows = rows;
  }
}

/** An import row's fields as given. */
interface GivenRow {
  kind?: unknown;
  name?: unknown;
  owner?: unknown;
  title?: unknown;
  spec?: unknown;
  version?: unknown;
}

/** What is wrong with an import row: its record fields, and its version when it has one. */
export function importRowProblems(row: GivenRow, validator: RecordValidator): string[] {
  const problems: string[] = [];
  try {
    const kind = validator.kind(row.kind);
    validator.assertValid({
      kind,
      name: row.name ?? '',
      owner: row.owner ?? '',
      title: row.title,
      spec: row.spec ?? null,
    });
  } catch (error) {
    problems.push(...(error as Error).message.split('; '));
  }
  if (row.version !== undefined && row.version !== null && !isVersion(row.version)) {
    problems.push('version: must be the positive integer version you read (or left out)');
  }
  return problems;
}

/** A valid import row as the store's upsert row (its version, when given, is the one the row must find). */
export function upsertRowOf(row: GivenRow, validator: RecordValidator): UpsertRow {
  return {
    kind: validator.kind(row.kind),
    name: row.name as string,
    owner: row.owner as string,
    title: row.title as string | undefined,
    spec: row.spec as JsonObject,
    ...(isVersion(row.version) ? { expectedVersion: row.version } : {}),
  };
}

function isVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

const described = (problems: FieldProblem[]) => problems.map(p => `${p.field}: ${p.message}`);

/**
 * What is wrong with a row Maestro writes itself (discovery, jobs). A row that replaces a record is checked whole;
 * a row that merges into one (`mergeFields`) may lack required spec fields the stored record has, and its name
 * is the stored record's: both are checked by {@link assertNewRowsComplete} for the rows that create a record.
 */
export function systemRowProblems(row: UpsertRow, validator: RecordValidator): string[] {
  const merging = row.mergeFields !== undefined;
  return described([
    ...(merging ? [] : validator.nameProblems(row.name)),
    ...validator.ownerProblems(row.owner),
    ...(row.title !== undefined ? validator.titleProblems(row.title) : []),
    ...validator.specProblems(row.kind, row.spec).filter(p => !merging || p.message !== 'is required'),
  ]);
}

/**
 * Inside the write transaction: the merge rows that create a record (none stored under their kind and name)
 * must be complete records, with a valid name and every required spec field.
 */
export function assertNewRowsComplete(rows: UpsertRow[], existing: InventoryRecord[], validator: RecordValidator) {
  const stored = new Set(existing.map(r => `${r.kind}/${r.name}`));
  for (const [index, row] of rows.entries()) {
    if (row.mergeFields === undefined || stored.has(`${row.kind}/${row.name}`)) continue;
    const problems = described([
      ...validator.nameProblems(row.name),
      ...validator.specProblems(row.kind, row.spec).filter(p => p.message === 'is required'),
    ]);
    if (problems.length) throw new InputError(`${problems.join('; ')} (${row.kind} row ${index + 1})`);
  }
}
