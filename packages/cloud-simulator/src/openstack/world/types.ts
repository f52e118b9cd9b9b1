/**
 * The objects of a simulated OpenStack world, in the JSON shapes of the official api-ref samples (Nova
 * `doc/api_samples`, neutron-lib, Cinder, Glance and Octavia `api-ref`). Member names are the wire names, so the
 * simulator serves the objects as they are; only `links` (which name the simulator's host and port) are added when
 * a response is written.
 */

/** A link of the OpenStack APIs (`self`, `bookmark`, `next`). */
export interface OpenStackLink {
  href: string;
  rel: string;
}

/** The Keystone user and project of a world, and the regions of its cloud. */
export interface OpenStackAccountSpec {
  /** The user's name, for password authentication by name. */
  username: string;
  password: string;
  /** The id of the user's domain (`default`, whose name is `Default`). */
  userDomainId: string;
  /** The user's id (32 hexadecimal digits); derived from the user name when absent. */
  userId?: string;
  /** The project's id (32 hexadecimal digits), also the `tenant_id`/`project_id` of every resource. */
  projectId: string;
  projectName: string;
  /** The id of the project's domain (`default`). */
  projectDomainId: string;
  /** The regions of the cloud (Keystone region ids), each with every service. */
  regions: string[];
}

/** Counts of one region; those left out are derived from `servers` (see {@link generateOpenStackWorld}). */
export interface OpenStackRegionSizes {
  /** Nova servers (default 25). */
  servers?: number;
  /** Cinder volumes (default: as many as servers): boot volumes, data volumes, then unattached ones. */
  volumes?: number;
  /**
   * Neutron ports, at least one per server plus the DHCP, router-interface and load-balancer VIP ports (always
   * created); the rest are second interfaces of servers and unbound ports. Default: the required ports plus one
   * in eight servers.
   */
  ports?: number;
  /** Tenant networks (default: 3, or one per 250 servers), besides the shared external network `public`. */
  networks?: number;
  /** Tenant subnets, at least one per network (default: one and a half per network). */
  subnets?: number;
  /** Routers, each with a gateway on `public` and interfaces on tenant subnets (default: one per 4 networks). */
  routers?: number;
  /** Security groups, the first named `default` (default: 6, or one per 50 servers). */
  securityGroups?: number;
  /** Flavors (default 12: the `m1.*` devstack flavors and a few others). */
  flavors?: number;
  /** Glance images (default 8: public distribution images, then private project images). */
  images?: number;
  /** Volume snapshots (default: one per two volumes). */
  snapshots?: number;
  /** Octavia load balancers, each with one or two listeners and pools of servers (default: one per 20 servers, at least 2). */
  loadBalancers?: number;
  /** Floating IPs on `public`, associated with server ports (default: one per 5 servers). */
  floatingIps?: number;
}

/** Options of {@link generateOpenStackWorld}. */
export interface OpenStackWorldOptions {
  /** Seed of the generator (default 1): the same options always give an identical world. */
  seed?: number;
  /** Region names (default `['RegionOne', 'RegionTwo']`, or the project's `regions`). */
  regions?: string[];
  /** Counts per region. */
  sizes?: OpenStackRegionSizes;
  /** Overrides of {@link DEMO_OPENSTACK_ACCOUNT} (user, password, project). */
  project?: Partial<OpenStackAccountSpec>;
}

// ---------------------------------------------------------------------------------------------------------------
// Nova (compute)
// ---------------------------------------------------------------------------------------------------------------

/**
 * A flavor as `GET /flavors/detail` returns it (`flavors-detail-resp.json`), at the newest microversion: `swap` is a
 * number (the simulator answers `""` for 0 below 2.75), `description` appears from 2.55 and `extra_specs` from 2.61.
 */
