import { OpenStackConfigError, OpenStackResponseError, OpenStackServiceUnavailableError } from './errors';
import { FetchFn, HttpTransport, TransportRequest } from './http';
import { EndpointInterface, KeystoneAuthOptions, KeystoneSession, KeystoneTokenInfo, ServiceCatalog } from './keystone';
import { DEFAULT_PAGE_SIZE, PageIterable, pageIterable, paginate } from './paginate';
import type {
  CinderSnapshot,
  CinderVolume,
  GlanceImage,
  NeutronNetwork,
  NeutronPort,
  NeutronRouter,
  NeutronSecurityGroup,
  NeutronSubnet,
  NovaFlavor,
  NovaServer,
  OctaviaLoadBalancer,
  OctaviaMember,
  OctaviaPool,
} from './types';

/** How to reach an OpenStack cloud. Secrets stay in this object: it is never serialised or logged. */
export interface OpenStackClientOptions extends KeystoneAuthOptions {
  /** Which endpoints of the catalog to call; default `public`. */
  interface?: EndpointInterface;
  /** PEM text of the CA certificates to trust (instead of the system store). */
  caBundle?: string;
  /** Skip TLS verification (explicit opt-in only). */
  insecure?: boolean;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Injectable `fetch` (tests, proxies); default the global one. */
  fetch?: FetchFn;
  /** Clock in ms since the epoch, for token expiry; default `Date.now`. */
  now?: () => number;
  /** Re-authenticate when the token expires within this margin; default 60 s. */
  tokenRefreshMarginMs?: number;
  /** Nova microversion sent with compute calls; default `2.79` (embedded flavors, attached volumes' flags). */
  computeMicroversion?: string;
  /** Default page size of listings; default 1000. */
  pageSize?: number;
  /** Retries of a 429/503 with `Retry-After`; default 3. */
  maxRetries?: number;
  /** First retry backoff (doubled each time); default 1 s. */
  retryBaseDelayMs?: number;
  /** Longest wait before a retry; default 30 s. */
  maxRetryDelayMs?: number;
}

/** Options of one listing. */
export interface ListOptions {
  signal?: AbortSignal;
  /** Items per page; default the client's `pageSize`. */
  pageSize?: number;
  /** Filters added to the first page's query (`all_tenants`, `project_id`, …). */
  query?: Record<string, string | number | boolean>;
}

/** Canonical catalog types of the services the client reads. */
export type OpenStackServiceType = 'compute' | 'network' | 'block-storage' | 'image' | 'load-balancer';

const DEFAULT_COMPUTE_MICROVERSION = '2.79';

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** `base` + `suffix`, unless `base` already ends with the version `suffix` starts with. */
function versioned(endpoint: string, version: RegExp, withVersion: string, withoutVersion: string): string {
  const base = trimSlash(endpoint);
  return version.test(base) ? `${base}${withoutVersion}` : `${base}${withVersion}`;
}

function withQuery(url: string, query: ListOptions['query']): string {
  if (!query || Object.keys(query).length === 0) return url;
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(query)) parsed.searchParams.set(key, String(value));
  return parsed.toString();
}

/** Builds a service URL from its catalog endpoint. */
type PathBuilder = (endpoint: string) => string;

/**
 * A read-only OpenStack client over `fetch`: Keystone v3 password authentication (token shared, refreshed before it
 * expires and after a 401), catalog lookups per region, and paginated listings of Nova, Neutron, Cinder, Glance
 * and Octavia resources. Every listing is lazy: nothing is requested until it is iterated.
 */
export class OpenStackClient {
  readonly #options: OpenStackClientOptions;
  readonly #transport: HttpTransport;
  readonly #session: KeystoneSession;
  readonly #interface: EndpointInterface;

