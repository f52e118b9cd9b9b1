import type { CatalogApi } from '@backstage/catalog-client';
import {
  ANNOTATION_LOCATION,
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  ANNOTATION_MAESTRO_RECORD_ID,
  BACKSTAGE_API_VERSION,
  findMaestroKind,
  InventoryRecord,
  JsonSchema,
  MAESTRO_KINDS,
  MAESTRO_LOCATION_TYPE,
  MaestroKindDefinition,
  referencedRefs,
} from '@maestro/plugin-maestro-common';
import type { JsonObject } from '@backstage/types';
import type { RecordSource } from './singleReport';

/** `source` of the rows a report reads from the catalog (entities Maestro did not write, e.g. from git YAML). */
export const CATALOG_SOURCE = 'catalog';
/** Prefix of a catalog row's id: `catalog:component:default/payments` (the entity's ref). */
export const CATALOG_RECORD_ID_PREFIX = 'catalog:';

/**
 * The Maestro kinds the software catalog also holds (Backstage's own kinds: `Component` for applications,
 * `System`, `Resource`): reports over them read catalog entities too.
 */
export const CATALOG_KINDS: readonly string[] = Object.values(MAESTRO_KINDS)
  .filter(k => k.apiVersion === BACKSTAGE_API_VERSION)
  .map(k => k.kind);

/** How a report reads the catalog: its client and the token it calls with (the caller's, on their behalf). */
export interface ReportCatalog {
  api: Pick<CatalogApi, 'queryEntities'>;
  token?: string;
}

const PAGE = 500;
/** Spec fields whose value is the same in a catalog entity and a Maestro record: a report's `eq` on them is sent. */
const PUSHED_DOWN = new Set(['type', 'lifecycle']);

/** Whether an entity is Maestro's own projection of a store record (already read from the store). */
export function isMaestroProjection(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return (
    ANNOTATION_MAESTRO_RECORD_ID in annotations ||
    (annotations[ANNOTATION_LOCATION] ?? '').startsWith(`${MAESTRO_LOCATION_TYPE}:`)
  );
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/** The part of a value that fits a schema (type, enum, object properties, list items); undefined if none does. */
function fitting(schema: JsonSchema, value: unknown): unknown {
  if (Array.isArray(schema.enum)) return schema.enum.includes(value as never) ? value : undefined;
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'integer':
      return Number.isInteger(value) ? value : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'array': {
      if (!Array.isArray(value) || !schema.items) return undefined;
      const items = value.map(item => fitting(schema.items as JsonSchema, item)).filter(item => item !== undefined);
      return items.length ? items : undefined;
    }
    case 'object': {
      if (!isPlainObject(value)) return undefined;
      const out: Record<string, unknown> = {};
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const extra =
        typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as JsonSchema) : undefined;
      for (const [key, item] of Object.entries(value)) {
        if (key === '__proto__') continue;
        const property = Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : extra;
        const kept = property ? fitting(property, item) : undefined;
        if (kept !== undefined) out[key] = kept;
      }
      return Object.keys(out).length ? out : undefined;
    }
    default:
      return undefined;
  }
}

/** A full entity ref, the entity's namespace by default (as the catalog reads relative refs); undefined if bad. */
function fullRef(ref: unknown, defaultKind: string, defaultNamespace: string): string | undefined {
  if (typeof ref !== 'string' || !ref) return undefined;
  try {
    return stringifyEntityRef(parseEntityRef(ref, { defaultKind, defaultNamespace }));
  } catch {
    return undefined;
  }
}

/**
 * A catalog entity as a report row of a Maestro kind: name, title, owner (from `spec.owner`), `source: 'catalog'`,
 * and the spec fields that fit the kind's schema. Backstage's own fields are mapped: `spec.dependsOn` to
 * `dependencies`, `spec.system` and `spec.domain` as full refs, `metadata.description` and `metadata.links` (a
 * System's), `metadata.labels` to `tags`. Maestro's reference fields (`servers`, `clients`…) written in the YAML are
 * kept as full refs.
 */
