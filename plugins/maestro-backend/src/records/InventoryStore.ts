import type { ChangeAction, ChangeEntry, InventoryRecord, KindCount } from '@maestro/plugin-maestro-common';
import type { JsonObject } from '@backstage/types';

/** Who makes a write, and from where. */
export interface WriteContext {
  /** User entity ref, service subject, or `maestro:discovery/<connection>`. */
  actor: string;
  /** `manual` or `discovery/<connection>`. */
  source?: string;
  reason?: string;
  /**
   * Run every check of the write (validation, name taken, stale version, column lengths) inside its transaction,
   * then roll it back: the would-be record is returned and nothing is written (`?dryRun=true` on the REST API).
   * Only `createRecord` and `updateRecord` honour it.
   */
  dryRun?: boolean;
}

export interface NewRecord {
  kind: string;
  name: string;
  title?: string;
  owner: string;
  spec: JsonObject;
  /**
   * Merge instead of replace when the record exists (discovery): only these spec fields are taken from `spec`
   * (set, or removed when `spec` lacks them); every other field, the owner, and the title when none is given,
   * keep their stored values, so what people entered by hand survives a crawl.
   */
  mergeFields?: string[];
}

/** A row of {@link InventoryStore.upsertRecords}. */
export interface UpsertRow extends NewRecord {
  /**
   * The version the caller read: the record must exist at this version when the transaction reads it (a 409
   * naming the row and `version` otherwise). Without it the row creates the record or overwrites it.
   */
  expectedVersion?: number;
}

/** Options of {@link InventoryStore.upsertRecords}. */
export interface UpsertOptions {
  /** An inactive record that is upserted again becomes active (recorded as a restore). */
  reactivate?: boolean;
  /**
   * Called inside the write transaction, before anything is written, with the existing records the rows name
   * as read there; throwing (e.g. a NotAllowedError) rolls the whole upsert back.
   */
  authorizeExisting?(existing: InventoryRecord[]): void | Promise<void>;
}

export interface RecordPatch {
  /** The version the caller read; a different current version is a conflict. */
  version: number;
  title?: string | null;
  owner?: string;
  spec?: JsonObject;
}

/** One record's change in {@link InventoryStore.updateRecordsTogether}: its id and a patch at the version read. */
export interface RecordPatchOf extends RecordPatch {
  id: string;
}

/** Options of {@link InventoryStore.updateRecordsTogether}. */
export interface UpdateTogetherOptions {
  /**
   * Called inside the write transaction with the records as read there (in the patches' order), after every
   * version was checked and before anything is written; throwing (e.g. a NotAllowedError) rolls it all back.
   */
  checkExisting?(current: InventoryRecord[]): void | Promise<void>;
}

/** Spec fields indexed for lookups: duplicate warnings (hostname, private IP) and discovery's dedupe (providerId). */
export const LOOKUP_KEYS = ['hostname', 'ipv4Private', 'providerId'] as const;

/** @public */
export type LookupKey = (typeof LOOKUP_KEYS)[number];

export interface HistoryQuery {
  kind?: string;
  actor?: string;
  action?: ChangeAction;
  recordId?: string;
  /** ISO-8601, inclusive */
  from?: string;
  /** ISO-8601, inclusive */
  to?: string;
  /** Only changes with a smaller seq (paging backwards). */
  beforeSeq?: number;
  limit: number;
}

export interface UpsertResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Per input row, in order: the record id and what happened to it. */
  rows: Array<{ id: string; kind: string; name: string; outcome: 'created' | 'updated' | 'unchanged' }>;
  /** How many of the updated rows were inactive records made active again (with `reactivate`). */
  reactivated?: number;
}

export type RecordSortField = 'name' | 'kind' | 'updatedAt' | 'createdAt';

export interface ListRecordsOptions {
  kind?: string;
  /** undefined = both */
  active?: boolean;
  /**
   * Case-insensitive substring match on name, title, hostname, IPs, provider id, endpoint, CIDR, account and tag keys
   * and values; records with an exact match on an identifier come first (see searchText.ts).
   */
  search?: string;
  owner?: string;
  ids?: string[];
  /** Exact matches on top-level spec fields (scalar values compared as text), e.g. `{ environment: 'production' }`. */
  specEquals?: Record<string, string>;
  /** A record column, or a top-level spec field as `spec.<field>`. */
  orderBy?: RecordSortField | `spec.${string}`;
  /** With a spec field in orderBy: sort it as a number. */
  orderNumeric?: boolean;
  order?: 'asc' | 'desc';
  offset?: number;
  /**
   * Keyset paging: only records whose id sorts after this one, in id order (orderBy, order and offset are
   * ignored). Rows that change between pages never shift a page. `totalCount` counts the whole filtered set.
   */
  afterId?: string;
  /** With `afterId`: `false` skips counting the filtered set (`totalCount` is then -1), for scans page by page. */
  count?: false;
  limit: number;
}

/**
 * The Maestro inventory store: records of every kind plus their change history. Every write is one transaction
 * that updates the record and appends its change (with before/after), so history is never missing a write.
 */
