import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ChangeEntry,
  CreateRecordRequest,
  InventoryRecord,
  JsonSchema,
  KindCount,
  ListRecordsResponse,
  UpdateRecordRequest,
} from '@maestro/plugin-maestro-common';

/** @public */
export interface ListRecordsQuery {
  kind?: string;
  q?: string;
  active?: 'true' | 'false' | 'all';
  orderBy?: 'name' | 'kind' | 'updatedAt' | 'createdAt';
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/**
 * Options of a delete (deactivation) or a restore: the version read, checked by the backend (a stale version is
 * rejected with a 409), and the reason kept in the history.
 * @public
 */
export interface RecordActivationOptions {
  version?: number;
  reason?: string;
}

/** A kind as served by `GET /kinds`. @public */
export interface KindInfo {
  kind: string;
  plural: string;
  specSchema: JsonSchema;
}

/**
 * Client of the Maestro backend API.
 *
 * Every method rejects with a `ResponseError` (from `@backstage/errors`) when the backend answers with an
 * error status: `error.response.status` is the status and `error.body.error.message` the backend's message
 * (`field: problem; field2: problem` for a 400).
 * @public
 */
export interface MaestroApi {
  getSummary(): Promise<{ kinds: KindCount[] }>;
  listRecords(query: ListRecordsQuery): Promise<ListRecordsResponse>;
  getRecord(id: string): Promise<InventoryRecord>;
  getHistory(id: string, options?: { limit?: number }): Promise<{ items: ChangeEntry[] }>;
  /** Creates a record (`POST /records`). */
  createRecord(request: CreateRecordRequest): Promise<InventoryRecord>;
  /** Updates a record (`PUT /records/:id`); `request.version` must be the version read. */
  updateRecord(id: string, request: UpdateRecordRequest): Promise<InventoryRecord>;
  /** Deactivates a record (soft delete, `DELETE /records/:id`). */
  deleteRecord(id: string, options?: RecordActivationOptions): Promise<InventoryRecord>;
  /** Reactivates a deleted record (`POST /records/:id/restore`). */
  restoreRecord(id: string, options?: RecordActivationOptions): Promise<InventoryRecord>;
  /** The kinds the store holds, with the JSON schema of their spec (`GET /kinds`). */
  listKinds(): Promise<{ items: KindInfo[] }>;
}

/** @public */
export const maestroApiRef = createApiRef<MaestroApi>({ id: 'plugin.maestro.api' });
