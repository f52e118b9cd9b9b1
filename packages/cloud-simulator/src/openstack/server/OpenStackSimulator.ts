import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OpenStackWorld } from '../world/OpenStackWorld';
import { discoveryDocument } from './discovery';
import { AUTHENTICATION_REQUIRED, keystoneError, OpenStackApiError, serviceError } from './errors';
import { failingStatus, serviceMissing, TokenRevocationFault, type OpenStackFaults } from './faults';
import { buildCatalog, checkPasswordAuth, identityVersion, identityVersions, serviceUrl, tokenBody } from './keystone';
import { formatVersion, NOVA_MAX_VERSION, parseVersion, type Microversion } from './microversion';
import { MarkerIndex } from './pagination';
import { handleCinder } from './services/cinder';
import { handleGlance } from './services/glance';
import { handleNeutron } from './services/neutron';
import { handleNova } from './services/nova';
import { handleOctavia } from './services/octavia';
import { TokenStore } from './tokens';
import { readBody, SimulatorHttpServer } from '../../http/SimulatorHttpServer';
import {
  SERVICE_SEGMENTS,
  type OpenStackServiceType,
  type ServiceHandler,
  type ServiceRequest,
  type ServiceResponse,
} from './types';

/** Request counters of an OpenStack simulator. */
export interface OpenStackSimulatorStats {
  /** `POST /identity/v3/auth/tokens` requests, successful or not. */
  authRequests: number;
  /** Tokens issued. */
  tokensIssued: number;
  /** Requests to the regions' services (discovery and failed requests included). */
  serviceRequests: number;
  /** Responses with status 401, from Keystone and the services. */
  unauthorized: number;
  /** Service requests by service (`compute`, `network`, `volumev3`, `image`, `load-balancer`). */
  byService: Record<string, number>;
  /** Service requests by region. */
  byRegion: Record<string, number>;
  /** Service requests by `region/service` (`RegionOne/compute`). */
  byRegionService: Record<string, number>;
  /** Service requests by operation, ids replaced: `compute GET /v2.1/servers/detail`, `load-balancer GET /v2/lbaas/pools/{id}/members`. */
  byOperation: Record<string, number>;
}

/** A running simulated OpenStack cloud. */
export interface OpenStackSimulator {
  /** Keystone's URL for clients: `http://127.0.0.1:PORT/identity/v3`. */
  readonly authUrl: string;
  /** The server's root: `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** The world served; changes to it are visible on the next request. */
  readonly world: OpenStackWorld;
  /** The faults injected; may be replaced or changed at any time. */
  faults: OpenStackFaults;
  /** The lifetime of the tokens issued from now on, in seconds (fractions allowed). */
  tokenTtlSeconds: number;
  /**
   * The newest Nova microversion served (`2.60` Queens, `2.65` Rocky, `2.72` Stein, `2.79` Train, default `2.100`):
   * announced by the version documents, a request above it answers 406. May be changed at any time.
   */
  novaMaxMicroversion: string;
  readonly stats: OpenStackSimulatorStats;
  /** The catalog URL of a service type (`compute`, `volumev3` …) in a region. */
  serviceUrl(region: string, type: string): string;
  /** Revokes every token issued so far: their next use answers 401. */
  revokeTokens(): void;
  /** Zeroes the counters of `stats`. */
  resetStats(): void;
  /** Stops the server and closes its connections (keep-alive ones included). */
  close(): Promise<void>;
}

/** Options of {@link startOpenStackSimulator}. */
export interface OpenStackSimulatorOptions {
  world: OpenStackWorld;
  /** The port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** The interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** The lifetime of tokens in seconds (default 3600; fractions allowed). */
  tokenTtlSeconds?: number;
  /** The page size of listings without `limit` (default: `maxPageSize`). */
  defaultPageSize?: number;
  /** The largest page served, whatever `limit` asks (default 1000, Nova's `max_limit`). */
  maxPageSize?: number;
  /** The newest Nova microversion served (default `2.100`); see {@link OpenStackSimulator.novaMaxMicroversion}. */
  novaMaxMicroversion?: string;
  faults?: OpenStackFaults;
}

const HANDLERS: Record<OpenStackServiceType, ServiceHandler> = {
  compute: handleNova,
  network: handleNeutron,
  volumev3: handleCinder,
  image: handleGlance,
  'load-balancer': handleOctavia,
};

/** Path segments that are ids, replaced by `{id}` in `stats.byOperation`. */
const ID_SEGMENT = /^[0-9a-f]{32}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function count(counters: Record<string, number>, key: string): void {
  counters[key] = (counters[key] ?? 0) + 1;
}