export interface OpenStackFlavor {
  id: string;
  name: string;
  vcpus: number;
  /** MiB. */
  ram: number;
  /** GiB of root disk (0: boot from volume only). */
  disk: number;
  swap: number;
  rxtx_factor: number;
  'OS-FLV-DISABLED:disabled': boolean;
  'OS-FLV-EXT-DATA:ephemeral': number;
  'os-flavor-access:is_public': boolean;
  description: string | null;
  extra_specs: Record<string, string>;
}

/**
 * The flavor embedded in a server from microversion 2.47 on (`servers/v2.47/server-get-resp.json`): a copy of the
 * flavor at boot time, named by `original_name`, **without the flavor's id**. Below 2.47 the simulator answers
 * `{ id, links }` instead, the id of the flavor named `original_name` (a flavor deleted since then keeps its name).
 */
export interface OpenStackServerFlavor {
  original_name: string;
  vcpus: number;
  ram: number;
  disk: number;
  ephemeral: number;
  swap: number;
  extra_specs: Record<string, string>;
}

/** One address of a server, by network name in `server.addresses`. */
export interface OpenStackServerAddress {
  addr: string;
  version: 4 | 6;
  'OS-EXT-IPS:type': 'fixed' | 'floating';
  'OS-EXT-IPS-MAC:mac_addr': string;
}

/** A volume of `os-extended-volumes:volumes_attached`. */
export interface OpenStackAttachedVolume {
  id: string;
  delete_on_termination: boolean;
}

/**
 * A server as `GET /servers/detail` returns it to a project member (`servers/v2.100/servers-details-resp.json`,
 * without the admin-only `OS-EXT-SRV-ATTR:*` members but `OS-EXT-SRV-ATTR:hostname`). Members introduced by later
 * microversions (`locked` 2.9, `description` 2.19, `tags` 2.26, `trusted_image_certificates` 2.63, `locked_reason`
 * 2.73, `OS-EXT-SRV-ATTR:hostname` 2.90, `pinned_availability_zone` 2.96, `scheduler_hints` 2.100) are left out of
 * responses at lower microversions. `image` is `""` for a server booted from a volume (its root volume is then
 * attached at `/dev/vda`). `links` are added when served.
 */
