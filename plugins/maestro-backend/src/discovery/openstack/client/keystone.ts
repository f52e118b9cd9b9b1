import { OpenStackAuthError, OpenStackConfigError, OpenStackResponseError } from './errors';
import { HttpTransport, abortable } from './http';
import type { KeystoneCatalogService, KeystoneTokenResponse } from './types';

/** Which of a service's endpoints to call. */
export type EndpointInterface = 'public' | 'internal' | 'admin';

/**
 * Keystone v3 password credentials and scope. The user is named by id, or by name in a domain (by id or name;
 * domain id `default` when neither is given). The project likewise (its domain defaults to the user's, then to
 * `default`). Without a project the token is unscoped and carries no catalog.
 */
export interface KeystoneAuthOptions {
  /** `https://keystone:5000`, `…/v3` or `…/identity/v3`; `/v3` is appended when missing. */
  authUrl: string;
  username?: string;
  /** Instead of `username` (+ domain). */
  userId?: string;
  password: string;
  userDomainId?: string;
  userDomainName?: string;
  projectId?: string;
  projectName?: string;
  projectDomainId?: string;
  projectDomainName?: string;
}

/** What the client knows of its token, without the token itself. */
export interface KeystoneTokenInfo {
  expiresAt: Date;
  issuedAt?: Date;
  user?: { id: string; name?: string; domainId?: string; domainName?: string };
  project?: { id: string; name?: string; domainId?: string; domainName?: string };
  roles: string[];
}

/** One endpoint of the catalog, flattened. */
export interface CatalogEntry {
  /** The catalog's own type (`volumev3`, `block-storage`, …). */
  type: string;
  name?: string;
  interface: string;
  /** `region_id`, else the deprecated `region`; `''` when the endpoint has none. */
  region: string;
  url: string;
}

/**
 * Catalog types that name the same service, most preferred first: a lookup by any of them finds the first that
 * the catalog has (`volume` is the legacy name, registered by some deployments for the v3 endpoint too).
 */
export const SERVICE_TYPE_ALIASES: readonly (readonly string[])[] = [
  ['block-storage', 'volumev3', 'volume'],
  ['load-balancer'],
  ['compute'],
  ['network'],
  ['image'],
  ['identity'],
];

/** Refresh the token when it expires within this margin (or a tenth of its lifetime, when shorter); default 60 s. */
const DEFAULT_REFRESH_MARGIN_MS = 60_000;
/** The share of a token's lifetime kept as refresh margin when that is shorter than the configured margin. */
const REFRESH_SHARE_OF_LIFETIME = 0.1;

/** The auth URL with `/v3` (and no trailing slash): `https://h:5000` → `https://h:5000/v3`. */
export function normalizeAuthUrl(authUrl: string): string {
  const trimmed = authUrl.trim().replace(/\/+$/, '');
  if (!trimmed) throw new OpenStackConfigError('OpenStack authUrl is empty');
  return /\/v3$/.test(trimmed) ? trimmed : `${trimmed}/v3`;
}

type DomainSpec = { id: string } | { name: string };

function domainSpec(id?: string, name?: string): DomainSpec | undefined {
  if (id) return { id };
  if (name) return { name };
  return undefined;
}

function describeDomain(domain: DomainSpec): string {
  return 'id' in domain ? `domain id "${domain.id}"` : `domain "${domain.name}"`;
}

function userDomain(options: KeystoneAuthOptions): DomainSpec {
  return domainSpec(options.userDomainId, options.userDomainName) ?? { id: 'default' };
}

function projectDomain(options: KeystoneAuthOptions): DomainSpec {
  return (
    domainSpec(options.projectDomainId, options.projectDomainName) ??
    domainSpec(options.userDomainId, options.userDomainName) ?? { id: 'default' }
  );
}

/** The user as an error message may name them. */
export function describeUser(options: KeystoneAuthOptions): string {
  if (options.userId) return `id "${options.userId}"`;
  return `"${options.username ?? ''}" in ${describeDomain(userDomain(options))}`;
}

/** The project as an error message may name it; undefined when unscoped. */
export function describeProject(options: KeystoneAuthOptions): string | undefined {
  if (options.projectId) return `id "${options.projectId}"`;
  if (options.projectName) return `"${options.projectName}" in ${describeDomain(projectDomain(options))}`;
  return undefined;
}

