import type { JsonObject } from '@backstage/types';
import type { Entity } from '@backstage/catalog-model';
import { entitySchemaFor, IPV4_PATTERN, JsonSchema, TAGS_SCHEMA } from './schema';

/** @public */
export const SERVER_ENVIRONMENTS = [
  'production',
  'staging',
  'uat',
  'testing',
  'development',
  'sandbox',
] as const;

/**
 * Spec of a Server record (a VM, an instance or a physical host).
 * @public
 */
export interface ServerSpec {
  hostname: string;
  ipv4Private?: string;
  ipv4Public?: string;
  os?: { base?: string; distro?: string; version?: string };
  cpu?: number;
  /** Memory in GiB. */
  memory?: number;
  environment?: string;
  role?: string;
  /** Entity ref of the Datacenter the server is hosted in, e.g. `datacenter:default/aws-prod`. */
  datacenter?: string;
  region?: string;
  zone?: string;
  /** Provider id (EC2 instance id, OpenStack server uuid). */
  instanceId?: string;
  tags?: Record<string, string>;
  status?: string;
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
    os: {
      type: 'object',
      additionalProperties: false,
      properties: {
        base: { type: 'string', maxLength: 64 },
        distro: { type: 'string', maxLength: 64 },
        version: { type: 'string', maxLength: 64 },
      },
    },
    cpu: { type: 'integer', minimum: 1, maximum: 4096 },
    memory: { type: 'number', minimum: 0 },
    environment: { type: 'string', maxLength: 64 },
    role: { type: 'string', maxLength: 64 },
    datacenter: {
      type: 'string',
      minLength: 1,
      description: 'Entity ref of the Datacenter, e.g. datacenter:default/aws-prod.',
    },
    region: { type: 'string', maxLength: 128 },
    zone: { type: 'string', maxLength: 128 },
    instanceId: { type: 'string', maxLength: 256 },
    tags: TAGS_SCHEMA,
    status: { type: 'string', maxLength: 64 },
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
