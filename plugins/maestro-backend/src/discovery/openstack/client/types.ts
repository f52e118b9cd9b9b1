/**
 * Response shapes of the OpenStack APIs Maestro reads, typed from the projects' api-ref samples (nova
 * `doc/api_samples`, neutron-lib, cinder, glance, octavia and keystone `api-ref/source`).
 *
 * Only the fields a CMDB uses are spelled out; everything else a deployment or a newer microversion adds is kept
 * reachable through an index signature, so nothing is lost and nothing has to be cast away.
 */

import type { OpenStackLink } from './link';

export type { OpenStackLink } from './link';

/* ---------------------------------------------------------------- Keystone */

/** One endpoint of a catalog service, as in a v3 token. */
export interface KeystoneCatalogEndpoint {
  id: string;
  /** `public`, `internal` or `admin`. */
  interface: string;
  /** The region's id; `region` is its deprecated twin, both are sent. */
  region_id?: string | null;
  region?: string | null;
  url: string;
  [key: string]: unknown;
}

/** One service of a v3 token's catalog. */
export interface KeystoneCatalogService {
  id?: string;
  /** `compute`, `network`, `volumev3`/`block-storage`, `image`, `load-balancer`, `identity`, … */
  type: string;
  name?: string;
  endpoints: KeystoneCatalogEndpoint[];
  [key: string]: unknown;
}

/** A named object with its domain (user, project). */
export interface KeystoneScopedName {
  id: string;
  name?: string;
  domain?: { id?: string; name?: string };
  [key: string]: unknown;
}

/** The body of `POST /v3/auth/tokens` (the token itself travels in the `X-Subject-Token` header). */
export interface KeystoneTokenResponse {
  token: KeystoneToken;
}

/** A v3 token as described in its response body. */
export interface KeystoneToken {
  methods: string[];
  /** ISO 8601, e.g. `2015-11-07T02:58:43.578887Z`. */
  expires_at: string;
  issued_at?: string;
  user?: KeystoneScopedName & { password_expires_at?: string | null };
  project?: KeystoneScopedName;
  domain?: { id: string; name?: string };
  roles?: Array<{ id: string; name: string; [key: string]: unknown }>;
  is_domain?: boolean;
  catalog?: KeystoneCatalogService[];
  [key: string]: unknown;
}

/* ---------------------------------------------------------------- Nova */

/** One address of a server on one network (`addresses.<network name>[]`). */
export interface NovaServerAddress {
  addr: string;
  version: 4 | 6;
  /** `fixed` or `floating`. */
  'OS-EXT-IPS:type'?: 'fixed' | 'floating' | string;
  'OS-EXT-IPS-MAC:mac_addr'?: string;
  [key: string]: unknown;
}

/** `flavor` of a server before microversion 2.47: a reference to the flavor. */
export interface NovaFlavorRef {
  id: string;
  links?: OpenStackLink[];
}

/** `flavor` of a server from microversion 2.47: a copy of the flavor as it was when the server was built. */
export interface NovaEmbeddedFlavor {
  original_name: string;
  vcpus: number;
  /** MiB. */
  ram: number;
  /** GiB (0 for boot-from-volume flavors). */
  disk: number;
  ephemeral?: number;
  swap?: number;
  /** Only shown to callers allowed to see extra specs. */
  extra_specs?: Record<string, string>;
}

/** Image of a server: a reference, or `""` when the server boots from a volume. */
export type NovaServerImage = { id: string; links?: OpenStackLink[] } | '';

/** A volume attached to a server (`os-extended-volumes:volumes_attached[]`). */
export interface NovaAttachedVolume {
  id: string;
  /** From microversion 2.3. */
  delete_on_termination?: boolean;
}

/** A server from `GET /servers/detail`. */
export interface NovaServer {
  id: string;
  name: string;
  /** `ACTIVE`, `SHUTOFF`, `BUILD`, `ERROR`, `PAUSED`, `SUSPENDED`, `SHELVED_OFFLOADED`, … */
  status: string;
  tenant_id: string;
  user_id?: string;
  created: string;
  updated: string;
  /** Network name → addresses on it. */
  addresses: Record<string, NovaServerAddress[]>;
  flavor: NovaFlavorRef | NovaEmbeddedFlavor;
  image: NovaServerImage;
  metadata: Record<string, string>;
  key_name: string | null;
  /** Absent when the server has no port (security groups are Neutron's). */
  security_groups?: Array<{ name: string }>;
  'os-extended-volumes:volumes_attached'?: NovaAttachedVolume[];
  'OS-EXT-AZ:availability_zone'?: string;
  'OS-EXT-STS:vm_state'?: string;
  'OS-EXT-STS:power_state'?: number;
  'OS-EXT-STS:task_state'?: string | null;
  'OS-SRV-USG:launched_at'?: string | null;
  'OS-SRV-USG:terminated_at'?: string | null;
  /** Admin only. */
  'OS-EXT-SRV-ATTR:host'?: string | null;
  'OS-EXT-SRV-ATTR:hypervisor_hostname'?: string | null;
  'OS-EXT-SRV-ATTR:instance_name'?: string;
  hostId?: string;
  accessIPv4?: string;
  accessIPv6?: string;
  /** From 2.19. */
  description?: string | null;
  /** From 2.26. */
  tags?: string[];
  /** From 2.9. */
  locked?: boolean;
  links?: OpenStackLink[];
  [key: string]: unknown;
}

