import type {
  DiscoveryJobConfig,
  JobChainLink,
  JobConfig,
  JobInput,
  JobSchedule,
  MaestroJob,
  ReportExportFormat,
  ReportJobConfig,
  WebhookJobConfig,
} from '@maestro/plugin-maestro-common';
import { DEFAULT_OWNER } from '../../shared/defaultOwner';
import {
  integerOrText,
  newWebhookDraft,
  webhookDraftOf,
  webhookFieldPaths,
  WebhookDraft,
  webhookInputOf,
  webhookTargetOf,
} from '../WebhookFields/webhookDraft';

/** The job types a person creates (history retention is built in). */
export type UserJobType = JobInput['type'];

/** A chained job as the form edits it: none when `jobId` is empty. */
export interface ChainDraft {
  jobId: string;
  delaySeconds: string;
}

/** A job as the form edits it: texts as typed, every type's part kept while another type is shown. */
export interface JobDraft {
  name: string;
  description: string;
  owner: string;
  enabled: boolean;
  type: UserJobType;
  scheduleType: JobSchedule['type'];
  minutes: string;
  expression: string;
  timeZone: string;
  maxExecutions: string;
  disableAfterFailures: string;
  onSuccess: ChainDraft;
  onFailure: ChainDraft;
  webhook: WebhookDraft;
  connectionId: string;
  /** Lists of the connection to run; none chosen: every enabled list. */
  lists: string[];
  reportId: string;
  format: ReportExportFormat;
  deliveryType: 'webhook' | 'notification';
  deliveryWebhook: WebhookDraft;
  /** User or group refs separated by commas. */
  recipients: string;
}

/** Consecutive failures that disable a new job unless changed. */
export const DEFAULT_DISABLE_AFTER_FAILURES = 3;

const noChain = (): ChainDraft => ({ jobId: '', delaySeconds: '0' });

/** A new job: a webhook every hour, enabled, no limit, disabled after 3 failures in a row. */
export function newJobDraft(): JobDraft {
  return {
    name: '',
    description: '',
    owner: DEFAULT_OWNER,
    enabled: true,
    type: 'webhook',
    scheduleType: 'interval',
    minutes: '60',
    expression: '',
    timeZone: 'UTC',
    maxExecutions: '0',
    disableAfterFailures: String(DEFAULT_DISABLE_AFTER_FAILURES),
    onSuccess: noChain(),
    onFailure: noChain(),
    webhook: newWebhookDraft(),
    connectionId: '',
    lists: [],
    reportId: '',
    format: 'csv',
    deliveryType: 'notification',
    deliveryWebhook: newWebhookDraft(),
    recipients: '',
  };
}

const chainDraftOf = (link?: JobChainLink): ChainDraft =>
  link ? { jobId: link.jobId, delaySeconds: String(link.delaySeconds ?? 0) } : noChain();

/** A saved job as the form edits it (its secrets are not in the answer: only that they are stored). */
export function jobDraftOf(job: MaestroJob): JobDraft {
  const draft: JobDraft = {
    ...newJobDraft(),
    name: job.name,
    description: job.description ?? '',
    owner: job.owner,
    enabled: job.enabled,
    type: job.type === 'history-retention' ? 'webhook' : job.type,
    scheduleType: job.schedule.type,
    maxExecutions: String(job.maxExecutions),
    disableAfterFailures: String(job.disableAfterFailures),
    onSuccess: chainDraftOf(job.onSuccess),
    onFailure: chainDraftOf(job.onFailure),
  };
  if (job.schedule.type === 'interval') draft.minutes = String(job.schedule.minutes);
  if (job.schedule.type === 'cron') {
    draft.expression = job.schedule.expression;
    draft.timeZone = job.schedule.timeZone ?? 'UTC';
  }
  if (job.type === 'webhook') draft.webhook = webhookDraftOf((job.config as WebhookJobConfig).webhook);
  if (job.type === 'discovery') {
    const config = job.config as DiscoveryJobConfig;
    draft.connectionId = config.connectionId;
    draft.lists = config.lists ?? [];
  }
  if (job.type === 'report') {
    const config = job.config as ReportJobConfig;
    draft.reportId = config.reportId;
    draft.format = config.format;
    draft.deliveryType = config.delivery.type;
    if (config.delivery.type === 'webhook') draft.deliveryWebhook = webhookDraftOf(config.delivery.webhook);
    else draft.recipients = config.delivery.recipients.join(', ');
  }
  return draft;
}

/** Refs typed with commas, trimmed, empties dropped. */
export const splitList = (text: string) =>
  text
    .split(',')
    .map(part => part.trim())
    .filter(Boolean);

