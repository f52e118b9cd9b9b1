import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { Config } from '@backstage/config';
import ipaddr from 'ipaddr.js';

/** A connection the egress policy refused. Its message names the host and why, never a URL's credentials. */
export class EgressDeniedError extends Error {
  readonly code = 'EGRESS_DENIED';

  constructor(message: string) {
    super(message);
    this.name = 'EgressDeniedError';
  }
}

/** One `maestro.egress.allow` entry: a host name (`keystone.internal`, `*.corp.example`) or an address / CIDR. */
type AllowEntry =
  | { type: 'host'; name: string; wildcard: boolean }
  | { type: 'range'; range: [ipaddr.IPv4 | ipaddr.IPv6, number] };

/** Where the backend itself listens: never a destination, even when its range is allow-listed. */
export interface OwnAddress {
  /** Host name or literal address, lower case, without brackets. */
  host?: string;
  port: number;
}

/** `lookup` as `net.connect` / `tls.connect` call it (with `all: true` when they try several addresses). */
export type LookupFunction = (
  hostname: string,
  options: LookupOptions | number | undefined,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/** Resolves a host name to every address (tests inject a fake). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = hostname =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/** How a refused range is named in messages. */
const RANGE_NAMES: Record<string, string> = {
  loopback: 'loopback',
  linkLocal: 'link-local',
  private: 'private',
  uniqueLocal: 'unique-local',
  carrierGradeNat: 'carrier-grade NAT',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
  reserved: 'reserved',
  ipv4Mapped: 'IPv4-mapped',
  rfc6052: 'NAT64 (IPv4-embedding)',
  rfc6145: 'IPv4-translated',
  '6to4': '6to4 (IPv4-embedding)',
  teredo: 'Teredo (IPv4-embedding)',
  deprecatedSiteLocal: 'site-local',
};

/** Host names that always mean this machine (RFC 6761). */
const LOCAL_NAMES = /^(localhost|localhost\.localdomain|.+\.localhost)\.?$/i;

/**
 * The one egress policy for outbound calls to user-supplied URLs (discovery endpoints, Keystone and its catalog,
 * pagination links, redirects; webhooks next). Only public unicast addresses are reachable: loopback, link-local
 * (169.254.169.254 included), private, unique-local, carrier-grade NAT, multicast, reserved and the IPv6 ranges that
 * embed IPv4 addresses are refused, unless an operator allow-lists host names or CIDRs in `maestro.egress.allow`.
 * The backend's own address (its listen port on this machine, its `backend.baseUrl`) is refused even when
 * allow-listed.
 *
 * Checks happen where connections are made, after DNS resolution ({@link EgressPolicy.lookupFor} and
 * {@link EgressPolicy.checkConnect}, used by the HTTP agents of `./agents`), so a redirect or a re-resolved name is
 * checked again; {@link EgressPolicy.literalProblem} refuses literal addresses when a connection is saved.
 */
export class EgressPolicy {
  readonly #allow: AllowEntry[];
  readonly #own: OwnAddress[];
  readonly #resolve: Resolver;

  /** The policy of this installation: `maestro.egress.allow`, and the backend's own address from `backend.*`. */
  static fromConfig(config: Config, options: { resolve?: Resolver } = {}): EgressPolicy {
    const allow = config.getOptionalStringArray('maestro.egress.allow') ?? [];
    const own: OwnAddress[] = [];
    const baseUrl = config.getOptionalString('backend.baseUrl');
    if (baseUrl) {
      try {
        const url = new URL(baseUrl);
        own.push({ host: bare(url.hostname), port: portOf(url) });
      } catch {
        // an invalid baseUrl stops the backend elsewhere
      }
    }
    const listenPort = listenPortOf(config);
    if (listenPort) own.push({ port: listenPort });
    return new EgressPolicy({ allow, own, resolve: options.resolve });
  }

  constructor(options: { allow?: string[]; own?: OwnAddress[]; resolve?: Resolver } = {}) {
    this.#allow = (options.allow ?? []).map((entry, i) => parseAllowEntry(entry, `maestro.egress.allow[${i}]`));
    this.#own = options.own ?? [];
    this.#resolve = options.resolve ?? systemResolver;
  }

  /**
   * Why a URL whose host is a literal address (or `localhost`) may not be called, checked when a connection is saved;
   * undefined when the host is a name (checked when connecting) or an allowed address.
   */
  literalProblem(rawUrl: string): string | undefined {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return 'is not a URL';
    }
    const host = bare(url.hostname);
    const port = portOf(url);
    if (LOCAL_NAMES.test(host) && !this.#hostAllowed(host)) {
      return `${host} is this machine (loopback); allow it with maestro.egress.allow`;
    }
    if (!isIP(host)) return undefined;
    return this.#addressProblem(host, host, port);
  }

  /** Throws {@link EgressDeniedError} unless every address of the host is allowed for this port. */
  async check(rawUrl: string | URL): Promise<void> {
    const url = typeof rawUrl === 'string' ? new URL(rawUrl) : rawUrl;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new EgressDeniedError(`egress denied: ${url.protocol} URLs are not allowed (only http and https)`);
    }
    const host = bare(url.hostname);
    const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await this.#resolveChecked(host);
    this.#assertAddresses(host, addresses, portOf(url));
  }

  /** Checks a connection about to be opened to a literal address (`lookup` is not called for those). */
  checkConnect(host: string, port: number): void {
    const name = bare(host);
    if (isIP(name)) this.#assertAddresses(name, [{ address: name, family: isIP(name) }], port);
    else if (LOCAL_NAMES.test(name) && !this.#hostAllowed(name)) {
      throw new EgressDeniedError(
        `egress denied: ${name} is this machine (loopback); allow it with maestro.egress.allow`,
      );
    }
  }

  /**
   * A `lookup` for `net.connect` / `tls.connect` to `port`: resolves the name, and fails the connection when any of
   * its addresses is refused, so the socket only ever connects to an address that was checked.
   */
  lookupFor(port: number): LookupFunction {
    return (hostname, options, callback) => {
      const opts = typeof options === 'number' ? { family: options } : options ?? {};
      this.#resolveChecked(bare(hostname))
        .then(all => {
          const family = opts.family === 4 || opts.family === 6 ? opts.family : undefined;
          const addresses = family ? all.filter(a => a.family === family) : all;
          this.#assertAddresses(bare(hostname), addresses, port);
          if (addresses.length === 0) {
            const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
            error.code = 'ENOTFOUND';
            throw error;
          }
          if (opts.all) callback(null, addresses);
          else callback(null, addresses[0].address, addresses[0].family);
        })
        .catch(error => callback(error, '', undefined));
    };
  }

  async #resolveChecked(host: string): Promise<LookupAddress[]> {
    if (LOCAL_NAMES.test(host) && !this.#hostAllowed(host)) {
      throw new EgressDeniedError(
        `egress denied: ${host} is this machine (loopback); allow it with maestro.egress.allow`,
      );
    }
    return this.#resolve(host);
  }

  #assertAddresses(host: string, addresses: LookupAddress[], port: number) {
    for (const { address } of addresses) {
      const problem = this.#addressProblem(host, address, port);
      if (problem) throw new EgressDeniedError(`egress denied: ${problem}`);
    }
  }

  /** Why (host, address, port) is refused, or undefined when it is allowed. */
  #addressProblem(host: string, address: string, port: number): string | undefined {
    let ip: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      ip = ipaddr.process(address);
    } catch {
      return `${host} resolved to an unreadable address`;
    }
    const shown = host === address ? address : `${host} (${address})`;
    const range = ip.range();
    if (this.#isOwn(host, ip, range, port)) {
      return `${shown} port ${port} is this backend itself`;
    }
    if (this.#hostAllowed(host) || this.#addressAllowed(ip)) return undefined;
    if (range === 'unicast') return undefined;
    return `${shown} is a ${RANGE_NAMES[range] ?? `${range}`} address; allow it with maestro.egress.allow`;
  }

  #isOwn(host: string, ip: ipaddr.IPv4 | ipaddr.IPv6, range: string, port: number): boolean {
    return this.#own.some(own => {
      if (own.port !== port) return false;
      if (range === 'loopback' || range === 'unspecified') return true;
      return own.host !== undefined && (own.host === host || own.host === ip.toString());
    });
  }

  #hostAllowed(host: string): boolean {
    const name = host.toLowerCase().replace(/\.$/, '');
    return this.#allow.some(
      entry => entry.type === 'host' && (entry.wildcard ? name.endsWith(`.${entry.name}`) : name === entry.name),
    );
  }

  #addressAllowed(ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    return this.#allow.some(
      entry => entry.type === 'range' && entry.range[0].kind() === ip.kind() && ip.match(entry.range),
    );
  }
}

