import { InputError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { ReportDelivery, ReportExportFormat, ReportJobConfig, SavedReport } from '@maestro/plugin-maestro-common';
import type { SecretBox } from '../../discovery/SecretBox';
import type { EgressPolicy } from '../../egress/EgressPolicy';
import { shownName, shownValue } from '../../input/forbiddenKeys';
import { checkExport } from '../../reports/reportExport';
import type { ReportRunRow } from '../../reports/ReportRunStore';
import type { ReportRuns } from '../../reports/ReportRuns';
import type { ReportStore } from '../../reports/ReportStore';
import { runFormat, runFormats } from '../../reports/runFormats';
import {
  JOB_TEMPLATE_ROOTS,
  openWebhookTarget,
  readWebhookTarget,
  redactWebhookTarget,
  type StoredWebhookTarget,
  type WebhookCaller,
} from '../../webhooks';
import { normalizedRef } from '../recipients';
import { throwIfAborted } from '../schedule';
import {
  type ConfigContext,
  type ExecutingRun,
  JobRunFailure,
  type JobRunResult,
  type JobTypeRunner,
  type RunnableJob,
} from '../jobTypes';
import { collectProblems, configObject } from './configFields';
import { jobCallHeaders, jobTemplateContext } from './WebhookJobRunner';

/** The largest export a webhook delivery sends (bigger ones fail the run: deliver them as a notification). */
export const MAX_DELIVERED_BYTES = 25 * 1024 * 1024;
const MAX_RECIPIENTS = 50;
const POLL_MS = 1000;

/** A report job's configuration as stored (a webhook delivery's secrets sealed). */
export interface StoredReportJobConfig {
  reportId: string;
  format: ReportExportFormat;
  delivery: { type: 'webhook'; webhook: StoredWebhookTarget } | { type: 'notification'; recipients: string[] };
}

/** What a report job's webhook delivery secrets are sealed to: they open for this job only. */
export const deliverySealContext = (jobId: string) => `job:${jobId}:delivery`;

/**
 * Jobs of type `report`: each run asks for a run of a saved report in a format, as the job's owner, through the
 * reports' own queue ({@link ReportRuns}: claimed once across replicas, file kept for the retention), waits for it,
 * then delivers the file: POSTed as the body of the job's webhook (its format's content type, at most 25 MB), or
 * announced by a Backstage notification to the recipients with a link to the run.
 */
export class ReportJobRunner implements JobTypeRunner {
  readonly type = 'report' as const;
  readonly #reports: ReportStore;
  readonly #runs: ReportRuns;
  readonly #caller: WebhookCaller;
  readonly #policy: EgressPolicy;
  readonly #box?: SecretBox;
  readonly #notifications?: NotificationService;
  readonly #now: () => number;
  readonly #pollMs: number;
  readonly #maxBytes: number;

  constructor(options: {
    reports: ReportStore;
    runs: ReportRuns;
    caller: WebhookCaller;
    policy: EgressPolicy;
    box?: SecretBox;
    notifications?: NotificationService;
    now: () => number;
    /** How often the report run's row is read while waiting (default 1 s). */
    pollMs?: number;
    /** The largest file a webhook delivery sends (default {@link MAX_DELIVERED_BYTES}). */
    maxDeliveredBytes?: number;
  }) {
    this.#reports = options.reports;
    this.#runs = options.runs;
    this.#caller = options.caller;
    this.#policy = options.policy;
    this.#box = options.box;
    this.#notifications = options.notifications;
    this.#now = options.now;
    this.#pollMs = options.pollMs ?? POLL_MS;
    this.#maxBytes = options.maxDeliveredBytes ?? MAX_DELIVERED_BYTES;
  }

  async readConfig(
    value: unknown,
    context: ConfigContext,
    problems: string[],
  ): Promise<StoredReportJobConfig | undefined> {
    const { field } = context;
    const input = configObject(value, field, 'a report job', ['reportId', 'format', 'delivery'], problems);
    if (!input) return undefined;
    const before = problems.length;
    let report: SavedReport | undefined;
    if (typeof input.reportId !== 'string' || input.reportId === '' || input.reportId.length > 64) {
      problems.push(`${field}.reportId: is required: the id of a saved report`);
    } else {
      report = await this.#report(input.reportId);
      if (!report) problems.push(`${field}.reportId: no report '${shownName(input.reportId)}'`);
    }
    const format = input.format;
    if (typeof format !== 'string' || !runFormat(format)) {
      problems.push(`${field}.format: must be one of ${runFormats().join(', ')} (got ${shownValue(format ?? null)})`);
    } else if (report) {
      try {
        checkExport(report.definition, format);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        const reason = error.message.replace(/^format: /, '');
        problems.push(`${field}.format: report '${shownName(report.name)}' cannot be exported as ${format}: ${reason}`);
      }
    }
    const previous = (context.previous as StoredReportJobConfig | undefined)?.delivery;
    const delivery = this.#readDelivery(input.delivery, `${field}.delivery`, context, previous, problems);
    if (problems.length !== before || !delivery) return undefined;
    return { reportId: input.reportId as string, format: format as ReportExportFormat, delivery };
  }

  redactConfig(stored: unknown): ReportJobConfig {
    const config = stored as StoredReportJobConfig;
    const delivery: ReportDelivery =
      config.delivery.type === 'webhook'
        ? { type: 'webhook', webhook: redactWebhookTarget(config.delivery.webhook) }
        : { type: 'notification', recipients: config.delivery.recipients };
    return { reportId: config.reportId, format: config.format, delivery };
  }

  async run(job: RunnableJob, run: ExecutingRun, options: { signal: AbortSignal }): Promise<JobRunResult> {
    const config = job.config as StoredReportJobConfig;
    const report = await this.#report(config.reportId);
    if (!report) throw new Error(`report '${config.reportId}' does not exist any more`);
    const requested = await this.#runs.request({ report, format: config.format, requestedBy: job.owner });
    const row = await this.#finished(requested.id, options.signal);
    if (row.status === 'failed') throw new Error(`report run ${row.id} failed: ${row.error ?? 'unknown error'}`);
    const bytes = Number(row.bytes);
    const made = `report run ${row.id}: ${row.rows ?? 0} rows, ${bytes} bytes (${config.format})`;
    if (config.delivery.type === 'notification') {
      if (!this.#notifications) throw new Error('notifications are not set up in this backend: nothing delivered');
      await this.#notifications.send({
        recipients: { type: 'entity', entityRef: config.delivery.recipients },
        payload: {
          title: `Report ready: ${report.name}`,
          description: `${job.name}: ${made}. Download it from the report's runs.`,
          link: `/maestro/reports/${encodeURIComponent(report.id)}?run=${encodeURIComponent(row.id)}`,
          severity: 'normal',
          topic: 'maestro-jobs',
        },
      });
      return { summary: `${made}; notified ${config.delivery.recipients.join(', ')}` };
    }
    if (bytes > this.#maxBytes) {
      throw new Error(
        `${made}: more than the ${this.#maxBytes} bytes a webhook delivery sends (deliver it as a notification)`,
      );
    }
    const parts: Buffer[] = [];
    for await (const chunk of this.#runs.store.chunks(row)) parts.push(chunk);
    const target = openWebhookTarget(config.delivery.webhook, this.#box, deliverySealContext(job.id));
    const { ok, ...exchange } = await this.#caller.call(target, {
      context: jobTemplateContext(job, run, this.#now()),
      headers: jobCallHeaders(run),
      body: { data: Buffer.concat(parts), contentType: runFormat(config.format)?.type ?? 'application/octet-stream' },
      signal: options.signal,
    });
    const summary = `${made}; delivered: ${exchange.status ?? 'no answer'} in ${exchange.durationMs} ms`;
    if (!ok)
      throw new JobRunFailure(exchange.error ?? `unexpected status ${exchange.status}`, { webhook: exchange, summary });
    return { webhook: exchange, summary };
  }

  /** Waits for a report run to end (its row read every second), stopping when the job's run is aborted. */
  async #finished(id: string, signal: AbortSignal): Promise<ReportRunRow> {
    for (;;) {
      throwIfAborted(signal);
      const row = await this.#runs.store.get(id);
      if (row.status === 'succeeded' || row.status === 'failed') return row;
      await new Promise(resolve => setTimeout(resolve, this.#pollMs));
    }
  }

  #readDelivery(
    value: unknown,
    field: string,
    context: ConfigContext,
    previous: StoredReportJobConfig['delivery'] | undefined,
    problems: string[],
  ): StoredReportJobConfig['delivery'] | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${field}: is required: { type: 'webhook', webhook } or { type: 'notification', recipients }`);
      return undefined;
    }
    const type = (value as Record<string, unknown>).type;
    if (type === 'webhook') {
      const input = configObject(value, field, 'a webhook delivery', ['type', 'webhook'], problems);
      const webhook = collectProblems(
        () =>
          readWebhookTarget(input!.webhook, `${field}.webhook`, {
            policy: this.#policy,
            templateRoots: JOB_TEMPLATE_ROOTS,
            previous: previous?.type === 'webhook' ? previous.webhook : undefined,
            box: this.#box,
            sealContext: deliverySealContext(context.jobId),
          }),
        problems,
      );
      return webhook ? { type, webhook } : undefined;
    }
    if (type === 'notification') {
      const input = configObject(value, field, 'a notification delivery', ['type', 'recipients'], problems)!;
      const recipients = input.recipients;
      if (!Array.isArray(recipients) || recipients.length === 0 || recipients.length > MAX_RECIPIENTS) {
        problems.push(`${field}.recipients: must be a list of 1 to ${MAX_RECIPIENTS} user or group refs`);
        return undefined;
      }
      const refs: string[] = [];
      recipients.forEach((ref, i) => {
        let normalized: string | undefined;
        try {
          normalized = typeof ref === 'string' && ref.length <= 255 ? normalizedRef(ref) : undefined;
        } catch {
          normalized = undefined;
        }
        if (!normalized || !/^(user|group):[a-z0-9_.-]+\/[a-z0-9_.-]+$/.test(normalized)) {
          problems.push(`${field}.recipients[${i}]: must be a user or group ref such as group:default/platform`);
        } else if (refs.includes(normalized)) {
          problems.push(`${field}.recipients[${i}]: ${normalized} is listed twice`);
        } else {
          refs.push(normalized);
        }
      });
      return refs.length === recipients.length ? { type, recipients: refs } : undefined;
    }
    problems.push(`${field}.type: must be 'webhook' or 'notification' (got ${shownValue(type ?? null)})`);
    return undefined;
  }

  async #report(id: string): Promise<SavedReport | undefined> {
    try {
      return await this.#reports.get(id);
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') return undefined;
      throw error;
    }
  }
}
