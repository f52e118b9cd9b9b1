import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ChangeEntry,
  InventoryRecord,
  KindCount,
  ListRecordsResponse,
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
 * Client of the Maestro backend API.
 * @public
 */
export interface MaestroApi {
  getSummary(): Promise<{ kinds: KindCount[] }>;
  listRecords(query: ListRecordsQuery): Promise<ListRecordsResponse>;
  getRecord(id: string): Promise<InventoryRecord>;
  getHistory(id: string, options?: { limit?: number }): Promise<{ items: ChangeEntry[] }>;
}

/** @public */
export const maestroApiRef = createApiRef<MaestroApi>({ id: 'plugin.maestro.api' });
