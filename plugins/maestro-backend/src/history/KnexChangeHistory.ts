import { Knex } from 'knex';
import type { ChangeAction, ChangeEntry, InventoryRecord } from '@maestro/plugin-maestro-common';
import type { HistoryQuery, RecordAsOf, RecordStates } from '../records/InventoryStore';
import { RECORD_COLUMNS, RecordRow, toRecord } from '../records/rows';

/** Any constant: serialises the short position assignments of the change feed on PostgreSQL (decision 0012). */
const FEED_LOCK_KEY = 0x6d61657374726f; // "maestro"
/** Changes given a feed position per statement. */
const POSITION_BATCH = 10_000;
/** Changes whose `before` is read per statement (bind parameters stay well under both engines' limits). */
const BEFORE_BATCH = 5000;
/** Changes deleted per statement when pruning. */
const PRUNE_BATCH = 1000;

/**
 * Gives the next feed positions to committed changes that have none, in seq order. One statement, the same SQL on
 * both engines (UPDATE … FROM: PostgreSQL, SQLite ≥ 3.33); `max(pos)` is read inside it.
 */
const ASSIGN_POSITIONS = `
  update maestro_changes as c
  set pos = t.base + t.rn
  from (
    select seq,
           row_number() over (order by seq) as rn,
           (select coalesce(max(pos), 0) from maestro_changes) as base
    from maestro_changes
    where pos is null
    order by seq
    limit ?
  ) as t
  where c.seq = t.seq`;

type ChangeRow = {
  seq: number | string;
  pos: number | string | null;
  record_id: string;
  kind: string;
  name: string;
  action: ChangeAction;
  actor: string;
  at: string;
  reason: string | null;
  before: string | null;
  after: string | null;
};

type ChangeWithState = ChangeRow & { next_before?: string | null } & {
  [K in (typeof RECORD_COLUMNS)[number] as `r_${K}`]?: RecordRow[K] | null;
};

/**
 * The history side of the store: per-record history, the global change feed, "as of" reads and retention.
 *
 * Feed order (decision 0012): writers insert their change rows without a feed position and never wait for each
 * other; a reader first gives positions to every committed change that has none (a short statement under an
 * advisory lock on PostgreSQL), then reads by position. So positions follow the order in which changes became
 * visible, and a reader that has seen position N never later finds a change behind it.
 */
export class KnexChangeHistory {
  readonly #db: Knex;
  readonly #isPostgres: boolean;

  constructor(db: Knex) {
    this.#db = db;
    this.#isPostgres = db.client.config.client === 'pg';
  }