/** True when the server's flavor is the embedded copy (microversion 2.47 and later). */
export function isEmbeddedFlavor(flavor: NovaServer['flavor']): flavor is NovaEmbeddedFlavor {
  return typeof (flavor as NovaEmbeddedFlavor).original_name === 'string';
}

/**
 * A server of a Nova cell that is down, as microversion 2.69 and later list it: a stub with `id`, `status`
 * `UNKNOWN`, `tenant_id`, `created`, `links` (and security group names), without `name`, `flavor`, `image`,
 * `addresses`, `metadata` or `tags`. (Before 2.69 such servers are left out of listings altogether.)
 */
export function isDownCellStub(server: NovaServer): boolean {
  const partial = server as Partial<NovaServer>;
  return partial.status === 'UNKNOWN' && partial.name === undefined && partial.flavor === undefined;
}

/** A flavor from `GET /flavors/detail`. */
export interface NovaFlavor {
  id: string;
  name: string;
  vcpus: number;
  /** MiB. */
  ram: number;
  /** GiB. */
  disk: number;
  /** `""` when the flavor has no swap (MiB otherwise). */
  swap: number | '';
  'OS-FLV-EXT-DATA:ephemeral'?: number;
  'OS-FLV-DISABLED:disabled'?: boolean;
  'os-flavor-access:is_public'?: boolean;
  rxtx_factor?: number;
  /** From 2.55. */
  description?: string | null;
  /** From 2.61. */
  extra_specs?: Record<string, string>;
  links?: OpenStackLink[];
  [key: string]: unknown;
}

/* ---------------------------------------------------------------- Neutron */

/** Fields every Neutron resource shares. */
export interface NeutronResource {
  id: string;
  name: string;
  description?: string;
  project_id?: string;
  tenant_id?: string;
  tags?: string[];
  created_at?: string;
  updated_at?: string;
  revision_number?: number;
}

/** A network from `GET /v2.0/networks`. */
export interface NeutronNetwork extends NeutronResource {
  status: string;
  admin_state_up: boolean;
  shared: boolean;
  subnets: string[];
  mtu?: number;
  'router:external'?: boolean;
  'provider:network_type'?: string | null;
  'provider:physical_network'?: string | null;
  'provider:segmentation_id'?: number | null;
  availability_zones?: string[];
  port_security_enabled?: boolean;
  [key: string]: unknown;
}

/** A subnet from `GET /v2.0/subnets`. */
export interface NeutronSubnet extends NeutronResource {
  network_id: string;
  cidr: string;
  ip_version: 4 | 6;
  gateway_ip: string | null;
  enable_dhcp: boolean;
  allocation_pools?: Array<{ start: string; end: string }>;
  dns_nameservers?: string[];
  host_routes?: Array<{ destination: string; nexthop: string }>;
  ipv6_address_mode?: string | null;
  ipv6_ra_mode?: string | null;
  subnetpool_id?: string | null;
  segment_id?: string | null;
  [key: string]: unknown;
}

/** An address of a port on one of its subnets. */
export interface NeutronFixedIp {
  subnet_id: string;
  ip_address: string;
}

/** A port from `GET /v2.0/ports`. */
export interface NeutronPort extends NeutronResource {
  network_id: string;
  mac_address: string;
  fixed_ips: NeutronFixedIp[];
  /** The server, router, DHCP agent … the port belongs to (`""` when unbound). */
  device_id: string;
  /** `compute:<az>`, `network:router_interface`, `network:router_gateway`, `network:dhcp`, `network:floatingip`, … */
  device_owner: string;
  status: string;
  admin_state_up: boolean;
  security_groups: string[];
  port_security_enabled?: boolean;
  allowed_address_pairs?: Array<{ ip_address: string; mac_address?: string }>;
  'binding:host_id'?: string;
  'binding:vnic_type'?: string;
  dns_name?: string;
  [key: string]: unknown;
}

/** A router from `GET /v2.0/routers`. */
export interface NeutronRouter extends NeutronResource {
  status: string;
  admin_state_up: boolean;
  /** `null` when the router has no gateway. */
  external_gateway_info: {
    network_id: string;
    enable_snat?: boolean;
    external_fixed_ips?: NeutronFixedIp[];
  } | null;
  routes?: Array<{ destination: string; nexthop: string }>;
  distributed?: boolean;
  ha?: boolean;
  availability_zones?: string[];
  availability_zone_hints?: string[];
  [key: string]: unknown;
}

/** A rule of a security group. */
export interface NeutronSecurityGroupRule {
  id: string;
  security_group_id: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  /** From the address-group extension. */
  remote_address_group_id?: string | null;
  description?: string;
  project_id?: string;
  tenant_id?: string;
  [key: string]: unknown;
}

/** A security group from `GET /v2.0/security-groups`, with its rules. */
export interface NeutronSecurityGroup extends NeutronResource {
  security_group_rules: NeutronSecurityGroupRule[];
  stateful?: boolean;
  shared?: boolean;
  [key: string]: unknown;
}

export * from './cinderGlanceOctaviaTypes';
