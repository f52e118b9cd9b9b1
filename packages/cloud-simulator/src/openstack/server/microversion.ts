import type { IncomingHttpHeaders } from 'node:http';
import { OpenStackApiError } from './errors';

/** A `major.minor` API microversion. */
export interface Microversion {
  major: number;
  minor: number;
}

/** Nova's microversion range (2.100 is Nova 2025.1). */
export const NOVA_MIN_VERSION: Microversion = { major: 2, minor: 1 };
export const NOVA_MAX_VERSION: Microversion = { major: 2, minor: 100 };
/** Cinder's microversion range (3.71 is Cinder 2024.1). */
export const CINDER_MIN_VERSION: Microversion = { major: 3, minor: 0 };
export const CINDER_MAX_VERSION: Microversion = { major: 3, minor: 71 };

/** `2.60` → {2, 60}; throws on anything else (a simulator option). */
export function parseVersion(text: string): Microversion {
  const match = /^(\d+)\.(\d+)$/.exec(text);
  if (!match) throw new Error(`Not a microversion: '${text}' (expected e.g. 2.60)`);
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** `2.47`. */
export function formatVersion(v: Microversion): string {
  return `${v.major}.${v.minor}`;
}

function compare(a: Microversion, b: Microversion): number {
  return a.major - b.major || a.minor - b.minor;
}

/** Whether `v` is `minor` or later within its major version. */
export function atLeast(v: Microversion, minor: number): boolean {
  return v.minor >= minor;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The version a request asks of a service: from `OpenStack-API-Version: <service> <version>` (one of several
 * comma-separated entries), else from `legacyHeader` (`X-OpenStack-Nova-API-Version`), else the minimum.
 * `latest` is the maximum. A malformed version is a 400, one out of range a 406, as Nova answers them.
 */
export function requestedVersion(
  headers: IncomingHttpHeaders,
  service: string,
  range: { min: Microversion; max: Microversion },
  legacyHeader?: string,
): Microversion {
  let text: string | undefined;
  for (const entry of (header(headers, 'openstack-api-version') ?? '').split(',')) {
    const [name, version] = entry.trim().split(/\s+/);
    if (name?.toLowerCase() === service && version) text = version;
  }
  if (text === undefined && legacyHeader) {
    text = header(headers, legacyHeader.toLowerCase())?.trim();
  }
  if (text === undefined || text === '') return range.min;
  if (text.toLowerCase() === 'latest') return range.max;
  const match = /^(\d+)\.(\d+)$/.exec(text);
  if (!match) {
    throw new OpenStackApiError(
      400,
      `API Version String ${text} is of invalid format. Must be of format MajorNum.MinorNum.`,
    );
  }
  const version = { major: Number(match[1]), minor: Number(match[2]) };
  if (compare(version, range.min) < 0 || compare(version, range.max) > 0) {
    throw new OpenStackApiError(
      406,
      `Version ${text} is not supported by the API. Minimum is ${formatVersion(
        range.min,
      )} and maximum is ${formatVersion(range.max)}.`,
    );
  }
  return version;
}

/** The response headers naming the version served. */
export function versionHeaders(service: string, version: Microversion, legacyHeader?: string): Record<string, string> {
  const headers: Record<string, string> = {
    'openstack-api-version': `${service} ${formatVersion(version)}`,
    vary: legacyHeader ? `OpenStack-API-Version, ${legacyHeader}` : 'OpenStack-API-Version',
  };
  if (legacyHeader) headers[legacyHeader] = formatVersion(version);
  return headers;
}