  constructor(options: OpenStackClientOptions) {
    this.#options = options;
    this.#interface = options.interface ?? 'public';
    // the session is created right after; its secrets are read lazily, on each error
    const secrets = () => this.#session.secrets();
    this.#transport = new HttpTransport({
      fetch: options.fetch,
      caBundle: options.caBundle,
      insecure: options.insecure,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      retryBaseDelayMs: options.retryBaseDelayMs,
      maxRetryDelayMs: options.maxRetryDelayMs,
      secrets,
    });
    this.#session = new KeystoneSession({
      ...options,
      transport: this.#transport,
      now: options.now,
      refreshMarginMs: options.tokenRefreshMarginMs,
    });
  }

  /** The identity endpoint, with `/v3`. */
  get authUrl(): string {
    return this.#session.authUrl;
  }

  /** The interface endpoints are chosen on. */
  get interface(): EndpointInterface {
    return this.#interface;
  }

  /** Authenticates (unless the current token is still valid) and returns what Keystone said of the token. */
  authenticate(signal?: AbortSignal): Promise<KeystoneTokenInfo> {
    return this.#session.authenticate(signal);
  }

  /** What Keystone said of the current token; undefined before authentication. */
  get tokenInfo(): KeystoneTokenInfo | undefined {
    return this.#session.info;
  }

  /** How many times the client authenticated. */
  get authCount(): number {
    return this.#session.authCount;
  }

  /** The service catalog of the last token. Throws before {@link OpenStackClient.authenticate}. */
  get catalog(): ServiceCatalog {
    const catalog = this.#session.catalog;
    if (!catalog) throw new OpenStackConfigError('the OpenStack client is not authenticated yet: call authenticate()');
    return catalog;
  }

  /**
   * The endpoint URL of a service in a region on the configured interface, or undefined. The type may be any alias
   * (`volumev3`, `block-storage`, `volume`). Needs a prior {@link OpenStackClient.authenticate}.
   */
  endpointFor(serviceType: string, region: string): string | undefined {
    return this.catalog.endpointFor(serviceType, region, this.#interface);
  }

  /** True when the catalog has the service in the region (configured interface). */
  hasService(serviceType: string, region: string): boolean {
    return this.endpointFor(serviceType, region) !== undefined;
  }

  /** Regions of the catalog (with at least one endpoint on the configured interface), sorted. */
  regions(): string[] {
    return this.catalog.regions(this.#interface);
  }

  /* ------------------------------------------------------------ Nova */

  /** `GET {compute}/servers/detail` (microversion `computeMicroversion`). */
  servers(region: string, options?: ListOptions): PageIterable<NovaServer> {
    return this.list<NovaServer>('compute', region, e => `${trimSlash(e)}/servers/detail`, 'servers', options);
  }

  /** `GET {compute}/flavors/detail`. */
  flavors(region: string, options?: ListOptions): PageIterable<NovaFlavor> {
    return this.list<NovaFlavor>('compute', region, e => `${trimSlash(e)}/flavors/detail`, 'flavors', options);
  }

  /* ------------------------------------------------------------ Neutron */

  /** `GET {network}/v2.0/networks`. */
  networks(region: string, options?: ListOptions): PageIterable<NeutronNetwork> {
    return this.#neutron<NeutronNetwork>(region, 'networks', 'networks', options);
  }

  /** `GET {network}/v2.0/subnets`. */
  subnets(region: string, options?: ListOptions): PageIterable<NeutronSubnet> {
    return this.#neutron<NeutronSubnet>(region, 'subnets', 'subnets', options);
  }

  /** `GET {network}/v2.0/ports`. */
  ports(region: string, options?: ListOptions): PageIterable<NeutronPort> {
    return this.#neutron<NeutronPort>(region, 'ports', 'ports', options);
  }

  /** `GET {network}/v2.0/routers`. */
  routers(region: string, options?: ListOptions): PageIterable<NeutronRouter> {
    return this.#neutron<NeutronRouter>(region, 'routers', 'routers', options);
  }

  /** `GET {network}/v2.0/security-groups` (rules included). */
  securityGroups(region: string, options?: ListOptions): PageIterable<NeutronSecurityGroup> {
    return this.#neutron<NeutronSecurityGroup>(region, 'security-groups', 'security_groups', options);
  }

  /* ------------------------------------------------------------ Cinder */

  /** `GET {volumev3}/volumes/detail`. */
  volumes(region: string, options?: ListOptions): PageIterable<CinderVolume> {
    return this.list<CinderVolume>('block-storage', region, e => `${trimSlash(e)}/volumes/detail`, 'volumes', options);
  }

  /** `GET {volumev3}/snapshots/detail`. */
  snapshots(region: string, options?: ListOptions): PageIterable<CinderSnapshot> {
    return this.list<CinderSnapshot>(
      'block-storage',
      region,
      e => `${trimSlash(e)}/snapshots/detail`,
      'snapshots',
      options,
    );
  }

  /* ------------------------------------------------------------ Glance */

  /** `GET {image}/v2/images` (or `{image}/images` when the endpoint already ends in `/v2`). */
  images(region: string, options?: ListOptions): PageIterable<GlanceImage> {
    return this.list<GlanceImage>(
      'image',
      region,
      e => versioned(e, /\/v2$/, '/v2/images', '/images'),
      'images',
      options,
    );
  }

  /* ------------------------------------------------------------ Octavia */

  /** `GET {load-balancer}/v2/lbaas/loadbalancers`. */
  loadBalancers(region: string, options?: ListOptions): PageIterable<OctaviaLoadBalancer> {
    return this.#octavia<OctaviaLoadBalancer>(region, '/lbaas/loadbalancers', 'loadbalancers', options);
  }

  /** `GET {load-balancer}/v2/lbaas/pools`. */
  pools(region: string, options?: ListOptions): PageIterable<OctaviaPool> {
    return this.#octavia<OctaviaPool>(region, '/lbaas/pools', 'pools', options);
  }

  /** `GET {load-balancer}/v2/lbaas/pools/{poolId}/members`. */
  members(region: string, poolId: string, options?: ListOptions): PageIterable<OctaviaMember> {
    return this.#octavia<OctaviaMember>(
      region,
      `/lbaas/pools/${encodeURIComponent(poolId)}/members`,
      'members',
      options,
    );
  }

  /* ------------------------------------------------------------ generic */

  /**
   * Any paginated listing: the URL is built from the service's catalog endpoint in the region (throws
   * {@link OpenStackServiceUnavailableError} on iteration when there is none), pages are followed by their next
   * links, the token is refreshed once on a 401.
   */
  list<T>(
    serviceType: string,
    region: string,
    path: PathBuilder,
    collection: string,
    options: ListOptions = {},
  ): PageIterable<T> {
    return pageIterable<T>(() => this.#listing<T>(serviceType, region, path, collection, options));
  }

  /** One `GET` of a service URL built from its endpoint in the region; the parsed JSON body. */
  async get<T>(serviceType: string, region: string, path: PathBuilder, signal?: AbortSignal): Promise<T> {
    const endpoint = await this.#endpoint(serviceType, region, signal);
    return (await this.#getJson(serviceType, path(endpoint), signal)) as T;
  }

  /** Releases the TLS agent (when a CA bundle or `insecure` is configured). */
  async close(): Promise<void> {
    await this.#transport.close();
  }

  async *#listing<T>(
    serviceType: string,
    region: string,
    path: PathBuilder,
    collection: string,
    options: ListOptions,
  ): AsyncGenerator<T[], void, undefined> {
    const endpoint = await this.#endpoint(serviceType, region, options.signal);
    yield* paginate<T>({
      url: withQuery(path(endpoint), options.query),
      collection,
      endpoint,
      pageSize: options.pageSize ?? this.#options.pageSize ?? DEFAULT_PAGE_SIZE,
      signal: options.signal,
      fetchPage: (url, signal) => this.#getJson(serviceType, url, signal),
    });
  }

  #neutron<T>(region: string, resource: string, collection: string, options?: ListOptions): PageIterable<T> {
    return this.list<T>(
      'network',
      region,
      e => versioned(e, /\/v2\.0$/, `/v2.0/${resource}`, `/${resource}`),
      collection,
      options,
    );
  }

  #octavia<T>(region: string, path: string, collection: string, options?: ListOptions): PageIterable<T> {
    return this.list<T>(
      'load-balancer',
      region,
      e => versioned(e, /\/v2(\.0)?$/, `/v2${path}`, path),
      collection,
      options,
    );
  }

  async #endpoint(serviceType: string, region: string, signal?: AbortSignal): Promise<string> {
    await this.#session.token(signal);
    const endpoint = this.endpointFor(serviceType, region);
    if (!endpoint) {
      throw new OpenStackServiceUnavailableError({ serviceType, region, interface: this.#interface });
    }
    return endpoint;
  }

  #serviceHeaders(serviceType: string): Record<string, string> {
    if (serviceType !== 'compute') return {};
    const version = this.#options.computeMicroversion ?? DEFAULT_COMPUTE_MICROVERSION;
    return { 'OpenStack-API-Version': `compute ${version}`, 'X-OpenStack-Nova-API-Version': version };
  }

  /** GET with the token; on a 401, once more with a fresh token (a second 401 is thrown). */
  async #getJson(serviceType: string, url: string, signal?: AbortSignal): Promise<unknown> {
    const request: TransportRequest = {
      service: serviceType,
      method: 'GET',
      url,
      headers: this.#serviceHeaders(serviceType),
      signal,
    };
    let token = await this.#session.token(signal);
    let response = await this.#transport.send({ ...request, headers: { ...request.headers, 'X-Auth-Token': token } });
    if (response.status === 401) {
      this.#session.invalidate(token);
      token = await this.#session.token(signal);
      response = await this.#transport.send({ ...request, headers: { ...request.headers, 'X-Auth-Token': token } });
    }
    if (response.status < 200 || response.status >= 300) throw this.#transport.httpError(request, response);
    try {
      return JSON.parse(response.text) as unknown;
    } catch {
      throw new OpenStackResponseError(
        `${serviceType} GET ${this.#transport.redact(url)} returned a body that is not JSON`,
      );
    }
  }
}
