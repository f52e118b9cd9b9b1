import {
  RELATION_ATTACHED_TO,
  RELATION_CONNECTED_TO,
  RELATION_HAS_ATTACHED,
  RELATION_HAS_ENTRY_POINT,
  RELATION_ENTRY_POINT_OF,
  RELATION_CONNECTS,
  RELATION_FLAVOR_OF,
  RELATION_HAS_SNAPSHOT,
  RELATION_HOSTED_IN,
  RELATION_HOSTS,
  RELATION_IMAGE_OF,
  RELATION_PEERS_WITH,
  RELATION_RUNS,
  RELATION_RUNS_ON,
  RELATION_SERVED_BY,
  RELATION_SERVES,
  RELATION_SNAPSHOT_OF,
  RELATION_TARGET_OF,
  RELATION_TARGETS,
  RELATION_USES_FLAVOR,
  RELATION_USES_IMAGE,
} from '../relations';
import { applicationSpecSchema, resourceSpecSchema, systemSpecSchema } from './backstageKinds';
import { clientSpecSchema } from './client';
import { databaseSpecSchema } from './database';
import { datacenterSpecSchema } from './datacenter';
import { loadBalancerSpecSchema } from './loadBalancer';
import { networkSpecSchema } from './network';
import { entitySchemaFor, JsonSchema, MAESTRO_API_VERSION } from './schema';
import { serverSpecSchema } from './server';
import { flavorSpecSchema, imageSpecSchema, snapshotSpecSchema, volumeSpecSchema } from './storage';

export * from './schema';
export * from './fields';
export * from './datacenter';
export * from './server';
export * from './database';
export * from './loadBalancer';
export * from './storage';
export * from './network';
export * from './client';
export * from './backstageKinds';

/** Backstage's own apiVersion, used by the Component, System and Resource records Maestro holds. @public */
export const BACKSTAGE_API_VERSION = 'backstage.io/v1alpha1';

/**
 * A spec field that refers to other entities, and the relation pair the processor emits for it.
 * @public
 */
export interface MaestroReference {
  /** Spec field: a ref, a list of refs, or a list of objects holding a ref under `key`. */
  field: string;
  key?: string;
  /** Kind assumed when the ref names none. */
  kind: string;
  /** `[forward, reverse]`, emitted by Maestro's processor. Absent when Backstage's own processor emits it. */
  relation?: readonly [string, string];
}

/**
 * What Maestro knows about each kind it holds records of.
 * @public
 */
export interface MaestroKindDefinition {
  /** Kind as written in entities, e.g. `Server`. */
  kind: string;
  /** Catalog apiVersion of the projected entities. */
  apiVersion: string;
  /** Plural, lower case, used in URLs and titles. */
  plural: string;
  /** Schema of the store record's `spec`. */
  specSchema: JsonSchema;
  /** Schema of the catalog entity, for the custom kinds (Backstage validates its own kinds). */
  entitySchema?: JsonSchema;
  /** Spec fields holding entity refs. */
  references: MaestroReference[];
}

const HOSTED_IN: MaestroReference = {
  field: 'datacenter',
  kind: 'Datacenter',
  relation: [RELATION_HOSTED_IN, RELATION_HOSTS],
};

/** The Systems a Database or a LoadBalancer belongs to. */
const PART_OF_SYSTEMS: MaestroReference = { field: 'systems', kind: 'System', relation: ['partOf', 'hasPart'] };

function custom(
  kind: string,
  plural: string,
  specSchema: JsonSchema,
  references: MaestroReference[],
): MaestroKindDefinition {
  return {
    kind,
    apiVersion: MAESTRO_API_VERSION,
    plural,
    specSchema,
    entitySchema: entitySchemaFor(kind, specSchema),
    references,
  };
}

/**
 * Every kind the Maestro store holds, by kind name: the custom infrastructure kinds, and the Backstage kinds
 * (`Component` for applications, `System`, `Resource` for the 26 resource families) with Maestro's fields.
 * @public
 */
