import { SERVER_ROLES } from './catalog';
import type { RegionBuilder, ServerInterface } from './context';
import { isoNaive } from './format';
import type { OpenStackListener, OpenStackLoadBalancer, OpenStackMember, OpenStackPool } from './types';

interface ListenerSpec {
  protocol: string;
  port: number;
  poolProtocol: string;
}

function listenerSpecs(b: RegionBuilder, memberPort: number): ListenerSpec[] {
  if (memberPort === 80 || memberPort === 8080) {
    const specs: ListenerSpec[] = [{ protocol: 'HTTP', port: 80, poolProtocol: 'HTTP' }];
    if (b.rng.chance(0.4)) {
      specs.push({
        protocol: 'TERMINATED_HTTPS',
        port: 443,
        poolProtocol: 'HTTP',
      });
    }
    return specs;
  }
  return [{ protocol: 'TCP', port: memberPort, poolProtocol: 'TCP' }];
}

function memberPortOf(member: ServerInterface): number {
  const role = SERVER_ROLES.find(r => r.role === member.server.metadata.role);
  return role?.port ?? 80;
}

/**
 * Octavia load balancers: a VIP port (`device_owner: Octavia`) on a random tenant subnet, one or two listeners
 * (HTTP and TLS-terminated HTTPS, or TCP), each with its pool of two to five servers of the VIP's network (members
 * by fixed IP and subnet; `ERROR` when the server is not active, which makes the load balancer `DEGRADED`).
 */
export function buildLoadBalancers(b: RegionBuilder, count: number): void {
  const { rng, region } = b;
  if (count > 0 && b.tenantSubnets.length === 0) {
    throw new Error('Load balancers need at least one tenant network');
  }
  for (let i = 0; i < count; i++) {
    const id = b.uuid();
    const created = b.date(300);
    const stamp = isoNaive(created);
    const vipSubnet = b.randomTenantSubnet();
    const vip = b.allocateTenantIp(vipSubnet, true) ?? b.allocateTenantIp(vipSubnet);
    if (!vip) throw new Error(`No free address left in region ${region.name}`);
    const port = b.addPort({
      networkId: b.networkOf(vip.subnet_id),
      fixedIps: [vip],
      deviceId: `lb-${id}`,
      deviceOwner: 'Octavia',
      created,
      name: `octavia-lb-${id}`,
    });
    const candidates = b.interfacesByNetwork.get(port.network_id) ?? b.primaryInterfaces;
    const backends = rng.sample(candidates, rng.int(2, 5));
    const memberPort = backends.length ? memberPortOf(backends[0]) : 80;
    const roleName = backends[0]?.server.metadata.role ?? 'app';
    const lb: OpenStackLoadBalancer = {
      id,
      name: `${roleName}-lb-${String(i + 1).padStart(3, '0')}`,
      description: rng.chance(0.3) ? `Load balancer of the ${roleName} servers` : '',
      admin_state_up: true,
      project_id: b.projectId,
      provisioning_status: 'ACTIVE',
      operating_status: 'ONLINE',
      flavor_id: '',
      provider: 'amphora',
      vip_address: vip.ip_address,
      vip_port_id: port.id,
      vip_subnet_id: vip.subnet_id,
      vip_network_id: port.network_id,
      vip_qos_policy_id: null,
      availability_zone: null,
      listeners: [],
      pools: [],
      created_at: stamp,
      updated_at: stamp,
      tags: [],
    };
    for (const spec of listenerSpecs(b, memberPort)) {
      const listenerId = b.uuid();
      const poolId = b.uuid();
      const members: OpenStackMember[] = backends.map(backend => ({
        id: b.uuid(),
        name: backend.server.name,
        address: backend.fixedIp.ip_address,
        protocol_port: memberPort,
        subnet_id: backend.fixedIp.subnet_id,
        weight: 1,
        backup: false,
        admin_state_up: true,
        monitor_address: null,
        monitor_port: null,
        project_id: b.projectId,
        provisioning_status: 'ACTIVE',
        operating_status: backend.server.status === 'ACTIVE' ? 'ONLINE' : 'ERROR',
        created_at: stamp,
        updated_at: stamp,
        tags: [],
      }));
      if (members.some(m => m.operating_status === 'ERROR')) {
        lb.operating_status = 'DEGRADED';
      }
      const pool: OpenStackPool = {
        id: poolId,
        name: `${lb.name}-pool-${spec.port}`,
        description: '',
        lb_algorithm: rng.chance(0.7) ? 'ROUND_ROBIN' : 'LEAST_CONNECTIONS',
        protocol: spec.poolProtocol,
        admin_state_up: true,
        loadbalancers: [{ id }],
        listeners: [{ id: listenerId }],
        members: members.map(m => ({ id: m.id })),
        healthmonitor_id: null,
        session_persistence:
          spec.poolProtocol === 'HTTP' && rng.chance(0.3) ? { type: 'HTTP_COOKIE', cookie_name: null } : null,
        project_id: b.projectId,
        provisioning_status: 'ACTIVE',
        operating_status: members.some(m => m.operating_status === 'ERROR') ? 'DEGRADED' : 'ONLINE',
        tls_enabled: false,
        created_at: stamp,
        updated_at: stamp,
        tags: [],
      };
      const listener: OpenStackListener = {
        id: listenerId,
        name: `${lb.name}-${spec.protocol.toLowerCase()}-${spec.port}`,
        description: '',
        protocol: spec.protocol,
        protocol_port: spec.port,
        connection_limit: -1,
        default_pool_id: poolId,
        default_tls_container_ref:
          spec.protocol === 'TERMINATED_HTTPS' ? `https://barbican.example.com/v1/containers/${b.uuid()}` : null,
        sni_container_refs: [],
        loadbalancers: [{ id }],
        l7policies: [],
        insert_headers: {},
        admin_state_up: true,
        project_id: b.projectId,
        provisioning_status: 'ACTIVE',
        operating_status: 'ONLINE',
        timeout_client_data: 50000,
        timeout_member_connect: 5000,
        timeout_member_data: 50000,
        timeout_tcp_inspect: 0,
        allowed_cidrs: null,
        created_at: stamp,
        updated_at: stamp,
        tags: [],
      };
      lb.listeners.push({ id: listenerId });
      lb.pools.push({ id: poolId });
      region.listeners.push(listener);
      region.pools.push(pool);
      region.members[poolId] = members;
    }
    region.loadBalancers.push(lb);
  }
}
