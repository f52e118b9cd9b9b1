import { Placement, PLACEMENT_PROPERTIES, REF_SCHEMA } from './fields';
import { JsonSchema, TAGS_SCHEMA } from './schema';

/** Network object types (AWS and OpenStack names map onto these). @public */
export const NETWORK_TYPES = [
  'vpc',
  'subnet',
  'security-group',
  'route-table',
  'nat-gateway',
  'peering',
  'vpn-gateway',
  'endpoint',
  'port',
  'acl',
  'network',
  'router',
] as const;

/** @public */
export type NetworkType = (typeof NETWORK_TYPES)[number];

/**
 * Spec of a Network record: one object of a provider's network architecture.
 * @public
 */
export interface NetworkSpec extends Placement {
  type: NetworkType;
  cidr?: string;
  /** The network this one belongs to: a subnet's VPC, a port's subnet, a security group's VPC. */
  parent?: string;
  /** Peering: the other side. */
  peer?: string;
  /** Security groups and ACLs: rules, as text lines (`tcp 443 from 0.0.0.0/0`). */
  rules?: string[];
  state?: string;
  description?: string;
  tags?: Record<string, string>;
}

/** @public */
export const networkSpecSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { type: 'string', enum: [...NETWORK_TYPES] },
    cidr: { type: 'string', maxLength: 64, pattern: '^[0-9a-fA-F:.]+/[0-9]{1,3}$' },
    parent: REF_SCHEMA,
    peer: REF_SCHEMA,
    rules: { type: 'array', items: { type: 'string', maxLength: 512 } },
    state: { type: 'string', maxLength: 64 },
    description: { type: 'string', maxLength: 4096 },
    ...PLACEMENT_PROPERTIES,
    tags: TAGS_SCHEMA,
  },
};
