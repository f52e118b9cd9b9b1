import { OpenStackPaginationError, OpenStackResponseError } from './errors';

/** Default `limit` of a page (Nova and Cinder cap it at their `max_limit`, 1000 by default). */
export const DEFAULT_PAGE_SIZE = 1000;

/** How to read one paginated collection. */
export interface PaginateOptions {
  /** The first page's URL; `limit` is added unless it has one. */
  url: string;
  /** Key of the items in each page (`servers`, `security_groups`, `images`, …); links are `<collection>_links`. */
  collection: string;
  /** Fetches one page and returns its parsed JSON body (authentication, retries and errors are its business). */
  fetchPage: (url: string, signal?: AbortSignal) => Promise<unknown>;
  /**
   * The service endpoint from the catalog, against which relative `next` hrefs are resolved (Glance answers
   * `/v2/images?marker=…` without the endpoint's path prefix). Defaults to the first page's URL.
   */
  endpoint?: string;
  /** Items per page; default 1000. */
  pageSize?: number;
  signal?: AbortSignal;
}

/** Pages of a listing: iterate them, or collect every item with `all()`. */
export interface PageIterable<T> extends AsyncIterable<T[]> {
  all(): Promise<T[]>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The URL with `limit` set, unless it already has one. */
export function withLimit(url: string, pageSize: number): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('limit')) parsed.searchParams.set('limit', String(pageSize));
  return parsed.toString();
}

/**
 * The href of the next page, if any: `<collection>_links[rel=next]` (Nova, Neutron, Cinder, Octavia) or the body's
 * `next` (Glance).
 */
export function nextHref(body: Record<string, unknown>, collection: string): string | undefined {
  const links = body[`${collection}_links`];
  if (Array.isArray(links)) {
    const next = links.find(link => isRecord(link) && link.rel === 'next' && typeof link.href === 'string');
    if (next) return (next as { href: string }).href;
  }
  return typeof body.next === 'string' && body.next ? body.next : undefined;
}

const VERSION_PREFIX = /^\/v\d+(\.\d+)?(?=[/?#]|$)/;
const VERSION_SUFFIX = /\/v\d+(\.\d+)?$/;

/**
 * Resolves a `next` href. Absolute hrefs are used as they are. A path-absolute href (`/v2/images?marker=…`) is
 * resolved under the endpoint's path prefix, not the host root: with the endpoint `http://h:p/RegionOne/image` (or
 * `…/image/v2`) it becomes `http://h:p/RegionOne/image/v2/images?marker=…`; an href that already carries the
 * prefix is kept. Other relative hrefs are resolved against the current page's URL.
 */
export function resolveNextHref(href: string, endpoint: string, currentUrl: string): string {
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(href)) return new URL(href).toString();
  if (!href.startsWith('/') || href.startsWith('//')) return new URL(href, currentUrl).toString();
  const base = new URL(endpoint);
  let prefix = base.pathname.replace(/\/+$/, '');
  if (VERSION_PREFIX.test(href)) prefix = prefix.replace(VERSION_SUFFIX, '');
  const hrefPath = href.split(/[?#]/, 1)[0];
  const hasPrefix = prefix !== '' && (hrefPath === prefix || hrefPath.startsWith(`${prefix}/`));
  return new URL(`${base.origin}${hasPrefix ? '' : prefix}${href}`).toString();
}

/**
 * Reads a collection page by page (`limit` + `marker`, following the next links the service returns). Stops after a
 * page without a next link or on an empty page; throws {@link OpenStackPaginationError} when a next link repeats a
 * page already read, {@link OpenStackResponseError} when it points to another origin than the endpoint's (the
 * token only ever goes to the endpoint the catalog named), and the signal's reason when it aborts.
 */
export async function* paginate<T>(options: PaginateOptions): AsyncGenerator<T[], void, undefined> {
  const { collection, fetchPage, signal } = options;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const endpoint = options.endpoint ?? options.url;
  let url: string | undefined = withLimit(options.url, pageSize);
  const seen = new Set<string>();
  while (url) {
    signal?.throwIfAborted();
    seen.add(url);
    const body = await fetchPage(url, signal);
    if (!isRecord(body) || !Array.isArray(body[collection])) {
      throw new OpenStackResponseError(`the response to ${url} has no "${collection}" list`);
    }
    const items = body[collection] as T[];
    if (items.length === 0) return;
    signal?.throwIfAborted();
    yield items;
    const href = nextHref(body, collection);
    if (!href) return;
    const next = resolveNextHref(href, endpoint, url);
    const origin = new URL(next).origin;
    if (origin !== new URL(endpoint).origin) {
      throw new OpenStackResponseError(
        `the next link of ${
          url.split('?')[0]
        } points to another origin (${origin}): refused, the token is only sent to ${new URL(endpoint).origin}`,
      );
    }
    if (seen.has(next)) throw new OpenStackPaginationError(next);
    url = next;
  }
}

/** Wraps a page generator factory: each iteration starts a new listing; `all()` flattens one. */
export function pageIterable<T>(create: () => AsyncIterable<T[]>): PageIterable<T> {
  return {
    [Symbol.asyncIterator]: () => create()[Symbol.asyncIterator](),
    async all() {
      const items: T[] = [];
      for await (const page of create()) items.push(...page);
      return items;
    },
  };
}
