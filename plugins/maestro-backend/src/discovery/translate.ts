import type { JsonObject } from '@backstage/types';

/** Helpers shared by the cloud drivers' translations into the inventory model. */

/** The entity ref of a discovered record: `server:default/<name>`. */
export const entityRef = (kind: string, name: string) => `${kind.toLowerCase()}:default/${name}`;

/** A date as an ISO string (undefined stays undefined). */
export const iso = (d: Date | string | undefined | null) => (d ? new Date(d).toISOString() : undefined);

/** A string cut to the schema's limit (undefined and empty stay undefined), see {@link cutText}. */
export const limited = (s: string | undefined | null, n = 255) => (s ? cutText(s, n) : undefined);

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The text cut to at most `max` UTF-16 units (so every store and validator counts it within the limit) at a
 * grapheme boundary: an emoji with its modifiers or a letter with its accents is kept whole or left out, never split.
 * A first grapheme longer than the limit is cut between code points.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  if (end === 0) {
    end = max;
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--; // never half of a surrogate pair
  }
  return text.slice(0, end);
}

/** Drops undefined values and empty lists so the checksum and the stored spec stay minimal and stable. */
export function clean(spec: Record<string, unknown>): JsonObject {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out as JsonObject;
}

/** Cloud tags/metadata as a string map with values cut to 1,024 characters; undefined when empty. */
export function stringMap(entries: Array<[string | undefined, unknown]>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (key) out[key] = cutText(String(value ?? ''), 1024);
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * Where a scope saw a resource, spread into its spec: the connection's Datacenter, the region (left out when
 * undefined: global lists), the zone, and the provider id. The reconciler lets one scope own these fields.
 */
export const placement = (scope: { datacenter: string; region?: string }, providerId: string, zone?: string) => ({
  datacenter: scope.datacenter,
  ...(scope.region !== undefined ? { region: scope.region } : {}),
  zone,
  providerId,
});

const CIDR = /^[0-9a-fA-F:.]+\/[0-9]{1,3}$/;

/** A CIDR block as the schema takes it (`10.0.0.0/16`, `2001:db8::/56`); anything else is left out. */
export const cidr = (value: string | null | undefined) => (value && CIDR.test(value) ? value : undefined);

/** A number rounded to two decimals (sizes in GiB). */
export const twoDecimals = (value: number) => Math.round(value * 100) / 100;

/** MiB → GiB, two decimals (undefined stays undefined). */
export const gib = (mib: number | undefined) => (typeof mib === 'number' ? twoDecimals(mib / 1024) : undefined);

/** Bytes → GiB, two decimals (undefined stays undefined). */
export const gibOfBytes = (bytes: number | null | undefined) =>
  typeof bytes === 'number' ? twoDecimals(bytes / 1024 ** 3) : undefined;

/**
 * The calls of a list that reads several collections (networks: VPCs, subnets, peerings …): every call runs even
 * when one fails, so one denied call does not hide the others' resources, and {@link FailureCollector.rethrow}
 * rethrows the first failure at the end, which makes the listing incomplete (nothing is deactivated from it).
 */
export class FailureCollector {
  readonly #failures: unknown[] = [];

  /** Runs one call; a failure is kept for the end. */
  async step(call: () => Promise<void>): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.#failures.push(error);
    }
  }

  /** Throws the first failure, if any call failed. */
  rethrow(): void {
    if (this.#failures.length) throw this.#failures[0];
  }
}
