import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import type { ReportRun } from '@maestro/plugin-maestro-common';
import { maestroApiRef } from '../../api';

/** The signals channel on which the backend publishes the progress of report runs (to the requester). */
export const REPORT_RUN_SIGNAL_CHANNEL = 'maestro:report-run';
/** Interval of the polling of queued and running runs when the app has no signals. */
export const RUN_POLL_MS = 2000;
/** Interval of the safety-net refresh while a run is queued or running, even with signals (one may be missed). */
export const RUN_SIGNALLED_POLL_MS = 10_000;

/** A message of the report-run channel: which run, its state and progress. */
interface ReportRunSignal {
  runId?: string;
  reportId?: string;
  status?: string;
  recordsRead?: number;
  bytes?: number;
  rows?: number;
}

const isActive = (run: ReportRun) => run.status === 'queued' || run.status === 'running';

/** A run updated with what a signal says of it. */
function withSignal(run: ReportRun, message: ReportRunSignal): ReportRun {
  const status = (['queued', 'running', 'succeeded', 'failed'] as const).find(s => s === message.status) ?? run.status;
  const recordsRead = typeof message.recordsRead === 'number' ? message.recordsRead : run.progress.recordsRead;
  const bytes = typeof message.bytes === 'number' ? message.bytes : run.bytes;
  return {
    ...run,
    status,
    progress: { recordsRead, bytes },
    bytes,
    ...(typeof message.rows === 'number' ? { rows: message.rows } : {}),
  };
}

/** The state of {@link useReportRuns}. */
export interface ReportRunsState {
  items?: ReportRun[];
  totalCount?: number;
  error?: Error;
  /** Reads the list again (after a run was requested). */
  refresh: () => Promise<void>;
  /** Whether progress arrives by signals (else by polling every {@link RUN_POLL_MS}). */
  signalled: boolean;
}

/**
 * The caller's runs of a report, newest first, kept fresh: each `maestro:report-run` signal of this report updates
 * its run's status and progress at once, and a run that ends reads the list again (for its size, times and expiry).
 * Without signals in the app, the queued and running runs are read every 2 s (`GET /reports/runs/:runId`); with
 * them, the list is still read every 10 s while a run is under way, in case a signal was missed.
 */
export function useReportRuns(reportId: string): ReportRunsState {
  const api = useApi(maestroApiRef);
  const signals = useApiHolder().get(signalApiRef);
  const [state, setState] = useState<{ items?: ReportRun[]; totalCount?: number; error?: Error }>({});
  const latest = useRef(0);
  // the runs shown, for the signal handler (which must not re-subscribe on every update)
  const shown = useRef<ReportRun[] | undefined>(undefined);
  shown.current = state.items;

  const refresh = useCallback(async () => {
    const mine = ++latest.current;
    try {
      const page = await api.listReportRuns(reportId, { limit: 50 });
      if (mine === latest.current) setState({ items: page.items, totalCount: page.totalCount });
    } catch (error) {
      if (mine === latest.current) setState(s => ({ ...s, error: error as Error }));
    }
  }, [api, reportId]);

  useEffect(() => {
    setState({});
    refresh();
    const counter = latest;
    return () => {
      counter.current++;
    };
  }, [refresh]);

  useEffect(() => {
    if (!signals) return undefined;
    const subscription = signals.subscribe<ReportRunSignal & Record<string, any>>(
      REPORT_RUN_SIGNAL_CHANNEL,
      message => {
        if (!message?.runId || message.reportId !== reportId) return;
        const known = !!shown.current?.some(run => run.id === message.runId);
        setState(s => ({
          ...s,
          items: s.items?.map(run => (run.id === message.runId ? withSignal(run, message) : run)),
        }));
        // a run not listed yet (started in another tab): read the list
        if (!known || message.status === 'succeeded' || message.status === 'failed') refresh();
      },
    );
    return () => subscription.unsubscribe();
  }, [signals, reportId, refresh]);

  const active = (state.items ?? []).filter(isActive).map(run => run.id);
  const activeKey = active.join(',');
  useEffect(() => {
    if (!activeKey) return undefined;
    const timer = setInterval(
      async () => {
        if (signals) {
          await refresh();
          return;
        }
        const ids = activeKey.split(',');
        try {
          const runs = await Promise.all(ids.map(id => api.getReportRun(id)));
          const byId = new Map(runs.map(run => [run.id, run]));
          setState(s => ({ ...s, items: s.items?.map(run => byId.get(run.id) ?? run) }));
          if (runs.some(run => !isActive(run))) await refresh();
        } catch (error) {
          setState(s => ({ ...s, error: error as Error }));
        }
      },
      signals ? RUN_SIGNALLED_POLL_MS : RUN_POLL_MS,
    );
    return () => clearInterval(timer);
  }, [activeKey, api, signals, refresh]);

  return { ...state, refresh, signalled: !!signals };
}
