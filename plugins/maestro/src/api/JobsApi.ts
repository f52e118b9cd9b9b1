import { createApiRef, DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { maestroRequest } from './maestroFetch';
import type {
  EventRule,
  EventRuleInput,
  EventRuleListResponse,
  JobInput,
  JobListResponse,
  JobRun,
  JobRunListResponse,
  MaestroJob,
  RuleDelivery,
  RuleDeliveryListResponse,
  RuleDeliveryStatus,
} from '@maestro/plugin-maestro-common';

/** The body of `PUT /jobs/{id}` for a built-in job: only whether it is enabled may change. @public */
export interface BuiltInJobUpdate {
  enabled: boolean;
}

/** A page of a log, newest first: at most `limit` entries older than the entry `before`. @public */
export interface LogPageQuery {
  limit?: number;
  before?: string;
}

/** The jobs and event-rules routes of the Maestro backend (`/jobs…`, `/rules…`). @public */
export interface JobsApi {
  /** User jobs and built-in jobs, sorted by name (`GET /jobs`). */
  listJobs(): Promise<JobListResponse>;
  getJob(id: string): Promise<MaestroJob>;
  /** Creates a job (`POST /jobs`); 400 naming each bad field. */
  createJob(input: JobInput): Promise<MaestroJob>;
  /** Replaces a job (`PUT /jobs/{id}`); a built-in job takes `{ enabled }` only. Secrets left out are kept. */
  updateJob(id: string, input: JobInput | BuiltInJobUpdate): Promise<MaestroJob>;
  /** Deletes a job (`DELETE /jobs/{id}`); 409 naming the job that chains to it. */
  deleteJob(id: string): Promise<void>;
  /** Queues a run now (`POST /jobs/{id}/run`); 409 when the job has used its executions. */
  runJob(id: string): Promise<JobRun>;
  /** A job's runs, newest first (`GET /jobs/{id}/runs`). */
  listJobRuns(id: string, query?: LogPageQuery): Promise<JobRunListResponse>;
  getJobRun(id: string, runId: string): Promise<JobRun>;
  /** Event rules with their pending and failed delivery counts (`GET /rules`). */
  listRules(): Promise<EventRuleListResponse>;
  getRule(id: string): Promise<EventRule>;
  createRule(input: EventRuleInput): Promise<EventRule>;
  /** Replaces a rule (`PUT /rules/{id}`); webhook secrets left out are kept. */
  updateRule(id: string, input: EventRuleInput): Promise<EventRule>;
  /** Deletes a rule and its deliveries (`DELETE /rules/{id}`). */
  deleteRule(id: string): Promise<void>;
  /** A rule's deliveries, newest first, optionally of one status (`GET /rules/{id}/deliveries`). */
  listDeliveries(id: string, query?: LogPageQuery & { status?: RuleDeliveryStatus }): Promise<RuleDeliveryListResponse>;
  /** Delivers again, with the same id (idempotency key) (`POST /rules/{id}/deliveries/{deliveryId}/redeliver`). */
  redeliver(id: string, deliveryId: string): Promise<RuleDelivery>;
}

/** The jobs and event-rules API. @public */
export const jobsApiRef = createApiRef<JobsApi>({ id: 'plugin.maestro.jobs' });

const segment = encodeURIComponent;

/** `?limit=…&before=…` of the defined values, or ''. */
function queryOf(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Default {@link JobsApi} implementation: calls /api/maestro/jobs and /api/maestro/rules through the app's fetchApi
 * (which adds the user's Backstage token).
 * @public
 */
export class JobsClient implements JobsApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  listJobs() {
    return this.#request('GET', '/jobs');
  }

  getJob(id: string) {
    return this.#request('GET', `/jobs/${segment(id)}`);
  }

  createJob(input: JobInput) {
    return this.#request('POST', '/jobs', input);
  }

  updateJob(id: string, input: JobInput | BuiltInJobUpdate) {
    return this.#request('PUT', `/jobs/${segment(id)}`, input);
  }

  async deleteJob(id: string): Promise<void> {
    await this.#request('DELETE', `/jobs/${segment(id)}`);
  }

  runJob(id: string) {
    return this.#request('POST', `/jobs/${segment(id)}/run`, {});
  }

  listJobRuns(id: string, query: LogPageQuery = {}) {
    return this.#request('GET', `/jobs/${segment(id)}/runs${queryOf({ limit: query.limit, before: query.before })}`);
  }

  getJobRun(id: string, runId: string) {
    return this.#request('GET', `/jobs/${segment(id)}/runs/${segment(runId)}`);
  }

  listRules() {
    return this.#request('GET', '/rules');
  }

  getRule(id: string) {
    return this.#request('GET', `/rules/${segment(id)}`);
  }

  createRule(input: EventRuleInput) {
    return this.#request('POST', '/rules', input);
  }

  updateRule(id: string, input: EventRuleInput) {
    return this.#request('PUT', `/rules/${segment(id)}`, input);
  }

  async deleteRule(id: string): Promise<void> {
    await this.#request('DELETE', `/rules/${segment(id)}`);
  }

  listDeliveries(id: string, query: LogPageQuery & { status?: RuleDeliveryStatus } = {}) {
    const text = queryOf({ status: query.status, limit: query.limit, before: query.before });
    return this.#request('GET', `/rules/${segment(id)}/deliveries${text}`);
  }

  redeliver(id: string, deliveryId: string) {
    return this.#request('POST', `/rules/${segment(id)}/deliveries/${segment(deliveryId)}/redeliver`, {});
  }

  #request(method: string, path: string, body?: unknown): Promise<any> {
    return maestroRequest({ discoveryApi: this.#discoveryApi, fetchApi: this.#fetchApi }, method, path, body);
  }
}