function notFound(): ServiceResponse {
  return {
    status: 404,
    body: '404 Not Found\n\nThe resource could not be found.\n',
    headers: { 'content-type': 'text/plain; charset=UTF-8' },
  };
}

class OpenStackSimulatorServer implements OpenStackSimulator {
  faults: OpenStackFaults;
  tokenTtlSeconds: number;
  private novaMax: Microversion = NOVA_MAX_VERSION;
  readonly world: OpenStackWorld;
  readonly stats: OpenStackSimulatorStats = {
    authRequests: 0,
    tokensIssued: 0,
    serviceRequests: 0,
    unauthorized: 0,
    byService: {},
    byRegion: {},
    byRegionService: {},
    byOperation: {},
  };
  private readonly http = new SimulatorHttpServer((req, res) => this.handle(req, res));
  private readonly tokens = new TokenStore();
  private readonly markers = new MarkerIndex();
  private readonly revocation = new TokenRevocationFault();
  private readonly defaultPageSize: number;
  private readonly maxPageSize: number;

  constructor(options: OpenStackSimulatorOptions) {
    this.world = options.world;
    this.faults = options.faults ?? {};
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
    if (options.novaMaxMicroversion) this.novaMaxMicroversion = options.novaMaxMicroversion;
    this.maxPageSize = options.maxPageSize ?? 1000;
    this.defaultPageSize = Math.min(options.defaultPageSize ?? this.maxPageSize, this.maxPageSize);
    if (!(this.maxPageSize >= 1 && this.defaultPageSize >= 1)) {
      throw new Error('OpenStack simulator page sizes must be at least 1');
    }
  }

  get endpoint(): string {
    return this.http.endpoint;
  }

  get novaMaxMicroversion(): string {
    return formatVersion(this.novaMax);
  }

  set novaMaxMicroversion(version: string) {
    this.novaMax = parseVersion(version);
  }

  get authUrl(): string {
    return `${this.http.endpoint}/identity/v3`;
  }

  listen(port: number, host: string): Promise<void> {
    return this.http.listen(port, host);
  }

  serviceUrl(region: string, type: string): string {
    return serviceUrl(this.http.endpoint, region, type, this.world.account.projectId);
  }

  revokeTokens(): void {
    this.tokens.revokeAll();
  }

  resetStats(): void {
    const { stats } = this;
    stats.authRequests = 0;
    stats.tokensIssued = 0;
    stats.serviceRequests = 0;
    stats.unauthorized = 0;
    for (const counters of [stats.byService, stats.byRegion, stats.byRegionService, stats.byOperation]) {
      for (const key of Object.keys(counters)) delete counters[key];
    }
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://simulator');
    let segments: string[];
    try {
      segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      segments = [];
    }
    let delay = this.faults.latencyMs ?? 0;
    let response: ServiceResponse;
    if (segments[0] === 'identity') {
      response = this.identity(req, segments.slice(1), url, body);
    } else {
      const region = segments[0] ?? '';
      if (this.world.hasRegion(region)) delay += this.faults.slowRegions?.[region] ?? 0;
      response = this.service(req, segments, url);
    }
    if (response.status === 401) this.stats.unauthorized++;
    if (delay > 0) await new Promise(resolve => setTimeout(resolve, delay));
    const text =
      typeof response.body === 'string' || response.body === undefined
        ? (response.body as string | undefined) ?? ''
        : JSON.stringify(response.body);
    res.writeHead(response.status, {
      'content-type': 'application/json',
      'x-openstack-request-id': `req-${randomUUID()}`,
      ...response.headers,
      'content-length': Buffer.byteLength(text),
    });
    res.end(req.method === 'HEAD' ? undefined : text);
  }

  private identity(req: IncomingMessage, path: string[], url: URL, body: string): ServiceResponse {
    const method = req.method ?? 'GET';
    const route = path.join('/');
    if (route === '' && method === 'GET') return identityVersions(this.http.endpoint);
    if (route === 'v3' && method === 'GET') return identityVersion(this.http.endpoint);
    if (route === 'v3/auth/tokens' && method === 'POST') {
      return this.authenticate(body, url.searchParams.has('nocatalog'));
    }
    const caller = this.tokens.validate(header(req, 'x-auth-token'));
    if (route === 'v3/auth/tokens' || route === 'v3/auth/catalog') {
      if (!caller) return keystoneError(401, AUTHENTICATION_REQUIRED);
      if (route === 'v3/auth/catalog' && method === 'GET') {
        return {
          status: 200,
          body: {
            catalog: caller.catalog,
            links: {
              self: `${this.authUrl}/auth/catalog`,
              previous: null,
              next: null,
            },
          },
        };
      }
      const subjectId = header(req, 'x-subject-token') ?? '';
      const subject = this.tokens.validate(subjectId);
      if (!subject) return keystoneError(404, `Could not find token: ${subjectId}.`);
      if (method === 'DELETE') {
        this.tokens.revoke(subjectId);
        return { status: 204, body: '' };
      }
      if (method === 'GET' || method === 'HEAD') {
        return {
          status: 200,
          body: tokenBody(this.world.account, subject),
          headers: { 'x-subject-token': subjectId },
        };
      }
    }
    return keystoneError(404, 'The resource could not be found.');
  }

