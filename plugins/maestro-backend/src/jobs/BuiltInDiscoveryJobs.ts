import { randomUUID } from 'node:crypto';
import { NotFoundError } from '@backstage/errors';
import type { JobRunStatus, JobRunTrigger, MaestroJob } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import type { DiscoveryRunBegin, DiscoveryRunEnd, DiscoveryRunLog } from '../discovery/DiscoveryRunLog';
import type { DiscoveryRuns } from '../discovery/DiscoveryRuns';
import type { StatusRow } from '../discovery/DiscoveryStatusRows';
import { shownName } from '../input/forbiddenKeys';
import { DISCOVERY_JOB_PREFIX, JobRunRow } from './JobRunStore';
import { iso, JOB_RUNS } from './JobStore';

/** The id of the built-in job of a discovery list: `discovery:<connection>:<list>`. */
export const discoveryJobId = (connectionId: string, listId: string) =>
  `${DISCOVERY_JOB_PREFIX}${connectionId}:${listId}`;

/** The connection and list a built-in discovery job id names, if it is one. */
export function parseDiscoveryJobId(id: string): { connectionId: string; listId: string } | undefined {
  if (!id.startsWith(DISCOVERY_JOB_PREFIX)) return undefined;
  const rest = id.slice(DISCOVERY_JOB_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return undefined;
  return { connectionId: rest.slice(0, colon), listId: rest.slice(colon + 1) };
}

/**
 * The log of discovery's own runs as runs of the built-in discovery jobs (`maestro_job_runs`), written by the hook
 * discovery calls at the begin and end of every run ({@link DiscoveryRunLog}). A "run now" from the Jobs page is
 * a queued row that the list's next run takes over (its trigger and who asked kept); a run that finds an older
 * run of its list still `running` fails it (its replica stopped: discovery's own status row says the same).
 */
export class DiscoveryJobLog implements DiscoveryRunLog {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  async began(run: DiscoveryRunBegin): Promise<void> {
    const jobId = discoveryJobId(run.connectionId, run.listId);
    await this.#db.transaction(async tx => {
      await tx(JOB_RUNS).where({ job_id: jobId, status: 'running' }).update({
        status: 'failed',
        error: 'the backend replica running it stopped before it ended',
        finished_at: run.startedAt,
      });
      const queued = await tx<JobRunRow>(JOB_RUNS)
        .where({ job_id: jobId, status: 'queued' })
        .orderBy([
          { column: 'queued_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .first();
      if (queued) await tx(JOB_RUNS).where({ id: queued.id }).delete();
      let trigger: JobRunTrigger = 'schedule';
      if (queued) trigger = queued.trigger;
      else if (run.startedBy) trigger = 'chain';
      else if (run.requested) trigger = 'manual';
      const row: JobRunRow = {
        id: run.runId,
        job_id: jobId,
        trigger,
        status: 'running',
        queued_at: queued?.queued_at ?? run.startedAt,
        not_before: queued?.not_before ?? run.startedAt,
        claimed_by: 'discovery',
        heartbeat_at: run.startedAt,
        started_at: run.startedAt,
        finished_at: null,
        duration_ms: null,
        error: null,
        started_by: queued?.started_by ?? run.startedBy ?? null,
        webhook: null,
        summary: null,
      };
      await tx(JOB_RUNS).insert(row);
    });
  }

  async ended(run: DiscoveryRunEnd): Promise<void> {
    await this.#db(JOB_RUNS)
      .where({ id: run.runId, status: 'running' })
      .update({
        status: run.failed ? 'failed' : 'succeeded',
        finished_at: run.finishedAt,
        heartbeat_at: run.finishedAt,
        duration_ms: run.durationMs,
        error: run.failed ? (run.error ?? 'the run failed').slice(0, 2000) : null,
        summary: run.summary?.slice(0, 2000) ?? null,
      });
  }

  /**
   * Records a request to run a discovery list's job now: a queued run its next run takes over. A request still
   * pending is answered instead of queuing a second one (discovery serves pending requests with one run).
   */
  async request(
    jobId: string,
    options: { trigger: JobRunTrigger; startedBy?: string; now: number },
  ): Promise<JobRunRow> {
    return this.#db.transaction(async tx => {
      const pending = await tx<JobRunRow>(JOB_RUNS).where({ job_id: jobId, status: 'queued' }).first();
      if (pending) return pending;
      const at = iso(options.now);
      const row: JobRunRow = {
        id: randomUUID(),
        job_id: jobId,
        trigger: options.trigger,
        status: 'queued',
        queued_at: at,
        not_before: at,
        claimed_by: null,
        heartbeat_at: null,
        started_at: null,
        finished_at: null,
        duration_ms: null,
        error: null,
        started_by: options.startedBy?.slice(0, 255) ?? null,
        webhook: null,
        summary: null,
      };
      await tx(JOB_RUNS).insert(row);
      return row;
    });
  }
}

