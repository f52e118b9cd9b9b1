import type { ReportKindFields, SavedReport } from '@maestro/plugin-maestro-common';

/** A small report-field catalogue: a field of every type on Server, and Datacenter → Server → Volume links. */
export const REPORT_KINDS: ReportKindFields[] = [
  {
    kind: 'Server',
    fields: [
      { path: 'name', type: 'string' },
      { path: 'active', type: 'boolean' },
      { path: 'createdAt', type: 'date' },
      { path: 'spec.cpu', type: 'number' },
      { path: 'spec.environment', type: 'enum', values: ['production', 'staging', 'development'] },
      { path: 'spec.services.name', type: 'array', itemType: 'string' },
      { path: 'spec.tags', type: 'tags' },
    ],
    links: [
      { kind: 'Datacenter', via: [{ kind: 'Server', field: 'spec.datacenter' }] },
      { kind: 'Volume', via: [{ kind: 'Volume', field: 'spec.server' }] },
    ],
  },
  {
    kind: 'Datacenter',
    fields: [
      { path: 'name', type: 'string' },
      { path: 'spec.provider', type: 'enum', values: ['aws', 'openstack'] },
    ],
    links: [{ kind: 'Server', via: [{ kind: 'Server', field: 'spec.datacenter' }] }],
  },
  {
    kind: 'Volume',
    fields: [
      { path: 'name', type: 'string' },
      { path: 'spec.sizeGb', type: 'number' },
    ],
    links: [{ kind: 'Server', via: [{ kind: 'Volume', field: 'spec.server' }] }],
  },
  { kind: 'Contact', fields: [{ path: 'name', type: 'string' }], links: [] },
];

/** A saved report as the API answers it. */
export function savedReport(definition: SavedReport['definition'], extra: Partial<SavedReport> = {}): SavedReport {
  return {
    id: 'r1',
    name: definition.name,
    type: definition.type,
    definition,
    owner: 'user:default/alice',
    createdBy: 'user:default/alice',
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedBy: 'user:default/alice',
    updatedAt: '2026-11-02T10:00:00.000Z',
    version: 3,
    ...extra,
  };
}
