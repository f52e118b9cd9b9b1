import { OpenStackApiError } from './errors';
import type { OpenStackLink } from '../world/types';
import type { ServiceRequest } from './types';

/** Anything with an id. */
export interface Identified {
  id: string;
}

/**
 * Positions of ids in the collections served, cached per array: a lookup is checked against the array (the item at
 * the cached position must still have that id) and the index is rebuilt when it is stale, so paging a collection
 * of n items costs O(n) overall even when the world changes between pages.
 */
export class MarkerIndex {
  private readonly cache = new WeakMap<readonly Identified[], Map<string, number>>();

  /** The position of `id` in `items`, or -1. */
  indexOf(items: readonly Identified[], id: string): number {
    const cached = this.cache.get(items)?.get(id);
    if (cached !== undefined && items[cached]?.id === id) return cached;
    const positions = new Map<string, number>();
    items.forEach((item, i) => positions.set(item.id, i));
    this.cache.set(items, positions);
    return positions.get(id) ?? -1;
  }
}

/** Parses `limit`: undefined when absent; a 400 when it is not a non-negative integer. */
export function parseLimit(query: URLSearchParams): number | undefined {
  const raw = query.get('limit');
  if (raw === null) return undefined;
  if (!/^-?\d+$/.test(raw.trim())) {
    throw new OpenStackApiError(400, 'limit param must be an integer');
  }
  const limit = Number(raw);
  if (limit < 0) throw new OpenStackApiError(400, 'limit param must be positive');
  return limit;
}

/** One page of a collection. */
export interface Page<T> {
  items: T[];
  /** The marker of the next page (the id of the page's last item) when there are more items. */
  nextMarker?: string;
  /** The page size used. */
  limit: number;
}

/**
 * The page after `marker` (the id of the last item of the previous page) of at most `limit` items (after
 * {@link ServiceRequest.pageSize}). `notFound` is the error to throw for an unknown marker.
 */
export function paginate<T extends Identified>(
  request: ServiceRequest,
  items: readonly T[],
  notFound: (marker: string) => OpenStackApiError,
  indexed = true,
): Page<T> {
  const limit = request.pageSize(parseLimit(request.query));
  const marker = request.query.get('marker');
  let start = 0;
  if (marker !== null && marker !== '') {
    const at = indexed ? request.markers.indexOf(items, marker) : items.findIndex(item => item.id === marker);
    if (at < 0) throw notFound(marker);
    start = at + 1;
  }
  const page = items.slice(start, start + limit);
  const more = start + limit < items.length && page.length > 0;
  return {
    items: page,
    limit,
    nextMarker: more ? page[page.length - 1].id : undefined,
  };
}

/**
 * The query string of the next page: the request's parameters without `limit` and `marker`, then `limit` and
 * `marker`, as Nova, Neutron, Cinder and Octavia write their `next` links.
 */
export function nextQuery(request: ServiceRequest, page: Page<unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of request.query) {
    if (key !== 'limit' && key !== 'marker') params.append(key, value);
  }
  params.append('limit', String(page.limit));
  params.append('marker', page.nextMarker ?? '');
  return params.toString();
}

/** `[{ rel: 'next', href }]` for a page with a next page, else undefined. */
export function nextLinks(
  request: ServiceRequest,
  collectionPath: string,
  page: Page<unknown>,
): OpenStackLink[] | undefined {
  if (!page.nextMarker) return undefined;
  return [
    {
      rel: 'next',
      href: `${request.root}/${collectionPath}?${nextQuery(request, page)}`,
    },
  ];
}

/**
 * A listing as Nova, Neutron and Cinder answer it: the page's items under `collection`, and `<collection>_links`
 * with the next page's link when there is one.
 */
export function listingBody<T>(
  request: ServiceRequest,
  page: Page<T>,
  collection: string,
  collectionPath: string,
  render: (items: T[]) => unknown[],
): Record<string, unknown> {
  const body: Record<string, unknown> = { [collection]: render(page.items) };
  const next = nextLinks(request, collectionPath, page);
  if (next) body[`${collection}_links`] = next;
  return body;
}

/** Query parameters that are not attribute filters. */
const NOT_FILTERS = new Set([
  'limit',
  'marker',
  'fields',
  'sort_key',
  'sort_dir',
  'sort',
  'page_reverse',
  'all_tenants',
  'all_projects',
]);

/**
 * Filters by attribute, as Neutron, Glance and Octavia do: every other query parameter names a member whose value
 * must equal one of the parameter's values (`?device_id=…`, `?status=ACTIVE&status=DOWN`). Parameters naming no
 * member, or a member that is not a string, number or boolean, are ignored. Returns `items` itself when there is
 * no filter.
 */
export function filterByAttributes<T extends object>(items: readonly T[], query: URLSearchParams): readonly T[] {
  const filters = new Map<string, string[]>();
  for (const [key, value] of query) {
    if (!NOT_FILTERS.has(key)) filters.set(key, [...(filters.get(key) ?? []), value]);
  }
  if (filters.size === 0) return items;
  return items.filter(item =>
    [...filters].every(([key, values]) => {
      const value = (item as Record<string, unknown>)[key];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        return values.includes(String(value));
      }
      return true;
    }),
  );
}

/** Keeps only the `fields` asked for (`?fields=id&fields=name`), as Neutron and Octavia do. */
export function selectFields<T extends object>(items: T[], query: URLSearchParams): Array<Partial<T>> {
  const fields = query.getAll('fields').flatMap(f => f.split(','));
  if (fields.length === 0) return items;
  return items.map(item => {
    const selected: Partial<T> = {};
    for (const field of fields) {
      if (field in item) {
        (selected as Record<string, unknown>)[field] = (item as Record<string, unknown>)[field];
      }
    }
    return selected;
  });
}