export interface InventoryStore {
  listRecords(options: ListRecordsOptions): Promise<{ items: InventoryRecord[]; totalCount: number }>;
  getRecord(id: string): Promise<InventoryRecord | undefined>;
  createRecord(record: NewRecord, ctx: WriteContext): Promise<InventoryRecord>;
  updateRecord(id: string, patch: RecordPatch, ctx: WriteContext): Promise<InventoryRecord>;
  /**
   * Updates several records in one transaction, all or nothing: every record must exist and be at the version
   * its patch names (otherwise a 409, StaleRecordsError, naming every record that moved on; nothing written);
   * each record written gets its own history entry with `ctx`'s reason. Returns the records written, in order.
   */
  updateRecordsTogether(
    patches: RecordPatchOf[],
    ctx: WriteContext,
    options?: UpdateTogetherOptions,
  ): Promise<InventoryRecord[]>;
  /** Deletes (inactive) or restores (active) one record; `version` is the version the caller read (409 when stale). */
  setActive(id: string, active: boolean, options: { version: number }, ctx: WriteContext): Promise<InventoryRecord>;
  /**
   * Creates or updates many records by (kind, name) in one transaction: all or nothing. Rows whose content
   * (title, owner, spec) is unchanged are not written and get no history entry.
   */
  upsertRecords(rows: UpsertRow[], ctx: WriteContext, options?: UpsertOptions): Promise<UpsertResult>;
  /**
   * Marks many records active or inactive in one transaction, each with its history entry; records already in
   * that state are left alone. Returns the ids that changed.
   */
  setActiveMany(ids: string[], active: boolean, ctx: WriteContext): Promise<string[]>;
  /** Ids of the records of a kind with these names (any state). */
  findByNames(kind: string, names: string[]): Promise<Array<{ id: string; name: string; owner: string }>>;
  countByKind(): Promise<KindCount[]>;
  /** Counts of active records by a top-level spec field (e.g. Server environment), most frequent first. */
  countBySpecField(kind: string, field: string, limit: number): Promise<Array<{ value: string; count: number }>>;
  /** Most installed services (Server spec.services[].name) across active servers, most frequent first. */
  topServices(limit: number): Promise<Array<{ value: string; count: number }>>;
  /** History of one record, newest first. */
  history(recordId: string, options: { limit: number; beforeSeq?: number }): Promise<ChangeEntry[]>;
  /** Changes across records, newest first, filtered. */
  searchHistory(query: HistoryQuery): Promise<ChangeEntry[]>;
  /** The record as it was at time `at`: found, absent (it did not exist yet), or unknown because history was pruned. */
  recordAsOf(recordId: string, at: string): Promise<RecordAsOf>;
  /**
   * The records of a kind as they were at `at`, a keyset page at a time (by id, after `afterId`); `next` continues.
   * Does not look at pruning: compare `at` with {@link InventoryStore.prunedBefore} first.
   */
  recordsAsOf(
    kind: string,
    at: string,
    page: { afterId: string; limit: number },
  ): Promise<{ records: InventoryRecord[]; next?: string }>;
  /**
   * The records of a kind as they were at each of `times` (ascending ISO times), a keyset page at a time: per
   * record, its state at each time (null: it did not exist yet). A trend reads a kind at several times in one pass.
   * Does not look at pruning.
   */
  recordStatesAt(
    kind: string,
    times: string[],
    page: { afterId: string; limit: number },
  ): Promise<{ records: RecordStates[]; next?: string }>;
  /** One change by seq. */
  getChange(seq: number): Promise<ChangeEntry | undefined>;
  /**
   * Deletes history older than `before` in batches, always keeping each record's latest change (so "as of" and
   * the feed stay answerable), and records `before` as the prune watermark. Returns the number of changes deleted.
   */
  pruneHistory(before: string, options?: { batchSize?: number }): Promise<number>;
  /** The prune watermark: history before this time may be missing (undefined when retention never ran). */
  prunedBefore(): Promise<string | undefined>;
  /** Active records of a kind whose lookup key has this value, optionally for one owner. */
  findByKey(options: {
    kind: string;
    key: LookupKey;
    value: string;
    owner?: string;
  }): Promise<Array<{ id: string; name: string }>>;
  /** Records of a kind (active or not) whose lookup key has one of these values. */
  findByKeyValues(options: {
    kind: string;
    key: LookupKey;
    values: string[];
  }): Promise<Array<{ id: string; name: string; value: string; active: boolean }>>;
  /**
   * The global change feed after a feed position, in the order the changes became visible (decision 0012); each
   * entry carries its `position`.
   */
  changes(options: { after: number; limit: number }): Promise<ChangeEntry[]>;
  /** The highest feed position so far (0 when empty); every committed change is at or below it. */
  feedHead(): Promise<number>;
  /**
   * Calls `listener` after each write this store instance commits (not writes of other processes); returns a
   * function that removes it. The change feed wakes its waiting readers with it.
   */
  onCommittedWrite(listener: () => void): () => void;
}

/** What {@link InventoryStore.recordAsOf} knows about a record at a time. */
export type RecordAsOf =
  | { status: 'found'; record: InventoryRecord }
  /** It did not exist yet (or not at all). */
  | { status: 'absent' }
  /** Its history before `prunedBefore` was deleted by retention: its state then is unknown. */
  | { status: 'pruned'; prunedBefore: string };

export type { ChangeAction };

/** A record as it is now and as it was at each of several times (null when it did not exist then). */
export interface RecordStates {
  current: InventoryRecord;
  states: Array<InventoryRecord | null>;
}
