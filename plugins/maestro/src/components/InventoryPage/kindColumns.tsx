import type { ReactNode } from 'react';
import {
  DATABASE_FAMILIES,
  DATACENTER_PROVIDERS,
  InventoryRecord,
  NETWORK_TYPES,
  RESOURCE_FAMILIES,
} from '@maestro/plugin-maestro-common';
import Chip from '@material-ui/core/Chip';
import type { RecordOrderBy } from '../../api';
import { RecordLink, RefLink } from '../../shared/RefLink';

/** A column of an inventory table. */
export interface RecordColumn {
  id: string;
  title: string;
  /** What `GET /records` sorts on when the column header is clicked; absent: the column does not sort. */
  orderBy?: RecordOrderBy;
  numeric?: boolean;
  render: (record: InventoryRecord) => ReactNode;
}

/**
 * A filter on a top-level spec field, sent as `spec.<field>=<value>` (exact match). `options` lists the values
 * offered (a select); `optionList` takes them from the settings' option lists; with neither, a text input.
 */
export interface SpecFilter {
  field: string;
  label: string;
  options?: readonly string[];
  optionList?: 'environments' | 'roles';
}

type Spec = Record<string, any>;
const spec = (r: InventoryRecord) => r.spec as Spec;

const text = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(text).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);

/** A column showing a top-level spec field as text, sorted on it. */
function field(name: string, title = name, options: { numeric?: boolean; suffix?: string } = {}): RecordColumn {
  return {
    id: `spec.${name}`,
    title,
    orderBy: `spec.${name}`,
    numeric: options.numeric,
    render: r => {
      const value = text(spec(r)[name]);
      return value && options.suffix ? `${value} ${options.suffix}` : value;
    },
  };
}

/** A column linking to the entity a spec field refers to, sorted on the ref's text. */
function ref(name: string, defaultKind: string, title = name): RecordColumn {
  return {
    id: `spec.${name}`,
    title,
    orderBy: `spec.${name}`,
    render: r => <RefLink entityRef={spec(r)[name]} defaultKind={defaultKind} />,
  };
}

/** A column counting the items of a list field (not sortable). */
function counted(name: string, title: string): RecordColumn {
  return { id: `spec.${name}.count`, title, numeric: true, render: r => count(spec(r)[name]) };
}

const os = (title = 'os'): RecordColumn => ({
  id: 'spec.os',
  title,
  render: r => {
    const value = spec(r).os as { base?: string; distro?: string; version?: string } | undefined;
    return value ? [value.base, value.distro, value.version].filter(Boolean).join(' / ') : '';
  },
});

/** The kind-specific columns, between the name and owner/source/updated. */
export const KIND_COLUMNS: Record<string, RecordColumn[]> = {
  Server: [
    field('hostname'),
    field('ipv4Private', 'private IPv4'),
    os(),
    field('environment'),
    field('role'),
    ref('datacenter', 'datacenter'),
    field('cpu', 'cpu', { numeric: true }),
    field('memory', 'memory', { numeric: true, suffix: 'GiB' }),
  ],
  Database: [
    field('family'),
    field('engine'),
    field('version'),
    field('environment'),
    field('clusterMode', 'cluster mode'),
  ],
  LoadBalancer: [field('service'), field('type'), field('endpoint'), counted('targets', 'targets')],
  Volume: [
    field('attachment'),
    field('sizeGb', 'size', { numeric: true, suffix: 'GB' }),
    ref('server', 'server'),
    field('state'),
  ],
  Snapshot: [ref('volume', 'volume'), field('sizeGb', 'size', { numeric: true, suffix: 'GB' }), field('state')],
  Image: [os(), field('visibility')],
  Network: [field('type'), field('cidr'), ref('parent', 'network')],
  Flavor: [field('cpu', 'cpu', { numeric: true }), field('memory', 'memory', { numeric: true, suffix: 'GiB' })],
  Datacenter: [
    field('provider'),
    { id: 'spec.regions', title: 'regions', render: r => text(spec(r).regions) },
    field('instances', 'instances', { numeric: true }),
  ],
  Client: [
    counted('contacts', 'contacts'),
    { id: 'spec.sla.availability', title: 'SLA availability', render: r => text(spec(r).sla?.availability) },
  ],
  Component: [field('type'), field('lifecycle'), field('language'), field('environment')],
  System: [counted('clients', 'clients')],
  Resource: [field('type'), field('service'), field('environment')],
};

const nameColumn: RecordColumn = {
  id: 'name',
  title: 'Name',
  orderBy: 'name',
  render: r => (
    <>
      <RecordLink record={r} />
      {!r.active && <Chip size="small" label="inactive" variant="outlined" style={{ marginLeft: 8 }} />}
    </>
  ),
};

const trailingColumns: RecordColumn[] = [
  { id: 'owner', title: 'Owner', render: r => <RefLink entityRef={r.owner} defaultKind="group" /> },
  { id: 'source', title: 'Source', render: r => r.source },
  {
    id: 'updatedAt',
    title: 'Updated',
    orderBy: 'updatedAt',
    render: r => new Date(r.updatedAt).toLocaleString(),
  },
];

/** Every column of a kind's inventory table: name, the kind's own, owner, source and last update. */
export function columnsOf(kind: string): RecordColumn[] {
  return [nameColumn, ...(KIND_COLUMNS[kind] ?? []), ...trailingColumns];
}

const ENGINES = [
  'oracle',
  'mysql',
  'aurora-mysql',
  'mariadb',
  'percona',
  'postgresql',
  'mongodb',
  'redis',
  'cassandra',
  'sqlserver',
];

const environment: SpecFilter = { field: 'environment', label: 'Environment', optionList: 'environments' };

/** The column filters offered per kind (enumerations and other fields with few values). */
export const KIND_FILTERS: Record<string, SpecFilter[]> = {
  Server: [environment, { field: 'role', label: 'Role', optionList: 'roles' }, { field: 'status', label: 'Status' }],
  Database: [
    { field: 'family', label: 'Family', options: DATABASE_FAMILIES },
    { field: 'engine', label: 'Engine', options: ENGINES },
    environment,
  ],
  LoadBalancer: [
    { field: 'type', label: 'Type' },
    { field: 'scheme', label: 'Scheme', options: ['internet-facing', 'internal'] },
    environment,
  ],
  Volume: [
    { field: 'attachment', label: 'Attachment', options: ['attached', 'built-in'] },
    { field: 'state', label: 'State' },
  ],
  Snapshot: [{ field: 'state', label: 'State' }],
  Image: [{ field: 'visibility', label: 'Visibility' }],
  Network: [{ field: 'type', label: 'Type', options: NETWORK_TYPES }],
  Flavor: [],
  Datacenter: [{ field: 'provider', label: 'Provider', options: DATACENTER_PROVIDERS }],
  Client: [],
  Component: [
    { field: 'type', label: 'Type' },
    { field: 'lifecycle', label: 'Lifecycle', options: ['production', 'experimental', 'deprecated'] },
    environment,
  ],
  System: [],
  Resource: [{ field: 'type', label: 'Type', options: RESOURCE_FAMILIES }, environment],
};
