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

  it('turns cloud tags into labels when they are valid labels, and leaves the rest in spec', () => {
    const tagged = {
      ...record,
      spec: {
        ...record.spec,
        tags: {
          Name: 'web-01',
          environment: 'production',
          team: 'Platform Team',
          'aws:cloudformation:stack-name': 'x',
          cost: '',
        },
      },
    };
    const entity = recordToEntity(tagged);
    expect(entity.metadata.labels).toEqual({ Name: 'web-01', environment: 'production' });
    expect(Object.keys(entity.metadata.labels!)).toEqual(['Name', 'environment']);
    expect((entity.spec as any).tags.team).toBe('Platform Team');
    expect(recordToEntity(record).metadata.labels).toBeUndefined();
  });

  it('does not change when only the version or timestamps change (no needless re-stitching)', () => {
    expect(recordToEntity({ ...record, version: 9, updatedAt: '2027-01-01T00:00:00.000Z' })).toEqual(
      recordToEntity(record),
    );
  });

  it('projects applications as Backstage Components with dependsOn and system as full refs', () => {
    const entity = recordToEntity({
      ...record,
      kind: 'Component',
      name: 'shop-api',
      title: undefined,
      spec: {
        type: 'service',
        lifecycle: 'production',
        language: 'go',
        servers: ['web-01'],
        dependencies: [
          { ref: 'orders-db', protocol: 'sql' },
          { ref: 'resource:default/cache', protocol: 'tcp' },
        ],
        system: 'shop',
      },
    });
    expect(entity.apiVersion).toBe('backstage.io/v1alpha1');
    expect(entity.spec).toEqual({
      type: 'service',
      lifecycle: 'production',
      language: 'go',
      servers: ['web-01'],
      dependencies: [
        { ref: 'orders-db', protocol: 'sql' },
        { ref: 'resource:default/cache', protocol: 'tcp' },
      ],
      system: 'system:default/shop',
      owner: 'group:default/platform',
      dependsOn: ['component:default/orders-db', 'resource:default/cache'],
    });
  });

  it('projects a System with its description and links in metadata', () => {
    const entity = recordToEntity({
      ...record,
      kind: 'System',
      name: 'shop',
      spec: { description: 'The shop', links: [{ url: 'https://shop.example.com', title: 'Shop' }], clients: ['acme'] },
    });
    expect(entity.metadata.description).toBe('The shop');
    expect(entity.metadata.links).toEqual([{ url: 'https://shop.example.com', title: 'Shop' }]);
    expect(entity.spec).toEqual({ clients: ['acme'], owner: 'group:default/platform' });
  });
});
