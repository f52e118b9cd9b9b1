import { Placement, PLACEMENT_PROPERTIES, REF_SCHEMA, REFS_SCHEMA, ROLE_SCHEMA, RoleInfo, TEXT_SCHEMA } from './fields';
import { JsonSchema, TAGS_SCHEMA } from './schema';

/** Database engines with forms of their own (the seed's "exclusive forms"), the rest is `other`. @public */
export const DATABASE_FAMILIES = ['oracle', 'mysql', 'other'] as const;

/**
 * Spec of a Database record: anything with data persistence responsibility. Oracle and MySQL-family databases
 * have fields of their own; others are described by `engine`, `version` and `clusterMode`.
 * @public
 */
export interface DatabaseSpec extends Placement {
  family: (typeof DATABASE_FAMILIES)[number];
  /** oracle, mysql, aurora-mysql, mariadb, percona, postgresql, mongodb, redis, cassandra, … */
  engine: string;
  version?: string;
  environment?: string;
  /** single, master-replica, cluster, rac, sharded, … */
  clusterMode?: string;
  /** Oracle: local disk, network disk or ASM. */
  storageType?: 'local' | 'network' | 'asm';
  /** Oracle: single node or RAC/grid. */
  oracleRole?: 'single' | 'rac' | 'grid';
  crsVersion?: string;
  /** Oracle container databases and their pluggable databases. */
  cdbs?: Array<{ name: string; pdbs?: string[] }>;
  /** Servers the database runs on, each with an optional role (master, replica, node…) and instance name. */
  servers?: Array<{ server: string; role?: string; instance?: string }>;
  /** Systems the database belongs to. */
  systems?: string[];
  role?: RoleInfo;
  tags?: Record<string, string>;
}

/** @public */
export const databaseSpecSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['family', 'engine'],
  properties: {
    family: { type: 'string', enum: [...DATABASE_FAMILIES] },
    engine: { type: 'string', minLength: 1, maxLength: 64 },
    version: { type: 'string', maxLength: 64 },
    environment: { type: 'string', maxLength: 64 },
    clusterMode: { type: 'string', maxLength: 64 },
    storageType: { type: 'string', enum: ['local', 'network', 'asm'] },
    oracleRole: { type: 'string', enum: ['single', 'rac', 'grid'] },
    crsVersion: { type: 'string', maxLength: 64 },
    cdbs: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 128 },
          pdbs: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 128 }, uniqueItems: true },
        },
      },
    },
    servers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['server'],
        properties: { server: REF_SCHEMA, role: TEXT_SCHEMA, instance: TEXT_SCHEMA },
      },
    },
    systems: REFS_SCHEMA,
    ...PLACEMENT_PROPERTIES,
    role: ROLE_SCHEMA,
    tags: TAGS_SCHEMA,
  },
  allOf: [
    {
      if: { properties: { family: { const: 'oracle' } } },
      then: {},
      else: {
        not: {
          anyOf: [
            { required: ['storageType'] },
            { required: ['oracleRole'] },
            { required: ['crsVersion'] },
            { required: ['cdbs'] },
          ],
        },
      },
    },
  ],
};
