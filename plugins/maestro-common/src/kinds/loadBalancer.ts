import { Placement, PLACEMENT_PROPERTIES, REFS_SCHEMA, ROLE_SCHEMA, RoleInfo, TEXT_SCHEMA } from './fields';
import { JsonSchema, TAGS_SCHEMA } from './schema';

/**
 * Spec of a LoadBalancer record: a service that distributes requests to other servers.
 * @public
 */
export interface LoadBalancerSpec extends Placement {
  /** The product or service: elb, alb, nlb, octavia, haproxy, nginx, f5, … */
  service: string;
  /** application | network | classic | gateway | other */
  type?: string;
  scheme?: 'internet-facing' | 'internal';
  environment?: string;
  endpoint?: string;
  healthcheck?: string;
  /** Servers the load balancer sends traffic to. */
  targets?: string[];
  /** Servers the load balancer itself is installed on (self-hosted ones). */
  servers?: string[];
  networks?: string[];
  /** Systems the load balancer belongs to (`partOf` / `hasPart`, as a Database's). */
  systems?: string[];
  role?: RoleInfo;
  tags?: Record<string, string>;
}

/** @public */
export const loadBalancerSpecSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['service'],
  properties: {
    service: { type: 'string', minLength: 1, maxLength: 64 },
    type: { type: 'string', maxLength: 64 },
    scheme: { type: 'string', enum: ['internet-facing', 'internal'] },
    environment: { type: 'string', maxLength: 64 },
    endpoint: TEXT_SCHEMA,
    healthcheck: TEXT_SCHEMA,
    targets: REFS_SCHEMA,
    servers: REFS_SCHEMA,
    networks: REFS_SCHEMA,
    systems: REFS_SCHEMA,
    ...PLACEMENT_PROPERTIES,
    role: ROLE_SCHEMA,
    tags: TAGS_SCHEMA,
  },
};
