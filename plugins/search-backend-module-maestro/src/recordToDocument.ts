import { stringifyEntityRef } from '@backstage/catalog-model';
import type { IndexableDocument } from '@backstage/plugin-search-common';
import {
  InventoryRecord,
  isProjectedToCatalog,
  MAESTRO_API_VERSION,
  MAESTRO_KINDS,
  SEARCH_IDENTIFIER_FIELDS,
} from '@maestro/plugin-maestro-common';

/**
 * A Maestro inventory record in the portal's search (document type `maestro`): `title` is its title or name,
 * `text` its identifiers (hostname, IPs, provider id…), tags and description; the fields below let the result show
 * and filter what kind of thing it is and where it runs. Every document has every field ('' when the record has
 * none): the in-memory Lunr engine takes its field list from the first document.
 *
 * @public
 */
export interface MaestroSearchDocument extends IndexableDocument {
  /** Kind of the record: Server, Database, LoadBalancer… */
  kind: string;
  /** Name of the Datacenter the record is in (from its `datacenter` ref), or ''. */
  datacenter: string;
  environment: string;
  /** Private IPv4, else public IPv4, or ''. */
  ip: string;
  hostname: string;
  providerId: string;
  /**
   * The identifiers containing characters the PostgreSQL engine removes from a search term (`:` of an ARN,
   * `(`, `*`…), written without them: `arn:aws:ec2:…` is found by the term as the engine rewrites it.
   */
  queryForms: string;
}

/** Characters the PostgreSQL search engine removes from each word of a term before it builds the tsquery. */
const PG_TERM_STRIPPED = /[\0()|&:*!<]/g;
const HAS_PG_TERM_STRIPPED = /[\0()|&:*!<]/;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The name of an entity ref (`datacenter:default/aws-prod` → `aws-prod`). */
function refName(ref: string): string {
  const withoutKind = ref.slice(ref.indexOf(':') + 1);
  return withoutKind.slice(withoutKind.lastIndexOf('/') + 1);
}

/**
 * Whether a record gets a search document: active records of Maestro's own kinds (and custom kinds) that the
 * catalog shows as entities. Records of Backstage's kinds (Component, System…) are the catalog collator's; network
 * ports are not projected into the catalog (decision 0011), so a result would lead nowhere.
 *
 * @public
 */
export function isIndexedForSearch(record: InventoryRecord): boolean {
  const definition = MAESTRO_KINDS[record.kind];
  const maestroKind = !definition || definition.apiVersion === MAESTRO_API_VERSION;
  return record.active && maestroKind && isProjectedToCatalog(record);
}

/**
 * Where a result leads by default: the Maestro tab of the entity's catalog page. It must differ from the catalog
 * collator's location of the same entity (its page): the in-memory Lunr engine keeps one document per location
 * across all types, so the same location would show one collator's document under the other's type.
 *
 * @public
 */
export const DEFAULT_LOCATION_TEMPLATE = '/catalog/:namespace/:kind/:name/maestro';

/**
 * The search document of a record. `location` is `locationTemplate` filled in for its entity
 * (`/catalog/default/server/web-01/maestro`, lower-cased as the catalog collator writes it) and `authorization.resourceRef` the entity ref, so the search
 * backend shows the result only to those the catalog shows the entity to.
 *
 * @public
 */
export function recordToDocument(
  record: InventoryRecord,
  locationTemplate = DEFAULT_LOCATION_TEMPLATE,
): MaestroSearchDocument {
  const spec = record.spec as Record<string, unknown>;
  const identifiers = SEARCH_IDENTIFIER_FIELDS.filter(({ field }) => text(spec[field])).map(
    ({ field, label }) => `${label} ${text(spec[field])}`,
  );
  const tags =
    spec.tags && typeof spec.tags === 'object' && !Array.isArray(spec.tags)
      ? Object.entries(spec.tags as Record<string, unknown>).map(([key, value]) => `${key}: ${text(value)}`)
      : [];
  const queryForms = SEARCH_IDENTIFIER_FIELDS.map(({ field }) => text(spec[field]))
    .filter(value => HAS_PG_TERM_STRIPPED.test(value))
    .map(value => value.replace(PG_TERM_STRIPPED, ''));
  const entityRef = stringifyEntityRef({ kind: record.kind, namespace: 'default', name: record.name });
  return {
    title: record.title ?? record.name,
    text: [
      `${record.kind} ${record.name}`,
      ...identifiers,
      ...(tags.length ? [`tags ${tags.join(', ')}`] : []),
      text(spec.description),
    ]
      .filter(Boolean)
      .join(' · '),
    location: locationTemplate
      .replace(':namespace', 'default')
      .replace(':kind', encodeURIComponent(record.kind))
      .replace(':name', encodeURIComponent(record.name))
      .toLowerCase(),
    authorization: { resourceRef: entityRef },
    kind: record.kind,
    datacenter: refName(text(spec.datacenter)),
    environment: text(spec.environment),
    ip: text(spec.ipv4Private) || text(spec.ipv4Public),
    hostname: text(spec.hostname),
    providerId: text(spec.providerId),
    queryForms: queryForms.join(' '),
  };
}
