import type { JsonObject } from '@backstage/types';

/** Helpers shared by the cloud drivers' translations into the inventory model. */

/** The entity ref of a discovered record: `server:default/<name>`. */
export const entityRef = (kind: string, name: string) => `${kind.toLowerCase()}:default/${name}`;

/** A date as an ISO string (undefined stays undefined). */
export const iso = (d: Date | string | undefined | null) => (d ? new Date(d).toISOString() : undefined);

/** A string cut to the schema's limit (undefined and empty stay undefined). */
export const limited = (s: string | undefined | null, n = 255) => (s ? s.slice(0, n) : undefined);

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
    if (key) out[key] = String(value ?? '').slice(0, 1024);
  }
  return Object.keys(out).length ? out : undefined;
}
