import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  DEMO_OPENSTACK_ACCOUNT,
  generateOpenStackWorld,
  resolveOpenStackRegionSizes,
} from './world/generateOpenStackWorld';
import type { OpenStackRegion } from './world/types';

/** Checks every relation of a region; returns the number of checks made. */
function expectConsistent(region: OpenStackRegion): void {
  const flavorsByName = new Map(region.flavors.map(f => [f.name, f]));
  const imageIds = new Set(region.images.map(i => i.id));
  const networksById = new Map(region.networks.map(n => [n.id, n]));
  const subnetsById = new Map(region.subnets.map(s => [s.id, s]));
  const groupsById = new Map(region.securityGroups.map(g => [g.id, g]));
  const volumesById = new Map(region.volumes.map(v => [v.id, v]));
  const serversById = new Map(region.servers.map(s => [s.id, s]));
  const portsByDevice = new Map<string, typeof region.ports>();
  for (const port of region.ports) {
    const list = portsByDevice.get(port.device_id) ?? [];
    list.push(port);
    portsByDevice.set(port.device_id, list);
  }

  // Ids are unique in every collection, and so are MAC addresses and fixed IPs.
  for (const items of [
    region.servers,
    region.ports,
    region.volumes,
    region.snapshots,
    region.images,
    region.networks,
    region.subnets,
    region.securityGroups,
    region.loadBalancers,
    region.pools,
  ]) {
    expect(new Set(items.map(i => i.id)).size).toBe(items.length);
  }
  expect(new Set(region.ports.map(p => p.mac_address)).size).toBe(region.ports.length);
  const fixedIps = region.ports.flatMap(p => p.fixed_ips.map(ip => ip.ip_address));
  expect(new Set(fixedIps).size).toBe(fixedIps.length);

  for (const subnet of region.subnets) {
    expect(networksById.get(subnet.network_id)?.subnets).toContain(subnet.id);
  }
  for (const port of region.ports) {
    expect(networksById.has(port.network_id)).toBe(true);
    for (const ip of port.fixed_ips) {
      expect(subnetsById.get(ip.subnet_id)?.network_id).toBe(port.network_id);
    }
    for (const group of port.security_groups) expect(groupsById.has(group)).toBe(true);
  }

  for (const server of region.servers) {
    // The flavor is embedded (2.47+ shape) and names an existing flavor with the same resources.
    const flavor = flavorsByName.get(server.flavor.original_name);
    expect(flavor).toBeDefined();
    expect(server.flavor).toMatchObject({
      vcpus: flavor!.vcpus,
      ram: flavor!.ram,
      disk: flavor!.disk,
    });
    // An image, or boot from a volume with a bootable root volume at /dev/vda.
    if (server.image) {
      expect(imageIds.has(server.image.id)).toBe(true);
    } else {
      const root = server['os-extended-volumes:volumes_attached'].find(a =>
        volumesById.get(a.id)?.attachments.some(x => x.server_id === server.id && x.device === '/dev/vda'),
      );
      expect(root?.delete_on_termination).toBe(true);
      expect(volumesById.get(root!.id)?.bootable).toBe('true');
      expect(imageIds.has(volumesById.get(root!.id)!.volume_image_metadata!.image_id)).toBe(true);
    }
    // At least one port; every fixed address of the server is a port's fixed IP, and vice versa.
    const ports = portsByDevice.get(server.id) ?? [];
    expect(ports.length).toBeGreaterThan(0);
    const portAddresses = ports.flatMap(p =>
      p.fixed_ips.map(ip => {
        const network = networksById.get(p.network_id)!.name;
        return `${network}/${ip.ip_address}/${p.mac_address}`;
      }),
    );
    const serverAddresses = Object.entries(server.addresses).flatMap(([network, list]) =>
      list
        .filter(a => a['OS-EXT-IPS:type'] === 'fixed')
        .map(a => `${network}/${a.addr}/${a['OS-EXT-IPS-MAC:mac_addr']}`),
    );
    expect(serverAddresses.sort()).toEqual(portAddresses.sort());
    for (const port of ports) {
      expect(port.device_owner).toBe(`compute:${server['OS-EXT-AZ:availability_zone']}`);
    }
    // Security group names are those of the ports' groups.
    const groupNames = new Set(ports.flatMap(p => p.security_groups.map(g => groupsById.get(g)!.name)));
    expect(new Set(server.security_groups.map(g => g.name))).toEqual(groupNames);
    // Attached volumes are attached both ways.
    for (const attached of server['os-extended-volumes:volumes_attached']) {
      const volume = volumesById.get(attached.id);
      expect(volume?.status).toBe('in-use');
      expect(volume?.attachments.map(a => a.server_id)).toContain(server.id);
    }
  }
  for (const volume of region.volumes) {
    for (const attachment of volume.attachments) {
      expect(attachment.volume_id).toBe(volume.id);
      expect(serversById.get(attachment.server_id)?.['os-extended-volumes:volumes_attached'].map(a => a.id)).toContain(
        volume.id,
      );
    }
    expect(volume.status === 'in-use').toBe(volume.attachments.length > 0);
  }
  for (const snapshot of region.snapshots) {
    expect(volumesById.get(snapshot.volume_id)?.size).toBe(snapshot.size);
  }
  for (const fip of region.floatingIps) {
    const port = region.ports.find(p => p.id === fip.port_id)!;
    const server = serversById.get(port.device_id)!;
    const network = networksById.get(port.network_id)!.name;
    expect(server.addresses[network]).toContainEqual(
      expect.objectContaining({
        addr: fip.floating_ip_address,
        'OS-EXT-IPS:type': 'floating',
      }),
    );
    expect(port.fixed_ips.map(ip => ip.ip_address)).toContain(fip.fixed_ip_address);
  }

  // Load balancers: VIP ports owned by Octavia, pools with server members.
  const serverIps = new Set(
    region.ports
      .filter(p => serversById.has(p.device_id))
      .flatMap(p => p.fixed_ips.map(ip => `${ip.subnet_id}/${ip.ip_address}`)),
  );
  for (const lb of region.loadBalancers) {
    const vip = region.ports.find(p => p.id === lb.vip_port_id)!;
    expect(vip).toMatchObject({
      device_owner: 'Octavia',
      device_id: `lb-${lb.id}`,
      network_id: lb.vip_network_id,
      fixed_ips: [{ subnet_id: lb.vip_subnet_id, ip_address: lb.vip_address }],
    });
    for (const { id } of lb.pools) {
      const pool = region.pools.find(p => p.id === id)!;
      expect(pool.loadbalancers).toEqual([{ id: lb.id }]);
      const members = region.members[id];
      expect(pool.members).toEqual(members.map(m => ({ id: m.id })));
      for (const member of members) {
        expect(serverIps.has(`${member.subnet_id}/${member.address}`)).toBe(true);
      }
    }
    for (const { id } of lb.listeners) {
      const listener = region.listeners.find(l => l.id === id)!;
      expect(lb.pools.map(p => p.id)).toContain(listener.default_pool_id);
    }
  }
}

