/**
 * Nova microversions: what a compute endpoint's version document says it serves, and the version the client asks
 * for (the highest both sides support).
 */

/** The newest compute microversion whose responses the client understands (embedded flavors 2.47, stubs 2.69). */
export const MAX_COMPUTE_MICROVERSION = '2.79';

/** A `major.minor` microversion. */
export interface Microversion {
  major: number;
  minor: number;
}

/** The microversions a compute endpoint serves; `none` for an endpoint without microversions (the v2.0 API). */
export type ComputeVersionRange = { min: Microversion; max: Microversion } | 'none';

/** `2.60` → {2, 60}; undefined for anything else. */
export function parseMicroversion(text: unknown): Microversion | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^(\d{1,3})\.(\d{1,4})$/.exec(text.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

export const formatMicroversion = (v: Microversion) => `${v.major}.${v.minor}`;

export const compareMicroversions = (a: Microversion, b: Microversion) => a.major - b.major || a.minor - b.minor;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rangeOf(version: Record<string, unknown>): ComputeVersionRange | undefined {
  if (version.version === '' || version.version === null) return 'none';
  const max = parseMicroversion(version.version);
  const min = parseMicroversion(version.min_version) ?? { major: 2, minor: 1 };
  return max ? { min, max } : undefined;
}

/**
 * Reads a compute version document: `GET {endpoint}` answers `{"version": {…}}` (one version), the service root
 * `{"versions": [{…}, …]}` (each major version: `v2.0` without microversions, `v2.1` with `version` = the maximum
 * and `min_version`). `wanted` is the version id of the catalog endpoint (`v2.1`, or `v2.0` for a `/v2/` endpoint).
 * Undefined when the body says nothing usable.
 */
export function computeVersionRange(body: unknown, wanted = 'v2.1'): ComputeVersionRange | undefined {
  if (!isRecord(body)) return undefined;
  if (isRecord(body.version)) return rangeOf(body.version);
  if (!Array.isArray(body.versions)) return undefined;
  const versions = body.versions.filter(isRecord);
  const entry = versions.find(v => v.id === wanted) ?? versions.find(v => v.status === 'CURRENT');
  return entry ? rangeOf(entry) : undefined;
}

/** The version id of a compute catalog endpoint: `v2.0` for `…/v2` or `…/v2/<project>`, else `v2.1`. */
export function computeVersionId(endpoint: string): string {
  return /\/v2(\/[^/]*)?\/?$/.test(new URL(endpoint).pathname) ? 'v2.0' : 'v2.1';
}

/** The service root of a compute endpoint: `https://h/compute/v2.1/<project>` → `https://h/compute/`. */
export function computeRoot(endpoint: string): string {
  const url = new URL(endpoint);
  url.pathname = url.pathname.replace(/\/v2(\.\d+)?(\/.*)?$/, '/');
  url.search = '';
  return url.toString();
}

/**
 * The microversion to ask for: the highest the endpoint serves that the client understands; undefined for an
 * endpoint without microversions. Throws when the ranges do not meet.
 */
export function negotiateMicroversion(
  range: ComputeVersionRange,
  understood: string = MAX_COMPUTE_MICROVERSION,
): string | undefined {
  if (range === 'none') return undefined;
  const client = parseMicroversion(understood)!;
  const best = compareMicroversions(range.max, client) < 0 ? range.max : client;
  if (compareMicroversions(best, range.min) < 0) {
    throw new Error(
      `serves compute microversions ${formatMicroversion(range.min)} to ${formatMicroversion(range.max)}, ` +
        `the client understands up to ${understood}: set maestro.discovery.openstack.computeMicroversion`,
    );
  }
  return formatMicroversion(best);
}
