import { createHash } from 'node:crypto';

const MAX_NAME = 63;

/**
 * A stable, collision-free entity name for a discovered resource, scoped by provider, account and region:
 * `aws-123456789012-eu-west-1-i-0abc…`. Characters outside the catalog's name alphabet become `-`; a name longer
 * than 63 characters keeps its start and ends with a hash of the whole, so two long ids never collide.
 */
export function scopedName(parts: string[]): string {
  const full = parts
    .filter(Boolean)
    .join('-')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_.]+|[-_.]+$/g, '');
  if (full.length <= MAX_NAME) return full || 'unnamed';
  const hash = createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 10);
  const head = full.slice(0, MAX_NAME - hash.length - 1).replace(/[-_.]+$/g, '');
  return `${head}-${hash}`;
}
