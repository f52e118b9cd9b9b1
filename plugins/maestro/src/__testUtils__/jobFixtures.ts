import type { EventRule, JobInput, JobRun, MaestroJob, RuleDelivery } from '@maestro/plugin-maestro-common';
import { BuiltInJobUpdate, JobsApi, jobsApiRef } from '../api/JobsApi';

/**
 * Time allowed to the form tests that fill many Material UI fields (a job or a rule with a webhook): on a small
 * machine running several suites at once they take far longer than alone (5 s).
 */
export const FORM_TEST_TIMEOUT = 90_000;

/** A user job as the API answers it: a cron webhook with a stored signing secret and a stored secret header. */
export function makeJob(extra: Partial<MaestroJob> = {}): MaestroJob {
  return {
    id: 'j1',
    name: 'Nightly hook',
    type: 'webhook',
    enabled: true,
    builtIn: false,
    owner: 'group:default/platform',
    schedule: { type: 'cron', expression: '0 3 * * *', timeZone: 'Europe/Paris' },
    maxExecutions: 0,
    disableAfterFailures: 3,
    config: {
      webhook: {
        method: 'POST',
        url: 'https://hooks.example.com/nightly',
        headers: [
          { name: 'X-Team', value: 'ops' },
          { name: 'Authorization', secret: true, hasValue: true },
        ],
        bodyTemplate: '{"job": {{ job.name | json }}}',
        signature: { header: 'X-Maestro-Signature-256', hasSecret: true },
      },
    },
    totalRuns: 12,
    consecutiveFailures: 0,
    lastRun: {
      id: 'run-12',
      status: 'succeeded',
      startedAt: '2026-12-01T02:00:00.000Z',
      finishedAt: '2026-12-01T02:00:01.250Z',
      durationMs: 1250,
    },
    nextRunAt: '2026-12-02T02:00:00.000Z',
    createdAt: '2026-11-01T10:00:00.000Z',
    createdBy: 'user:default/alice',
    updatedAt: '2026-11-02T10:00:00.000Z',
    updatedBy: 'user:default/alice',
    ...extra,
  };
}

/** A built-in job: a discovery list of a connection, every 30 minutes. */
export function builtInJob(extra: Partial<MaestroJob> = {}): MaestroJob {
  return makeJob({
    id: 'discovery:aws-prod:server-list',
    name: 'aws-prod server-list',
    type: 'discovery',
    builtIn: true,
    owner: 'group:default/maestro-admins',
    schedule: { type: 'interval', minutes: 30 },
    disableAfterFailures: 0,
    config: { connectionId: 'aws-prod', lists: ['server-list'] },
    totalRuns: 40,
    lastRun: { id: 'run-40', status: 'failed', durationMs: 800, error: 'AccessDenied' },
    ...extra,
  });
}

/** A run of job j1, as its log answers it. */
export function makeRun(extra: Partial<JobRun> = {}): JobRun {
  return {
    id: 'run-12',
    jobId: 'j1',
    trigger: 'schedule',
    status: 'succeeded',
    queuedAt: '2026-12-01T02:00:00.000Z',
    startedAt: '2026-12-01T02:00:00.010Z',
    finishedAt: '2026-12-01T02:00:01.250Z',
    durationMs: 1240,
    ...extra,
  };
}

/** The rule "production servers deactivated: call a webhook and notify the owner". */
export function makeRule(extra: Partial<EventRule> = {}): EventRule {
  return {
    id: 'rule1',
    name: 'Prod server down',
    enabled: true,
    owner: 'group:default/platform',
    events: ['deactivated'],
    actor: 'any',
    conditions: {
      kinds: ['Server'],
      filters: [{ field: 'spec.environment', op: 'oneOf', value: ['production'] }],
    },
    actions: [
      {
        type: 'webhook',
        webhook: {
          method: 'POST',
          url: 'https://hooks.example.com/down',
          signature: { header: 'X-Maestro-Signature-256', hasSecret: true },
        },
      },
      { type: 'notify', to: { type: 'owner' }, severity: 'normal' },
    ],
    pendingDeliveries: 1,
    failedDeliveries: 2,
    ...extra,
  };
}

/** A delivery of rule1's webhook action for the deactivation of server web-01. */
export function makeDelivery(extra: Partial<RuleDelivery> = {}): RuleDelivery {
  return {
    id: 'd1',
    ruleId: 'rule1',
    actionIndex: 0,
    actionType: 'webhook',
    status: 'failed',
    change: {
      position: 42,
      recordId: 'server-web-01',
      kind: 'Server',
      name: 'web-01',
      event: 'deactivated',
      actor: 'user:default/bob',
      at: '2026-12-01T09:00:00.000Z',
    },
    attempts: 5,
    createdAt: '2026-12-01T09:00:00.100Z',
    lastError: 'unexpected status 503',
    webhook: {
      request: {
        method: 'POST',
        url: 'https://hooks.example.com/down',
        headers: { 'X-Maestro-Delivery': 'd1', 'X-Maestro-Signature-256': 'sha256=ab12' },
        body: '{"server":"web-01"}',
      },
      status: 503,
      responseBody: 'busy',
      durationMs: 40,
      error: 'unexpected status 503',
    },
    ...extra,
  };
}

/** The job the fake API answers for a saved input (a chain removed with `null` is absent from the answer). */
function jobFromInput(id: string, input: JobInput | BuiltInJobUpdate): MaestroJob {
  if (!('name' in input)) return makeJob({ id, ...input });
  const { onSuccess, onFailure, ...rest } = input;
  return makeJob({ ...rest, id, onSuccess: onSuccess ?? undefined, onFailure: onFailure ?? undefined });
}

/** A fake JobsApi: every method a jest mock; the reads answer empty lists unless overridden. */
export function fakeJobsApi(overrides: Partial<Record<keyof JobsApi, jest.Mock>> = {}): jest.Mocked<JobsApi> {
  return {
    listJobs: jest.fn(async () => ({ jobs: [] })),
    getJob: jest.fn(async () => makeJob()),
    createJob: jest.fn(async input => jobFromInput('new-job', input)),
    updateJob: jest.fn(async (id, input) => jobFromInput(id, input)),
    deleteJob: jest.fn(async () => undefined),
    runJob: jest.fn(async id => makeRun({ id: 'run-new', jobId: id, trigger: 'manual', status: 'queued' })),
    listJobRuns: jest.fn(async () => ({ runs: [] })),
    getJobRun: jest.fn(),
    listRules: jest.fn(async () => ({ rules: [] })),
    getRule: jest.fn(async () => makeRule()),
    createRule: jest.fn(async input => makeRule({ ...input, id: 'new-rule' })),
    updateRule: jest.fn(async (id, input) => makeRule({ ...input, id })),
    deleteRule: jest.fn(async () => undefined),
    listDeliveries: jest.fn(async () => ({ deliveries: [] })),
    redeliver: jest.fn(),
    ...overrides,
  } as jest.Mocked<JobsApi>;
}

/** The jobs API entry of `renderMaestroPage`'s other APIs. */
export const withJobsApi = (api: JobsApi) => [[jobsApiRef, api] as const];
