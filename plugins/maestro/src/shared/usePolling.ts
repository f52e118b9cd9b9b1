import { useEffect, useRef } from 'react';

/** Calls `refresh` every `intervalMs` while `active` (a run queued or running, a delivery pending), never otherwise. */
export function usePolling(active: boolean, intervalMs: number, refresh: () => void) {
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => refreshRef.current(), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
}
