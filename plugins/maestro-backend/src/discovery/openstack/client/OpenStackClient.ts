import type { EgressPolicy } from '../../../egress';
import { OpenStackConfigError, OpenStackResponseError, OpenStackServiceUnavailableError } from './errors';
import { HttpTransport, TransportRequest, TransportResponse } from './http';
import { EndpointInterface, KeystoneAuthOptions, KeystoneSession, KeystoneTokenInfo, ServiceCatalog } from './keystone';
import {
  MAX_COMPUTE_MICROVERSION,
  computeRoot,
  computeVersionId,
  computeVersionRange,
  negotiateMicroversion,
} from './microversion';
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
  /**
   * Where requests may go: Keystone, every catalog endpoint, next links and redirects are checked against it after
   * DNS resolution (private, loopback and link-local addresses are refused unless allow-listed).
   */
  egress: EgressPolicy;
  /** Which endpoints of the catalog to call; default `public`. */
  interface?: EndpointInterface;
  /** PEM text of the CA certificates to trust (instead of the system store). */
  caBundle?: string;
  /** Skip TLS verification (explicit opt-in only). */
  insecure?: boolean;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Clock in ms since the epoch, for token expiry; default `Date.now`. */
  now?: () => number;
  /**
   * Re-authenticate when the token expires within this margin, or within a tenth of the token's lifetime when that
   * is shorter (a 30 s token is reused for 27 s); default 60 s.
   */
  tokenRefreshMarginMs?: number;
  /**
   * Nova microversion sent with compute calls, instead of the one negotiated from the endpoint's version document
   * (the highest both sides support, up to {@link MAX_COMPUTE_MICROVERSION}).
   */
  computeMicroversion?: string;
  /** Largest success body read, in bytes; a larger page fails its listing. Default 32 MiB. */
  maxResponseBytes?: number;
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
  /** The microversion of each compute endpoint, read once per client (undefined: none, a v2.0 endpoint). */
  readonly #computeVersions = new Map<string, Promise<string | undefined>>();

  constructor(options: OpenStackClientOptions) {
    this.#options = options;
    this.#interface = options.interface ?? 'public';
    // the session is created right after; its secrets are read lazily, on each error
    const secrets = () => this.#session.secrets();
    this.#transport = new HttpTransport({
      egress: options.egress,
      caBundle: options.caBundle,
      insecure: options.insecure,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      retryBaseDelayMs: options.retryBaseDelayMs,
      maxRetryDelayMs: options.maxRetryDelayMs,
      maxResponseBytes: options.maxResponseBytes,
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

  /**
   * The compute microversion used in the region: the configured override, else the highest that the endpoint's
   * version document (read once) and the client both support; undefined for an endpoint without microversions.
   * When the endpoint publishes no version document, {@link MAX_COMPUTE_MICROVERSION}.
   */
  async computeMicroversion(region: string, signal?: AbortSignal): Promise<string | undefined> {
    if (this.#options.computeMicroversion) return this.#options.computeMicroversion;
    const endpoint = await this.#endpoint('compute', region, signal);
    let version = this.#computeVersions.get(endpoint);
    if (!version) {
      version = this.#negotiate(endpoint, signal);
      this.#computeVersions.set(endpoint, version);
      version.catch(() => this.#computeVersions.delete(endpoint)); // a failure is not remembered
    }
    return version;
  }

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
    const headers = await this.#serviceHeaders(serviceType, region, signal);
    return (await this.#getJson(serviceType, path(endpoint), headers, signal)) as T;
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
    const headers = await this.#serviceHeaders(serviceType, region, options.signal);
    yield* paginate<T>({
      url: withQuery(path(endpoint), options.query),
      collection,
      endpoint,
      pageSize: options.pageSize ?? this.#options.pageSize ?? DEFAULT_PAGE_SIZE,
      signal: options.signal,
      fetchPage: (url, signal) => this.#getJson(serviceType, url, headers, signal),
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

  async #serviceHeaders(serviceType: string, region: string, signal?: AbortSignal): Promise<Record<string, string>> {
    if (serviceType !== 'compute') return {};
    const version = await this.computeMicroversion(region, signal);
    return version ? { 'OpenStack-API-Version': `compute ${version}`, 'X-OpenStack-Nova-API-Version': version } : {};
  }

  /**
   * Reads the endpoint's version document (`GET {endpoint}`, else the service root) and picks the microversion.
   * Without a readable document the client's newest is used, as before microversions were negotiated.
   */
  async #negotiate(endpoint: string, signal?: AbortSignal): Promise<string | undefined> {
    const wanted = computeVersionId(endpoint);
    for (const url of new Set([endpoint, computeRoot(endpoint)])) {
      const range = computeVersionRange(await this.#versionDocument(url, signal), wanted);
      if (!range) continue;
      try {
        return negotiateMicroversion(range);
      } catch (error) {
        throw new OpenStackConfigError(`compute at ${this.#transport.redact(endpoint)} ${(error as Error).message}`);
      }
    }
    return MAX_COMPUTE_MICROVERSION;
  }

  /** A version document (200, or 300 Multiple Choices at a root), or undefined when there is none there. */
  async #versionDocument(url: string, signal?: AbortSignal): Promise<unknown> {
    const request: TransportRequest = { service: 'compute', method: 'GET', url, signal };
    const response = await this.#authorized(request, signal);
    if (response.status >= 500) throw this.#transport.httpError(request, response);
    if (response.status !== 200 && response.status !== 300) return undefined;
    try {
      return JSON.parse(response.text) as unknown;
    } catch {
      return undefined;
    }
  }

  /** Sends with the token; on a 401, once more with a fresh token. */
  async #authorized(request: TransportRequest, signal?: AbortSignal): Promise<TransportResponse> {
    let token = await this.#session.token(signal);
    let response = await this.#transport.send({ ...request, headers: { ...request.headers, 'X-Auth-Token': token } });
    if (response.status === 401) {
      this.#session.invalidate(token);
      token = await this.#session.token(signal);
      response = await this.#transport.send({ ...request, headers: { ...request.headers, 'X-Auth-Token': token } });
    }
    return response;
  }

  /** GET with the token (refreshed once on a 401: a second 401 is thrown); the parsed JSON body. */
  async #getJson(
    serviceType: string,
    url: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const request: TransportRequest = { service: serviceType, method: 'GET', url, headers, signal };
    const response = await this.#authorized(request, signal);
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
