import type { JsonObject } from '@backstage/types';

/**
 * A record of the Maestro inventory store.
 * @public
 */
export interface InventoryRecord {
  id: string;
  kind: string;
  /** Catalog entity name: unique per kind, `[a-z0-9A-Z-_.]`, at most 63 characters. */
  name: string;
  title?: string;
  /** Entity ref of the owner, e.g. `group:default/platform`. */
  owner: string;
  spec: JsonObject;
  /** Incremented on each write; send it back on update (optimistic concurrency). */
  version: number;
  active: boolean;
  /** `manual` or `discovery/<connection>`. */
  source: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
}

/** @public */
export interface CreateRecordRequest {
  kind: string;
  name: string;
  title?: string;
  owner: string;
  spec: JsonObject;
  reason?: string;
}

/** @public */
export interface UpdateRecordRequest {
  version: number;
  title?: string;
  owner?: string;
  spec?: JsonObject;
  reason?: string;
}

/** @public */
export interface ListRecordsResponse {
  items: InventoryRecord[];
  totalCount: number;
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
}

/** @public */
export type ChangeAction = 'create' | 'update' | 'delete' | 'restore';

/**
 * One entry of the change history: who changed what, when, with the record before and after.
 * @public
 */
export interface ChangeEntry {
  /** Id of the change, increasing in write order per record; history paging (`before`) and revert use it. */
  seq: number;
  /**
   * Position in the global change feed (`GET /changes` only): strictly increasing in the order changes became
   * visible. Not comparable with `seq`.
   */
  position?: number;
  recordId: string;
  kind: string;
  name: string;
  action: ChangeAction;
  /** User entity ref, service principal or `maestro:discovery/<connection>`. */
  actor: string;
  at: string;
  reason?: string;
  before?: InventoryRecord;
  after?: InventoryRecord;
}

/** @public */
export interface ChangesResponse {
  changes: ChangeEntry[];
  /** The highest feed position included (or `after` when none); pass as `after` to continue. */
  cursor: number;
}

/** @public */
export interface KindCount {
  kind: string;
  active: number;
  inactive: number;
}

/**
 * A non-blocking remark about a write, e.g. a hostname or private IP already used by another record of the
 * same owner (accepted, as the seed did, but worth a look).
 * @public
 */
export interface WriteWarning {
  field: string;
  message: string;
}

/** Answer of create and update: the record, plus warnings. @public */
export type WriteRecordResponse = InventoryRecord & { warnings: WriteWarning[] };
