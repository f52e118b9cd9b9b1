import { OS_SCHEMA, OsInfo, Placement, PLACEMENT_PROPERTIES, REF_SCHEMA, TEXT_SCHEMA } from './fields';
import { JsonSchema, TAGS_SCHEMA } from './schema';

/**
 * Spec of a Volume record: network storage attached to servers (EBS, Cinder, NFS) or a disk built into one.
 * @public
 */
export interface VolumeSpec extends Placement {
  /** attached = network/distributed storage; built-in = a disk inside the server (usually on premises). */
  attachment: 'attached' | 'built-in';
  sizeGb?: number;
  /** gp3, io2, standard, ssd, … */
  volumeType?: string;
  /** Server the volume is attached to, and where. */
  server?: string;
  device?: string;
  mountPath?: string;
  fileType?: string;
  lvm?: { enabled: boolean; pvName?: string; vgName?: string; lvName?: string };
  encrypted?: boolean;
  state?: string;
  tags?: Record<string, string>;
}

/** @public */
export const volumeSpecSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['attachment'],
  properties: {
    attachment: { type: 'string', enum: ['attached', 'built-in'] },
    sizeGb: { type: 'number', minimum: 0 },
    volumeType: { type: 'string', maxLength: 64 },
    server: REF_SCHEMA,
    device: TEXT_SCHEMA,
    mountPath: TEXT_SCHEMA,
    fileType: { type: 'string', maxLength: 32 },
    lvm: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled'],
      properties: { enabled: { type: 'boolean' }, pvName: TEXT_SCHEMA, vgName: TEXT_SCHEMA, lvName: TEXT_SCHEMA },
    },
    encrypted: { type: 'boolean' },
    state: { type: 'string', maxLength: 64 },
    ...PLACEMENT_PROPERTIES,
    tags: TAGS_SCHEMA,
  },
};

/** Spec of a Snapshot record: a point-in-time copy of a volume. @public */
export interface SnapshotSpec extends Placement {
  volume?: string;
  sizeGb?: number;
  startedAt?: string;
  state?: string;
  description?: string;
  encrypted?: boolean;
  tags?: Record<string, string>;
}

/** @public */
export const snapshotSpecSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    volume: REF_SCHEMA,
    sizeGb: { type: 'number', minimum: 0 },
    startedAt: { type: 'string', maxLength: 64, description: 'ISO-8601 time the snapshot was started' },
    state: { type: 'string', maxLength: 64 },
    description: { type: 'string', maxLength: 4096 },
    encrypted: { type: 'boolean' },
    ...PLACEMENT_PROPERTIES,
    tags: TAGS_SCHEMA,
  },
};

/** Spec of an Image record: a machine image hosted in a datacenter (AMI, Glance image). @public */
export interface ImageSpec extends Placement {
  os?: OsInfo;
  architecture?: string;
  /** private | public | shared */
  visibility?: string;
  sizeGb?: number;
  state?: string;
  description?: string;
  tags?: Record<string, string>;
}

/** @public */
export const imageSpecSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    os: OS_SCHEMA,
    architecture: { type: 'string', maxLength: 32 },
    visibility: { type: 'string', maxLength: 32 },
    sizeGb: { type: 'number', minimum: 0 },
    state: { type: 'string', maxLength: 64 },
    description: { type: 'string', maxLength: 4096 },
    ...PLACEMENT_PROPERTIES,
    tags: TAGS_SCHEMA,
  },
};

/** Spec of a Flavor record: a machine size offered by a datacenter (EC2 instance type, Nova flavor). @public */
export interface FlavorSpec extends Placement {
  cpu: number;
  /** GiB */
  memory: number;
  diskGb?: number;
  gpu?: number;
  /** public | private */
  visibility?: string;
  description?: string;
}

/** @public */
export const flavorSpecSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['cpu', 'memory'],
  properties: {
    cpu: { type: 'integer', minimum: 1, maximum: 4096 },
    memory: { type: 'number', minimum: 0 },
    diskGb: { type: 'number', minimum: 0 },
    gpu: { type: 'integer', minimum: 0 },
    visibility: { type: 'string', maxLength: 32 },
    description: { type: 'string', maxLength: 4096 },
    ...PLACEMENT_PROPERTIES,
  },
};
