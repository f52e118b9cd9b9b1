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