export const MAESTRO_KINDS: Record<string, MaestroKindDefinition> = {
  Datacenter: custom('Datacenter', 'datacenters', datacenterSpecSchema, []),
  Server: custom('Server', 'servers', serverSpecSchema, [
    HOSTED_IN,
    { field: 'image', kind: 'Image', relation: [RELATION_USES_IMAGE, RELATION_IMAGE_OF] },
    { field: 'flavor', kind: 'Flavor', relation: [RELATION_USES_FLAVOR, RELATION_FLAVOR_OF] },
    { field: 'networks', kind: 'Network', relation: [RELATION_CONNECTED_TO, RELATION_CONNECTS] },
    { field: 'storage', key: 'volume', kind: 'Volume', relation: [RELATION_HAS_ATTACHED, RELATION_ATTACHED_TO] },
  ]),
  Database: custom('Database', 'databases', databaseSpecSchema, [
    HOSTED_IN,
    { field: 'servers', key: 'server', kind: 'Server', relation: [RELATION_RUNS_ON, RELATION_RUNS] },
    PART_OF_SYSTEMS,
  ]),
  LoadBalancer: custom('LoadBalancer', 'loadbalancers', loadBalancerSpecSchema, [
    HOSTED_IN,
    { field: 'targets', kind: 'Server', relation: [RELATION_TARGETS, RELATION_TARGET_OF] },
    { field: 'servers', kind: 'Server', relation: [RELATION_RUNS_ON, RELATION_RUNS] },
    { field: 'networks', kind: 'Network', relation: [RELATION_CONNECTED_TO, RELATION_CONNECTS] },
    PART_OF_SYSTEMS,
  ]),
  Volume: custom('Volume', 'volumes', volumeSpecSchema, [
    HOSTED_IN,
    { field: 'server', kind: 'Server', relation: [RELATION_ATTACHED_TO, RELATION_HAS_ATTACHED] },
  ]),
  Snapshot: custom('Snapshot', 'snapshots', snapshotSpecSchema, [
    HOSTED_IN,
    { field: 'volume', kind: 'Volume', relation: [RELATION_SNAPSHOT_OF, RELATION_HAS_SNAPSHOT] },
  ]),
  Image: custom('Image', 'images', imageSpecSchema, [HOSTED_IN]),
  Network: custom('Network', 'networks', networkSpecSchema, [
    HOSTED_IN,
    { field: 'parent', kind: 'Network', relation: ['partOf', 'hasPart'] },
    { field: 'peer', kind: 'Network', relation: [RELATION_PEERS_WITH, RELATION_PEERS_WITH] },
  ]),
  Flavor: custom('Flavor', 'flavors', flavorSpecSchema, [HOSTED_IN]),
  Client: custom('Client', 'clients', clientSpecSchema, []),
  Component: {
    kind: 'Component',
    apiVersion: BACKSTAGE_API_VERSION,
    plural: 'applications',
    specSchema: applicationSpecSchema,
    references: [
      { field: 'servers', kind: 'Server', relation: [RELATION_RUNS_ON, RELATION_RUNS] },
      // projected into spec.dependsOn / spec.system, which Backstage's own processor turns into relations
      { field: 'dependencies', key: 'ref', kind: 'Component' },
      { field: 'system', kind: 'System' },
    ],
  },
  System: {
    kind: 'System',
    apiVersion: BACKSTAGE_API_VERSION,
    plural: 'systems',
    specSchema: systemSpecSchema,
    references: [
      { field: 'clients', kind: 'Client', relation: [RELATION_SERVES, RELATION_SERVED_BY] },
      { field: 'entryApplications', kind: 'Component', relation: [RELATION_HAS_ENTRY_POINT, RELATION_ENTRY_POINT_OF] },
      { field: 'domain', kind: 'Domain' },
    ],
  },
  Resource: {
    kind: 'Resource',
    apiVersion: BACKSTAGE_API_VERSION,
    plural: 'resources',
    specSchema: resourceSpecSchema,
    references: [
      HOSTED_IN,
      { field: 'servers', kind: 'Server', relation: [RELATION_RUNS_ON, RELATION_RUNS] },
      { field: 'dependencies', key: 'ref', kind: 'Component' },
      { field: 'system', kind: 'System' },
    ],
  },
};

/** Names of the kinds the Maestro store holds. @public */
export const MAESTRO_KIND_NAMES = Object.keys(MAESTRO_KINDS);

/** The custom kinds (apiVersion maestro.backstage.io/v1alpha1). @public */
export const MAESTRO_CUSTOM_KIND_NAMES = MAESTRO_KIND_NAMES.filter(
  k => MAESTRO_KINDS[k].apiVersion === MAESTRO_API_VERSION,
);

/**
 * Finds a kind definition by name, case-insensitively (`server` → `Server`). `Application` is accepted for
 * `Component`.
 * @public
 */
export function findMaestroKind(kind: string): MaestroKindDefinition | undefined {
  const lower = kind.toLocaleLowerCase('en-US');
  if (lower === 'application') return MAESTRO_KINDS.Component;
  return Object.values(MAESTRO_KINDS).find(k => k.kind.toLocaleLowerCase('en-US') === lower);
}

/**
 * The entity refs a record's spec points to through one reference field (a single ref, a list, or a list of
 * objects holding the ref under `key`).
 * @public
 */
export function referencedRefs(spec: Record<string, unknown>, reference: MaestroReference): string[] {
  const value = spec[reference.field];
  let items: unknown[] = [];
  if (Array.isArray(value)) items = value;
  else if (value !== undefined) items = [value];
  const refs: string[] = [];
  for (const item of items) {
    const ref =
      reference.key && item && typeof item === 'object' ? (item as Record<string, unknown>)[reference.key] : item;
    if (typeof ref === 'string' && ref.length > 0) refs.push(ref);
  }
  return refs;
}