  private authenticate(body: string, noCatalog: boolean): ServiceResponse {
    this.stats.authRequests++;
    if (this.faults.echoAuthRequests) {
      return keystoneError(400, `Invalid request body: ${body}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return keystoneError(400, 'Malformed JSON in the request body.');
    }
    const refusal = checkPasswordAuth(this.world.account, parsed);
    if (refusal) return keystoneError(refusal.status, refusal.message);
    const catalog = buildCatalog(
      this.http.endpoint,
      this.world.account,
      this.world.regionNames,
      this.faults.missingServices ?? [],
    );
    const token = this.tokens.issue(this.tokenTtlSeconds, catalog);
    this.stats.tokensIssued++;
    const response = tokenBody(this.world.account, token) as {
      token: Record<string, unknown>;
    };
    if (noCatalog) delete response.token.catalog;
    return {
      status: 201,
      body: response,
      headers: { 'x-subject-token': token.id, vary: 'X-Auth-Token' },
    };
  }

  private service(req: IncomingMessage, segments: string[], url: URL): ServiceResponse {
    const [regionName = '', segment = '', ...path] = segments;
    const service = Object.prototype.hasOwnProperty.call(SERVICE_SEGMENTS, segment)
      ? SERVICE_SEGMENTS[segment]
      : undefined;
    if (!service || !this.world.hasRegion(regionName) || serviceMissing(this.faults, service)) {
      return notFound();
    }
    const method = req.method ?? 'GET';
    const { stats } = this;
    stats.serviceRequests++;
    count(stats.byService, service);
    count(stats.byRegion, regionName);
    count(stats.byRegionService, `${regionName}/${service}`);
    count(stats.byOperation, `${service} ${method} /${path.map(s => (ID_SEGMENT.test(s) ? '{id}' : s)).join('/')}`);
    const fail = (status: number, message: string) => serviceError(service, new OpenStackApiError(status, message));
    if (this.faults.failRegions?.includes(regionName)) {
      return fail(503, `The service is unavailable in region ${regionName}.`);
    }
    const failing = failingStatus(this.faults, service);
    if (failing !== undefined) return fail(failing, `Simulated failure of ${service}.`);
    const root = `${this.http.endpoint}/${encodeURIComponent(regionName)}/${segment}`;
    const discovery = method === 'GET' ? discoveryDocument(service, root, path, this.novaMax) : undefined;
    if (discovery) return discovery;
    if (this.revocation.due(this.faults)) this.tokens.revokeAll();
    if (!this.tokens.validate(header(req, 'x-auth-token'))) {
      const response = fail(401, AUTHENTICATION_REQUIRED);
      response.headers = {
        ...response.headers,
        'www-authenticate': `Keystone uri="${this.http.endpoint}/identity"`,
      };
      return response;
    }
    const request: ServiceRequest = {
      method,
      service,
      world: this.world,
      region: this.world.region(regionName),
      path,
      query: url.searchParams,
      headers: req.headers,
      root,
      pageSize: limit => Math.min(limit && limit > 0 ? limit : this.defaultPageSize, this.maxPageSize),
      markers: this.markers,
      faults: this.faults,
      novaMaxVersion: this.novaMax,
    };
    let response: ServiceResponse;
    try {
      response = HANDLERS[service](request);
    } catch (error) {
      if (!(error instanceof OpenStackApiError)) throw error;
      response = serviceError(service, error);
    }
    if (response.status < 400 && this.revocation.due(this.faults, true)) {
      this.tokens.revokeAll();
    }
    return response;
  }
}

/**
 * Starts a simulated OpenStack cloud serving `world` over HTTP on one port: Keystone v3 at `/identity/v3`
 * (password authentication, project-scoped tokens with a catalog), and in each region Nova, Neutron, Cinder,
 * Glance and Octavia under `/<region>/<service>`, as the catalog lists them. Point an OpenStack client at
 * `authUrl` with the world's account (`DEMO_OPENSTACK_ACCOUNT` by default).
 */
export async function startOpenStackSimulator(options: OpenStackSimulatorOptions): Promise<OpenStackSimulator> {
  const simulator = new OpenStackSimulatorServer(options);
  await simulator.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return simulator;
}
