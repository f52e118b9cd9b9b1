import { ReactNode } from 'react';
import { InfoCard, StructuredMetadataTable, Table } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { RefLink } from '../shared/RefLink';
import { MAESTRO_KINDS, referencedRefs } from '@maestro/plugin-maestro-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';

type Spec = Record<string, any>;

/** The seed's sections of an entity page, by kind: which spec fields each section shows. */
const SECTIONS: Record<string, Array<{ title: string; fields: string[] }>> = {
  Server: [
    { title: 'General', fields: ['hostname', 'ipv4Private', 'ipv4Public', 'os', 'cpu', 'memory', 'environment', 'role', 'status'] },
    { title: 'Datacenter', fields: ['datacenter', 'region', 'zone', 'providerId', 'image', 'flavor'] },
  ],
  Database: [
    { title: 'General', fields: ['family', 'engine', 'version', 'environment', 'clusterMode', 'role'] },
    { title: 'Oracle', fields: ['storageType', 'oracleRole', 'crsVersion', 'cdbs'] },
    { title: 'Datacenter', fields: ['datacenter', 'region', 'zone', 'providerId'] },
  ],
  LoadBalancer: [
    { title: 'General', fields: ['service', 'type', 'scheme', 'environment', 'endpoint', 'healthcheck', 'role'] },
    { title: 'Datacenter', fields: ['datacenter', 'region', 'zone', 'providerId'] },
  ],
};

/** A spec value for a metadata table: refs become links, objects and lists stay readable. */
function renderValue(field: string, value: unknown, refFields: Map<string, string>): ReactNode {
  const refKind = refFields.get(field);
  if (refKind && typeof value === 'string') {
    return <RefLink entityRef={value} defaultKind={refKind} />;
  }
  if (refKind && Array.isArray(value)) {
    return (
      <>
        {value.map(v => (
          <div key={String(v)}>
            {typeof v === 'string' ? <RefLink entityRef={v} defaultKind={refKind} /> : JSON.stringify(v)}
          </div>
        ))}
      </>
    );
  }
  if (Array.isArray(value)) {
    return value.map(v => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (field === 'os') return entries.map(([, v]) => String(v)).join(' ');
    return entries.map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ');
  }
  return String(value);
}

/**
 * Entity tab with the seed's sections for Maestro entities: general facts, datacenter placement, storage, auth,
 * services, network, load-balancer targets, tags, with every reference as a link to the related entity.
 * @public
 */
export function EntityDetailsContent() {
  const { entity } = useEntity();
  const spec = (entity.spec ?? {}) as Spec;
  const def = MAESTRO_KINDS[entity.kind];
  if (!def) return <Typography>Not a Maestro kind.</Typography>;
  const refFields = new Map(def.references.filter(r => !r.key).map(r => [r.field, r.kind]));
  const sections = SECTIONS[entity.kind] ?? [
    { title: 'General', fields: Object.keys(spec).filter(f => !['owner', 'tags'].includes(f) && !def.references.some(r => r.key && r.field === f)) },
  ];
  const shown = new Set(sections.flatMap(s => s.fields));

  const card = (title: string, fields: string[]) => {
    const metadata = Object.fromEntries(
      fields.filter(f => spec[f] !== undefined && spec[f] !== '').map(f => [f, renderValue(f, spec[f], refFields)]),
    );
    if (Object.keys(metadata).length === 0) return null;
    return (
      <Grid item xs={12} md={6} key={title}>
        <InfoCard title={title}>
          <StructuredMetadataTable metadata={metadata} />
        </InfoCard>
      </Grid>
    );
  };

  const storage: Spec[] = Array.isArray(spec.storage) ? spec.storage : [];
  const auth: Spec[] = Array.isArray(spec.auth) ? spec.auth : [];
  const services: Spec[] = Array.isArray(spec.services) ? spec.services : [];
  const servers: Spec[] = Array.isArray(spec.servers) && typeof spec.servers[0] === 'object' ? spec.servers : [];
  const tags = spec.tags && typeof spec.tags === 'object' ? (spec.tags as Record<string, string>) : {};
  const rest = Object.keys(spec).filter(
    f => !shown.has(f) && !['owner', 'tags', 'storage', 'auth', 'services'].includes(f) && !(f === 'servers' && servers.length),
  );

  return (
    <Grid container spacing={3}>
      {sections.map(s => card(s.title, s.fields))}
      {rest.length > 0 && card(entity.kind === 'Server' ? 'Network' : 'More', rest)}
      {storage.length > 0 && (
        <Grid item xs={12} md={6}>
          <Table
            title="Storage"
            options={{ paging: false, search: false }}
            columns={[
              { title: 'Mount', field: 'mount' },
              { title: 'Size (GB)', field: 'sizeGb' },
              { title: 'Root', render: (r: Spec) => (r.rootDevice ? 'yes' : '') },
              { title: 'Volume', render: (r: Spec) => <RefLink entityRef={r.volume} defaultKind="Volume" /> },
            ]}
            data={storage}
          />
        </Grid>
      )}
      {auth.length > 0 && (
        <Grid item xs={12} md={6}>
          <Table
            title="Auth"
            options={{ paging: false, search: false }}
            columns={[
              { title: 'Type', field: 'type' },
              { title: 'Key name', field: 'keyName' },
              { title: 'Username', field: 'username' },
            ]}
            data={auth}
          />
        </Grid>
      )}
      {services.length > 0 && (
        <Grid item xs={12} md={6}>
          <Table
            title="Services"
            options={{ paging: false, search: false }}
            columns={[
              { title: 'Service', field: 'name' },
              { title: 'Version', field: 'version' },
            ]}
            data={services}
          />
        </Grid>
      )}
      {servers.length > 0 && (
        <Grid item xs={12} md={6}>
          <Table
            title="Servers"
            options={{ paging: false, search: false }}
            columns={[
              { title: 'Server', render: (r: Spec) => <RefLink entityRef={r.server} defaultKind="Server" /> },
              { title: 'Role', field: 'role' },
              { title: 'Instance', field: 'instance' },
            ]}
            data={servers}
          />
        </Grid>
      )}
      {Object.keys(tags).length > 0 && (
        <Grid item xs={12} md={6}>
          <InfoCard title="Tags">
            <StructuredMetadataTable metadata={tags} />
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12}>
        <Typography variant="caption" color="textSecondary">
          Related: {def.references.flatMap(r => referencedRefs(spec, r)).length} linked entities; see the Relations card
          on the Overview tab.
        </Typography>
      </Grid>
    </Grid>
  );
}
