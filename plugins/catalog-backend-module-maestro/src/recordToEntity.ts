import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_MAESTRO_RECORD_ID,
  ANNOTATION_MAESTRO_SOURCE,
  InventoryRecord,
  MAESTRO_API_VERSION,
  MAESTRO_KINDS,
  MAESTRO_LOCATION_TYPE,
  referencedRefs,
} from '@maestro/plugin-maestro-common';
import type { JsonObject } from '@backstage/types';

const validator = makeValidator();

/**
 * Cloud tags (`spec.tags`) that are valid catalog labels, sorted by key. Others stay in spec only: an invalid
 * label would make the catalog reject the whole entity.
 */
export function labelsOf(spec: Record<string, unknown>): Record<string, string> | undefined {
  const tags = spec.tags;
  if (!tags || typeof tags !== 'object' || Array.isArray(tags)) return undefined;
  const labels = Object.entries(tags as Record<string, unknown>)
    .filter(
      (entry): entry is [string, string] =>
        typeof entry[1] === 'string' &&
        entry[1] !== '' &&
        validator.isValidLabelKey(entry[0]) &&
        validator.isValidLabelValue(entry[1]),
    )
    .sort(([a], [b]) => Number(a > b) - Number(a < b)); // code-point order: stable across locales
  return labels.length ? Object.fromEntries(labels) : undefined;
}

/** The location key the provider gives each record's entity. */
export function locationKeyOf(recordId: string): string {
  return `${MAESTRO_LOCATION_TYPE}:${recordId}`;
}

/** A full entity ref (`kind:namespace/name`) for a ref that may omit kind or namespace; undefined if unparseable. */
function fullRef(ref: string, defaultKind: string): string | undefined {
  try {
    return stringifyEntityRef(parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }));
  } catch {
    return undefined;
  }
}

/**
 * The spec of a Backstage kind (Component, System, Resource): Maestro's fields plus the standard ones Backstage's
 * own processor turns into relations (`spec.dependsOn`, `spec.system`, `spec.domain`), as full entity refs.
 */
function backstageSpec(record: InventoryRecord): JsonObject {
  const def = MAESTRO_KINDS[record.kind];
  const { description: _description, links: _links, ...spec } = record.spec as Record<string, any>;
  const out: JsonObject = { ...spec, owner: record.owner };
  for (const reference of def.references) {
    if (reference.relation) continue;
    const refs = referencedRefs(record.spec, reference)
      .map(r => fullRef(r, reference.kind))
      .filter((r): r is string => !!r);
    if (reference.field === 'dependencies') {
      if (refs.length) out.dependsOn = refs;
    } else if (refs.length) {
      out[reference.field] = refs[0];
    }
  }
  return out;
}

/**
 * Projects a store record into a catalog entity. The output is deterministic for a given record (stable key
 * order) and independent of its version and timestamps, so the catalog's hash skips unchanged entities.
 */
export function recordToEntity(record: InventoryRecord): Entity {
  const def = MAESTRO_KINDS[record.kind];
  const custom = !def || def.apiVersion === MAESTRO_API_VERSION;
  const location = `${MAESTRO_LOCATION_TYPE}:records/${record.id}`;
  const spec = record.spec as Record<string, any>;
  const links = !custom && Array.isArray(spec.links) ? spec.links : undefined;
  return {
    apiVersion: def?.apiVersion ?? MAESTRO_API_VERSION,
    kind: record.kind,
    metadata: {
      name: record.name,
      namespace: 'default',
      ...(record.title ? { title: record.title } : {}),
      ...(!custom && typeof spec.description === 'string' ? { description: spec.description } : {}),
      ...(links ? { links } : {}),
      ...(labelsOf(spec) ? { labels: labelsOf(spec) } : {}),
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [ANNOTATION_MAESTRO_RECORD_ID]: record.id,
        [ANNOTATION_MAESTRO_SOURCE]: record.source,
      },
    },
    spec: custom ? { ...record.spec, owner: record.owner } : backstageSpec(record),
  };
}
