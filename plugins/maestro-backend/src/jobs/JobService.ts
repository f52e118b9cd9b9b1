import { randomUUID } from 'node:crypto';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { JobRun, JobRunListResponse, JobRunTrigger, MaestroJob } from '@maestro/plugin-maestro-common';
import { shownName } from '../input/forbiddenKeys';
import { BuiltInDiscoveryJobs, parseDiscoveryJobId } from './BuiltInDiscoveryJobs';
import { type ChainTargets, readBuiltInChange, readJobInput } from './jobInput';
import { JobRunRow, QueueOutcome, toJobRun } from './JobRunStore';
import { firstRunAt, nextRunAt } from './jobSchedule';
import type { JobScheduler } from './JobScheduler';
import type { StoredJob } from './JobStore';
import {
  HISTORY_RETENTION_JOB_ID,
  type HistoryRetentionJobRunner,
  RETENTION_NOT_CONFIGURED,
} from './runners/HistoryRetentionJobRunner';

/**
 * Starts runs of jobs on behalf of other features: event rules' "start a job" action (trigger `rule`, `startedBy`
 * the delivery id). The run is queued at once and counted against the job's max executions.
 * @public
 */
export interface JobStarter {
  /**
   * Queues a run of the job now. 404 when there is no such job, 409 when it is disabled (a rule does not start a
   * job its owner turned off) or ran its max executions.
   */
  startRun(jobId: string, options: { trigger: JobRunTrigger; startedBy?: string }): Promise<JobRun>;
  /** Whether a job with this id exists (user-defined or built-in): checked when a rule naming it is saved. */
  exists(jobId: string): Promise<boolean>;
}

const notFound = (id: string) => new NotFoundError(`id: no job '${shownName(id)}'`);

/**
 * The jobs feature as the API and other features use it: the user-defined jobs and the built-in ones (history
 * retention in the table; each discovery list, from discovery), saved after {@link readJobInput}'s checks, answered
 * without their secrets, started now, and their run logs.
 */
export class JobService implements JobStarter {
  readonly #scheduler: JobScheduler;
  readonly #discoveryJobs?: BuiltInDiscoveryJobs;

  constructor(options: { scheduler: JobScheduler; discoveryJobs?: BuiltInDiscoveryJobs }) {
    this.#scheduler = options.scheduler;
    this.#discoveryJobs = options.discoveryJobs;
  }

