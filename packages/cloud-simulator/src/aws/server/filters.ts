import type { Tag } from '@aws-sdk/client-ec2';
import { invalidParameterValue } from './errors';
import type { Ec2Filter } from './params';

type Scalar = string | number | boolean | Date | undefined | null;

/** What a filter name matches against: one value or several (any may match). */
export type FilterValue = Scalar | readonly Scalar[];

/** The filters a resource supports, by EC2 filter name. `tag:<key>`, `tag-key` and `tag-value` are implicit. */
export type FilterFields<T> = Readonly<Record<string, (item: T) => FilterValue>>;

function toText(value: Scalar): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** A matcher of EC2 filter values, which may use the wildcards `*` and `?`. */
function matcher(values: string[]): (text: string | undefined) => boolean {
  const patterns = values.map(v =>
    /[*?]/.test(v)
      ? new RegExp(
          `^${v
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
        )
      : v,
  );
  return text => text !== undefined && patterns.some(p => (typeof p === 'string' ? p === text : p.test(text)));
}

/**
 * Applies EC2 `Filter.N` parameters: an item passes when, for every filter, one of its values matches one of the
 * filter's values. Unknown filter names fail with `InvalidParameterValue` as in EC2.
 */
export function applyFilters<T>(
  items: readonly T[],
  filters: Ec2Filter[],
  fields: FilterFields<T>,
  tagsOf?: (item: T) => Tag[] | undefined,
): readonly T[] {
  if (filters.length === 0) return items;
  const tests = filters.map(filter => {
    const matches = matcher(filter.values);
    if (tagsOf && filter.name.startsWith('tag:')) {
      const key = filter.name.slice(4);
      return (item: T) => (tagsOf(item) ?? []).some(t => t.Key === key && matches(t.Value));
    }
    if (tagsOf && filter.name === 'tag-key') {
      return (item: T) => (tagsOf(item) ?? []).some(t => matches(t.Key));
    }
    if (tagsOf && filter.name === 'tag-value') {
      return (item: T) => (tagsOf(item) ?? []).some(t => matches(t.Value));
    }
    const field = fields[filter.name];
    if (!field) {
      throw invalidParameterValue(`The filter '${filter.name}' is invalid`);
    }
    return (item: T) => {
      const value = field(item);
      const list = Array.isArray(value) ? value : [value as Scalar];
      return list.some(v => matches(toText(v)));
    };
  });
  return items.filter(item => tests.every(test => test(item)));
}
