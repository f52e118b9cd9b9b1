import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import {
  ENVIRONMENTS,
  Placement,
  PLACEMENT_PROPERTIES,
  REF_SCHEMA,
  REFS_SCHEMA,
  TEXT_SCHEMA,
  OS_SCHEMA,
  OsInfo,
} from './fields';
import { entitySchemaFor, IPV4_PATTERN, JsonSchema, TAGS_SCHEMA } from './schema';

/** @public @deprecated use ENVIRONMENTS */
export const SERVER_ENVIRONMENTS = ENVIRONMENTS;

/** How people authenticate on a server. Names and usernames only: never a secret value. @public */
export const SERVER_AUTH_TYPES = ['pki', 'ad', 'ldap', 'password'] as const;

/**
 * Spec of a Server record (a VM, an instance or a physical host).
 * @public
 */
export interface ServerSpec extends Placement {
  hostname: string;
  ipv4Private?: string;
  ipv4Public?: string;
  os?: OsInfo;
  cpu?: number;
  /** Memory in GiB. */
  memory?: number;
  environment?: string;
  role?: string;
  status?: string;
  storage?: Array<{ mount?: string; sizeGb?: number; rootDevice?: boolean; volume?: string }>;
  auth?: Array<{ type: (typeof SERVER_AUTH_TYPES)[number]; keyName?: string; username?: string }>;
  /** Services running on the server, from the services catalog (settings). */
  services?: Array<{ name: string; version?: string }>;
  /** Entity refs: the Image the server was built from, its Flavor, the Networks it is connected to. */
  image?: string;
  flavor?: string;
  networks?: string[];
  tags?: Record<string, string>;
}

/** @public */
export const serverSpecSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['hostname'],
  properties: {
    hostname: { type: 'string', minLength: 1, maxLength: 255 },
    ipv4Private: { type: 'string', pattern: IPV4_PATTERN },
    ipv4Public: { type: 'string', pattern: IPV4_PATTERN },
    os: OS_SCHEMA,
    cpu: { type: 'integer', minimum: 1, maximum: 4096 },
    memory: { type: 'number', minimum: 0 },
    environment: { type: 'string', maxLength: 64 },
    role: { type: 'string', maxLength: 64 },
    status: { type: 'string', maxLength: 64 },
    ...PLACEMENT_PROPERTIES,
    storage: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          mount: TEXT_SCHEMA,
          sizeGb: { type: 'number', minimum: 0 },
          rootDevice: { type: 'boolean' },
          volume: REF_SCHEMA,
        },
      },
    },
    auth: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: {
          type: { type: 'string', enum: [...SERVER_AUTH_TYPES] },
          keyName: TEXT_SCHEMA,
          username: TEXT_SCHEMA,
        },
      },
    },
    services: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 128 },
          version: { type: 'string', maxLength: 64 },
        },
      },
    },
    image: REF_SCHEMA,
    flavor: REF_SCHEMA,
    networks: REFS_SCHEMA,
    tags: TAGS_SCHEMA,
  },
};

/** @public */
export const serverEntitySchema = entitySchemaFor('Server', serverSpecSchema);

/** A Server as a catalog entity. @public */
export interface ServerEntity extends Entity {
  apiVersion: 'maestro.backstage.io/v1alpha1';
  kind: 'Server';
  spec: JsonObject & ServerSpec & { owner: string };
}
