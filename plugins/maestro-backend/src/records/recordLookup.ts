import { NotFoundError } from '@backstage/errors';
import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import type { InventoryStore } from './InventoryStore';
import { shownName } from '../input/forbiddenKeys';

/** The record with this id, or a 404 that quotes at most the start of an over-long id. */
export async function mustGetRecord(store: InventoryStore, id: string): Promise<InventoryRecord> {
  const record = await store.getRecord(id);
  if (!record) throw new NotFoundError(`no inventory record with id ${shownName(id)}`);
  return record;
}
