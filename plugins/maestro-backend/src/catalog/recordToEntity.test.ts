import { InventoryRecord } from '@maestro/plugin-maestro-common';
import { locationKeyOf, recordToEntity } from './recordToEntity';

const record: InventoryRecord = {
  id: 'c0ffee',
  kind: 'Server',
  name: 'web-01',
  title: 'Web 01',
  owner: 'group:default/platform',
  spec: { hostname: 'web-01', cpu: 2 },
  version: 3,
  active: true,
  source: 'manual',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  createdBy: 'user:default/a',
  updatedBy: 'user:default/b',
};

describe('recordToEntity', () => {
  it('projects a record with the owner in spec and Maestro annotations', () => {
    expect(recordToEntity(record)).toEqual({
      apiVersion: 'maestro.backstage.io/v1alpha1',
      kind: 'Server',
      metadata: {
        name: 'web-01',
        namespace: 'default',
        title: 'Web 01',
        annotations: {
          'backstage.io/managed-by-location': 'maestro:records/c0ffee',
          'backstage.io/managed-by-origin-location': 'maestro:records/c0ffee',
          'maestro.backstage.io/record-id': 'c0ffee',
          'maestro.backstage.io/source': 'manual',
        },
      },
      spec: { hostname: 'web-01', cpu: 2, owner: 'group:default/platform' },
    });
    expect(locationKeyOf('c0ffee')).toBe('maestro:c0ffee');
  });

  it('does not change when only the version or timestamps change (no needless re-stitching)', () => {
    expect(recordToEntity({ ...record, version: 9, updatedAt: '2027-01-01T00:00:00.000Z' })).toEqual(
      recordToEntity(record),
    );
  });
});
