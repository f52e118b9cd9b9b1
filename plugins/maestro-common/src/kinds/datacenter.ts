import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { entitySchemaFor, JsonSchema } from './schema';

/** Cloud or on-premises providers a datacenter can belong to. @public */
export const DATACENTER_PROVIDERS = ['aws', 'openstack', 'azure', 'gcp', 'digitalocean', 'baremetal', 'other'] as const;

/** @public */
export type DatacenterProvider = (typeof DATACENTER_PROVIDERS)[number];

/**
 * Spec of a Datacenter record: a provider account or a physical site and the regions/zones used in it.
 * @public
 */
export interface DatacenterSpec {
  provider: DatacenterProvider;
  regions?: string[];
  zones?: string[];
  /** Number of server instances known in this datacenter (maintained by discovery, or by hand). */
  instances?: number;
  /** Provider account id (AWS account, OpenStack project). */
  account?: string;
  description?: string;
}

/** @public */
export const datacenterSpecSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['provider'],
  properties: {
    provider: {
      type: 'string',
      enum: [...DATACENTER_PROVIDERS],
      description: 'Provider of the datacenter.',
    },
    regions: {
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: 128 },
      uniqueItems: true,
    },
    zones: {
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: 128 },
      uniqueItems: true,
    },
    instances: {
      type: 'integer',
      minimum: 0,
      description: 'Active servers in the datacenter: counted by discovery when a connection crawls it.',
    },
    account: { type: 'string', maxLength: 128 },
    description: { type: 'string', maxLength: 4096 },
  },
};

/** @public */
export const datacenterEntitySchema = entitySchemaFor('Datacenter', datacenterSpecSchema);

/** A Datacenter as a catalog entity. @public */
export interface DatacenterEntity extends Entity {
  apiVersion: 'maestro.backstage.io/v1alpha1';
  kind: 'Datacenter';
  spec: JsonObject & DatacenterSpec & { owner: string };
}
