import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_MAESTRO_RECORD_ID,
  ANNOTATION_MAESTRO_SOURCE,
  InventoryRecord,
  MAESTRO_API_VERSION,
  MAESTRO_LOCATION_TYPE,
} from '@maestro/plugin-maestro-common';

/** The location key the provider gives each record's entity. */
export function locationKeyOf(recordId: string): string {
  return `${MAESTRO_LOCATION_TYPE}:${recordId}`;
}

/**
 * Projects a store record into a catalog entity. The output is deterministic for a given record (stable key
 * order), so the catalog's hash short-circuits unchanged entities.
 */
export function recordToEntity(record: InventoryRecord): Entity {
  const location = `${MAESTRO_LOCATION_TYPE}:records/${record.id}`;
  return {
    apiVersion: MAESTRO_API_VERSION,
    kind: record.kind,
    metadata: {
      name: record.name,
      namespace: 'default',
      ...(record.title ? { title: record.title } : {}),
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [ANNOTATION_MAESTRO_RECORD_ID]: record.id,
        [ANNOTATION_MAESTRO_SOURCE]: record.source,
      },
    },
    spec: { ...record.spec, owner: record.owner },
  };
}
