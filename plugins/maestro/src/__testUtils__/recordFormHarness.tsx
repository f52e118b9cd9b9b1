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
