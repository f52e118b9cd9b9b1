import { useEffect, useRef, useState } from 'react';

/** The state of the latest request of {@link useLatestRequest}. */
export interface LatestRequestState<T> {
  /** The answer to the latest request that succeeded (kept while the next one loads). */
  value?: T;
  loading: boolean;
  error?: Error;
}

/**
 * Runs `run` whenever `key` changes and keeps only the answer of the latest call: a previous call still under
 * way is aborted (through the signal) and its answer, or failure, ignored. So fast typing or clicking never
 * lets an older, slower answer overwrite a newer one.
 */
export function useLatestRequest<T>(key: string, run: (signal: AbortSignal) => Promise<T>): LatestRequestState<T> {
  const [state, setState] = useState<LatestRequestState<T>>({ loading: true });
  const latest = useRef(0);
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    const id = ++latest.current;
    const controller = new AbortController();
    setState(s => (s.loading ? s : { ...s, loading: true }));
    runRef.current(controller.signal).then(
      value => {
        if (id === latest.current) setState({ value, loading: false });
      },
      error => {
        if (id === latest.current) setState(s => ({ value: s.value, loading: false, error }));
      },
    );
    return () => controller.abort();
  }, [key]);

  return state;
}