export function entityToRecord(entity: Entity, definition: MaestroKindDefinition): InventoryRecord {
  const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const source = { ...(isPlainObject(entity.spec) ? entity.spec : {}) };
  if (!('dependencies' in source) && Array.isArray(source.dependsOn)) {
    source.dependencies = source.dependsOn.map(ref => ({ ref }));
  }
  if (!('description' in source)) source.description = entity.metadata.description;
  if (!('links' in source)) source.links = entity.metadata.links;
  if (!('tags' in source)) source.tags = entity.metadata.labels;
  const spec = (fitting(definition.specSchema, source) ?? {}) as Record<string, unknown>;
  for (const reference of definition.references) {
    const refs = referencedRefs(spec, reference);
    if (!refs.length) continue;
    const full = (ref: string) => fullRef(ref, reference.kind, namespace) ?? ref;
    const value = spec[reference.field];
    if (typeof value === 'string') spec[reference.field] = full(value);
    else if (Array.isArray(value)) {
      spec[reference.field] = value.map(item =>
        reference.key && isPlainObject(item)
          ? { ...item, [reference.key]: full(String(item[reference.key])) }
          : full(String(item)),
      );
    }
  }
  return {
    id: `${CATALOG_RECORD_ID_PREFIX}${stringifyEntityRef(entity)}`,
    kind: definition.kind,
    name: entity.metadata.name,
    ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
    owner: fullRef(entity.spec?.owner, 'Group', namespace) ?? '',
    spec: spec as JsonObject,
    version: 0,
    active: true,
    source: CATALOG_SOURCE,
    createdAt: '',
    updatedAt: '',
    createdBy: CATALOG_SOURCE,
    updatedBy: CATALOG_SOURCE,
  };
}

/** The entities of a kind, a page at a time (cursor paging); a catalog that fails is a 503 naming the kind. */
async function* entityPages(
  catalog: ReportCatalog,
  kind: string,
  specEquals: Record<string, string> | undefined,
  pageSize: number,
) {
  const filter: Record<string, string> = { kind };
  for (const [field, value] of Object.entries(specEquals ?? {})) {
    if (PUSHED_DOWN.has(field)) filter[`spec.${field}`] = value;
  }
  let cursor: string | undefined;
  do {
    let page;
    try {
      page = await catalog.api.queryEntities(
        cursor ? { cursor, limit: pageSize } : { filter, limit: pageSize, totalItems: 'exclude' },
        { token: catalog.token },
      );
    } catch (error) {
      throw new ServiceUnavailableError(
        `catalog: could not read the ${kind} entities the report includes (${String(
          (error as Error)?.message ?? error,
        ).slice(0, 200)}); the report was not run rather than answered without them`,
      );
    }
    yield page.items;
    cursor = page.items.length ? page.pageInfo.nextCursor : undefined;
  } while (cursor);
}

/**
 * A record source that adds the catalog's entities to the store's records, for the kinds the catalog also holds
 * ({@link CATALOG_KINDS}): the store's records first, then the catalog's entities a page at a time, without
 * Maestro's own projections (already read from the store) nor an entity named like a store record just read (the
 * catalog holds one of the two; the store's is the one counted). The first catalog page is read before the first
 * store record, so a catalog that is down fails the run (503) before an export has written anything. Only active
 * rows come from the catalog (it keeps no deleted entities).
 */
export function withCatalogEntities(
  source: RecordSource,
  catalog: ReportCatalog,
  options: { pageSize?: number } = {},
): RecordSource {
  return async function* read(kind, scan) {
    const definition = findMaestroKind(kind);
    if (!definition || !CATALOG_KINDS.includes(definition.kind) || scan.active === false) {
      yield* source(kind, scan);
      return;
    }
    const pages = entityPages(catalog, definition.kind, scan.specEquals, options.pageSize ?? PAGE);
    const first = await pages.next();
    const storeNames = new Set<string>();
    for await (const page of source(kind, scan)) {
      for (const record of page) storeNames.add(record.name.toLocaleLowerCase('en-US'));
      yield page;
    }
    const rows = (entities: Entity[]) =>
      entities
        .filter(entity => !isMaestroProjection(entity))
        .filter(
          entity =>
            (entity.metadata.namespace ?? DEFAULT_NAMESPACE) !== DEFAULT_NAMESPACE ||
            !storeNames.has(entity.metadata.name.toLocaleLowerCase('en-US')),
        )
        .map(entity => entityToRecord(entity, definition));
    if (first.done) return;
    const firstRows = rows(first.value);
    if (firstRows.length) yield firstRows;
    for await (const entities of pages) {
      const kept = rows(entities);
      if (kept.length) yield kept;
    }
  };
}

/**
 * The key a pivot report links a record by: `kind:namespace/name` in lower case, the entity's own ref for a
 * catalog row (it may live in another namespace), `default` for a store record.
 */
export function linkKeyOf(record: InventoryRecord): string {
  if (record.id.startsWith(CATALOG_RECORD_ID_PREFIX)) {
    return record.id.slice(CATALOG_RECORD_ID_PREFIX.length).toLocaleLowerCase('en-US');
  }
  return `${record.kind}:default/${record.name}`.toLocaleLowerCase('en-US');
}