/** Parses one allow-list entry, or throws an Error naming it. */
export function parseAllowEntry(raw: string, key: string): AllowEntry {
  const entry = raw.trim().toLowerCase();
  if (entry.includes('/')) {
    try {
      const [address, bits] = ipaddr.parseCIDR(entry);
      return { type: 'range', range: [address, bits] };
    } catch {
      throw new Error(`${key}: '${raw}' is not a CIDR such as 10.20.0.0/16`);
    }
  }
  const host = bare(entry);
  if (isIP(host)) {
    const address = ipaddr.parse(host);
    return { type: 'range', range: [address, address.kind() === 'ipv4' ? 32 : 128] };
  }
  const wildcard = host.startsWith('*.');
  const name = wildcard ? host.slice(2) : host;
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(name)) {
    throw new Error(`${key}: '${raw}' is not a host name (keystone.internal, *.corp.example), an address or a CIDR`);
  }
  return { type: 'host', name, wildcard };
}

/** A URL host without IPv6 brackets, lower case. */
function bare(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}

function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** `backend.listen.port`, `backend.listen: ':7007'` or `backend.listen: { port }`; 7007 by default. */
function listenPortOf(config: Config): number | undefined {
  const listen = config.getOptional('backend.listen');
  if (typeof listen === 'string') {
    const port = Number(listen.split(':').pop());
    return Number.isInteger(port) && port > 0 ? port : undefined;
  }
  if (listen && typeof listen === 'object') {
    const port = Number((listen as { port?: unknown }).port);
    return Number.isInteger(port) && port > 0 ? port : 7007;
  }
  return config.has('backend') ? 7007 : undefined;
}
