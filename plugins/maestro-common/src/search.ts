/**
 * Spec fields that identify a record, with how a person calls them: the inventory search (`q` of the records API)
 * matches them, ranks an exact match on one of them first, and the portal's search indexes them.
 *
 * @public
 */
export const SEARCH_IDENTIFIER_FIELDS = [
  { field: 'hostname', label: 'hostname' },
  { field: 'ipv4Private', label: 'private IP' },
  { field: 'ipv4Public', label: 'public IP' },
  { field: 'providerId', label: 'provider id' },
  { field: 'endpoint', label: 'endpoint' },
  { field: 'cidr', label: 'CIDR' },
  { field: 'account', label: 'account' },
] as const;

/**
 * Why a record matched a search term when its name and title do not show it: `private IP 10.0.1.13`,
 * `provider id i-0abc…`, `tag team=orders`; undefined when the name or title contains the term, or nothing does.
 *
 * @public
 */
export function searchMatchOf(
  record: { name: string; title?: string; spec: Record<string, unknown> },
  term: string | undefined,
): string | undefined {
  const wanted = term?.trim().toLocaleLowerCase('en-US');
  if (!wanted) return undefined;
  const contains = (value: unknown) => typeof value === 'string' && value.toLocaleLowerCase('en-US').includes(wanted);
  if (contains(record.name) || contains(record.title)) return undefined;
  const identifier = SEARCH_IDENTIFIER_FIELDS.find(({ field }) => contains(record.spec[field]));
  if (identifier) return `${identifier.label} ${record.spec[identifier.field]}`;
  const tags = record.spec.tags;
  if (!tags || typeof tags !== 'object' || Array.isArray(tags)) return undefined;
  const tag = Object.entries(tags).find(([key, value]) => contains(key) || contains(value));
  return tag ? `tag ${tag[0]}=${String(tag[1])}` : undefined;
}
