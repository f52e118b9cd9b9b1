import type {
  DiscoveryJobConfig,
  EventRule,
  JobRunTrigger,
  JobSchedule,
  MaestroJob,
  ReportJobConfig,
  ReportFilter,
  RuleAction,
  WebhookJobConfig,
} from '@maestro/plugin-maestro-common';
import { webhookSummary } from '../WebhookFields/webhookDraft';

/** The names of the job types, as the page shows them. */
export const JOB_TYPE_LABELS: Record<MaestroJob['type'], string> = {
  webhook: 'webhook',
  discovery: 'discovery',
  report: 'report',
  'history-retention': 'history retention',
};

/** "every minute", "every 5 minutes", "every 2 hours", "every day". */
function everyText(minutes: number): string {
  if (minutes === 1) return 'every minute';
  if (minutes % 1440 === 0) return minutes === 1440 ? 'every day' : `every ${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? 'every hour' : `every ${minutes / 60} hours`;
  return `every ${minutes} minutes`;
}

/** A schedule in words: "every 5 minutes", "cron 0 3 * * * (Europe/Paris)", "manual". */
export function scheduleText(schedule: JobSchedule): string {
  switch (schedule.type) {
    case 'interval':
      return everyText(schedule.minutes);
    case 'cron':
      return `cron ${schedule.expression} (${schedule.timeZone || 'UTC'})`;
    default:
      return 'manual';
  }
}

/** How a run was started, in words. */
export const TRIGGER_LABELS: Record<JobRunTrigger, string> = {
  schedule: 'schedule',
  manual: 'run now',
  chain: 'chain',
  rule: 'event rule',
};

/** What a job does, in a line: "POST https://…", "connection aws-prod: server-list, volumes-list", "report r1 as csv…". */
export function jobConfigSummary(job: Pick<MaestroJob, 'type' | 'config'>): string {
  switch (job.type) {
    case 'webhook':
      return webhookSummary((job.config as WebhookJobConfig).webhook);
    case 'discovery': {
      const config = job.config as DiscoveryJobConfig;
      return `connection ${config.connectionId}: ${
        config.lists?.length ? config.lists.join(', ') : 'every enabled list'
      }`;
    }
    case 'report': {
      const config = job.config as ReportJobConfig;
      const delivery =
        config.delivery.type === 'webhook'
          ? `webhook ${webhookSummary(config.delivery.webhook)}`
          : `notification to ${config.delivery.recipients.join(', ')}`;
      return `report ${config.reportId} as ${config.format}, delivered by ${delivery}`;
    }
    default:
      return 'prunes the history older than maestro.history.retentionDays';
  }
}

/** A filter in words: "environment = production", "cpu between 4 and 16", "tags has key team". */
export function filterText(filter: ReportFilter): string {
  const field = filter.field.replace(/^spec\./, '');
  const value = filter.value as any;
  const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v));
  switch (filter.op) {
    case 'eq':
      return `${field} = ${value}`;
    case 'ne':
      return `${field} ≠ ${value}`;
    case 'oneOf':
    case 'anyOf':
      return Array.isArray(value) && value.length === 1 ? `${field} = ${value[0]}` : `${field} one of ${list(value)}`;
    case 'noneOf':
      return `${field} none of ${list(value)}`;
    case 'allOf':
      return `${field} all of ${list(value)}`;
    case 'between':
      return `${field} between ${value?.[0]} and ${value?.[1]}`;
    case 'exists':
    case 'isNotEmpty':
      return `${field} is set`;
    case 'missing':
    case 'isEmpty':
      return `${field} is not set`;
    case 'keyEquals':
      return `${field} ${value?.key} = ${value?.value}`;
    case 'hasKey':
      return `${field} has key ${value}`;
    default:
      return `${field} ${filter.op} ${value}`;
  }
}

/** A rule's conditions in a line: "kind Server, filter environment = production" ("any record" when none). */
export function conditionsText(rule: Pick<EventRule, 'conditions' | 'actor'>): string {
  const c = rule.conditions ?? {};
  const parts: string[] = [];
  if (c.kinds?.length) parts.push(`kind ${c.kinds.join(' or ')}`);
  if (c.owners?.length) parts.push(`owner ${c.owners.join(' or ')}`);
  if (c.datacenters?.length) parts.push(`datacenter ${c.datacenters.join(' or ')}`);
  if (c.changedFields?.length) parts.push(`changed ${c.changedFields.join(' or ')}`);
  for (const filter of c.filters ?? []) parts.push(`filter ${filterText(filter)}`);
  if (rule.actor && rule.actor !== 'any') parts.push(`by ${rule.actor === 'person' ? 'a person' : 'discovery'}`);
  return parts.length ? parts.join(', ') : 'any record';
}

/** An action in words: "webhook POST https://…", "notify owner", "start job Nightly export". */
export function actionText(action: RuleAction, jobName: (id: string) => string = id => id): string {
  switch (action.type) {
    case 'webhook':
      return `webhook ${webhookSummary(action.webhook)}`;
    case 'notify': {
      const to = action.to.type === 'owner' ? 'owner' : action.to.entityRef;
      return `notify ${to}${action.severity && action.severity !== 'normal' ? ` (${action.severity})` : ''}`;
    }
    default:
      return `start job ${jobName(action.jobId)}`;
  }
}

/** A rule's actions in a line: "webhook POST https://…, notify owner". */
export const actionsText = (rule: Pick<EventRule, 'actions'>, jobName?: (id: string) => string) =>
  rule.actions.map(action => actionText(action, jobName)).join(', ');

/** A time as the browser's locale writes it, or '' when there is none. */
export const localTime = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '');
