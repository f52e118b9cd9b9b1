import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { DiscoveryConnectionView, maestroApiRef } from '../../api';
import { needsPolling } from './discoveryFormat';

/** The signals channel on which the backend publishes discovery progress. */
export const DISCOVERY_SIGNAL_CHANNEL = 'maestro:discovery';

/** Interval of the refresh while a task runs (signals may be off). */
export const DISCOVERY_POLL_MS = 5000;

/**
 * Interval of the refresh otherwise: discovery signals go only to each connection's owner and the configured
 * readers (`maestro.discovery.signalRecipients`), so other readers see scheduled runs by this refresh.
 */
export const DISCOVERY_IDLE_POLL_MS = 30_000;

/** Delay that gathers a burst of signals (one per region) into one refresh. */
const SIGNAL_DEBOUNCE_MS = 300;

/** A message of the discovery signals channel. */
interface DiscoverySignal {
  connectionId?: string;
  list?: string;
  status?: string;
  runId?: string;
}

/** State of the connections shown: the last answer, and the error of the last refresh if it failed. */
export interface DiscoveryConnectionsState {
  items?: DiscoveryConnectionView[];
  error?: Error;
  loading: boolean;
}

/**
 * The discovery connections (or the one named by `id`) with their tasks' status, kept fresh: refreshed on every
 * message of the `maestro:discovery` signals channel, every 5 s while a task runs or a sync waits, and every 30 s
 * otherwise (signals reach only the connections' owners and the configured readers).
 */
export function useDiscoveryConnections(id?: string) {
  const api = useApi(maestroApiRef);
  const signals = useApiHolder().get(signalApiRef);
  const [state, setState] = useState<DiscoveryConnectionsState>({ loading: true });
  // answers of older refreshes than the last one started are dropped
  const latest = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++latest.current;
    try {
      const items = id ? [await api.getDiscoveryConnection(id)] : (await api.listDiscoveryConnections()).items;
      if (mine === latest.current) setState({ items, loading: false });
    } catch (error) {
      if (mine === latest.current) setState(s => ({ items: s.items, error: error as Error, loading: false }));
    }
  }, [api, id]);

  useEffect(() => {
    setState({ loading: true });
    refresh();
    // the counter, not a DOM node: bumping it on unmount (or a new id) drops the answers still on their way
    const counter = latest;
    return () => {
      counter.current++;
    };
  }, [refresh]);

  // signals: refresh on progress of the connections shown
  useEffect(() => {
    if (!signals) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const subscription = signals.subscribe<DiscoverySignal & Record<string, any>>(DISCOVERY_SIGNAL_CHANNEL, message => {
      if (id && message?.connectionId && message.connectionId !== id) return;
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        refresh();
      }, SIGNAL_DEBOUNCE_MS);
    });
    return () => {
      subscription.unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [signals, refresh, id]);

  // polling: often while something runs, now and then otherwise
  const busy = (state.items ?? []).some(c => needsPolling(c.tasks ?? []));
  useEffect(() => {
    const interval = setInterval(refresh, busy ? DISCOVERY_POLL_MS : DISCOVERY_IDLE_POLL_MS);
    return () => clearInterval(interval);
  }, [busy, refresh]);

  /** Puts a connection the API returned in place (or first, when new) before the next refresh. */
  const put = useCallback((connection: DiscoveryConnectionView) => {
    latest.current++;
    setState(s => {
      const items = s.items ?? [];
      const exists = items.some(c => c.id === connection.id);
      return {
        ...s,
        error: undefined,
        items: exists ? items.map(c => (c.id === connection.id ? connection : c)) : [...items, connection],
      };
    });
  }, []);

  /** Takes a deleted connection out. */
  const remove = useCallback((connectionId: string) => {
    latest.current++;
    setState(s => ({ ...s, items: (s.items ?? []).filter(c => c.id !== connectionId) }));
  }, []);

  return { ...state, refresh, put, remove, signalsAvailable: !!signals };
}
