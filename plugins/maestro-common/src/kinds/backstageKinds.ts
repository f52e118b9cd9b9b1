import {
  LONG_TEXT_SCHEMA,
  Placement,
  PLACEMENT_PROPERTIES,
  REF_SCHEMA,
  REFS_SCHEMA,
  ROLE_SCHEMA,
  RoleInfo,
  TEXT_SCHEMA,
} from './fields';
import { JsonSchema, TAGS_SCHEMA } from './schema';

/**
 * The 26 resource families Maestro knows, as `spec.type` of `Resource` entities.
 * @public
 */
export const RESOURCE_FAMILIES = [
  'application',
  'loadbalance',
  'broker',
  'database',
  'serverless',
  'api-gateway',
  'container-orchestration',
  'service-mesh',
  'cache',
  'cdn',
  'object-storage',
  'monitor',
  'logs',
  'smtp',
  'service-discovery',
  'vpn',
  'ci-cd',
  'dns',
  'repository',
  'auth',
  'nas',
  'auto-scaling',
  'auto-scaling-plan',
  'serverless-layer',
  'machine-learning',
  'corporate',
] as const;

/** @public */
export type ResourceFamily = (typeof RESOURCE_FAMILIES)[number];

/** Protocols a dependency between applications can use. @public */
export const DEPENDENCY_PROTOCOLS = [
  'rest',
  'grpc',
  'thrift',
  'graphql',
  'soap',
  'amqp',
  'kafka',
  'sql',
  'tcp',
  'other',
] as const;

/** A dependency with the protocol it is used through, kept in spec because catalog relations carry no attributes. @public */
export interface Dependency {
  ref: string;
  protocol?: (typeof DEPENDENCY_PROTOCOLS)[number];
  description?: string;
}

const DEPENDENCIES_SCHEMA: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['ref'],
    properties: {
      ref: REF_SCHEMA,
      protocol: { type: 'string', enum: [...DEPENDENCY_PROTOCOLS] },
      description: TEXT_SCHEMA,
    },
  },
};

/**
 * Spec of an application record, projected as a Backstage `Component` (with Backstage's own `type` and
 * `lifecycle`, plus Maestro's fields).
 * @public
 */
export interface ApplicationSpec {
  /** Backstage component type: service, website, library, … */
  type: string;
  /** Backstage lifecycle: production, experimental, deprecated, … */
  lifecycle: string;
  language?: string;
  /** e.g. 12-factor, stateful, cluster, single */
  clusterMode?: string;
  environment?: string;
  /** Ways the application is deployed (pipelines, tools). */
  deploys?: Array<{ type: string; description?: string }>;
  role?: RoleInfo;
  /** Servers the application is deployed on. */
  servers?: string[];
  dependencies?: Dependency[];
  system?: string;
  tags?: Record<string, string>;
}

/** @public */
export const applicationSpecSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'lifecycle'],
  properties: {
    type: { type: 'string', minLength: 1, maxLength: 64 },
    lifecycle: { type: 'string', minLength: 1, maxLength: 64 },
    language: { type: 'string', maxLength: 64 },
    clusterMode: { type: 'string', maxLength: 64 },
    environment: { type: 'string', maxLength: 64 },
    deploys: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: { type: { type: 'string', minLength: 1, maxLength: 64 }, description: TEXT_SCHEMA },
      },
    },
    role: ROLE_SCHEMA,
    servers: REFS_SCHEMA,
    dependencies: DEPENDENCIES_SCHEMA,
    system: REF_SCHEMA,
    tags: TAGS_SCHEMA,
  },
};

/**
 * Spec of a system record, projected as a Backstage `System`: a group of applications, databases, load
 * balancers… serving clients.
 * @public
 */
export interface SystemSpec {
  description?: string;
  links?: Array<{ url: string; title?: string }>;
  /** Clients the system serves. */
  clients?: string[];
  /** Applications through which the system is entered. */
  entryApplications?: string[];
  domain?: string;
  tags?: Record<string, string>;
}

/** @public */
export const systemSpecSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    description: LONG_TEXT_SCHEMA,
    links: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['url'],
        properties: { url: { type: 'string', minLength: 1, maxLength: 2048 }, title: TEXT_SCHEMA },
      },
    },
    clients: REFS_SCHEMA,
    entryApplications: REFS_SCHEMA,
    domain: REF_SCHEMA,
    tags: TAGS_SCHEMA,
  },
};

/**
 * Spec of a resource record (a non-functional service: broker, cache, DNS, CI/CD…), projected as a Backstage
 * `Resource` whose `spec.type` is one of the 26 families.
 * @public
 */
export interface ResourceSpec extends Placement {
  type: ResourceFamily;
  /** The product: redis, rabbitmq, jenkins, route53, … */
  service?: string;
  version?: string;
  environment?: string;
  clusterMode?: string;
  servers?: string[];
  system?: string;
  dependencies?: Dependency[];
  role?: RoleInfo;
  tags?: Record<string, string>;
}

/** @public */
export const resourceSpecSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { type: 'string', enum: [...RESOURCE_FAMILIES] },
    service: { type: 'string', maxLength: 64 },
    version: { type: 'string', maxLength: 64 },
    environment: { type: 'string', maxLength: 64 },
    clusterMode: { type: 'string', maxLength: 64 },
    servers: REFS_SCHEMA,
    system: REF_SCHEMA,
    dependencies: DEPENDENCIES_SCHEMA,
    ...PLACEMENT_PROPERTIES,
    role: ROLE_SCHEMA,
    tags: TAGS_SCHEMA,
  },
};
