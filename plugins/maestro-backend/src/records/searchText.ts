import type { JsonObject } from '@backstage/types';
import { SEARCH_IDENTIFIER_FIELDS } from '@maestro/plugin-maestro-common';

/** Lower-cases a value or a search term and turns the separators of the search text into spaces. */
export function normaliseSearchText(value: string): string {
  return value
    .toLocaleLowerCase('en-US')
    .replace(/[\t\n\r]+/g, ' ')
    .trim();
}

/**
 * The `search_text` column of a record (see docs/decisions/0021-inventory-and-portal-search.md): its lower-cased
 * identifiers — name, title, the identifier fields of
 * `SEARCH_IDENTIFIER_FIELDS` (maestro-common) — each between newlines, then its tag keys and values
 * after a tab, separated by tabs. `like '%term%'` on it is the search; `like '%\nterm\n%'` is an exact match on an
 * identifier (tags hold no newline, so they never match exactly). Written with the record, in the same statement.
 */
export function searchTextOf(record: { name: string; title?: string | null; spec: JsonObject }): string {
  const identifiers = [record.name, record.title, ...SEARCH_IDENTIFIER_FIELDS.map(({ field }) => record.spec[field])];
  const tags = record.spec.tags;
  const tagWords =
    tags && typeof tags === 'object' && !Array.isArray(tags)
      ? Object.entries(tags).flatMap(([key, value]) => [key, typeof value === 'string' ? value : ''])
      : [];
  const words = (values: unknown[]) =>
    values
      .filter((v): v is string => typeof v === 'string' && v !== '')
      .map(normaliseSearchText)
      .filter(Boolean);
  return `\n${words(identifiers).join('\n')}\n\t${words(tagWords).join('\t')}`;
}

/** `like` patterns for a search term: the substring match and the exact identifier match. */
export function searchPatterns(term: string): { contains: string; exact: string } | undefined {
  const normalised = normaliseSearchText(term);
  if (!normalised) return undefined;
  const escaped = normalised.replace(/[\\%_]/g, c => `\\${c}`);
  return { contains: `%${escaped}%`, exact: `%\n${escaped}\n%` };
}