/** The body of `POST /v3/auth/tokens` for password authentication (contains the password: never log it). */
export function buildPasswordAuthRequest(options: KeystoneAuthOptions): Record<string, unknown> {
  if (!options.userId && !options.username) {
    throw new OpenStackConfigError('OpenStack credentials need a username (or a userId)');
  }
  if (!options.password) throw new OpenStackConfigError('OpenStack credentials need a password');
  const user = options.userId
    ? { id: options.userId, password: options.password }
    : { name: options.username, domain: userDomain(options), password: options.password };
  let scope: Record<string, unknown> | undefined;
  if (options.projectId) scope = { project: { id: options.projectId } };
  else if (options.projectName) scope = { project: { name: options.projectName, domain: projectDomain(options) } };
  return {
    auth: {
      identity: { methods: ['password'], password: { user } },
      ...(scope ? { scope } : {}),
    },
  };
}

/** The catalog types a lookup by `serviceType` accepts, most preferred first. */
export function serviceTypeAliases(serviceType: string): readonly string[] {
  return SERVICE_TYPE_ALIASES.find(group => group.includes(serviceType)) ?? [serviceType];
}

function normalizeInterface(value: string): string {
  return value.replace(/URL$/, '').toLowerCase();
}

/** A token's service catalog, with lookups by service type (aliases understood), region and interface. */
export class ServiceCatalog {
  readonly entries: readonly CatalogEntry[];

  constructor(services: readonly KeystoneCatalogService[] = []) {
    const entries: CatalogEntry[] = [];
    for (const service of services) {
      if (!service || typeof service.type !== 'string' || !Array.isArray(service.endpoints)) continue;
      for (const endpoint of service.endpoints) {
        if (!endpoint || typeof endpoint.url !== 'string' || typeof endpoint.interface !== 'string') continue;
        entries.push({
          type: service.type,
          name: typeof service.name === 'string' ? service.name : undefined,
          interface: normalizeInterface(endpoint.interface),
          region: endpoint.region_id ?? endpoint.region ?? '',
          url: endpoint.url,
        });
      }
    }
    this.entries = entries;
  }

  /** The URL of the service's endpoint in the region on the interface, or undefined when there is none. */
  endpointFor(serviceType: string, region: string, iface: EndpointInterface = 'public'): string | undefined {
    for (const type of serviceTypeAliases(serviceType)) {
      const entry = this.entries.find(e => e.type === type && e.region === region && e.interface === iface);
      if (entry) return entry.url;
    }
    return undefined;
  }

  /** Regions that have at least one endpoint on the interface, sorted. */
  regions(iface: EndpointInterface = 'public'): string[] {
    const regions = new Set<string>();
    for (const entry of this.entries) if (entry.region && entry.interface === iface) regions.add(entry.region);
    return [...regions].sort();
  }
}

/** Options of a {@link KeystoneSession}. */
export interface KeystoneSessionOptions extends KeystoneAuthOptions {
  transport: HttpTransport;
  /** Clock, in ms since the epoch; default `Date.now`. */
  now?: () => number;
  /** Re-authenticate when the token expires within this margin (or a tenth of its lifetime); default 60 s. */
  refreshMarginMs?: number;
}

interface TokenState {
  token: string;
  expiresAt: number;
  /** Renew once the clock passes this: `expiresAt` minus min(margin, a tenth of the token's lifetime). */
  renewAt: number;
  info: KeystoneTokenInfo;
}

/**
 * A Keystone v3 password session: authenticates on first use, again when the token is about to expire or was
 * rejected, and shares one in-flight authentication among concurrent callers.
 */
export class KeystoneSession {
  readonly authUrl: string;
  readonly #options: KeystoneSessionOptions;
  readonly #now: () => number;
  readonly #marginMs: number;
  #state?: TokenState;
  #catalog?: ServiceCatalog;
  #pending?: Promise<TokenState>;
  /** Tokens this session obtained, for redaction of error messages. */
  readonly #issued = new Set<string>();
  #authCount = 0;

  constructor(options: KeystoneSessionOptions) {
    this.#options = options;
    this.authUrl = normalizeAuthUrl(options.authUrl);
    this.#now = options.now ?? Date.now;
    this.#marginMs = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    buildPasswordAuthRequest(options); // validates the credentials' shape up front
  }

