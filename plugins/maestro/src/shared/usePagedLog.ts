import { useCallback, useEffect, useRef, useState } from 'react';
import { usePolling } from './usePolling';

/** One page of a log, newest first, and the cursor of the page after it. */
export interface LogPage<T> {
  items: T[];
  nextBefore?: string;
}

/** A log as {@link usePagedLog} holds it. */
export interface PagedLog<T> {
  /** The entries read so far, newest first; undefined until the first page came. */
  items?: T[];
  /** Whether older entries remain. */
  hasOlder: boolean;
  error?: Error;
  loadingOlder: boolean;
  loadOlder: () => void;
  /** Reads the newest page again, keeping the older pages read. */
  refresh: () => void;
  /** Puts an entry the caller got from an action (a queued run, a redelivery) in place, or on top. */
  upsert: (item: T) => void;
}

/** The entries of `newest` followed by those of `current` it does not hold (older pages read before). */
function merge<T extends { id: string }>(newest: T[], current: T[]): T[] {
  const ids = new Set(newest.map(item => item.id));
  return [...newest, ...current.filter(item => !ids.has(item.id))];
}

/**
 * A log read page by page, newest first (a job's runs, a rule's deliveries): the newest page when `key` changes,
 * older pages on demand, and the newest page again every `pollMs` while an entry is under way.
 */
export function usePagedLog<T extends { id: string }>(options: {
  key: string;
  readPage: (before?: string) => Promise<LogPage<T>>;
  underWay: (item: T) => boolean;
  pollMs: number;
}): PagedLog<T> {
  const { key, underWay, pollMs } = options;
  const readRef = useRef(options.readPage);
  readRef.current = options.readPage;
  const [items, setItems] = useState<T[]>();
  const [nextBefore, setNextBefore] = useState<string>();
  // once an older page was read, the cursor stays at the oldest page read
  const olderRead = useRef(false);
  const [error, setError] = useState<Error>();
  const [loadingOlder, setLoadingOlder] = useState(false);
  const generation = useRef(0);

  const refresh = useCallback(() => {
    const current = generation.current;
    readRef.current(undefined).then(
      page => {
        if (current !== generation.current) return;
        setItems(old => merge(page.items, old ?? []));
        if (!olderRead.current) setNextBefore(page.nextBefore);
        setError(undefined);
      },
      e => current === generation.current && setError(e),
    );
  }, []);

  useEffect(() => {
    generation.current += 1;
    setItems(undefined);
    setNextBefore(undefined);
    olderRead.current = false;
    refresh();
  }, [key, refresh]);

  const loadOlder = () => {
    if (!nextBefore) return;
    const current = generation.current;
    setLoadingOlder(true);
    readRef.current(nextBefore).then(
      page => {
        if (current !== generation.current) return;
        setItems(old => merge(old ?? [], page.items));
        setNextBefore(page.nextBefore);
        olderRead.current = true;
        setLoadingOlder(false);
      },
      e => {
        setError(e);
        setLoadingOlder(false);
      },
    );
  };

  const upsert = (item: T) =>
    setItems(old =>
      old?.some(i => i.id === item.id) ? old.map(i => (i.id === item.id ? item : i)) : [item, ...(old ?? [])],
    );

  usePolling(!!items?.some(underWay), pollMs, refresh);

  return { items, hasOlder: !!nextBefore, error, loadingOlder, loadOlder, refresh, upsert };
}
