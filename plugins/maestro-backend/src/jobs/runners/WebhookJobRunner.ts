import type { WebhookJobConfig } from '@maestro/plugin-maestro-common';
import type { SecretBox } from '../../discovery/SecretBox';
import type { EgressPolicy } from '../../egress/EgressPolicy';
import {
  JOB_TEMPLATE_ROOTS,
  openWebhookTarget,
  readWebhookTarget,
  redactWebhookTarget,
  type StoredWebhookTarget,
  type WebhookCaller,
} from '../../webhooks';
import {
  type ConfigContext,
  type ExecutingRun,
  JobRunFailure,
  type JobRunResult,
  type JobTypeRunner,
  type RunnableJob,
} from '../jobTypes';
import { collectProblems, configObject } from './configFields';

/** A webhook job's configuration as stored (secrets sealed). */
export interface StoredWebhookJobConfig {
  webhook: StoredWebhookTarget;
}

/** What a job's webhook secrets are sealed to: they open for this job only. */
export const webhookSealContext = (jobId: string) => `job:${jobId}:webhook`;

/** The context a job's body template sees: `job`, `run`, `now`. */
export function jobTemplateContext(job: RunnableJob, run: ExecutingRun, now: number): Record<string, unknown> {
  return {
    job: { id: job.id, name: job.name, type: job.type, owner: job.owner },
    run: {
      id: run.id,
      trigger: run.trigger,
      queuedAt: run.queuedAt,
      startedAt: run.startedAt,
      ...(run.startedBy ? { startedBy: run.startedBy } : {}),
    },
    now: new Date(now).toISOString(),
  };
}

/** The headers every job's webhook call carries: the run id (the idempotency key) and the event. */
export const jobCallHeaders = (run: ExecutingRun) => ({ 'X-Maestro-Delivery': run.id, 'X-Maestro-Event': 'job.run' });

/**
 * Jobs of type `webhook`: one call per run to the job's webhook (through the egress policy, signed when it has a
 * secret), its body template rendered with `job`, `run` and `now`. The exchange is kept in the run's log; a
 * status other than the expected ones, or no answer, fails the run.
 */
export class WebhookJobRunner implements JobTypeRunner {
  readonly type = 'webhook' as const;
  readonly #caller: WebhookCaller;
  readonly #policy: EgressPolicy;
  readonly #box?: SecretBox;
  readonly #now: () => number;

  constructor(options: { caller: WebhookCaller; policy: EgressPolicy; box?: SecretBox; now: () => number }) {
    this.#caller = options.caller;
    this.#policy = options.policy;
    this.#box = options.box;
    this.#now = options.now;
  }

  async readConfig(
    value: unknown,
    context: ConfigContext,
    problems: string[],
  ): Promise<StoredWebhookJobConfig | undefined> {
    const input = configObject(value, context.field, 'a webhook job', ['webhook'], problems);
    if (!input) return undefined;
    const previous = (context.previous as StoredWebhookJobConfig | undefined)?.webhook;
    const webhook = collectProblems(
      () =>
        readWebhookTarget(input.webhook, `${context.field}.webhook`, {
          policy: this.#policy,
          templateRoots: JOB_TEMPLATE_ROOTS,
          previous,
          box: this.#box,
          sealContext: webhookSealContext(context.jobId),
        }),
      problems,
    );
    return webhook ? { webhook } : undefined;
  }

  redactConfig(stored: unknown): WebhookJobConfig {
    return { webhook: redactWebhookTarget((stored as StoredWebhookJobConfig).webhook) };
  }

  async run(job: RunnableJob, run: ExecutingRun, options: { signal: AbortSignal }): Promise<JobRunResult> {
    const stored = (job.config as StoredWebhookJobConfig).webhook;
    const target = openWebhookTarget(stored, this.#box, webhookSealContext(job.id));
    const { ok, ...exchange } = await this.#caller.call(target, {
      context: jobTemplateContext(job, run, this.#now()),
      headers: jobCallHeaders(run),
      signal: options.signal,
    });
    const summary = `${target.method} ${new URL(target.url).host}: ${exchange.status ?? 'no answer'} in ${
      exchange.durationMs
    } ms`;
    if (!ok)
      throw new JobRunFailure(exchange.error ?? `unexpected status ${exchange.status}`, { webhook: exchange, summary });
    return { webhook: exchange, summary };
  }
}