  /**
   * Changes with the record as it was after each one. Only `before` is stored (decision 0006): the state after a
   * change is the next change's `before`, or the current record for its latest change. Rows written with a
   * stored `after` (earlier versions) keep using it.
   */
  #changeRows() {
    return this.#db('maestro_changes as c')
      .leftJoin('maestro_records as r', 'r.id', 'c.record_id')
      .select(
        'c.*',
        this.#db.raw(
          '(select n."before" from maestro_changes n where n.record_id = c.record_id and n.seq > c.seq order by n.seq asc limit 1) as next_before',
        ),
        ...RECORD_COLUMNS.map(column => `r.${column} as r_${column}`),
      );
  }

  async history(recordId: string, options: { limit: number; beforeSeq?: number }) {
    const query = this.#changeRows().where('c.record_id', recordId);
    if (options.beforeSeq !== undefined) query.where('c.seq', '<', options.beforeSeq);
    const rows = await query.orderBy('c.seq', 'desc').limit(options.limit);
    return rows.map(toChange);
  }

  async searchHistory(query: HistoryQuery) {
    const q = this.#changeRows();
    if (query.kind) q.where('c.kind', query.kind);
    if (query.actor) q.where('c.actor', query.actor);
    if (query.action) q.where('c.action', query.action);
    if (query.recordId) q.where('c.record_id', query.recordId);
    if (query.from) q.where('c.at', '>=', query.from);
    if (query.to) q.where('c.at', '<=', query.to);
    if (query.beforeSeq !== undefined) q.where('c.seq', '<', query.beforeSeq);
    const rows = await q.orderBy('c.seq', 'desc').limit(query.limit);
    return rows.map(toChange);
  }

  /**
   * What the record was at `at`. Retention deletes each record's oldest changes first and keeps its latest, so
   * the kept changes of a record are a complete suffix of its history: the latest kept change at or before `at`
   * is exact. Without one, the record was created later (its first kept change is its creation), or its state
   * before the first kept change is that change's `before` when `at` is after the prune watermark, or unknown.
   */
  async recordAsOf(recordId: string, at: string): Promise<RecordAsOf> {
    const row = await this.#changeRows()
      .where('c.record_id', recordId)
      .where('c.at', '<=', at)
      .orderBy('c.seq', 'desc')
      .first();
    if (row) {
      const record = toChange(row).after;
      return record ? { status: 'found', record } : { status: 'absent' };
    }
    const first: ChangeRow | undefined = await this.#db('maestro_changes')
      .where('record_id', recordId)
      .orderBy('seq', 'asc')
      .first();
    if (!first || first.action === 'create' || !first.before) return { status: 'absent' };
    // the record's earlier changes were pruned
    const prunedBefore = (await this.prunedBefore()) ?? first.at;
    if (at < prunedBefore) return { status: 'pruned', prunedBefore };
    return { status: 'found', record: JSON.parse(first.before) as InventoryRecord };
  }

  /** A keyset page of a kind's records (by id, after `afterId`), and the id to continue from (none after the last). */
  async #recordPage(kind: string, page: { afterId: string; limit: number }, extra: Knex.Raw[] = []) {
    const rows: Array<RecordRow & Record<string, unknown>> = await this.#db('maestro_records as r')
      .where('r.kind', kind)
      .where('r.id', '>', page.afterId)
      .orderBy('r.id', 'asc')
      .limit(page.limit)
      .select(...RECORD_COLUMNS.map(column => `r.${column}`), ...extra);
    const next = rows.length === page.limit ? rows[rows.length - 1].id : undefined;
    return { rows, next };
  }

  /** The records before the given changes (null for a creation), by seq; each read and parsed once. */
  async #befores(seqs: Iterable<number>): Promise<Map<number, InventoryRecord | null>> {
    const wanted = [...new Set(seqs)];
    const out = new Map<number, InventoryRecord | null>();
    for (let i = 0; i < wanted.length; i += BEFORE_BATCH) {
      const rows: Array<{ seq: number | string; before: string | null }> = await this.#db('maestro_changes')
        .whereIn('seq', wanted.slice(i, i + BEFORE_BATCH))
        .select('seq', 'before');
      for (const row of rows) out.set(Number(row.seq), row.before ? (JSON.parse(row.before) as InventoryRecord) : null);
    }
    return out;
  }

  /**
   * The records of a kind as they were at `at`, one keyset page (records whose id sorts after `afterId`, in id
   * order, at most `limit` of them read): a record's state then is the `before` of its first change after `at`
   * (none for a record created later), or the record as it is now when it has not changed since. Records deleted
   * (inactive) then are included with `active: false`. Answers `next` to continue from, undefined after the last.
   * Each record's first change after `at` is found in the (record_id, seq, at) index, without reading its older
   * changes; only those changes' `before` are read.
   */
  async recordsAsOf(kind: string, at: string, page: { afterId: string; limit: number }) {
    const { rows, next } = await this.#recordPage(kind, page, [
      this.#db.raw(
        '(select c.seq from maestro_changes c where c.record_id = r.id and c.at > ? ' +
          'order by c.seq asc limit 1) as then_seq',
        [at],
      ),
    ]);
    const thenSeq = (row: Record<string, unknown>) => (row.then_seq === null ? undefined : Number(row.then_seq));
    const befores = await this.#befores(rows.map(thenSeq).filter((seq): seq is number => seq !== undefined));
    const records: InventoryRecord[] = [];
    for (const row of rows) {
      const seq = thenSeq(row);
      if (seq === undefined) records.push(toRecord(row));
      else if (befores.get(seq)) records.push(befores.get(seq)!);
    }
    return { records, next };
  }

  /**
   * The records of a kind as they were at each of `times` (ascending), a keyset page at a time (by id, after
   * `afterId`): per record, its state at each time (null when it did not exist then), by the same rule as
   * {@link KnexChangeHistory.recordsAsOf}. Reads the page's changes since the first time from the index (seq and
   * time only), then the `before` of just the changes that are a record's first after one of the times.
   */
  async recordStatesAt(kind: string, times: string[], page: { afterId: string; limit: number }) {
    const { rows, next } = await this.#recordPage(kind, page);
    if (rows.length === 0 || times.length === 0) return { records: [] as RecordStates[], next };
    const changes: Array<{ record_id: string; seq: number | string; at: string }> = await this.#db('maestro_changes')
      .whereIn(
        'record_id',
        rows.map(r => r.id),
      )
      .where('at', '>', times[0])
      .orderBy([
        { column: 'record_id', order: 'asc' },
        { column: 'seq', order: 'asc' },
      ])
      .select('record_id', 'seq', 'at');
    const byRecord = new Map<string, Array<{ seq: number; at: string }>>();
    for (const change of changes) {
      const list = byRecord.get(change.record_id) ?? [];
      list.push({ seq: Number(change.seq), at: change.at });
      byRecord.set(change.record_id, list);
    }
    // per record and time: the seq of its first change after the time, or undefined (the record as it is now)
    const firstAfter = rows.map(row => {
      const list = byRecord.get(row.id) ?? [];
      return times.map(time => list.find(change => change.at > time)?.seq);
    });
    const befores = await this.#befores(firstAfter.flat().filter((seq): seq is number => seq !== undefined));
    return {
      records: rows.map((row, i) => {
        const current = toRecord(row);
        return { current, states: firstAfter[i].map(seq => (seq === undefined ? current : befores.get(seq) ?? null)) };
      }),
      next,
    };
  }

  async getChange(seq: number) {
    const row = await this.#changeRows().where('c.seq', seq).first();
    return row ? toChange(row) : undefined;
  }

  async changes(options: { after: number; limit: number }) {
    await this.assignPositions();
    const rows = await this.#changeRows()
      .where('c.pos', '>', options.after)
      .orderBy('c.pos', 'asc')
      .limit(options.limit);
    return rows.map(row => ({ ...toChange(row), position: Number(row.pos) }));
  }

  async feedHead() {
    await this.assignPositions();
    const row = await this.#db('maestro_changes').max({ max: 'pos' }).first();
    return Number(row?.max ?? 0);
  }

  /** Gives feed positions to the committed changes that have none (see the class comment). */
  async assignPositions(): Promise<void> {
    const pending = await this.#db('maestro_changes').whereNull('pos').first('seq');
    if (!pending) return;
    for (;;) {
      const assigned = await this.#db.transaction(async tx => {
        if (this.#isPostgres) await tx.raw('select pg_advisory_xact_lock(?)', [FEED_LOCK_KEY]);
        const result = await tx.raw(ASSIGN_POSITIONS, [POSITION_BATCH]);
        return Number(this.#isPostgres ? result.rowCount : result.changes);
      });
      if (assigned < POSITION_BATCH) return;
    }
  }

  /**
   * Deletes changes older than `before` in batches (each its own short statement), oldest first, always keeping
   * each record's latest change. The watermark is recorded first, so "as of" answers "pruned" rather than "did
   * not exist" for earlier times, even while the deletion runs.
   */
  async pruneHistory(before: string, options: { batchSize?: number } = {}): Promise<number> {
    const batchSize = options.batchSize ?? PRUNE_BATCH;
    const current = await this.prunedBefore();
    if (!current || current < before) {
      await this.#db('maestro_history_pruning')
        .insert({ id: 1, pruned_before: before, pruned_at: new Date().toISOString() })
        .onConflict('id')
        .merge();
    }
    let deleted = 0;
    let cursor = 0;
    for (;;) {
      const seqs: Array<number | string> = await this.#db('maestro_changes as c')
        .where('c.at', '<', before)
        .where('c.seq', '>', cursor)
        .whereExists(q =>
          q
            .select(this.#db.raw('1'))
            .from('maestro_changes as n')
            .whereRaw('n.record_id = c.record_id and n.seq > c.seq'),
        )
        .orderBy('c.seq', 'asc')
        .limit(batchSize)
        .pluck('c.seq');
      if (seqs.length === 0) return deleted;
      deleted += await this.#db('maestro_changes').whereIn('seq', seqs).delete();
      cursor = Number(seqs[seqs.length - 1]);
      if (seqs.length < batchSize) return deleted;
    }
  }

  /** The time before which retention has deleted history (undefined when it never ran). */
  async prunedBefore(): Promise<string | undefined> {
    const row = await this.#db('maestro_history_pruning').where({ id: 1 }).first('pruned_before');
    return row?.pruned_before ?? undefined;
  }
}

/** The record after a change: stored, or the next change's `before`, or the current record. */
function afterOf(row: ChangeWithState): InventoryRecord | undefined {
  if (row.after) return JSON.parse(row.after);
  if (row.next_before) return JSON.parse(row.next_before);
  if (!row.r_id) return undefined;
  const current = Object.fromEntries(RECORD_COLUMNS.map(c => [c, row[`r_${c}`]])) as unknown as RecordRow;
  return toRecord(current);
}

function toChange(row: ChangeWithState): ChangeEntry {
  const after = afterOf(row);
  return {
    seq: Number(row.seq),
    recordId: row.record_id,
    kind: row.kind,
    name: row.name,
    action: row.action,
    actor: row.actor,
    at: row.at,
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.before ? { before: JSON.parse(row.before) } : {}),
    ...(after ? { after } : {}),
  };
}
