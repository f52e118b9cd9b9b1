/**
 * The tabs of the Details entity tab, by kind: which spec fields each tab shows and how. The seed (Maestro
 * Server) showed these per-entity tabs: general, datacenter, storage, auth, services, volumes, network, targets,
 * tags (and history, which is the Maestro entity tab here). A tab only appears when one of its blocks has
 * something to show; any spec field no visible block shows lands in the "Other" tab, so nothing is hidden.
 */

/** A column of a table block: a property of the listed objects. */
export interface Column {
  key: string;
  title: string;
  /** The property holds an entity ref (shown as a link), with this kind when the ref names none. */
  refKind?: string;
  /** The property holds a URL (shown as a link). */
  url?: boolean;
}

/** One card of a tab. */
export type Block =
  /** Spec fields as a label/value table; refs become links. */
  | { type: 'fields'; title: string; fields: string[] }
  /** The properties of one object field (`role`, `lvm`, `sla`, `tags`) as a label/value table. */
  | { type: 'object'; title: string; field: string }
  /** A list of objects as a table. */
  | { type: 'table'; title: string; field: string; columns: Column[] }
  /** A list of refs (or a single ref) as links, one a line. */
  | { type: 'refs'; title: string; field: string }
  /** A list of texts, one a line. */
  | { type: 'list'; title: string; field: string };

/** A tab of the Details entity tab. */
export interface TabLayout {
  id: string;
  label: string;
  blocks: Block[];
  /** The tab applies to the entity only when this holds (e.g. the Oracle tab of Oracle-family databases). */
  when?: (spec: Record<string, unknown>) => boolean;
}

/** The spec fields a block shows. */
export function blockFields(block: Block): string[] {
  return block.type === 'fields' ? block.fields : [block.field];
}

/** Labels of spec fields and of their properties; others are written out from their camelCase name. */
export const FIELD_LABELS: Record<string, string> = {
  ipv4Private: 'Private IPv4',
  ipv4Public: 'Public IPv4',
  os: 'OS',
  cpu: 'CPU',
  memory: 'Memory (GiB)',
  providerId: 'Provider id',
  sizeGb: 'Size (GB)',
  diskGb: 'Disk (GB)',
  gpu: 'GPU',
  clusterMode: 'Cluster mode',
  oracleRole: 'Oracle role',
  storageType: 'Storage type',
  crsVersion: 'CRS version',
  volumeType: 'Volume type',
  mountPath: 'Mount path',
  fileType: 'File system',
  pvName: 'Physical volume',
  vgName: 'Volume group',
  lvName: 'Logical volume',
  startedAt: 'Started at',
  cidr: 'CIDR',
  responseTime: 'Response time',
  supportHours: 'Support hours',
  keyName: 'Key name',
  rootDevice: 'Root device',
  entryApplications: 'Entry applications',
  dependsOn: 'Depends on',
  healthcheck: 'Health check',
};

/** `ipv4Private` → `Ipv4 private`, unless {@link FIELD_LABELS} names it. */
export function labelOf(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const words = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLocaleLowerCase('en-US');
  return words.charAt(0).toLocaleUpperCase('en-US') + words.slice(1);
}

const placement = (extra: string[] = []): TabLayout => ({
  id: 'datacenter',
  label: 'Datacenter',
  blocks: [{ type: 'fields', title: 'Datacenter', fields: ['datacenter', 'region', 'zone', 'providerId', ...extra] }],
});

const tags: TabLayout = {
  id: 'tags',
  label: 'Tags',
  blocks: [{ type: 'object', title: 'Tags', field: 'tags' }],
};

/** RoleInfo (endpoint, port, health check, command) of databases, load balancers, applications, resources. */
const serviceRole: Block = { type: 'object', title: 'Service role', field: 'role' };

const dependencies: Block = {
  type: 'table',
  title: 'Dependencies',
  field: 'dependencies',
  columns: [
    { key: 'ref', title: 'Depends on', refKind: 'Component' },
    { key: 'protocol', title: 'Protocol' },
    { key: 'description', title: 'Description' },
  ],
};

