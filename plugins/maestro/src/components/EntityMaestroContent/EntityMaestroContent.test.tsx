import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { ChangeEntry, InventoryRecord } from '@maestro/plugin-maestro-common';
import { MaestroApi, maestroApiRef } from '../../api';
import { changedFields, EntityMaestroContent } from './EntityMaestroContent';

const v1: InventoryRecord = {
  id: 'r1',
  kind: 'Server',
  name: 'web-01',
  owner: 'group:default/platform',
  spec: { hostname: 'web-01', cpu: 2 },
  version: 1,
  active: true,
  source: 'manual',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'user:default/alice',
  updatedBy: 'user:default/alice',
};
const v2: InventoryRecord = { ...v1, version: 2, spec: { hostname: 'web-01', cpu: 4 }, updatedBy: 'user:default/bob' };
const history: ChangeEntry[] = [
  { seq: 2, recordId: 'r1', kind: 'Server', name: 'web-01', action: 'update', actor: 'user:default/bob', at: v2.updatedAt, reason: 'resize', before: v1, after: v2 },
  { seq: 1, recordId: 'r1', kind: 'Server', name: 'web-01', action: 'create', actor: 'user:default/alice', at: v1.createdAt, after: v1 },
];

const entity = {
  apiVersion: 'maestro.backstage.io/v1alpha1',
  kind: 'Server',
  metadata: { name: 'web-01', annotations: { 'maestro.backstage.io/record-id': 'r1' } },
  spec: { hostname: 'web-01', owner: 'group:default/platform' },
};

describe('EntityMaestroContent', () => {
  it('shows the record and its history with who changed which field', async () => {
    const api: jest.Mocked<MaestroApi> = {
      getSummary: jest.fn(),
      listRecords: jest.fn(),
      getRecord: jest.fn(async (_id: string) => v2),
      getHistory: jest.fn(async (_id: string, _options?: { limit?: number }) => ({ items: history })),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntityMaestroContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('History')).toBeInTheDocument();
    expect(api.getRecord).toHaveBeenCalledWith('r1');
    expect(screen.getByText('spec.cpu')).toBeInTheDocument();
    expect(screen.getByText('user:default/bob')).toBeInTheDocument();
    expect(screen.getByText('resize')).toBeInTheDocument();
    expect(screen.getByText('created')).toBeInTheDocument();
  });

  it('explains when the entity is not managed by Maestro', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, {} as MaestroApi]]}>
        <EntityProvider entity={{ ...entity, metadata: { name: 'x' } }}>
          <EntityMaestroContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(screen.getByText(/not managed by Maestro/)).toBeInTheDocument();
  });
});

describe('changedFields', () => {
  it('names changed top-level and spec fields', () => {
    expect(changedFields(history[0])).toEqual(['spec.cpu']);
    expect(changedFields({ ...history[0], after: { ...v2, active: false, owner: 'group:default/x' } })).toEqual([
      'active',
      'owner',
      'spec.cpu',
    ]);
  });
});