  /** Every job, user-defined and built-in, by name. */
  async list(): Promise<MaestroJob[]> {
    const stored = await this.#scheduler.jobs.list();
    const lastRuns = await this.#scheduler.runs.byIds(stored.map(j => j.lastRunId).filter((id): id is string => !!id));
    const jobs = stored.map(job => this.#toApi(job, job.lastRunId ? lastRuns.get(job.lastRunId) : undefined));
    if (this.#discoveryJobs) jobs.push(...(await this.#discoveryJobs.list()));
    return jobs.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  }

  /** A job as answered; 404 naming the id. */
  async get(id: string): Promise<MaestroJob> {
    if (parseDiscoveryJobId(id)) {
      const job = await this.#discoveryJobs?.get(id);
      if (!job) throw notFound(id);
      return job;
    }
    const stored = await this.#scheduler.jobs.get(id);
    if (!stored) throw notFound(id);
    const lastRun = stored.lastRunId ? await this.#scheduler.runs.get(stored.lastRunId) : undefined;
    return this.#toApi(stored, lastRun);
  }

  /** Creates a job from a `JobInput` body (checked: every problem in one 400). */
  async create(body: unknown, credentials: BackstageCredentials, actor: string): Promise<MaestroJob> {
    const id = randomUUID();
    const values = await readJobInput(body, this.#inputContext(id, credentials));
    const now = this.#scheduler.now();
    await this.#scheduler.jobs.insert(id, values, {
      actor,
      now,
      nextRunAt: firstRunAt(values.schedule, values.enabled, now),
    });
    return this.get(id);
  }

  /**
   * Replaces a job's definition from a `JobInput` body; its counters stay. A new schedule, or the job turned on,
   * starts its schedule from now; turning it on clears why it disabled itself and its failures. A built-in job
   * takes `{ enabled }` only (400 `type: built-in job: …` otherwise).
   */
  async update(id: string, body: unknown, credentials: BackstageCredentials, actor: string): Promise<MaestroJob> {
    if (parseDiscoveryJobId(id)) {
      if (!(await this.#discoveryJobs?.get(id))) throw notFound(id);
      readBuiltInChange(body);
      throw new InputError(
        'enabled: a discovery list is turned on or off on its connection (the Discovery page, or PUT /discovery/connections/{id})',
      );
    }
    const previous = await this.#scheduler.jobs.get(id);
    if (!previous) throw notFound(id);
    const now = this.#scheduler.now();
    if (previous.builtIn) {
      const { enabled } = readBuiltInChange(body);
      const retention = this.#scheduler.typeOf('history-retention') as HistoryRetentionJobRunner | undefined;
      if (enabled && previous.id === HISTORY_RETENTION_JOB_ID && !retention?.configured) {
        throw new InputError(`enabled: ${RETENTION_NOT_CONFIGURED}; set it to turn the retention on`);
      }
      if (enabled !== previous.enabled) {
        await this.#scheduler.jobs.setEnabled(id, enabled, {
          actor,
          now,
          nextRunAt: nextRunAt(previous.schedule, now),
        });
      }
      return this.get(id);
    }
    const values = await readJobInput(body, { ...this.#inputContext(id, credentials), previous });
    const reenabled = values.enabled && !previous.enabled;
    const rescheduled = reenabled || JSON.stringify(values.schedule) !== JSON.stringify(previous.schedule);
    const updated = await this.#scheduler.jobs.update(id, values, {
      actor,
      now,
      reenabled,
      ...(rescheduled ? { nextRunAt: firstRunAt(values.schedule, values.enabled, now) ?? null } : {}),
    });
    if (!updated) throw notFound(id);
    return this.get(id);
  }

  /** Deletes a user-defined job and its log; 409 when another job chains to it, 400 for a built-in job. */
  async delete(id: string): Promise<void> {
    const job = parseDiscoveryJobId(id) ? await this.#discoveryJobs?.get(id) : await this.#scheduler.jobs.get(id);
    if (!job) throw notFound(id);
    if (job.builtIn)
      throw new InputError(`id: '${shownName(id)}' is a built-in job: it cannot be deleted (turn it off instead)`);
    const chaining = await this.#scheduler.jobs.chainingTo(id);
    if (chaining.length) {
      const names = chaining.slice(0, 5).map(j => `'${shownName(j.name)}' (${j.id})`);
      throw new ConflictError(
        `id: ${names.join(', ')} ${chaining.length > 1 ? 'chain' : 'chains'} to this job: change ${
          chaining.length > 1 ? 'them' : 'it'
        } first`,
      );
    }
    if (!(await this.#scheduler.jobs.delete(id))) throw notFound(id);
  }

  /** "Run now": queues a run at once (a disabled job too); 409 when it ran its max executions. */
  async runNow(id: string, startedBy: string): Promise<JobRun> {
    return this.#start(id, { trigger: 'manual', startedBy });
  }

  startRun(jobId: string, options: { trigger: JobRunTrigger; startedBy?: string }): Promise<JobRun> {
    return this.#start(jobId, { ...options, requireEnabled: true });
  }

  exists(jobId: string): Promise<boolean> {
    return this.get(jobId).then(
      () => true,
      error => {
        if (error instanceof NotFoundError) return false;
        throw error;
      },
    );
  }

  /** A job's runs, newest first (404 for an unknown job). */
  async runs(id: string, page: { limit: number; before?: string }): Promise<JobRunListResponse> {
    await this.get(id);
    const { rows, nextBefore } = await this.#scheduler.runs.list(id, page);
    return { runs: rows.map(toJobRun), ...(nextBefore ? { nextBefore } : {}) };
  }

  /** One run of a job; 404 naming what is unknown. */
  async run(id: string, runId: string): Promise<JobRun> {
    await this.get(id);
    const row = await this.#scheduler.runs.get(runId);
    if (!row || row.job_id !== id)
      throw new NotFoundError(`runId: job '${shownName(id)}' has no run '${shownName(runId)}'`);
    return toJobRun(row);
  }

  /** The type of a job (for the permissions its type needs), undefined when there is no such job. */
  async typeOf(id: string): Promise<string | undefined> {
    return parseDiscoveryJobId(id) ? 'discovery' : (await this.#scheduler.jobs.get(id))?.type;
  }

  async #start(
    id: string,
    options: { trigger: JobRunTrigger; startedBy?: string; requireEnabled?: boolean },
  ): Promise<JobRun> {
    if (parseDiscoveryJobId(id)) {
      if (!this.#discoveryJobs) throw notFound(id);
      const job = await this.#discoveryJobs.get(id);
      if (job && options.requireEnabled && !job.enabled)
        throw new ConflictError(`id: job '${shownName(id)}' is disabled`);
      return toJobRun(await this.#discoveryJobs.start(id, options));
    }
    const outcome: QueueOutcome = await this.#scheduler.queue(id, options);
    if ('run' in outcome) return toJobRun(outcome.run);
    if (outcome.refused === 'gone') throw notFound(id);
    if (outcome.refused === 'disabled') throw new ConflictError(`id: job '${shownName(id)}' is disabled`);
    throw new ConflictError(
      `id: job '${shownName(id)}' reached its max executions (${
        outcome.job?.maxExecutions
      }): raise maxExecutions to run it again`,
    );
  }

  #inputContext(jobId: string, credentials: BackstageCredentials) {
    const chains: ChainTargets = {
      kindOf: async target => {
        if (parseDiscoveryJobId(target)) return 'built-in-discovery';
        return (await this.#scheduler.jobs.get(target)) ? 'job' : undefined;
      },
      graph: () => this.#scheduler.jobs.chainGraph(),
    };
    return { jobId, credentials, chains, types: new Map(this.#scheduler.types) };
  }

  #toApi(job: StoredJob, lastRun?: JobRunRow): MaestroJob {
    const type = this.#scheduler.typeOf(job.type);
    const answer: MaestroJob = {
      id: job.id,
      name: job.name,
      type: job.type,
      enabled: job.enabled,
      builtIn: job.builtIn,
      owner: job.owner,
      schedule: job.schedule,
      maxExecutions: job.maxExecutions,
      disableAfterFailures: job.disableAfterFailures,
      // a type this backend does not run answers no configuration rather than one that may hold sealed secrets
      config: type ? type.redactConfig(job.config) : {},
      totalRuns: job.totalRuns,
      consecutiveFailures: job.consecutiveFailures,
      createdAt: job.createdAt,
      createdBy: job.createdBy,
      updatedAt: job.updatedAt,
      updatedBy: job.updatedBy,
    };
    if (job.description) answer.description = job.description;
    if (job.onSuccess) answer.onSuccess = job.onSuccess;
    if (job.onFailure) answer.onFailure = job.onFailure;
    if (job.disabledReason) answer.disabledReason = job.disabledReason;
    if (job.nextRunAt) answer.nextRunAt = job.nextRunAt;
    if (lastRun) {
      const run = toJobRun(lastRun);
      answer.lastRun = { id: run.id, status: run.status };
      for (const key of ['startedAt', 'finishedAt', 'durationMs', 'error'] as const) {
        if (run[key] !== undefined) (answer.lastRun as Record<string, unknown>)[key] = run[key];
      }
    }
    return answer;
  }
}
