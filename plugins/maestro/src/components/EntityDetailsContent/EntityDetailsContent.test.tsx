import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { EntityDetailsContent } from './EntityDetailsContent';

const server = {
  apiVersion: 'maestro.backstage.io/v1alpha1',
  kind: 'Server',
  metadata: { name: 'web-01', namespace: 'default' },
  spec: {
    hostname: 'web-01.example.com',
    ipv4Private: '10.0.0.1',
    os: { base: 'linux', distro: 'debian', version: '12' },
    cpu: 2,
    datacenter: 'datacenter:default/aws-prod',
    region: 'eu-west-1',
    networks: ['network:default/subnet-a'],
    storage: [{ mount: '/', sizeGb: 20, rootDevice: true, volume: 'volume:default/web-01-root' }],
    auth: [{ type: 'pki', keyName: 'ops.pem', username: 'admin' }],
    services: [{ name: 'Nginx', version: '1.24' }],
    tags: { team: 'web' },
    owner: 'group:default/ops',
  },
};

describe('EntityDetailsContent', () => {
  it("shows a server's sections with links to its related entities", async () => {
    await renderInTestApp(
      <EntityProvider entity={server}>
        <EntityDetailsContent />
      </EntityProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    for (const title of ['General', 'Network', 'Storage', 'Auth', 'Services', 'Tags']) {
      expect(screen.getByText(title)).toBeInTheDocument();
    }
    // the Datacenter section and the datacenter field
    expect(screen.getAllByText('Datacenter').length).toBeGreaterThanOrEqual(1);
    expect(screen.getByText('web-01.example.com')).toBeInTheDocument();
    expect(screen.getByText('linux debian 12')).toBeInTheDocument();
    expect(screen.getByText('aws-prod').closest('a')).toHaveAttribute('href', '/catalog/default/datacenter/aws-prod');
    expect(screen.getByText('subnet-a').closest('a')).toHaveAttribute('href', '/catalog/default/network/subnet-a');
    expect(screen.getByText('web-01-root').closest('a')).toHaveAttribute('href', '/catalog/default/volume/web-01-root');
    expect(screen.getByText('ops.pem')).toBeInTheDocument();
    expect(screen.getByText('Nginx')).toBeInTheDocument();
  });

  it("shows a database's servers as links", async () => {
    await renderInTestApp(
      <EntityProvider
        entity={{
          apiVersion: 'maestro.backstage.io/v1alpha1',
          kind: 'Database',
          metadata: { name: 'orders', namespace: 'default' },
          spec: { family: 'mysql', engine: 'mariadb', servers: [{ server: 'db-01', role: 'master' }], owner: 'x' },
        }}
      >
        <EntityDetailsContent />
      </EntityProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(screen.getByText('mariadb')).toBeInTheDocument();
    expect(screen.getByText('db-01').closest('a')).toHaveAttribute('href', '/catalog/default/server/db-01');
    expect(screen.getByText('master')).toBeInTheDocument();
  });
});
