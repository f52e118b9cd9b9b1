import { DEMO_OPENSTACK_ACCOUNT, generateOpenStackWorld, type OpenStackRegion } from '@maestro/cloud-simulator';
import { MAESTRO_KINDS, referencedRefs } from '@maestro/plugin-maestro-common';
import { RecordValidator } from '../../records/RecordValidator';
import { cutText } from '../translate';
import type { DiscoveredRecord } from '../types';
import type {
  CinderSnapshot,
  CinderVolume,
  GlanceImage,
  NeutronNetwork,
  NeutronPort,
  NeutronRouter,
  NeutronSecurityGroup,
  NeutronSubnet,
  NovaFlavor,
  NovaServer,
  OctaviaLoadBalancer,
  OctaviaMember,
} from './client';
import {
  flavorToRecord,
  imageToRecord,
  listedFlavorOf,
  loadBalancerToRecord,
  memberServerIndex,
  networkToRecord,
  openstackName,
  openstackRequiredCalls,
  OPENSTACK_LISTS,
  portToRecord,
  routerToRecord,
  ruleText,
  securityGroupToRecord,
  serverLookups,
  serverToRecord,
  snapshotToRecord,
  subnetToRecord,
  utcIso,
  volumeToRecord,
  type OpenStackScope,
} from './openstackLists';

const PROJECT = DEMO_OPENSTACK_ACCOUNT.projectId;
const scope: OpenStackScope = { projectId: PROJECT, region: 'RegionOne', datacenter: 'datacenter:default/os' };
const as = <T>(value: unknown) => value as T;

/** Every record of a region as the lists translate it (the simulator's objects are the API's JSON shapes). */
function translateRegion(region: OpenStackRegion): DiscoveredRecord[] {
  const flavors = as<NovaFlavor[]>(region.flavors);
  const ports = as<NeutronPort[]>(region.ports);
  const lookups = serverLookups(flavors, ports);
  const groups = as<NeutronSecurityGroup[]>(region.securityGroups);
  const groupNames = new Map(groups.map(g => [g.id, g.name]));
  const serverOf = memberServerIndex(ports);
  return [
    ...as<NovaServer[]>(region.servers).map(s => serverToRecord(scope, s, lookups)),
    ...flavors.map(f => flavorToRecord(scope, f)),
    ...as<GlanceImage[]>(region.images).map(i => imageToRecord(scope, i)),
    ...as<CinderVolume[]>(region.volumes).map(v => volumeToRecord(scope, v)),
    ...as<CinderSnapshot[]>(region.snapshots).map(s => snapshotToRecord(scope, s)),
    ...groups.map(g => securityGroupToRecord(scope, g, groupNames)),
    ...as<NeutronNetwork[]>(region.networks).map(n => networkToRecord(scope, n)),
    ...as<NeutronSubnet[]>(region.subnets).map(s => subnetToRecord(scope, s)),
    ...ports.map(p => portToRecord(scope, p)),
    ...as<NeutronRouter[]>(region.routers).map(r => routerToRecord(scope, r)),
    ...as<OctaviaLoadBalancer[]>(region.loadBalancers).map(lb => {
      const pools = region.pools.filter(p => p.loadbalancers.some(l => l.id === lb.id));
      const servers = pools
        .flatMap(p => as<OctaviaMember[]>(region.members[p.id] ?? []))
        .map(serverOf)
        .filter((s): s is string => !!s);
      return loadBalancerToRecord(scope, lb, servers);
    }),
  ];
}

function problemsOf(validator: RecordValidator, record: DiscoveredRecord): string[] {
  return [
    ...validator.nameProblems(record.name),
    ...validator.titleProblems(record.title ?? null),
    ...validator.specProblems(record.kind, record.spec),
  ].map(p => `${record.kind} ${record.providerId} ${p.field}: ${p.message}`);
}

