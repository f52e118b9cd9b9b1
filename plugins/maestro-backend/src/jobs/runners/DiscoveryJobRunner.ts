import type { DiscoveryJobConfig } from '@maestro/plugin-maestro-common';
import type { ResolvedConnection } from '@maestro/plugin-maestro-node';
import type { DiscoveryRuns } from '../../discovery/DiscoveryRuns';
import { shownName, shownValue } from '../../input/forbiddenKeys';
import { throwIfAborted } from '../schedule';
import {
  type ConfigContext,
  type ExecutingRun,
  JobRunFailure,
  type JobRunResult,
  type JobTypeRunner,
  type RunnableJob,
} from '../jobTypes';
import { configObject } from './configFields';

/**
 * Jobs of type `discovery`: run lists of a discovery connection (`lists`, or every enabled list), one after the
 * other, through discovery's own runs (`DiscoveryRuns.runNow`: the same crawl, status rows and notifications as
 * its schedule; a list already running in this process is joined). The run fails when a list's run failed; its
 * summary gives each list's outcome and the records seen.
 */
export class DiscoveryJobRunner implements JobTypeRunner {
  readonly type = 'discovery' as const;
  readonly #discovery: DiscoveryRuns;

  constructor(options: { discovery: DiscoveryRuns }) {
    this.#discovery = options.discovery;
  }

  async readConfig(
    value: unknown,
    context: ConfigContext,
    problems: string[],
  ): Promise<DiscoveryJobConfig | undefined> {
    const input = configObject(value, context.field, 'a discovery job', ['connectionId', 'lists'], problems);
    if (!input) return undefined;
    const before = problems.length;
    const { connectionId, lists } = input;
    let connection: ResolvedConnection | undefined;
    if (typeof connectionId !== 'string' || connectionId === '' || connectionId.length > 255) {
      problems.push(`${context.field}.connectionId: is required: the id of a discovery connection`);
    } else {
      connection = await this.#connection(connectionId);
      if (!connection)
        problems.push(`${context.field}.connectionId: no discovery connection '${shownName(connectionId)}'`);
    }
    let chosen: string[] | undefined;
    if (lists !== undefined && lists !== null) {
      if (!Array.isArray(lists) || lists.length === 0 || lists.length > 100) {
        problems.push(`${context.field}.lists: must be a list of 1 to 100 list ids (or absent: every enabled list)`);
      } else {
        chosen = [];
        const known = connection?.lists.map(l => l.id);
        lists.forEach((list, i) => {
          if (typeof list !== 'string') {
            problems.push(`${context.field}.lists[${i}]: must be a list id (got ${shownValue(list)})`);
          } else if (known && !known.includes(list)) {
            problems.push(
              `${context.field}.lists[${i}]: connection ${connection!.id} has no list '${shownName(
                list,
              )}' (${known.join(', ')})`,
            );
          } else if (chosen!.includes(list)) {
            problems.push(`${context.field}.lists[${i}]: '${shownName(list)}' is listed twice`);
          } else {
            chosen!.push(list);
          }
        });
      }
    }
    if (problems.length !== before) return undefined;
    return { connectionId: connectionId as string, ...(chosen ? { lists: chosen } : {}) };
  }

  redactConfig(stored: unknown): DiscoveryJobConfig {
    return stored as DiscoveryJobConfig;
  }

  async run(job: RunnableJob, run: ExecutingRun, options: { signal: AbortSignal }): Promise<JobRunResult> {
    const config = job.config as DiscoveryJobConfig;
    const connection = await this.#connection(config.connectionId);
    if (!connection) throw new Error(`discovery connection '${config.connectionId}' does not exist any more`);
    const lists = config.lists ?? connection.lists.filter(l => l.enabled).map(l => l.id);
    if (lists.length === 0) return { summary: `connection ${connection.id} has no enabled list: nothing to run` };
    const outcomes: string[] = [];
    let seen = 0;
    let failed: string | undefined;
    for (const list of lists) {
      throwIfAborted(options.signal);
      const status = await this.#discovery.runNow(connection.id, list, { signal: options.signal, startedBy: run.id });
      seen += status.counts?.seen ?? 0;
      outcomes.push(`${list}: ${status.status}${status.counts ? `, ${status.counts.seen} seen` : ''}`);
      if (status.status === 'error' && !failed) failed = `${list}: ${status.errorSummary ?? 'the run failed'}`;
    }
    const summary = `${seen} records seen (${outcomes.join('; ')})`;
    if (failed) throw new JobRunFailure(failed, { summary });
    return { summary };
  }

  async #connection(id: string): Promise<ResolvedConnection | undefined> {
    try {
      return await this.#discovery.connections.get(id);
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') return undefined;
      throw error;
    }
  }
}