  /**
   * A valid token, authenticating if there is none or it expires within the margin: the configured margin, or a
   * tenth of the token's lifetime when that is shorter (short-lived tokens are reused, not renewed on every call).
   */
  async token(signal?: AbortSignal): Promise<string> {
    const state = this.#state;
    if (state && this.#now() < state.renewAt) return state.token;
    const fresh = await abortable(this.#refresh(), signal);
    return fresh.token;
  }

  /** Forgets the token (a service answered 401 to it); a newer token obtained meanwhile is kept. */
  invalidate(token: string): void {
    if (this.#state?.token === token) this.#state = undefined;
  }

  /** Makes sure there is a valid token and returns what Keystone said about it. */
  async authenticate(signal?: AbortSignal): Promise<KeystoneTokenInfo> {
    await this.token(signal);
    const state = this.#state ?? (await abortable(this.#refresh(), signal));
    return state.info;
  }

  /** The catalog of the last token, or undefined before the first authentication. */
  get catalog(): ServiceCatalog | undefined {
    return this.#catalog;
  }

  /** What Keystone said about the current token. */
  get info(): KeystoneTokenInfo | undefined {
    return this.#state?.info;
  }

  /** How many times this session authenticated (for tests and metrics). */
  get authCount(): number {
    return this.#authCount;
  }

  /** The password and every token obtained: what must never appear in a message. */
  secrets(): string[] {
    return [this.#options.password, ...this.#issued];
  }

  #refresh(): Promise<TokenState> {
    if (!this.#pending) {
      this.#pending = this.#authenticate().finally(() => {
        this.#pending = undefined;
      });
    }
    return this.#pending;
  }

  async #authenticate(): Promise<TokenState> {
    const { transport } = this.#options;
    this.#authCount++;
    const request = {
      service: 'identity',
      method: 'POST' as const,
      url: `${this.authUrl}/auth/tokens`,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(buildPasswordAuthRequest(this.#options)),
    };
    const response = await transport.send(request);
    const receivedAt = this.#now();
    if (response.status === 401) {
      const error = transport.httpError(request, response);
      throw new OpenStackAuthError({
        authUrl: this.authUrl,
        user: describeUser(this.#options),
        project: describeProject(this.#options),
        status: 401,
        detail: error.detail,
      });
    }
    if (response.status < 200 || response.status >= 300) throw transport.httpError(request, response);
    const token = response.headers.get('x-subject-token');
    if (!token) throw new OpenStackResponseError(`Keystone at ${this.authUrl} returned no X-Subject-Token header`);
    this.#issued.add(token);
    let body: KeystoneTokenResponse;
    try {
      body = JSON.parse(response.text) as KeystoneTokenResponse;
    } catch {
      throw new OpenStackResponseError(`Keystone at ${this.authUrl} returned a token body that is not JSON`);
    }
    const expiresAt = Date.parse(body?.token?.expires_at ?? '');
    if (Number.isNaN(expiresAt)) {
      throw new OpenStackResponseError(`Keystone at ${this.authUrl} returned a token without a valid expires_at`);
    }
    const t = body.token;
    const issuedAt = t.issued_at ? Date.parse(t.issued_at) : NaN;
    const info: KeystoneTokenInfo = {
      expiresAt: new Date(expiresAt),
      ...(Number.isNaN(issuedAt) ? {} : { issuedAt: new Date(issuedAt) }),
      ...(t.user
        ? { user: { id: t.user.id, name: t.user.name, domainId: t.user.domain?.id, domainName: t.user.domain?.name } }
        : {}),
      ...(t.project
        ? {
            project: {
              id: t.project.id,
              name: t.project.name,
              domainId: t.project.domain?.id,
              domainName: t.project.domain?.name,
            },
          }
        : {}),
      roles: (t.roles ?? []).map(role => role.name),
    };
    // the lifetime as Keystone states it (issued_at → expires_at), else as seen from here
    const lifetime = expiresAt - (Number.isNaN(issuedAt) ? receivedAt : issuedAt);
    const margin = Math.min(this.#marginMs, Math.max(0, lifetime) * REFRESH_SHARE_OF_LIFETIME);
    const state: TokenState = { token, expiresAt, renewAt: expiresAt - margin, info };
    this.#state = state;
    this.#catalog = new ServiceCatalog(Array.isArray(t.catalog) ? t.catalog : []);
    return state;
  }
}