/** The tabs of each kind, in display order. */
export const KIND_LAYOUTS: Record<string, TabLayout[]> = {
  Server: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        {
          type: 'fields',
          title: 'General',
          fields: ['hostname', 'environment', 'role', 'status', 'os', 'cpu', 'memory', 'ipv4Private', 'ipv4Public'],
        },
      ],
    },
    placement(['image', 'flavor']),
    {
      id: 'storage',
      label: 'Storage',
      blocks: [
        {
          type: 'table',
          title: 'Storage',
          field: 'storage',
          columns: [
            { key: 'mount', title: 'Mount' },
            { key: 'sizeGb', title: 'Size (GB)' },
            { key: 'rootDevice', title: 'Root device' },
            { key: 'volume', title: 'Volume', refKind: 'Volume' },
          ],
        },
      ],
    },
    {
      id: 'auth',
      label: 'Auth',
      blocks: [
        {
          type: 'table',
          title: 'Auth',
          field: 'auth',
          columns: [
            { key: 'type', title: 'Type' },
            { key: 'keyName', title: 'Key name' },
            { key: 'username', title: 'Username' },
          ],
        },
      ],
    },
    {
      id: 'services',
      label: 'Services',
      blocks: [
        {
          type: 'table',
          title: 'Services',
          field: 'services',
          columns: [
            { key: 'name', title: 'Service' },
            { key: 'version', title: 'Version' },
          ],
        },
      ],
    },
    {
      id: 'network',
      label: 'Network',
      blocks: [
        { type: 'fields', title: 'Addresses', fields: ['ipv4Private', 'ipv4Public'] },
        { type: 'refs', title: 'Networks', field: 'networks' },
      ],
    },
    tags,
  ],
  Database: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        { type: 'fields', title: 'General', fields: ['family', 'engine', 'version', 'environment', 'clusterMode'] },
        serviceRole,
        { type: 'refs', title: 'Systems', field: 'systems' },
      ],
    },
    {
      id: 'oracle',
      label: 'Oracle',
      when: spec => spec.family === 'oracle',
      blocks: [
        { type: 'fields', title: 'Oracle', fields: ['storageType', 'oracleRole', 'crsVersion'] },
        {
          type: 'table',
          title: 'Container databases',
          field: 'cdbs',
          columns: [
            { key: 'name', title: 'CDB' },
            { key: 'pdbs', title: 'Pluggable databases' },
          ],
        },
      ],
    },
    placement(),
    {
      id: 'servers',
      label: 'Servers',
      blocks: [
        {
          type: 'table',
          title: 'Servers',
          field: 'servers',
          columns: [
            { key: 'server', title: 'Server', refKind: 'Server' },
            { key: 'role', title: 'Role' },
            { key: 'instance', title: 'Instance' },
          ],
        },
      ],
    },
    tags,
  ],
  LoadBalancer: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        {
          type: 'fields',
          title: 'General',
          fields: ['service', 'type', 'scheme', 'environment', 'endpoint', 'healthcheck'],
        },
        serviceRole,
      ],
    },
    {
      id: 'targets',
      label: 'Targets',
      blocks: [
        { type: 'refs', title: 'Targets', field: 'targets' },
        { type: 'refs', title: 'Installed on', field: 'servers' },
      ],
    },
    { id: 'network', label: 'Network', blocks: [{ type: 'refs', title: 'Networks', field: 'networks' }] },
    placement(),
    tags,
  ],
  Volume: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        { type: 'fields', title: 'General', fields: ['attachment', 'sizeGb', 'volumeType', 'encrypted', 'state'] },
      ],
    },
    {
      id: 'attachment',
      label: 'Attachment',
      blocks: [
        { type: 'fields', title: 'Attachment', fields: ['server', 'device', 'mountPath', 'fileType'] },
        { type: 'object', title: 'LVM', field: 'lvm' },
      ],
    },
    placement(),
    tags,
  ],
  Snapshot: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        {
          type: 'fields',
          title: 'General',
          fields: ['volume', 'sizeGb', 'state', 'startedAt', 'encrypted', 'description'],
        },
      ],
    },
    placement(),
    tags,
  ],
  Image: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        {
          type: 'fields',
          title: 'General',
          fields: ['os', 'architecture', 'visibility', 'sizeGb', 'state', 'description'],
        },
      ],
    },
    placement(),
    tags,
  ],
  Flavor: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        { type: 'fields', title: 'General', fields: ['cpu', 'memory', 'diskGb', 'gpu', 'visibility', 'description'] },
      ],
    },
    placement(),
    tags,
  ],
  Network: [
    {
      id: 'general',
      label: 'General',
      blocks: [{ type: 'fields', title: 'General', fields: ['type', 'cidr', 'state', 'description'] }],
    },
    {
      id: 'membership',
      label: 'Membership',
      blocks: [{ type: 'fields', title: 'Membership', fields: ['parent', 'peer'] }],
    },
    { id: 'rules', label: 'Rules', blocks: [{ type: 'list', title: 'Rules', field: 'rules' }] },
    placement(),
    tags,
  ],
  Datacenter: [
    {
      id: 'general',
      label: 'General',
      blocks: [{ type: 'fields', title: 'General', fields: ['provider', 'account', 'instances', 'description'] }],
    },
    {
      id: 'regions',
      label: 'Regions & zones',
      blocks: [
        { type: 'list', title: 'Regions', field: 'regions' },
        { type: 'list', title: 'Zones', field: 'zones' },
      ],
    },
    tags,
  ],
  Client: [
    { id: 'general', label: 'General', blocks: [{ type: 'fields', title: 'General', fields: ['description'] }] },
    {
      id: 'contacts',
      label: 'Contacts',
      blocks: [
        {
          type: 'table',
          title: 'Contacts',
          field: 'contacts',
          columns: [
            { key: 'name', title: 'Name' },
            { key: 'channel', title: 'Channel' },
            { key: 'value', title: 'Contact' },
          ],
        },
      ],
    },
    { id: 'sla', label: 'SLA', blocks: [{ type: 'object', title: 'SLA', field: 'sla' }] },
    tags,
  ],
  Component: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        {
          type: 'fields',
          title: 'General',
          fields: ['type', 'lifecycle', 'language', 'clusterMode', 'environment'],
        },
        serviceRole,
      ],
    },
    {
      id: 'relations',
      label: 'Relations',
      blocks: [
        { type: 'fields', title: 'System', fields: ['system'] },
        { type: 'refs', title: 'Servers', field: 'servers' },
        dependencies,
        { type: 'refs', title: 'Depends on (catalog)', field: 'dependsOn' },
      ],
    },
    {
      id: 'deploys',
      label: 'Deploys',
      blocks: [
        {
          type: 'table',
          title: 'Deploys',
          field: 'deploys',
          columns: [
            { key: 'type', title: 'Type' },
            { key: 'description', title: 'Description' },
          ],
        },
      ],
    },
    tags,
  ],
  System: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        { type: 'fields', title: 'General', fields: ['description', 'domain'] },
        {
          type: 'table',
          title: 'Links',
          field: 'links',
          columns: [
            { key: 'title', title: 'Title' },
            { key: 'url', title: 'URL', url: true },
          ],
        },
      ],
    },
    {
      id: 'relations',
      label: 'Relations',
      blocks: [
        { type: 'refs', title: 'Clients', field: 'clients' },
        { type: 'refs', title: 'Entry applications', field: 'entryApplications' },
      ],
    },
    tags,
  ],
  Resource: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        {
          type: 'fields',
          title: 'General',
          fields: ['type', 'service', 'version', 'environment', 'clusterMode'],
        },
        serviceRole,
      ],
    },
    {
      id: 'relations',
      label: 'Relations',
      blocks: [
        { type: 'fields', title: 'System', fields: ['system'] },
        { type: 'refs', title: 'Servers', field: 'servers' },
        dependencies,
        { type: 'refs', title: 'Depends on (catalog)', field: 'dependsOn' },
      ],
    },
    placement(),
    tags,
  ],
};

/**
 * Spec fields of the catalog entity that are not the record's own and need no tab: the owner (on the About
 * card).
 */
export const NOT_SHOWN = new Set(['owner']);

/** Kinds assumed for refs in fields the catalog projection adds to the record's spec. */
export const PROJECTED_REF_KINDS: Record<string, string> = { dependsOn: 'Component' };
