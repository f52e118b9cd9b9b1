/**
 * Response shapes of Cinder, Glance and Octavia, typed from their api-ref samples (see ./types.ts, which
 * re-exports them: import from there).
 */
import type { OpenStackLink } from './link';

/* ---------------------------------------------------------------- Cinder */

/** A server a volume is attached to (`attachments[]`). */
export interface CinderAttachment {
  id?: string;
  attachment_id?: string;
  server_id: string;
  volume_id?: string;
  device?: string;
  host_name?: string | null;
  attached_at?: string;
  [key: string]: unknown;
}

/** A volume from `GET /volumes/detail`. */
export interface CinderVolume {
  id: string;
  name: string | null;
  description?: string | null;
  /** `available`, `in-use`, `creating`, `error`, … */
  status: string;
  /** GiB. */
  size: number;
  availability_zone: string;
  /** The type's name. */
  volume_type: string | null;
  volume_type_id?: string;
  /** `"true"` or `"false"` (a string, in every microversion). */
  bootable: string;
  encrypted?: boolean;
  multiattach?: boolean;
  attachments: CinderAttachment[];
  metadata: Record<string, string>;
  snapshot_id?: string | null;
  source_volid?: string | null;
  created_at: string;
  updated_at?: string | null;
  user_id?: string;
  'os-vol-tenant-attr:tenant_id'?: string;
  'os-vol-host-attr:host'?: string | null;
  /** Present when the volume was created from an image. */
  volume_image_metadata?: Record<string, string>;
  links?: OpenStackLink[];
  [key: string]: unknown;
}

/** A snapshot from `GET /snapshots/detail`. */
export interface CinderSnapshot {
  id: string;
  name: string | null;
  description?: string | null;
  status: string;
  /** GiB. */
  size: number;
  volume_id: string;
  metadata: Record<string, string>;
  created_at: string;
  updated_at?: string | null;
  'os-extended-snapshot-attributes:project_id'?: string;
  'os-extended-snapshot-attributes:progress'?: string;
  [key: string]: unknown;
}

/* ---------------------------------------------------------------- Glance */

/** An image from `GET /v2/images` (custom properties are top-level keys). */
export interface GlanceImage {
  id: string;
  name: string | null;
  /** `queued`, `saving`, `active`, `killed`, `deleted`, `deactivated`, … */
  status: string;
  visibility: 'public' | 'private' | 'shared' | 'community' | string;
  owner: string | null;
  /** Bytes; `null` until uploaded. */
  size: number | null;
  virtual_size?: number | null;
  disk_format: string | null;
  container_format: string | null;
  min_disk: number;
  min_ram: number;
  protected: boolean;
  tags: string[];
  checksum?: string | null;
  os_hash_algo?: string | null;
  os_hash_value?: string | null;
  os_distro?: string;
  os_version?: string;
  os_hidden?: boolean;
  created_at: string;
  updated_at: string;
  /** Relative hrefs, e.g. `/v2/images/<id>`. */
  self?: string;
  file?: string;
  schema?: string;
  [key: string]: unknown;
}

/* ---------------------------------------------------------------- Octavia */

/** Fields every Octavia resource shares. */
export interface OctaviaResource {
  id: string;
  name: string;
  description?: string;
  project_id: string;
  /** `ACTIVE`, `PENDING_CREATE`, `ERROR`, … */
  provisioning_status: string;
  /** `ONLINE`, `OFFLINE`, `DEGRADED`, `ERROR`, `NO_MONITOR`, … */
  operating_status: string;
  admin_state_up: boolean;
  created_at?: string;
  updated_at?: string | null;
  tags?: string[];
}

/** A load balancer from `GET /v2/lbaas/loadbalancers`. */
export interface OctaviaLoadBalancer extends OctaviaResource {
  vip_address: string;
  vip_port_id: string;
  vip_subnet_id: string;
  vip_network_id: string;
  vip_qos_policy_id?: string | null;
  provider: string;
  flavor_id?: string | null;
  availability_zone?: string | null;
  listeners: Array<{ id: string }>;
  pools: Array<{ id: string }>;
  [key: string]: unknown;
}

/** A pool from `GET /v2/lbaas/pools`. */
export interface OctaviaPool extends OctaviaResource {
  protocol: string;
  lb_algorithm: string;
  loadbalancers: Array<{ id: string }>;
  listeners: Array<{ id: string }>;
  members: Array<{ id: string }>;
  healthmonitor_id: string | null;
  session_persistence?: { type: string; cookie_name?: string | null } | null;
  [key: string]: unknown;
}

/** A member from `GET /v2/lbaas/pools/{pool_id}/members`. */
export interface OctaviaMember extends OctaviaResource {
  address: string;
  protocol_port: number;
  weight: number;
  subnet_id?: string | null;
  backup?: boolean;
  monitor_address?: string | null;
  monitor_port?: number | null;
  [key: string]: unknown;
}