describe('OpenStack translations', () => {
  const validator = RecordValidator.create();
  const world = generateOpenStackWorld({ seed: 7, regions: ['RegionOne'], sizes: { servers: 120 } });
  const region = world.region('RegionOne');
  const records = translateRegion(region);

  it('translates every object of a generated region into a record its kind’s schema accepts', () => {
    expect(records.length).toBeGreaterThan(400);
    expect(records.flatMap(r => problemsOf(validator, r))).toEqual([]);
    // one record per provider id and per name within a kind
    for (const kind of new Set(records.map(r => r.kind))) {
      const ofKind = records.filter(r => r.kind === kind);
      expect(new Set(ofKind.map(r => r.providerId)).size).toBe(ofKind.length);
      expect(new Set(ofKind.map(r => r.name)).size).toBe(ofKind.length);
    }
    const types = new Set(records.filter(r => r.kind === 'Network').map(r => r.spec.type));
    expect([...types].sort()).toEqual(['network', 'port', 'router', 'security-group', 'subnet']);
  });

  it('only refers to records the lists emit', () => {
    const names = new Set(records.map(r => `${r.kind.toLowerCase()}:default/${r.name}`));
    const dangling: string[] = [];
    let refs = 0;
    for (const record of records) {
      for (const reference of MAESTRO_KINDS[record.kind].references) {
        if (reference.field === 'datacenter') continue;
        for (const ref of referencedRefs(record.spec as Record<string, unknown>, reference)) {
          refs++;
          if (!ref.startsWith(`${reference.kind.toLowerCase()}:default/`) || !names.has(ref)) {
            dangling.push(`${record.kind} ${record.name} ${reference.field} → ${ref}`);
          }
        }
      }
    }
    expect(dangling).toEqual([]);
    expect(refs).toBeGreaterThan(records.length);
  });

  it('relates servers to their flavor, image, volumes, networks and security groups, and back', () => {
    const server = region.servers.find(s => s.image && s['os-extended-volumes:volumes_attached'].length)!;
    const record = records.find(r => r.providerId === server.id)!;
    const flavor = region.flavors.find(f => f.name === server.flavor.original_name)!;
    const ports = region.ports.filter(p => p.device_id === server.id);
    expect(record.name).toBe(`os-${PROJECT.slice(0, 8)}-RegionOne-${server.id}`);
    expect(record.spec).toMatchObject({
      hostname: server.name,
      cpu: flavor.vcpus,
      memory: Math.round((flavor.ram / 1024) * 100) / 100,
      zone: server['OS-EXT-AZ:availability_zone'],
      region: 'RegionOne',
      datacenter: 'datacenter:default/os',
      providerId: server.id,
      status: server.status.toLowerCase(),
      flavor: `flavor:default/${openstackName(scope, flavor.id)}`,
      image: `image:default/${openstackName(scope, (server.image as { id: string }).id)}`,
      ipv4Private: ports[0].fixed_ips[0].ip_address,
      tags: expect.objectContaining({ role: server.metadata.role }),
    });
    const networks = (record.spec.networks as string[]).map(r => r.split('/')[1]);
    expect(networks).toEqual(
      expect.arrayContaining([
        openstackName(scope, ports[0].network_id),
        openstackName(scope, ports[0].fixed_ips[0].subnet_id),
      ]),
    );
    for (const group of ports[0].security_groups) expect(networks).toContain(openstackName(scope, group));
    expect((record.spec.storage as any[]).map(s => s.volume)).toEqual(
      server['os-extended-volumes:volumes_attached'].map(v => `volume:default/${openstackName(scope, v.id)}`),
    );
    const volume = records.find(r => r.providerId === server['os-extended-volumes:volumes_attached'][0].id)!;
    expect(volume.spec.server).toBe(`server:default/${record.name}`);

    const withFloating = region.servers.find(s =>
      Object.values(s.addresses)
        .flat()
        .some(a => a['OS-EXT-IPS:type'] === 'floating'),
    )!;
    const floating = Object.values(withFloating.addresses)
      .flat()
      .find(a => a['OS-EXT-IPS:type'] === 'floating')!.addr;
    expect(records.find(r => r.providerId === withFloating.id)!.spec.ipv4Public).toBe(floating);
  });

  it('gives load balancers their VIP, networks and the servers of their pool members', () => {
    const lb = region.loadBalancers[0];
    const record = records.find(r => r.providerId === lb.id)!;
    const memberAddresses = region.pools
      .filter(p => p.loadbalancers.some(l => l.id === lb.id))
      .flatMap(p => region.members[p.id] ?? [])
      .map(m => m.address);
    const servers = region.servers.filter(s =>
      Object.values(s.addresses)
        .flat()
        .some(a => memberAddresses.includes(a.addr)),
    );
    expect(servers.length).toBeGreaterThan(0);
    expect(record.spec).toMatchObject({
      service: 'octavia',
      endpoint: lb.vip_address,
      networks: [
        `network:default/${openstackName(scope, lb.vip_network_id)}`,
        `network:default/${openstackName(scope, lb.vip_subnet_id)}`,
      ],
      targets: servers.map(s => `server:default/${openstackName(scope, s.id)}`).sort(),
    });
  });

  it('translates flavors, images, snapshots, security groups and routers readably', () => {
    const tiny = records.find(r => r.kind === 'Flavor' && r.title === 'm1.tiny')!;
    expect(tiny).toMatchObject({
      providerId: `${PROJECT}:RegionOne:flavor/1`,
      name: `os-${PROJECT.slice(0, 8)}-RegionOne-1`,
    });
    expect(tiny.spec).toMatchObject({ cpu: 1, memory: 0.5, diskGb: 1, visibility: 'public' });
    expect(records.find(r => r.kind === 'Flavor' && r.title === 'g1.xlarge')?.spec.gpu).toBe(1);

    const windows = region.images.find(i => i.os_type === 'windows')!;
    expect(records.find(r => r.providerId === windows.id)!.spec).toMatchObject({
      os: { base: 'windows', distro: windows.os_distro },
      visibility: windows.visibility,
      state: 'active',
    });
    const ubuntu = region.images.find(i => i.os_distro === 'ubuntu')!;
    expect(records.find(r => r.providerId === ubuntu.id)!.spec.os).toEqual({
      base: 'linux',
      distro: 'ubuntu',
      version: ubuntu.os_version,
    });

    const snapshot = region.snapshots[0];
    expect(records.find(r => r.providerId === snapshot.id)!.spec).toMatchObject({
      volume: `volume:default/${openstackName(scope, snapshot.volume_id)}`,
      sizeGb: snapshot.size,
      startedAt: new Date(`${snapshot.created_at.replace(/Z$/, '')}Z`).toISOString(),
    });

    const defaultGroup = records.find(
      r => r.kind === 'Network' && r.spec.type === 'security-group' && r.title === 'default',
    )!;
    expect(defaultGroup.spec.rules).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ingress IPv4 any any from group default$/)]),
    );
    const router = records.find(r => r.kind === 'Network' && r.spec.type === 'router')!;
    const publicNet = region.networks.find(n => n['router:external'])!;
    expect(router.spec.parent).toBe(`network:default/${openstackName(scope, publicNet.id)}`);
  });

  it('reads an api-ref server before microversion 2.47 that boots from a volume', () => {
    const flavors = [
      { id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1, swap: '' },
      { id: '3', name: 'm1.medium', vcpus: 2, ram: 4096, disk: 40, swap: '' },
    ] as NovaFlavor[];
    const server = {
      id: '9168b536-cd40-4630-b43f-b259807c6e87',
      name: 'new-server-test',
      status: 'ACTIVE',
      tenant_id: '6f70656e737461636b20342065766572',
      user_id: 'admin',
      created: '2013-09-03T04:01:32Z',
      updated: '2013-09-03T04:01:33Z',
      addresses: {
        private: [
          {
            addr: '192.168.1.30',
            version: 4,
            'OS-EXT-IPS:type': 'fixed',
            'OS-EXT-IPS-MAC:mac_addr': 'aa:bb:cc:dd:ee:ff',
          },
          { addr: 'fe80::1', version: 6, 'OS-EXT-IPS:type': 'fixed' },
          {
            addr: '172.24.4.7',
            version: 4,
            'OS-EXT-IPS:type': 'floating',
            'OS-EXT-IPS-MAC:mac_addr': 'aa:bb:cc:dd:ee:ff',
          },
        ],
      },
      flavor: { id: '3', links: [{ href: 'http://openstack.example.com/flavors/3', rel: 'bookmark' }] },
      image: '',
      metadata: { 'My Server Name': 'Apache1', os_type: 'linux', os_distro: 'centos' },
      key_name: 'ops-key',
      security_groups: [{ name: 'default' }],
      'os-extended-volumes:volumes_attached': [
        { id: 'a26887c6-c47b-4654-abb5-dfadf7d3f803', delete_on_termination: true },
      ],
      'OS-EXT-AZ:availability_zone': 'nova',
      accessIPv4: '1.2.3.4',
    } as unknown as NovaServer;
    const port = {
      id: 'ce531f90-199f-48c0-816c-13e38010b442',
      name: '',
      network_id: '3cb9bc59-5699-4588-a4b1-b87f96708bc6',
      mac_address: 'aa:bb:cc:dd:ee:ff',
      fixed_ips: [{ subnet_id: 'a0304c3a-4f08-4c43-88af-d796509c97d2', ip_address: '192.168.1.30' }],
      device_id: server.id,
      device_owner: 'compute:nova',
      status: 'ACTIVE',
      admin_state_up: true,
      security_groups: ['f0ac4394-7e4a-4409-9701-ba8be283dbc3'],
    } as NeutronPort;

    const withPorts = serverToRecord(scope, server, serverLookups(flavors, [port]));
    expect(problemsOf(validator, withPorts)).toEqual([]);
    expect(withPorts.spec).toEqual({
      hostname: 'new-server-test',
      ipv4Private: '192.168.1.30',
      ipv4Public: '172.24.4.7',
      os: { base: 'linux', distro: 'centos' },
      cpu: 2,
      memory: 4,
      status: 'active',
      datacenter: 'datacenter:default/os',
      region: 'RegionOne',
      zone: 'nova',
      providerId: server.id,
      storage: [{ volume: `volume:default/${openstackName(scope, 'a26887c6-c47b-4654-abb5-dfadf7d3f803')}` }],
      auth: [{ type: 'pki', keyName: 'ops-key' }],
      flavor: `flavor:default/${openstackName(scope, '3')}`,
      networks: [port.network_id, port.fixed_ips[0].subnet_id, port.security_groups[0]].map(
        id => `network:default/${openstackName(scope, id)}`,
      ),
      tags: { 'My Server Name': 'Apache1', os_type: 'linux', os_distro: 'centos' },
    });
    expect(withPorts.spec.image).toBeUndefined();

    // without Neutron: no network refs; with a flavor Nova no longer lists: no flavor ref, no cpu
    const bare = serverToRecord(
      scope,
      { ...server, flavor: { id: 'gone' }, addresses: {} } as NovaServer,
      serverLookups(flavors),
    );
    expect(problemsOf(validator, bare)).toEqual([]);
    expect(bare.spec).not.toHaveProperty('networks');
    expect(bare.spec).not.toHaveProperty('flavor');
    expect(bare.spec).not.toHaveProperty('cpu');
    expect(bare.spec.ipv4Public).toBe('1.2.3.4');
    // 2.47+: the embedded flavor gives cpu and memory, its name the flavor's id
    const embedded = serverToRecord(
      scope,
      { ...server, flavor: { original_name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 } } as NovaServer,
      serverLookups(flavors),
    );
    expect(embedded.spec).toMatchObject({ cpu: 1, memory: 0.5, flavor: `flavor:default/${openstackName(scope, '1')}` });
  });

  it('writes rules, times and member lookups as expected', () => {
    const names = new Map([['g1', 'web']]);
    const rule = (r: object) =>
      ruleText(
        {
          direction: 'ingress',
          ethertype: 'IPv4',
          protocol: null,
          port_range_min: null,
          port_range_max: null,
          remote_ip_prefix: null,
          remote_group_id: null,
          ...r,
        } as any,
        names,
      );
    expect(rule({ protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '0.0.0.0/0' })).toBe(
      'ingress IPv4 tcp 22 from 0.0.0.0/0',
    );
    expect(rule({ protocol: 'tcp', port_range_min: 8000, port_range_max: 8080, remote_group_id: 'g1' })).toBe(
      'ingress IPv4 tcp 8000-8080 from group web',
    );
    expect(rule({ direction: 'egress', ethertype: 'IPv6' })).toBe('egress IPv6 any any to any');
    expect(rule({ protocol: 'icmp', port_range_min: 8 })).toBe('ingress IPv4 icmp type 8 from any');

    expect(utcIso('2019-03-11T16:24:34.000000')).toBe('2019-03-11T16:24:34.000Z');
    expect(utcIso('2019-03-11T16:24:34+02:00')).toBe('2019-03-11T14:24:34.000Z');
    expect(utcIso('not a date')).toBeUndefined();

    const ports = [
      { device_id: 's1', device_owner: 'compute:nova', fixed_ips: [{ subnet_id: 'n1', ip_address: '10.0.0.5' }] },
      { device_id: 's2', device_owner: 'compute:nova', fixed_ips: [{ subnet_id: 'n2', ip_address: '10.0.0.5' }] },
      {
        device_id: 'r1',
        device_owner: 'network:router_interface',
        fixed_ips: [{ subnet_id: 'n1', ip_address: '10.0.0.1' }],
      },
    ] as NeutronPort[];
    const serverOf = memberServerIndex(ports);
    expect(serverOf({ address: '10.0.0.5', subnet_id: 'n2' } as OctaviaMember)).toBe('s2');
    expect(serverOf({ address: '10.0.0.5' } as OctaviaMember)).toBeUndefined(); // ambiguous without a subnet
    expect(serverOf({ address: '10.0.0.1', subnet_id: 'n1' } as OctaviaMember)).toBeUndefined(); // not a server
    expect(serverOf({ address: '192.0.2.10', subnet_id: 'x' } as OctaviaMember)).toBeUndefined();
  });

  it('network-list reads every Neutron collection even when one call fails, then fails', async () => {
    const pages = <T>(items: T[]) => ({
      async *[Symbol.asyncIterator]() {
        yield items;
      },
    });
    const failing = {
      async *[Symbol.asyncIterator]() {
        throw new Error('subnets: HTTP 403');
      },
    };
    const client = {
      networks: () => pages(region.networks),
      subnets: () => failing,
      ports: () => pages(region.ports),
      routers: () => pages(region.routers),
    };
    const emitted: DiscoveredRecord[] = [];
    const list = OPENSTACK_LISTS.find(l => l.id === 'network-list')!;
    await expect(list.crawl({ ...scope, client: client as any }, r => emitted.push(r))).rejects.toThrow(
      'subnets: HTTP 403',
    );
    expect(emitted.filter(r => r.spec.type === 'network')).toHaveLength(region.networks.length);
    expect(emitted.filter(r => r.spec.type === 'port')).toHaveLength(region.ports.length);
    expect(emitted.filter(r => r.spec.type === 'router')).toHaveLength(region.routers.length);
    expect(emitted.filter(r => r.spec.type === 'subnet')).toHaveLength(0);
  });

  it('declares the seed’s lists and the calls they need', () => {
    expect(OPENSTACK_LISTS.map(l => l.id).sort()).toEqual([
      'flavor-list',
      'images-list',
      'loadbalance-list',
      'network-list',
      'security-list',
      'server-list',
      'snapshot-list',
      'volumes-list',
    ]);
    expect(Object.fromEntries(OPENSTACK_LISTS.map(l => [l.id, l.defaultFrequencyMinutes]))).toMatchObject({
      'server-list': 5,
      'loadbalance-list': 30,
      'volumes-list': 60,
      'network-list': 1440,
    });
    const calls = openstackRequiredCalls();
    expect(calls[0]).toBe('identity: POST /v3/auth/tokens');
    expect(calls).toContain('compute: GET /servers/detail');
    expect(calls).toContain('load-balancer: GET /v2/lbaas/pools/{pool_id}/members');
    expect(new Set(calls).size).toBe(calls.length);
  });
});