const lastRunStatus = (status: string): JobRunStatus => {
  if (status === 'running') return 'running';
  return status === 'error' ? 'failed' : 'succeeded';
};

/**
 * Each discovery list of each connection as a job of the Jobs page (`builtIn: true`, type `discovery`, id
 * `discovery:<connection>:<list>`): its interval and switch are the list's (changed on the Discovery page), its run
 * count and last run come from discovery's status row, and "run now" is discovery's "sync now".
 */
export class BuiltInDiscoveryJobs {
  readonly #discovery: DiscoveryRuns;
  readonly #log: DiscoveryJobLog;
  readonly #now: () => number;

  constructor(options: { discovery: DiscoveryRuns; log: DiscoveryJobLog; now: () => number }) {
    this.#discovery = options.discovery;
    this.#log = options.log;
    this.#now = options.now;
  }

  async list(): Promise<MaestroJob[]> {
    return (await this.#discovery.tasks()).map(({ connection, list, row }) => {
      const info = connection.lists.find(l => l.id === list)!;
      return this.#toJob(connection.id, connection.title, connection.owner, info, row);
    });
  }

  async get(id: string): Promise<MaestroJob | undefined> {
    const key = parseDiscoveryJobId(id);
    if (!key) return undefined;
    return (await this.list()).find(job => job.id === id);
  }

  /** Asks discovery for a run of the list now, and answers the queued run of its job (404 when unknown). */
  async start(id: string, options: { trigger: JobRunTrigger; startedBy?: string }): Promise<JobRunRow> {
    const job = await this.get(id);
    const key = parseDiscoveryJobId(id);
    if (!job || !key) throw new NotFoundError(`id: no job '${shownName(id)}'`);
    const row = await this.#log.request(id, { ...options, now: this.#now() });
    await this.#discovery.requestSync(key.connectionId, { list: key.listId });
    return row;
  }

  #toJob(
    connectionId: string,
    title: string | undefined,
    owner: string,
    list: { id: string; title: string; enabled: boolean; frequencyMinutes: number },
    row: StatusRow | undefined,
  ): MaestroJob {
    const summary = row?.summary ? JSON.parse(row.summary) : {};
    const job: MaestroJob = {
      id: discoveryJobId(connectionId, list.id),
      name: `Discovery: ${title ?? connectionId} / ${list.title}`,
      type: 'discovery',
      enabled: list.enabled,
      builtIn: true,
      owner,
      description: `The ${list.title} list of discovery connection ${connectionId}: its interval and switch are changed on the Discovery page.`,
      schedule: { type: 'interval', minutes: list.frequencyMinutes },
      maxExecutions: 0,
      disableAfterFailures: 0,
      config: { connectionId, lists: [list.id] },
      totalRuns: Number(row?.runs ?? 0),
      consecutiveFailures: Number(row?.failures ?? 0),
    };
    if (row?.run_id && row.status !== 'never') {
      job.lastRun = { id: row.run_id, status: lastRunStatus(row.status) };
      if (row.started_at) job.lastRun.startedAt = row.started_at;
      if (row.finished_at && row.status !== 'running') job.lastRun.finishedAt = row.finished_at;
      if (row.duration_ms !== null && row.status !== 'running') job.lastRun.durationMs = Number(row.duration_ms);
      if (row.status === 'error') job.lastRun.error = summary.errorSummary ?? 'the run failed';
    }
    if (list.enabled || row?.requested_at) {
      const started = row?.started_at ? Date.parse(row.started_at) : undefined;
      const due = row?.requested_at || started === undefined ? this.#now() : started + list.frequencyMinutes * 60_000;
      job.nextRunAt = iso(due);
    }
    return job;
  }
}
