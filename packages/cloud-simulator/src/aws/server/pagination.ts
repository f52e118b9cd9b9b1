import { AwsApiError } from './errors';

/** The position a page token resumes from. */
interface Cursor {
  /** The operation (and listing) the token belongs to. */
  op: string;
  /** Index of the next item when the token was issued. */
  i: number;
  /** Id of the next item. */
  n: string;
  /** Id of the last item returned. */
  l: string;
}

/** One page of a listing. */
export interface Page<T> {
  items: T[];
  /** The token of the next page; undefined on the last page. */
  next?: string;
}

const TOKEN_PREFIX = 'sim1.';

function encode(cursor: Cursor): string {
  return TOKEN_PREFIX + Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decode(token: string, op: string): Cursor | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  try {
    const cursor = JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString()) as Cursor;
    if (cursor.op !== op || !Number.isInteger(cursor.i) || cursor.i < 0) {
      return undefined;
    }
    return cursor;
  } catch {
    return undefined;
  }
}

/** Where a cursor resumes in the current items: at the item it pointed to, even when items moved meanwhile. */
function resumeIndex<T>(items: readonly T[], idOf: (item: T) => string, cursor: Cursor): number {
  if (cursor.i < items.length && idOf(items[cursor.i]) === cursor.n) {
    return cursor.i;
  }
  const next = items.findIndex(item => idOf(item) === cursor.n);
  if (next >= 0) return next;
  const last = items.findIndex(item => idOf(item) === cursor.l);
  if (last >= 0) return last + 1;
  return Math.min(cursor.i, items.length);
}

/**
 * Cuts one page out of a listing. Tokens are opaque, bound to `op` (an invalid or foreign token throws
 * `invalidToken()`), and name the next item, so a listing changed between pages still returns every remaining item
 * exactly once.
 */
export function paginate<T>(
  items: readonly T[],
  options: {
    op: string;
    idOf: (item: T) => string;
    token: string | undefined;
    size: number;
    invalidToken: () => AwsApiError;
  },
): Page<T> {
  let start = 0;
  if (options.token) {
    const cursor = decode(options.token, options.op);
    if (!cursor) throw options.invalidToken();
    start = resumeIndex(items, options.idOf, cursor);
  }
  const end = Math.min(items.length, start + options.size);
  const page = items.slice(start, end);
  if (end >= items.length) return { items: page };
  return {
    items: page,
    next: encode({
      op: options.op,
      i: end,
      n: options.idOf(items[end]),
      l: page.length > 0 ? options.idOf(page[page.length - 1]) : '',
    }),
  };
}