describe('Nova servers in corner cases', () => {
  const validator = RecordValidator.create();
  const flavors = [
    { id: 'f-small', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20, swap: '', 'OS-FLV-EXT-DATA:ephemeral': 0 },
  ] as NovaFlavor[];
  const full = {
    id: '9f1c1a2e-6b0b-4a8e-9a43-2c1d3e4f5a6b',
    name: 'web-1',
    status: 'ACTIVE',
    tenant_id: PROJECT,
    created: '2024-01-01T00:00:00Z',
    updated: '2024-01-01T00:00:00Z',
    addresses: {},
    flavor: { original_name: 'm1.small', vcpus: 1, ram: 2048, disk: 20, ephemeral: 0, swap: 0 },
    image: '',
    metadata: {},
    key_name: null,
  } as unknown as NovaServer;

  it('translates a stub of a down cell (2.69) into a partial record: the state only, the same on every run', () => {
    const stub = {
      id: full.id,
      status: 'UNKNOWN',
      tenant_id: PROJECT,
      created: full.created,
      links: [],
    } as unknown as NovaServer;
    const record = serverToRecord(scope, stub, serverLookups(flavors));
    expect(record).toEqual({
      kind: 'Server',
      providerId: full.id,
      name: openstackName(scope, full.id),
      partial: true,
      spec: { status: 'unknown', datacenter: scope.datacenter, region: 'RegionOne', providerId: full.id },
    });
    expect(serverToRecord(scope, { ...stub }, serverLookups([]))).toEqual(record);
    // a full server whose status is UNKNOWN (its host is down) is a full record
    const unknownHost = serverToRecord(scope, { ...full, status: 'UNKNOWN' }, serverLookups(flavors));
    expect(unknownHost.partial).toBeUndefined();
    expect(unknownHost.spec).toMatchObject({ hostname: 'web-1', status: 'unknown', cpu: 1 });
  });

  it('links an embedded flavor (2.47+) to the listed flavor of its name only when the sizes are the same', () => {
    const lookups = serverLookups(flavors);
    const embedded = { original_name: 'm1.small', vcpus: 1, ram: 2048, disk: 20, ephemeral: 0, swap: 0 };
    expect(listedFlavorOf(embedded, lookups)?.id).toBe('f-small'); // swap 0 and "" (before 2.75) are the same
    for (const other of [{ vcpus: 2 }, { ram: 4096 }, { disk: 40 }, { ephemeral: 10 }, { swap: 512 }]) {
      expect(listedFlavorOf({ ...embedded, ...other }, lookups)).toBeUndefined();
    }
    expect(listedFlavorOf({ ...embedded, original_name: 'm1.gone' }, lookups)).toBeUndefined();
    const resized = serverToRecord(scope, { ...full, flavor: { ...embedded, vcpus: 4 } }, lookups);
    expect(resized.spec).toMatchObject({ cpu: 4, memory: 2 });
    expect(resized.spec).not.toHaveProperty('flavor');
  });

  it('cuts long names between characters, never inside an emoji, within 255 UTF-16 units', () => {
    const family = '👨‍👩‍👧'; // 8 UTF-16 units, one grapheme
    const names = [
      `${'x'.repeat(254)}👍🏽 tail`,
      `${'x'.repeat(250)}${family}`,
      `${'é'.repeat(254)}e\u0301`,
      '😀'.repeat(200),
    ];
    for (const name of names) {
      const record = serverToRecord(scope, { ...full, name }, serverLookups(flavors));
      const title = record.title!;
      expect(title.length).toBeLessThanOrEqual(255);
      expect(name.startsWith(title)).toBe(true);
      expect(title).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      expect(record.spec.hostname).toBe(title);
      expect(problemsOf(validator, record)).toEqual([]);
    }
    expect(serverToRecord(scope, { ...full, name: names[0] }, serverLookups(flavors)).title).toBe('x'.repeat(254));
    expect(serverToRecord(scope, { ...full, name: names[1] }, serverLookups(flavors)).title).toBe('x'.repeat(250));
    expect(serverToRecord(scope, { ...full, name: names[2] }, serverLookups(flavors)).title).toBe('é'.repeat(254));
    expect(serverToRecord(scope, { ...full, name: names[3] }, serverLookups(flavors)).title).toBe('😀'.repeat(127));
    // a single grapheme longer than the limit is cut between code points
    expect(cutText(`a${'\u0301'.repeat(300)}`, 255)).toBe(`a${'\u0301'.repeat(254)}`);
    expect(cutText(`${'a'.repeat(254)}😀`, 255)).toBe('a'.repeat(254));
  });
});
