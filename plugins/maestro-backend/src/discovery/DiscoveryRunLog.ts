/** A discovery run as it begins. */
export interface DiscoveryRunBegin {
  connectionId: string;
  listId: string;
  runId: string;
  startedAt: string;
  /** A "sync now" was pending (the run serves it). */
  requested: boolean;
  /** Who started the run when it is not the list's own schedule (a job's run). */
  startedBy?: string;
}

/** A discovery run as it ends. */
export interface DiscoveryRunEnd {
  connectionId: string;
  listId: string;
  runId: string;
  finishedAt: string;
  durationMs: number;
  failed: boolean;
  /** What the run did, in a line (records seen and written). */
  summary?: string;
  /** Why it failed, as every reader may see it (never a provider's raw error). */
  error?: string;
}

/**
 * Hears the begin and the end of every discovery run (the jobs feature logs them as runs of the built-in
 * discovery jobs, `discovery:<connection>:<list>`). A log that fails never fails the run: it is logged and dropped.
 */
export interface DiscoveryRunLog {
  began(run: DiscoveryRunBegin): Promise<void>;
  ended(run: DiscoveryRunEnd): Promise<void>;
}