export interface OpenStackServer {
  id: string;
  name: string;
  status: string;
  tenant_id: string;
  user_id: string;
  metadata: Record<string, string>;
  hostId: string;
  image: { id: string } | '';
  flavor: OpenStackServerFlavor;
  created: string;
  updated: string;
  addresses: Record<string, OpenStackServerAddress[]>;
  accessIPv4: string;
  accessIPv6: string;
  key_name: string | null;
  progress: number;
  config_drive: string;
  description: string | null;
  locked: boolean;
  locked_reason: string | null;
  tags: string[];
  trusted_image_certificates: string[] | null;
  'OS-DCF:diskConfig': 'AUTO' | 'MANUAL';
  'OS-EXT-AZ:availability_zone': string;
  'OS-EXT-SRV-ATTR:hostname': string;
  'OS-EXT-STS:power_state': number;
  'OS-EXT-STS:task_state': string | null;
  'OS-EXT-STS:vm_state': string;
  'OS-SRV-USG:launched_at': string | null;
  'OS-SRV-USG:terminated_at': string | null;
  'os-extended-volumes:volumes_attached': OpenStackAttachedVolume[];
  /** The names of the security groups of the server's ports. */
  security_groups: Array<{ name: string }>;
  pinned_availability_zone: string | null;
  scheduler_hints: Record<string, string[]>;
  /**
   * Simulator only, never served: the id of the flavor the server was built from, once that flavor is no longer
   * listed (deleted, its name maybe reused: {@link OpenStackWorld.replaceFlavor}). Before microversion 2.47 Nova
   * shows this id as the server's `flavor.id`.
   */
  builtFromFlavorId?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Neutron (network)
// ---------------------------------------------------------------------------------------------------------------

/** A network (`networks-list-response.json`). */
export interface OpenStackNetwork {
  id: string;
  name: string;
  status: string;
  subnets: string[];
  admin_state_up: boolean;
  availability_zone_hints: string[];
  availability_zones: string[];
  created_at: string;
  updated_at: string;
  description: string;
  ipv4_address_scope: string | null;
  ipv6_address_scope: string | null;
  l2_adjacency: boolean;
  mtu: number;
  port_security_enabled: boolean;
  project_id: string;
  tenant_id: string;
  'provider:network_type': string;
  'provider:physical_network': string | null;
  'provider:segmentation_id': number | null;
  qos_policy_id: string | null;
  revision_number: number;
  'router:external': boolean;
  shared: boolean;
  is_default?: boolean;
  tags: string[];
}

/** A subnet (`subnets-list-response.json`). */
export interface OpenStackSubnet {
  id: string;
  name: string;
  network_id: string;
  cidr: string;
  ip_version: 4 | 6;
  gateway_ip: string | null;
  allocation_pools: Array<{ start: string; end: string }>;
  enable_dhcp: boolean;
  dns_nameservers: string[];
  host_routes: Array<{ destination: string; nexthop: string }>;
  ipv6_address_mode: string | null;
  ipv6_ra_mode: string | null;
  segment_id: string | null;
  subnetpool_id: string | null;
  service_types: string[];
  description: string;
  project_id: string;
  tenant_id: string;
  created_at: string;
  updated_at: string;
  revision_number: number;
  tags: string[];
}

/** A fixed IP of a port. */
export interface OpenStackFixedIp {
  subnet_id: string;
  ip_address: string;
}

/**
 * A port (`ports-list-response.json`). `device_owner` is `compute:<availability zone>` (`compute:nova` in the
 * default zone) for server interfaces, `network:router_interface`, `network:dhcp`, `Octavia` for load-balancer
 * VIPs, or `""` for an unbound port.
 */
export interface OpenStackPort {
  id: string;
  name: string;
  network_id: string;
  mac_address: string;
  fixed_ips: OpenStackFixedIp[];
  device_id: string;
  device_owner: string;
  status: string;
  admin_state_up: boolean;
  allowed_address_pairs: Array<{ ip_address: string; mac_address: string }>;
  'binding:vnic_type': string;
  created_at: string;
  updated_at: string;
  data_plane_status: string | null;
  description: string;
  extra_dhcp_opts: Array<{
    opt_name: string;
    opt_value: string;
    ip_version: number;
  }>;
  ip_allocation: string;
  port_security_enabled: boolean;
  project_id: string;
  tenant_id: string;
  qos_policy_id: string | null;
  revision_number: number;
  /** Ids of security groups. */
  security_groups: string[];
  tags: string[];
  uplink_status_propagation: boolean;
}

/** A router (`routers-list-response.json`). */
export interface OpenStackRouter {
  id: string;
  name: string;
  status: string;
  admin_state_up: boolean;
  availability_zone_hints: string[];
  availability_zones: string[];
  description: string;
  distributed: boolean;
  external_gateway_info: {
    network_id: string;
    enable_snat: boolean;
    external_fixed_ips: OpenStackFixedIp[];
  } | null;
  ha: boolean;
  routes: Array<{ destination: string; nexthop: string }>;
  project_id: string;
  tenant_id: string;
  created_at: string;
  updated_at: string;
  revision_number: number;
  tags: string[];
}

/** A security group rule. */
export interface OpenStackSecurityGroupRule {
  id: string;
  security_group_id: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  description: string;
  project_id: string;
  tenant_id: string;
  created_at: string;
  updated_at: string;
  revision_number: number;
  tags: string[];
}

/** A security group with its rules (`security-groups-list-response.json`). */
export interface OpenStackSecurityGroup {
  id: string;
  name: string;
  description: string;
  security_group_rules: OpenStackSecurityGroupRule[];
  project_id: string;
  tenant_id: string;
  created_at: string;
  updated_at: string;
  revision_number: number;
  stateful: boolean;
  shared: boolean;
  tags: string[];
}

/** A floating IP (`floatingips-list-response.json`), associated with a server port. */
export interface OpenStackFloatingIp {
  id: string;
  floating_ip_address: string;
  floating_network_id: string;
  fixed_ip_address: string | null;
  port_id: string | null;
  router_id: string | null;
  status: string;
  description: string;
  project_id: string;
  tenant_id: string;
  created_at: string;
  updated_at: string;
  revision_number: number;
  tags: string[];
  port_forwardings: unknown[];
  qos_policy_id: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Cinder (block storage)
// ---------------------------------------------------------------------------------------------------------------

/** An attachment of a volume to a server (`id` is the volume's id, as Cinder answers it). */
export interface OpenStackVolumeAttachment {
  id: string;
  server_id: string;
  attachment_id: string;
  attached_at: string;
  host_name: string | null;
  volume_id: string;
  device: string;
}

/**
 * A volume as `GET /volumes/detail` returns it (`volumes/v3.69/volumes-list-detailed-response.json`); `links` are
 * added when served. `bootable` is the string `"true"` or `"false"`; a volume created from an image carries
 * `volume_image_metadata`.
 */
export interface OpenStackVolume {
  id: string;
  name: string | null;
  description: string | null;
  status: string;
  size: number;
  availability_zone: string;
  bootable: 'true' | 'false';
  encrypted: boolean;
  multiattach: boolean;
  attachments: OpenStackVolumeAttachment[];
  metadata: Record<string, string>;
  volume_type: string;
  volume_type_id: string;
  snapshot_id: string | null;
  source_volid: string | null;
  consistencygroup_id: string | null;
  group_id: string | null;
  created_at: string;
  updated_at: string | null;
  user_id: string;
  'os-vol-tenant-attr:tenant_id': string;
  'os-vol-host-attr:host': string | null;
  'os-vol-mig-status-attr:migstat': string | null;
  'os-vol-mig-status-attr:name_id': string | null;
  migration_status: string | null;
  replication_status: string | null;
  provider_id: string | null;
  service_uuid: string | null;
  shared_targets: boolean | null;
  cluster_name: string | null;
  consumes_quota: boolean;
  volume_image_metadata?: Record<string, string>;
}

/** A volume snapshot (`snapshots-list-detailed-response.json`). */
export interface OpenStackSnapshot {
  id: string;
  name: string | null;
  description: string | null;
  volume_id: string;
  size: number;
  status: string;
  metadata: Record<string, string>;
  created_at: string;
  updated_at: string | null;
  'os-extended-snapshot-attributes:progress': string;
  'os-extended-snapshot-attributes:project_id': string;
}

// ---------------------------------------------------------------------------------------------------------------
// Glance (image)
// ---------------------------------------------------------------------------------------------------------------

/**
 * An image of `GET /v2/images` (`images-list-response.json`), with the usual additional properties as flat string
 * members (`os_distro`, `os_version`, `architecture`, `hw_disk_bus` …).
 */
export interface OpenStackImage {
  id: string;
  name: string;
  status: string;
  visibility: 'public' | 'private' | 'shared' | 'community';
  owner: string;
  disk_format: string;
  container_format: string;
  min_disk: number;
  min_ram: number;
  size: number | null;
  virtual_size: number | null;
  checksum: string | null;
  os_hash_algo: string | null;
  os_hash_value: string | null;
  protected: boolean;
  os_hidden: boolean;
  tags: string[];
  created_at: string;
  updated_at: string;
  self: string;
  file: string;
  schema: string;
  os_distro?: string;
  os_version?: string;
  architecture?: string;
  hw_disk_bus?: string;
  hw_qemu_guest_agent?: string;
  os_type?: string;
  [property: string]: unknown;
}

// ---------------------------------------------------------------------------------------------------------------
// Octavia (load-balancer)
// ---------------------------------------------------------------------------------------------------------------

/** A reference by id (`listeners`, `pools`, `loadbalancers`, `members` of Octavia objects). */
export interface OpenStackIdRef {
  id: string;
}

/** A load balancer (`loadbalancers-list-response.json`). */
export interface OpenStackLoadBalancer {
  id: string;
  name: string;
  description: string;
  admin_state_up: boolean;
  project_id: string;
  provisioning_status: string;
  operating_status: string;
  flavor_id: string;
  provider: string;
  vip_address: string;
  vip_port_id: string;
  vip_subnet_id: string;
  vip_network_id: string;
  vip_qos_policy_id: string | null;
  availability_zone: string | null;
  listeners: OpenStackIdRef[];
  pools: OpenStackIdRef[];
  created_at: string;
  updated_at: string;
  tags: string[];
}

/** A listener (`listeners-list-response.json`). */
export interface OpenStackListener {
  id: string;
  name: string;
  description: string;
  protocol: string;
  protocol_port: number;
  connection_limit: number;
  default_pool_id: string | null;
  default_tls_container_ref: string | null;
  sni_container_refs: string[];
  loadbalancers: OpenStackIdRef[];
  l7policies: OpenStackIdRef[];
  insert_headers: Record<string, string>;
  admin_state_up: boolean;
  project_id: string;
  provisioning_status: string;
  operating_status: string;
  timeout_client_data: number;
  timeout_member_connect: number;
  timeout_member_data: number;
  timeout_tcp_inspect: number;
  allowed_cidrs: string[] | null;
  created_at: string;
  updated_at: string;
  tags: string[];
}

/** A pool (`pools-list-response.json`); its members are in {@link OpenStackRegion.members}. */
export interface OpenStackPool {
  id: string;
  name: string;
  description: string;
  lb_algorithm: string;
  protocol: string;
  admin_state_up: boolean;
  loadbalancers: OpenStackIdRef[];
  listeners: OpenStackIdRef[];
  members: OpenStackIdRef[];
  healthmonitor_id: string | null;
  session_persistence: { type: string; cookie_name: string | null } | null;
  project_id: string;
  provisioning_status: string;
  operating_status: string;
  tls_enabled: boolean;
  created_at: string;
  updated_at: string;
  tags: string[];
}

/** A pool member (`members-list-response.json`): a server address on a subnet. */
export interface OpenStackMember {
  id: string;
  name: string;
  address: string;
  protocol_port: number;
  subnet_id: string;
  weight: number;
  backup: boolean;
  admin_state_up: boolean;
  monitor_address: string | null;
  monitor_port: number | null;
  project_id: string;
  provisioning_status: string;
  operating_status: string;
  created_at: string;
  updated_at: string;
  tags: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// A region
// ---------------------------------------------------------------------------------------------------------------

/**
 * The resources of one region. Every collection is a plain mutable array, served in its order (which paging follows
 * with markers), so tests can rename, add or remove objects between requests.
 */
export interface OpenStackRegion {
  name: string;
  /** The availability zones of the region's servers and volumes. */
  availabilityZones: string[];
  flavors: OpenStackFlavor[];
  servers: OpenStackServer[];
  networks: OpenStackNetwork[];
  subnets: OpenStackSubnet[];
  ports: OpenStackPort[];
  routers: OpenStackRouter[];
  securityGroups: OpenStackSecurityGroup[];
  floatingIps: OpenStackFloatingIp[];
  volumes: OpenStackVolume[];
  snapshots: OpenStackSnapshot[];
  images: OpenStackImage[];
  loadBalancers: OpenStackLoadBalancer[];
  listeners: OpenStackListener[];
  pools: OpenStackPool[];
  /** The members of each pool, by pool id (kept in step with the pools' `members` references). */
  members: Record<string, OpenStackMember[]>;
}
