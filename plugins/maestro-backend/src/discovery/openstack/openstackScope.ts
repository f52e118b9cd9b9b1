import { scopedName } from '../names';
import { clean, entityRef, iso, limited, placement as scopePlacement, stringMap } from '../translate';

/** Where the records of one crawl are placed and named: the project (token scope), the region, the Datacenter. */
export interface OpenStackScope {
  /** The project id of the token: scopes entity names. */
  projectId: string;
  region: string;
  /** Entity ref of the connection's Datacenter. */
  datacenter: string;
}

/** `os-<first 8 characters of the project id>-<region>-<id>`: short, stable, unique by the uuid. */
export const openstackName = (scope: OpenStackScope, id: string) =>
  scopedName(['os', scope.projectId.slice(0, 8), scope.region, id]);

export const ref = (scope: OpenStackScope, kind: string, id: string) => entityRef(kind, openstackName(scope, id));

/** Flavor ids can be as short as `1`: the provider id names the project and region too. */
export const flavorProviderId = (scope: OpenStackScope, id: string) =>
  `${scope.projectId}:${scope.region}:flavor/${id}`;

/** The placement fields of a resource (see the shared placement); zones cut to the schema's 128 characters. */
export const placement = (scope: OpenStackScope, providerId: string, zone?: string | null) =>
  scopePlacement(scope, providerId, limited(zone, 128));

/**
 * OpenStack metadata (key/value) and tags (plain strings, kept as keys with an empty value) as one string map;
 * metadata wins over a tag of the same name.
 */
export function openstackTags(
  metadata?: Record<string, unknown> | null,
  tags?: readonly string[] | null,
): Record<string, string> | undefined {
  return stringMap([...(tags ?? []).map((t): [string, unknown] => [t, '']), ...Object.entries(metadata ?? {})]);
}

/** The first value among the keys (case-insensitive) of a metadata map. */
export function metadataValue(
  metadata: Record<string, unknown> | undefined | null,
  ...keys: string[]
): string | undefined {
  if (!metadata) return undefined;
  for (const key of keys) {
    const found = Object.entries(metadata).find(([k, v]) => k.toLowerCase() === key && typeof v === 'string' && v);
    if (found) return found[1] as string;
  }
  return undefined;
}

/** Cinder and Neutron write UTC times without a zone (`2019-03-11T16:24:34.000000`): read them as UTC. */
export function utcIso(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const zoned = /(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? undefined : iso(date);
}

export const lower = (s: string | null | undefined, n = 64) => limited(s?.toLowerCase(), n);

export { cidr, gib } from '../translate';

const IPV4 = /^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$/;
export const ipv4 = (value: string | null | undefined) => (value && IPV4.test(value) ? value : undefined);

export const unique = <T>(items: T[]) => [...new Set(items)];
export const sortedUnique = (items: string[]) => unique(items).sort();

/** `linux` or `windows` (or the `os_type` as given), from an image's or a server's properties. */
export function osInfo(props: Record<string, unknown> | null | undefined) {
  if (!props) return undefined;
  const type = typeof props.os_type === 'string' ? props.os_type.toLowerCase() : undefined;
  const distro = typeof props.os_distro === 'string' ? props.os_distro : undefined;
  const version = typeof props.os_version === 'string' ? props.os_version : undefined;
  let base = type;
  if (!base && distro) base = /windows/i.test(distro) ? 'windows' : 'linux';
  const os = clean({ base: limited(base, 64), distro: limited(distro, 64), version: limited(version, 64) });
  return Object.keys(os).length ? os : undefined;
}
