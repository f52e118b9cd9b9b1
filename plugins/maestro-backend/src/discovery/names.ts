import { createHash } from 'node:crypto';

const MAX_NAME = 63;
const HASH_LENGTH = 10;

const hashOf = (text: string, length = HASH_LENGTH) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** `<head>-<suffix>` within 63 characters, the head cut and stripped of trailing separators. */
function withSuffix(head: string, suffix: string): string {
  const cut = head.slice(0, MAX_NAME - suffix.length - 1).replace(/[-_.]+$/g, '');
  return cut ? `${cut}-${suffix}` : suffix;
}

/**
 * A stable, collision-free entity name for a discovered resource, scoped by provider, account and region:
 * `aws-123456789012-eu-west-1-i-0abc…`. Characters outside the catalog's name alphabet become `-`. Whenever that
 * changed the text (`logs--a` and `logs-a` would both read `logs-a`) or the name is longer than 63 characters, it
 * ends with a hash of the raw parts, so two different ids never get the same name.
 */
export function scopedName(parts: string[]): string {
  const raw = parts.filter(Boolean).join('-');
  const full = raw
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_.]+|[-_.]+$/g, '');
  if (full === raw && full.length <= MAX_NAME && full) return full;
  return withSuffix(full, hashOf(parts.join('\u0000')));
}

/**
 * The `attempt`-th alternative to a generated name that another record (with another provider id) already holds:
 * the name with a hash of the provider id and the attempt, the same on every replica and every run.
 */
export function alternativeName(name: string, providerId: string, attempt: number): string {
  return withSuffix(name, hashOf(`${providerId}\u0000${attempt}`, 8));
}
