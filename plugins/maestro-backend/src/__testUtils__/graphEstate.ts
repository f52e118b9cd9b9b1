import type { JsonObject } from '@backstage/types';
import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import type { RecordSource } from '../reports/singleReport';

/** A record as the store would hold it (only kind, name and spec matter to the graphs). */
export function record(kind: string, name: string, spec: JsonObject, active = true): InventoryRecord {
  return {
    id: `${kind}-${name}`,
    kind,
    name,
    owner: 'group:default/team',
    spec,
    version: 1,
    active,
    source: 'manual',
    createdBy: 'user:default/test',
    updatedBy: 'user:default/test',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

/** A RecordSource over plain records, one kind at a time, in pages of `pageSize`, as the store's source reads. */
export function memoryRecordSource(records: InventoryRecord[], pageSize = 2): RecordSource {
  return async function* read(kind, { active }) {
    const matching = records.filter(r => r.kind === kind && (active === undefined || r.active === active));
    for (let i = 0; i < matching.length; i += pageSize) yield matching.slice(i, i + pageSize);
  };
}

const app = (name: string, spec: JsonObject, active = true) =>
  record('Component', name, { type: 'service', lifecycle: 'production', ...spec }, active);

/**
 * A small estate: client `acme` served by system `shop`, entered through `web`; the chain web →(rest) api →(grpc)
 * orders →(amqp) billing →(rest) orders (a cycle), billing → ledger → archive; api also names a `ghost` that has no
 * record; server srv1 hosts web and api (volume vol1, database db1 of shop on it, load balancer lb1 targets it),
 * srv2 hosts orders; `lonely` depends on nothing and nothing depends on it; `gone` is inactive.
 */
export function smallEstate(): InventoryRecord[] {
  return [
    record('Client', 'acme', {}),
    record('System', 'shop', { clients: ['acme'], entryApplications: ['web'] }),
    app('web', { system: 'shop', servers: ['srv1'], dependencies: [{ ref: 'api', protocol: 'rest' }] }),
    app('api', {
      system: 'shop',
      servers: ['srv1'],
      dependencies: [{ ref: 'component:default/orders', protocol: 'grpc' }, { ref: 'ghost' }],
    }),
    app('orders', { servers: ['srv2'], dependencies: [{ ref: 'billing', protocol: 'amqp' }] }),
    app('billing', { dependencies: [{ ref: 'orders', protocol: 'rest' }, { ref: 'ledger' }] }),
    app('ledger', { dependencies: [{ ref: 'archive' }] }),
    app('archive', {}),
    app('lonely', { servers: ['srv2'] }),
    app('gone', { dependencies: [{ ref: 'web' }] }, false),
    record('Server', 'srv1', { storage: [{ volume: 'vol1' }] }),
    record('Server', 'srv2', {}),
    record('Volume', 'vol1', { server: 'srv1' }),
    record('Database', 'db1', { servers: [{ server: 'srv1' }], systems: ['shop'] }),
    record('LoadBalancer', 'lb1', { targets: ['srv1'] }),
  ];
}
