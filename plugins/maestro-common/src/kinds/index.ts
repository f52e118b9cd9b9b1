import { datacenterEntitySchema, datacenterSpecSchema } from './datacenter';
import { JsonSchema } from './schema';
import { serverEntitySchema, serverSpecSchema } from './server';

export * from './schema';
export * from './datacenter';
export * from './server';

/**
 * What Maestro knows about each of its custom kinds.
 * @public
 */
export interface MaestroKindDefinition {
  /** Kind as written in entities, e.g. `Server`. */
  kind: string;
  /** Plural, lower case, used in URLs and titles. */
  plural: string;
  /** Schema of the store record's `spec`. */
  specSchema: JsonSchema;
  /** Schema of the catalog entity. */
  entitySchema: JsonSchema;
  /** Spec fields holding entity refs to other Maestro entities, with the kind they default to. */
  references: Array<{ field: string; kind: string }>;
}

/**
 * The Maestro custom kinds, by kind name.
 * @public
 */
export const MAESTRO_KINDS: Record<string, MaestroKindDefinition> = {
  Datacenter: {
    kind: 'Datacenter',
    plural: 'datacenters',
    specSchema: datacenterSpecSchema,
    entitySchema: datacenterEntitySchema,
    references: [],
  },
  Server: {
    kind: 'Server',
    plural: 'servers',
    specSchema: serverSpecSchema,
    entitySchema: serverEntitySchema,
    references: [{ field: 'datacenter', kind: 'Datacenter' }],
  },
};

/** Names of the Maestro custom kinds. @public */
export const MAESTRO_KIND_NAMES = Object.keys(MAESTRO_KINDS);

/**
 * Finds a kind definition by name, case-insensitively (`server` → `Server`).
 * @public
 */
export function findMaestroKind(kind: string): MaestroKindDefinition | undefined {
  const lower = kind.toLocaleLowerCase('en-US');
  return Object.values(MAESTRO_KINDS).find(
    k => k.kind.toLocaleLowerCase('en-US') === lower,
  );
}