function scheduleOf(draft: JobDraft): JobSchedule {
  if (draft.scheduleType === 'interval') return { type: 'interval', minutes: integerOrText(draft.minutes) };
  if (draft.scheduleType === 'manual') return { type: 'manual' };
  const schedule: JobSchedule = { type: 'cron', expression: draft.expression.trim() };
  if (draft.timeZone.trim()) schedule.timeZone = draft.timeZone.trim();
  return schedule;
}

function configOf(draft: JobDraft): JobConfig {
  if (draft.type === 'webhook') return { webhook: webhookTargetOf(draft.webhook) };
  if (draft.type === 'discovery') {
    const config: DiscoveryJobConfig = { connectionId: draft.connectionId };
    if (draft.lists.length) config.lists = draft.lists;
    return config;
  }
  return {
    reportId: draft.reportId,
    format: draft.format,
    delivery:
      draft.deliveryType === 'webhook'
        ? { type: 'webhook', webhook: webhookTargetOf(draft.deliveryWebhook) }
        : { type: 'notification', recipients: splitList(draft.recipients) },
  };
}

const chainOf = (chain: ChainDraft): JobChainLink | undefined =>
  chain.jobId
    ? { jobId: chain.jobId, ...(chain.delaySeconds.trim() ? { delaySeconds: integerOrText(chain.delaySeconds) } : {}) }
    : undefined;

/**
 * The job the backend reads from a draft. Numbers are sent as typed when they are not numbers, so that the
 * backend's 400 names the field. A chain removed while editing is sent as `null` (which removes it).
 */
export function jobInputOf(draft: JobDraft, options: { editing: boolean }): JobInput {
  const input: JobInput = {
    name: draft.name.trim(),
    type: draft.type,
    enabled: draft.enabled,
    schedule: scheduleOf(draft),
    maxExecutions: integerOrText(draft.maxExecutions),
    disableAfterFailures: integerOrText(draft.disableAfterFailures),
    config: configOf(draft),
  };
  if (draft.owner.trim()) input.owner = draft.owner.trim();
  if (draft.description.trim()) input.description = draft.description.trim();
  const onSuccess = chainOf(draft.onSuccess);
  const onFailure = chainOf(draft.onFailure);
  if (onSuccess) input.onSuccess = onSuccess;
  else if (options.editing) input.onSuccess = null;
  if (onFailure) input.onFailure = onFailure;
  else if (options.editing) input.onFailure = null;
  return input;
}

/** A saved job's config sent back, its webhook secrets left out (kept). */
function savedConfig(job: MaestroJob): JobConfig {
  if (job.type === 'webhook') return { webhook: webhookInputOf((job.config as WebhookJobConfig).webhook) };
  if (job.type === 'report') {
    const config = job.config as ReportJobConfig;
    if (config.delivery.type === 'webhook') {
      return { ...config, delivery: { type: 'webhook', webhook: webhookInputOf(config.delivery.webhook) } };
    }
  }
  return job.config;
}

/** A saved user job sent back whole, its secrets left out (kept): what the enable switch saves. */
export function savedJobInput(job: MaestroJob): JobInput {
  const input: JobInput = {
    name: job.name,
    type: job.type as UserJobType,
    enabled: job.enabled,
    owner: job.owner,
    schedule: job.schedule,
    maxExecutions: job.maxExecutions,
    disableAfterFailures: job.disableAfterFailures,
    onSuccess: job.onSuccess ?? null,
    onFailure: job.onFailure ?? null,
    config: savedConfig(job),
  };
  if (job.description) input.description = job.description;
  return input;
}

/** The fields the form shows for a draft, by the paths a 400 names them with. */
export function jobFieldPaths(draft: JobDraft): string[] {
  const paths = [
    'name',
    'description',
    'owner',
    'enabled',
    'type',
    'schedule',
    'maxExecutions',
    'disableAfterFailures',
    'onSuccess',
    'onFailure',
  ];
  if (draft.scheduleType === 'interval') paths.push('schedule.minutes');
  if (draft.scheduleType === 'cron') paths.push('schedule.expression', 'schedule.timeZone');
  if (draft.type === 'webhook') paths.push(...webhookFieldPaths('config.webhook', draft.webhook));
  if (draft.type === 'discovery') paths.push('config.connectionId', 'config.lists');
  if (draft.type === 'report') {
    paths.push('config.reportId', 'config.format', 'config.delivery');
    if (draft.deliveryType === 'webhook') {
      paths.push(...webhookFieldPaths('config.delivery.webhook', draft.deliveryWebhook));
    } else paths.push('config.delivery.recipients');
  }
  return paths;
}
