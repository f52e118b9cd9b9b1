import { JsonSchema } from './schema';

/** Schema of an entity ref field (e.g. `server:default/web-01`, or just `web-01` with the kind implied). @public */
export const REF_SCHEMA: JsonSchema = { type: 'string', minLength: 1, maxLength: 255 };

/** Schema of a list of entity refs. @public */
export const REFS_SCHEMA: JsonSchema = { type: 'array', items: REF_SCHEMA, uniqueItems: true };

/** A short free-text field. @public */
export const TEXT_SCHEMA: JsonSchema = { type: 'string', maxLength: 255 };

/** A long free-text field. @public */
export const LONG_TEXT_SCHEMA: JsonSchema = { type: 'string', maxLength: 4096 };

/** Operational facts a person writes down for a service: endpoint, port, commands, health check. @public */
export const ROLE_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    endpoint: TEXT_SCHEMA,
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    healthcheck: TEXT_SCHEMA,
    command: LONG_TEXT_SCHEMA,
    description: LONG_TEXT_SCHEMA,
  },
};

/** @public */
export interface RoleInfo {
  endpoint?: string;
  port?: number;
  healthcheck?: string;
  command?: string;
  description?: string;
}

/** Environments, as the seed's option list; the option list can be extended in settings. @public */
export const ENVIRONMENTS = ['production', 'staging', 'uat', 'testing', 'development', 'sandbox'] as const;

/** Placement of a resource in a datacenter. @public */
export const PLACEMENT_PROPERTIES: Record<string, JsonSchema> = {
  datacenter: { ...REF_SCHEMA, description: 'Entity ref of the Datacenter, e.g. datacenter:default/aws-prod.' },
  region: { type: 'string', maxLength: 128 },
  zone: { type: 'string', maxLength: 128 },
  /** Provider id: EC2 instance id, ARN, OpenStack uuid… */
  providerId: { type: 'string', maxLength: 2048 },
};

/** @public */
export interface Placement {
  datacenter?: string;
  region?: string;
  zone?: string;
  providerId?: string;
}

/** Operating system: base (linux, windows…), distro and version. @public */
export const OS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    base: { type: 'string', maxLength: 64 },
    distro: { type: 'string', maxLength: 64 },
    version: { type: 'string', maxLength: 64 },
  },
};

/** @public */
export interface OsInfo {
  base?: string;
  distro?: string;
  version?: string;
}