describe('generateOpenStackWorld', () => {
  it('generates the same world from the same options, and another from another seed', () => {
    const a = generateOpenStackWorld({ seed: 7 });
    const b = generateOpenStackWorld({ seed: 7 });
    const c = generateOpenStackWorld({ seed: 8 });
    expect(JSON.stringify(a.regions)).toEqual(JSON.stringify(b.regions));
    expect(a.regions).toEqual(b.regions);
    expect(JSON.stringify(c.regions)).not.toEqual(JSON.stringify(a.regions));
    // A region depends only on the seed, the project and its name.
    const only = generateOpenStackWorld({ seed: 7, regions: ['RegionTwo'] });
    expect(only.region('RegionTwo')).toEqual(a.region('RegionTwo'));
  });

  it('uses the demo account and two regions by default, and throws on unknown regions', () => {
    const world = generateOpenStackWorld();
    expect(world.account).toEqual({
      ...DEMO_OPENSTACK_ACCOUNT,
      userId: DEMO_OPENSTACK_ACCOUNT.userId,
    });
    expect(DEMO_OPENSTACK_ACCOUNT).toMatchObject({
      username: 'maestro-demo',
      password: 'maestro-demo-password',
      userDomainId: 'default',
      projectName: 'maestro-demo',
      projectDomainId: 'default',
      regions: ['RegionOne', 'RegionTwo'],
    });
    expect(DEMO_OPENSTACK_ACCOUNT.projectId).toMatch(/^[0-9a-f]{32}$/);
    expect(world.regionNames).toEqual(['RegionOne', 'RegionTwo']);
    expect(() => world.region('RegionThree')).toThrow(/Unknown OpenStack region/);
    const region = world.region('RegionOne');
    expect(region.servers).toHaveLength(25);
    expect(region.volumes).toHaveLength(25);
    expect(region.flavors).toHaveLength(12);
    expect(region.images).toHaveLength(8);
    const sizes = resolveOpenStackRegionSizes();
    expect(region.ports).toHaveLength(sizes.ports);
    expect(region.networks).toHaveLength(sizes.networks + 1); // and `public`
    expect(region.subnets).toHaveLength(sizes.subnets + 1);
    expect(region.routers).toHaveLength(sizes.routers);
    expect(region.securityGroups).toHaveLength(sizes.securityGroups);
    expect(region.snapshots).toHaveLength(sizes.snapshots);
    expect(region.loadBalancers).toHaveLength(sizes.loadBalancers);
    expect(region.floatingIps).toHaveLength(sizes.floatingIps);
    for (const server of region.servers) {
      expect(server.tenant_id).toBe(DEMO_OPENSTACK_ACCOUNT.projectId);
    }
  });

  it('applies project overrides and explicit sizes', () => {
    const world = generateOpenStackWorld({
      regions: ['Lab'],
      project: { projectId: 'abcdefabcdefabcdefabcdefabcdefab', username: 'u' },
      sizes: {
        servers: 40,
        volumes: 70,
        ports: 200,
        networks: 5,
        subnets: 9,
        routers: 2,
        securityGroups: 10,
        flavors: 15,
        images: 13,
        snapshots: 4,
        loadBalancers: 3,
        floatingIps: 6,
      },
    });
    const region = world.region('Lab');
    expect(world.account.username).toBe('u');
    expect(world.account.userId).toMatch(/^[0-9a-f]{32}$/);
    expect(region.servers).toHaveLength(40);
    expect(region.volumes).toHaveLength(70);
    expect(region.ports).toHaveLength(200);
    expect(region.networks).toHaveLength(6);
    expect(region.subnets).toHaveLength(10);
    expect(region.routers).toHaveLength(2);
    expect(region.securityGroups).toHaveLength(10);
    expect(region.flavors).toHaveLength(15);
    expect(region.images).toHaveLength(13);
    expect(region.snapshots).toHaveLength(4);
    expect(region.loadBalancers).toHaveLength(3);
    expect(region.floatingIps).toHaveLength(6);
    expect(region.volumes[0]['os-vol-tenant-attr:tenant_id']).toBe('abcdefabcdefabcdefabcdefabcdefab');
    expectConsistent(region);
    expect(() => generateOpenStackWorld({ sizes: { servers: -1 } })).toThrow(/non-negative integer/);
    expect(() => generateOpenStackWorld({ sizes: { networks: 0 } })).toThrow(/at least one network/);
    expect(
      generateOpenStackWorld({
        sizes: { servers: 0, loadBalancers: 0, networks: 0 },
      }).region('RegionOne').ports,
    ).toHaveLength(0);
  });

  it('generates consistent regions', () => {
    const world = generateOpenStackWorld({
      seed: 3,
      sizes: { servers: 400, volumes: 600 },
    });
    for (const name of world.regionNames) {
      const region = world.region(name);
      expectConsistent(region);
      // Realistic mixes: some servers boot from volumes, have two interfaces, floating IPs; some volumes are free.
      expect(region.servers.filter(s => s.image === '').length).toBeGreaterThan(10);
      expect(
        region.servers.filter(s =>
          Object.values(s.addresses).some(list => list.some(a => a['OS-EXT-IPS:type'] === 'floating')),
        ).length,
      ).toBe(80);
      expect(region.volumes.filter(v => v.status === 'available').length).toBeGreaterThan(10);
      const owners = new Set(region.ports.map(p => p.device_owner));
      expect(owners).toEqual(
        new Set([
          'compute:nova',
          'compute:az-2',
          'compute:az-3',
          'network:dhcp',
          'network:router_interface',
          'Octavia',
          '',
        ]),
      );
      // Listed newest first, as Nova lists servers.
      const created = region.servers.map(s => s.created);
      expect([...created].sort().reverse()).toEqual(created);
    }
  });

  it('removes servers and volumes with what refers to them', () => {
    const world = generateOpenStackWorld({ seed: 5, sizes: { servers: 60 } });
    const region = world.region('RegionOne');
    const member = Object.values(region.members).flat()[0];
    const memberPort = region.ports.find(p => p.fixed_ips.some(ip => ip.ip_address === member.address))!;
    const server = world.findServer('RegionOne', memberPort.device_id)!;
    const attached = server['os-extended-volumes:volumes_attached'];
    expect(world.removeServer('RegionOne', server.id)).toBe(server);
    expect(world.removeServer('RegionOne', server.id)).toBeUndefined();
    expect(region.ports.some(p => p.device_id === server.id)).toBe(false);
    expect(attached.map(a => world.findVolume('RegionOne', a.id)?.attachments ?? 'deleted')).toEqual(
      attached.map(a => (a.delete_on_termination ? 'deleted' : [])),
    );
    expect(Object.values(region.members).flat()).not.toContainEqual(member);
    expectConsistent(region);

    const volume = region.volumes.find(v => v.attachments.length > 0)!;
    world.removeVolume('RegionOne', volume.id);
    expect(region.snapshots.some(s => s.volume_id === volume.id)).toBe(false);
    expectConsistent(region);
  });

  it('generates 10,000 servers, 10,000 volumes and their ports in one region quickly', () => {
    // Measured in a plain Node process, as benchmarks and the demo run it: code running inside Jest's VM context
    // is several times slower. CPU time keeps the check meaningful on a busy machine.
    const script = `
      const { generateOpenStackWorld } = require(${JSON.stringify(require.resolve('./world/generateOpenStackWorld'))});
      const wall = Date.now();
      const cpu = process.cpuUsage();
      const world = generateOpenStackWorld({
        regions: ['RegionOne'],
        sizes: { servers: 10000, volumes: 10000 },
      });
      const used = process.cpuUsage(cpu);
      const region = world.region('RegionOne');
      console.log(JSON.stringify({
        cpuMs: (used.user + used.system) / 1000,
        wallMs: Date.now() - wall,
        servers: region.servers.length,
        volumes: region.volumes.length,
        ports: region.ports.length,
        snapshots: region.snapshots.length,
      }));
    `;
    const output = execFileSync(
      process.execPath,
      ['--require', '@backstage/cli-node/config/nodeTransform.cjs', '-e', script],
      { cwd: path.resolve(__dirname, '../../../..'), encoding: 'utf8' },
    );
    const result = JSON.parse(output.trim().split('\n').pop()!);
    expect(result).toMatchObject({
      servers: 10_000,
      volumes: 10_000,
      snapshots: 5_000,
    });
    expect(result.ports).toBeGreaterThan(11_000);
    expect(result.cpuMs).toBeLessThan(2_000);
  }, 30_000);
});
