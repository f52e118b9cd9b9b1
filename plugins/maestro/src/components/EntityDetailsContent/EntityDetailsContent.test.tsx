import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { MAESTRO_KINDS } from '@maestro/plugin-maestro-common';
import { detailTabs, EntityDetailsContent } from './EntityDetailsContent';
import { KIND_LAYOUTS } from './layouts';
import { blockFields } from './layoutTypes';

function entityOf(kind: string, name: string, spec: Record<string, unknown>, extra: Partial<Entity> = {}): Entity {
  return {
    apiVersion: MAESTRO_KINDS[kind]?.apiVersion ?? 'maestro.backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations: { 'maestro.backstage.io/record-id': `${kind}-${name}` } },
    spec: { ...spec, owner: 'group:default/ops' },
    ...extra,
  } as Entity;
}

async function renderDetails(entity: Entity) {
  await renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityDetailsContent />
    </EntityProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

const tabNames = () => screen.getAllByRole('tab').map(t => t.textContent);

/** Selects a tab and returns its panel. */
async function openTab(name: string) {
  await userEvent.click(screen.getByRole('tab', { name }));
  const panel = screen.getByRole('tabpanel');
  expect(panel).toHaveAttribute('aria-labelledby', screen.getByRole('tab', { name }).id);
  return within(panel);
}

const href = (el: HTMLElement) => el.closest('a')?.getAttribute('href');

const server = entityOf('Server', 'web-01', {
  hostname: 'web-01.example.com',
  ipv4Private: '10.0.0.1',
  os: { base: 'linux', distro: 'debian', version: '12' },
  cpu: 2,
  memory: 8,
  environment: 'production',
  datacenter: 'datacenter:default/aws-prod',
  region: 'eu-west-1',
  image: 'image:default/debian-12',
  flavor: 'm5-large',
  networks: ['network:default/subnet-a', 'subnet-b'],
  storage: [{ mount: '/', sizeGb: 20, rootDevice: true, volume: 'volume:default/web-01-root' }],
  auth: [{ type: 'pki', keyName: 'ops.pem', username: 'admin' }],
  services: [{ name: 'Nginx', version: '1.24' }],
  tags: { team: 'web' },
});

describe('EntityDetailsContent', () => {
  it("shows a server's tabs, each with its fields and links to the related entities", async () => {
    await renderDetails(server);
    expect(screen.getByRole('tablist')).toBeInTheDocument();
    expect(tabNames()).toEqual(['General', 'Datacenter', 'Storage', 'Auth', 'Services', 'Network', 'Tags']);
    expect(screen.getByRole('link', { name: 'History' })).toHaveAttribute(
      'href',
      '/catalog/default/server/web-01/maestro',
    );

    // General is selected first
    expect(screen.getByRole('tab', { name: 'General' })).toHaveAttribute('aria-selected', 'true');
    let panel = within(screen.getByRole('tabpanel'));
    expect(panel.getByText('web-01.example.com')).toBeInTheDocument();
    expect(panel.getByText('linux debian 12')).toBeInTheDocument();
    expect(panel.getByText('Memory (GiB)')).toBeInTheDocument();
    expect(panel.getByText('production')).toBeInTheDocument();
    expect(panel.queryByText('ops.pem')).not.toBeInTheDocument();

    panel = await openTab('Datacenter');
    expect(href(panel.getByText('aws-prod'))).toBe('/catalog/default/datacenter/aws-prod');
    expect(panel.getByText('eu-west-1')).toBeInTheDocument();
    expect(href(panel.getByText('debian-12'))).toBe('/catalog/default/image/debian-12');
    expect(href(panel.getByText('m5-large'))).toBe('/catalog/default/flavor/m5-large');
    expect(panel.queryByText('web-01.example.com')).not.toBeInTheDocument();

    panel = await openTab('Storage');
    expect(panel.getByRole('columnheader', { name: 'Mount' })).toBeInTheDocument();
    expect(panel.getByText('/')).toBeInTheDocument();
    expect(panel.getByText('20')).toBeInTheDocument();
    expect(panel.getByText('yes')).toBeInTheDocument();
    expect(href(panel.getByText('web-01-root'))).toBe('/catalog/default/volume/web-01-root');

    panel = await openTab('Auth');
    expect(panel.getByText('pki')).toBeInTheDocument();
    expect(panel.getByText('ops.pem')).toBeInTheDocument();
    expect(panel.getByText('admin')).toBeInTheDocument();

    panel = await openTab('Services');
    expect(panel.getByText('Nginx')).toBeInTheDocument();
    expect(panel.getByText('1.24')).toBeInTheDocument();

    panel = await openTab('Network');
    expect(panel.getByText('10.0.0.1')).toBeInTheDocument();
    expect(href(panel.getByText('subnet-a'))).toBe('/catalog/default/network/subnet-a');
    expect(href(panel.getByText('subnet-b'))).toBe('/catalog/default/network/subnet-b');

    panel = await openTab('Tags');
    expect(panel.getByText('team')).toBeInTheDocument();
    expect(panel.getByText('web')).toBeInTheDocument();
  });

  it('leaves out the tabs of a server that have nothing to show', async () => {
    await renderDetails(entityOf('Server', 'bare', { hostname: 'bare.example.com' }));
    expect(tabNames()).toEqual(['General']);
  });

  it('shows the Oracle tab of an Oracle database, and its servers and systems as links', async () => {
    await renderDetails(
      entityOf('Database', 'erp', {
        family: 'oracle',
        engine: 'oracle',
        version: '19c',
        clusterMode: 'rac',
        storageType: 'asm',
        oracleRole: 'rac',
        crsVersion: '19.3',
        cdbs: [{ name: 'CDB1', pdbs: ['PDB1', 'PDB2'] }],
        servers: [
          { server: 'db-01', role: 'node', instance: 'ERP1' },
          { server: 'server:default/db-02', role: 'node', instance: 'ERP2' },
        ],
        systems: ['system:default/erp'],
        role: { port: 1521, healthcheck: 'tnsping ERP' },
        datacenter: 'dc-paris',
        tags: { tier: 'gold' },
      }),
    );
    expect(tabNames()).toEqual(['General', 'Oracle', 'Datacenter', 'Servers', 'Tags']);

    let panel = within(screen.getByRole('tabpanel'));
    expect(panel.getByText('19c')).toBeInTheDocument();
    expect(panel.getByText('Cluster mode')).toBeInTheDocument();
    expect(panel.getByText('Service role')).toBeInTheDocument();
    expect(panel.getByText('1521')).toBeInTheDocument();
    expect(panel.getByText('tnsping ERP')).toBeInTheDocument();
    expect(href(panel.getByText('erp'))).toBe('/catalog/default/system/erp');

    panel = await openTab('Oracle');
    expect(panel.getByText('asm')).toBeInTheDocument();
    expect(panel.getByText('CRS version')).toBeInTheDocument();
    expect(panel.getByText('19.3')).toBeInTheDocument();
    expect(panel.getByText('CDB1')).toBeInTheDocument();
    expect(panel.getByText('PDB1, PDB2')).toBeInTheDocument();

    panel = await openTab('Datacenter');
    expect(href(panel.getByText('dc-paris'))).toBe('/catalog/default/datacenter/dc-paris');

    panel = await openTab('Servers');
    expect(href(panel.getByText('db-01'))).toBe('/catalog/default/server/db-01');
    expect(href(panel.getByText('db-02'))).toBe('/catalog/default/server/db-02');
    expect(panel.getByText('ERP2')).toBeInTheDocument();
    expect(panel.getAllByText('node')).toHaveLength(2);

    panel = await openTab('Tags');
    expect(panel.getByText('gold')).toBeInTheDocument();
  });

  it('shows no Oracle tab for a MySQL database', async () => {
    await renderDetails(
      entityOf('Database', 'orders', {
        family: 'mysql',
        engine: 'mariadb',
        servers: [{ server: 'db-01', role: 'master' }],
      }),
    );
    expect(tabNames()).toEqual(['General', 'Servers']);
    expect(screen.getByText('mariadb')).toBeInTheDocument();
    const panel = await openTab('Servers');
    expect(href(panel.getByText('db-01'))).toBe('/catalog/default/server/db-01');
    expect(panel.getByText('master')).toBeInTheDocument();
  });

  it("shows Oracle fields of a database that is not Oracle in the Other tab, so they're not hidden", async () => {
    await renderDetails(entityOf('Database', 'odd', { family: 'other', engine: 'postgresql', crsVersion: '19.3' }));
    expect(tabNames()).toEqual(['General', 'Other']);
    const panel = await openTab('Other');
    expect(panel.getByText('CRS version')).toBeInTheDocument();
    expect(panel.getByText('19.3')).toBeInTheDocument();
  });

  it("shows a load balancer's targets, networks and placement", async () => {
    await renderDetails(
      entityOf('LoadBalancer', 'web-lb', {
        service: 'alb',
        scheme: 'internet-facing',
        endpoint: 'web.example.com',
        targets: ['server:default/web-01', 'web-02'],
        servers: ['haproxy-01'],
        networks: ['vpc-main'],
        role: { port: 443 },
        datacenter: 'aws-prod',
        zone: 'eu-west-1a',
        tags: { app: 'web' },
      }),
    );
    expect(tabNames()).toEqual(['General', 'Targets', 'Network', 'Datacenter', 'Tags']);
    let panel = within(screen.getByRole('tabpanel'));
    expect(panel.getByText('alb')).toBeInTheDocument();
    expect(panel.getByText('internet-facing')).toBeInTheDocument();
    expect(panel.getByText('443')).toBeInTheDocument();

    panel = await openTab('Targets');
    expect(href(panel.getByText('web-01'))).toBe('/catalog/default/server/web-01');
    expect(href(panel.getByText('web-02'))).toBe('/catalog/default/server/web-02');
    expect(panel.getByText('Installed on')).toBeInTheDocument();
    expect(href(panel.getByText('haproxy-01'))).toBe('/catalog/default/server/haproxy-01');

    panel = await openTab('Network');
    expect(href(panel.getByText('vpc-main'))).toBe('/catalog/default/network/vpc-main');

    panel = await openTab('Datacenter');
    expect(href(panel.getByText('aws-prod'))).toBe('/catalog/default/datacenter/aws-prod');
    expect(panel.getByText('eu-west-1a')).toBeInTheDocument();

    panel = await openTab('Tags');
    expect(panel.getByText('app')).toBeInTheDocument();
  });

  it("shows a volume's attachment: server, mount and LVM", async () => {
    await renderDetails(
      entityOf('Volume', 'data-01', {
        attachment: 'attached',
        sizeGb: 100,
        volumeType: 'gp3',
        encrypted: true,
        server: 'server:default/web-01',
        device: '/dev/xvdf',
        mountPath: '/data',
        lvm: { enabled: true, vgName: 'vg0', lvName: 'lv_data' },
        datacenter: 'aws-prod',
        tags: { backup: 'daily' },
      }),
    );
    expect(tabNames()).toEqual(['General', 'Attachment', 'Datacenter', 'Tags']);
    let panel = within(screen.getByRole('tabpanel'));
    expect(panel.getByText('attached')).toBeInTheDocument();
    expect(panel.getByText('100')).toBeInTheDocument();
    expect(panel.getByText('gp3')).toBeInTheDocument();
    expect(panel.getByText('yes')).toBeInTheDocument();

    panel = await openTab('Attachment');
    expect(href(panel.getByText('web-01'))).toBe('/catalog/default/server/web-01');
    expect(panel.getByText('/dev/xvdf')).toBeInTheDocument();
    expect(panel.getByText('/data')).toBeInTheDocument();
    expect(panel.getByText('LVM')).toBeInTheDocument();
    expect(panel.getByText('Volume group')).toBeInTheDocument();
    expect(panel.getByText('vg0')).toBeInTheDocument();
    expect(panel.getByText('lv_data')).toBeInTheDocument();

    panel = await openTab('Datacenter');
    expect(href(panel.getByText('aws-prod'))).toBe('/catalog/default/datacenter/aws-prod');

    panel = await openTab('Tags');
    expect(panel.getByText('daily')).toBeInTheDocument();
  });

  it("shows a client's contacts and SLA", async () => {
    await renderDetails(
      entityOf('Client', 'acme', {
        description: 'ACME Corp, our biggest customer',
        contacts: [
          { name: 'Ops desk', channel: 'email', value: 'ops@acme.example' },
          { channel: 'slack', value: '#acme' },
        ],
        sla: { availability: '99.9%', supportHours: '24/7', notes: 'P1 within 15 minutes' },
        tags: { segment: 'enterprise' },
      }),
    );
    expect(tabNames()).toEqual(['General', 'Contacts', 'SLA', 'Tags']);
    let panel = within(screen.getByRole('tabpanel'));
    expect(panel.getByText('ACME Corp, our biggest customer')).toBeInTheDocument();

    panel = await openTab('Contacts');
    expect(panel.getByText('Ops desk')).toBeInTheDocument();
    expect(panel.getByText('email')).toBeInTheDocument();
    expect(panel.getByText('ops@acme.example')).toBeInTheDocument();
    expect(panel.getByText('#acme')).toBeInTheDocument();

    panel = await openTab('SLA');
    expect(panel.getByText('Availability')).toBeInTheDocument();
    expect(panel.getByText('99.9%')).toBeInTheDocument();
    expect(panel.getByText('Support hours')).toBeInTheDocument();
    expect(panel.getByText('24/7')).toBeInTheDocument();
    expect(panel.getByText('P1 within 15 minutes')).toBeInTheDocument();

    panel = await openTab('Tags');
    expect(panel.getByText('enterprise')).toBeInTheDocument();
  });

  it('shows a field that no layout places in an Other tab', async () => {
    await renderDetails(
      entityOf('Server', 'legacy', { hostname: 'legacy.example.com', rackPosition: 'R12-U4', tags: { a: 'b' } }),
    );
    expect(tabNames()).toEqual(['General', 'Tags', 'Other']);
    const panel = await openTab('Other');
    expect(panel.getByText('Rack position')).toBeInTheDocument();
    expect(panel.getByText('R12-U4')).toBeInTheDocument();
    // the owner is on the About card, not here
    expect(panel.queryByText('group:default/ops')).not.toBeInTheDocument();
  });

  it("shows a System's description and links from the metadata, and its relations as links", async () => {
    await renderDetails(
      entityOf(
        'System',
        'shop',
        { clients: ['client:default/acme'], entryApplications: ['storefront'], domain: 'domain:default/retail' },
        {
          apiVersion: 'backstage.io/v1alpha1',
          metadata: {
            name: 'shop',
            namespace: 'default',
            description: 'The online shop',
            links: [{ url: 'https://shop.example.com', title: 'Shop' }],
            annotations: { 'maestro.backstage.io/record-id': 'r-shop' },
          },
        },
      ),
    );
    expect(tabNames()).toEqual(['General', 'Relations']);
    let panel = within(screen.getByRole('tabpanel'));
    expect(panel.getByText('The online shop')).toBeInTheDocument();
    expect(href(panel.getByText('retail'))).toBe('/catalog/default/domain/retail');
    expect(href(panel.getByText('https://shop.example.com'))).toBe('https://shop.example.com');

    panel = await openTab('Relations');
    expect(href(panel.getByText('acme'))).toBe('/catalog/default/client/acme');
    expect(href(panel.getByText('storefront'))).toBe('/catalog/default/component/storefront');
  });

  it.each([
    ['Snapshot', { volume: 'vol-1', sizeGb: 8, state: 'completed', datacenter: 'dc' }, ['General', 'Datacenter']],
    ['Image', { os: { base: 'linux' }, architecture: 'x86_64', datacenter: 'dc' }, ['General', 'Datacenter']],
    ['Flavor', { cpu: 2, memory: 4, datacenter: 'dc' }, ['General', 'Datacenter']],
    [
      'Network',
      { type: 'subnet', cidr: '10.0.0.0/24', parent: 'vpc-1', rules: ['tcp 443'], datacenter: 'dc', tags: { a: 'b' } },
      ['General', 'Membership', 'Rules', 'Datacenter', 'Tags'],
    ],
    ['Datacenter', { provider: 'aws', regions: ['eu-west-1'], zones: ['eu-west-1a'] }, ['General', 'Regions & zones']],
    [
      'Component',
      {
        type: 'service',
        lifecycle: 'production',
        servers: ['web-01'],
        dependencies: [{ ref: 'api' }],
        deploys: [{ type: 'helm' }],
      },
      ['General', 'Relations', 'Deploys'],
    ],
    [
      'Resource',
      { type: 'cache', service: 'redis', system: 'system:default/shop', datacenter: 'dc' },
      ['General', 'Relations', 'Datacenter'],
    ],
  ])('shows the tabs of a %s', (kind, spec, tabs) => {
    expect(detailTabs(kind, spec).map(t => t.label)).toEqual(tabs);
  });

  it("places every field of every kind's schema in a tab", () => {
    for (const [kind, def] of Object.entries(MAESTRO_KINDS)) {
      const placed = new Set(KIND_LAYOUTS[kind].flatMap(t => t.blocks.flatMap(blockFields)));
      const properties = Object.keys((def.specSchema.properties ?? {}) as object);
      expect({ kind, unplaced: properties.filter(p => !placed.has(p)) }).toEqual({ kind, unplaced: [] });
    }
  });
});
