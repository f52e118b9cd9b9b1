import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import { MaestroApi, maestroApiRef } from '../api';
import { RecordForm } from '../components/RecordForm';

/** Renders the record form (a Server by default) open over `api`; returns its `onSaved` and `onClose` mocks. */
export async function renderRecordForm(api: MaestroApi, props: { kind?: string; record?: InventoryRecord } = {}) {
  const onSaved = jest.fn();
  const onClose = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[maestroApiRef, api]]}>
      <RecordForm open kind={props.kind ?? 'Server'} record={props.record} onSaved={onSaved} onClose={onClose} />
    </TestApiProvider>,
  );
  return { onSaved, onClose };
}

/** Makes `api.listRecords` answer the `records` of the kind asked whose name contains `q` (what the pickers search). */
export function answerRecordSearches(api: jest.Mocked<MaestroApi>, records: InventoryRecord[]) {
  api.listRecords.mockImplementation(async query => {
    const items = records.filter(r => r.kind === query.kind && (!query.q || r.name.includes(query.q)));
    return { items, totalCount: items.length };
  });
  return api;
}
