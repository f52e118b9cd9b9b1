import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CreateRecordRequest,
  DependencyCommitRequest,
  DependencyCommitResult,
  MaestroSettings,
  MaestroSettingsKey,
  ReportDefinition,
  ReportExportFormat,
  UpdateRecordRequest,
} from '@maestro/plugin-maestro-common';
import type {
  DiscoveryConnectionRequest,
  DiscoveryConnectionUpdateRequest,
  DiscoverySyncRequest,
  HistoryQuery,
  ListRecordsQuery,
  MaestroApi,
  RecordActivationOptions,
  RequestOptions,
} from './MaestroApi';
import type { ReportExportFile, ReportResultsQuery, ReportUpdateRequest } from './ReportsApi';

/** Query parameters of the defined, non-empty values, in the order given. */
function searchParams(values: Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  return params;
}

/**
 * Default {@link MaestroApi} implementation: calls /api/maestro through the app's fetchApi (which adds the
 * user's Backstage token).
 * @public
 */
export class MaestroClient implements MaestroApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  getSummary() {
    return this.#request('GET', '/summary');
  }

  listRecords(query: ListRecordsQuery, options?: RequestOptions) {
    const { filters, ...rest } = query;
    const params = searchParams(rest);
    for (const [field, value] of Object.entries(filters ?? {})) {
      if (value !== undefined && value !== '') params.set(`spec.${field}`, value);
    }
    return this.#request('GET', `/records?${params}`, undefined, options?.signal);
  }

  getRecord(id: string) {
    return this.#request('GET', `/records/${encodeURIComponent(id)}`);
  }

  getHistory(id: string, options?: { limit?: number }) {
    return this.#request('GET', `/records/${encodeURIComponent(id)}/history?limit=${options?.limit ?? 50}`);
  }

  searchHistory(query: HistoryQuery) {
    const params = searchParams({ ...query });
    const text = params.toString();
    return this.#request('GET', `/history${text ? `?${text}` : ''}`);
  }

  createRecord(request: CreateRecordRequest) {
    return this.#request('POST', '/records', request);
  }

  updateRecord(id: string, request: UpdateRecordRequest) {
    return this.#request('PUT', `/records/${encodeURIComponent(id)}`, request);
  }

  deleteRecord(id: string, options: RecordActivationOptions) {
    const params = new URLSearchParams({ version: String(options.version) });
    if (options.reason) params.set('reason', options.reason);
    return this.#request('DELETE', `/records/${encodeURIComponent(id)}?${params}`);
  }

  restoreRecord(id: string, options: RecordActivationOptions) {
    const body: RecordActivationOptions = { version: options.version };
    if (options.reason) body.reason = options.reason;
    return this.#request('POST', `/records/${encodeURIComponent(id)}/restore`, body);
  }

  revertRecord(id: string, options: { seq: number; version: number; reason?: string }) {
    const body: { seq: number; version: number; reason?: string } = {
      seq: options.seq,
      version: options.version,
    };
    if (options.reason) body.reason = options.reason;
    return this.#request('POST', `/records/${encodeURIComponent(id)}/revert`, body);
  }

  listKinds() {
    return this.#request('GET', '/kinds');
  }

  getSettings() {
    return this.#request('GET', '/settings');
  }

  updateSetting<K extends MaestroSettingsKey>(key: K, value: MaestroSettings[K], version: number) {
    return this.#request('PUT', `/settings/${encodeURIComponent(key)}`, { value, version });
  }

  getSettingHistory<K extends MaestroSettingsKey>(key: K, options: { limit?: number } = {}) {
    const query = options.limit ? `?limit=${options.limit}` : '';
    return this.#request('GET', `/settings/${encodeURIComponent(key)}/history${query}`);
  }

  getDiscoveryProviders() {
    return this.#request('GET', '/discovery/providers');
  }

  getAwsDiscoveryPolicy() {
    return this.#request('GET', '/discovery/aws/policy');
  }

  listDiscoveryConnections() {
    return this.#request('GET', '/discovery/connections');
  }

  getDiscoveryConnection(id: string) {
    return this.#request('GET', `/discovery/connections/${encodeURIComponent(id)}`);
  }

  createDiscoveryConnection(request: DiscoveryConnectionRequest) {
    return this.#request('POST', '/discovery/connections', request);
  }

  updateDiscoveryConnection(id: string, request: DiscoveryConnectionUpdateRequest) {
    return this.#request('PUT', `/discovery/connections/${encodeURIComponent(id)}`, request);
  }

  async deleteDiscoveryConnection(id: string): Promise<void> {
    await this.#request('DELETE', `/discovery/connections/${encodeURIComponent(id)}`);
  }

  syncDiscoveryConnection(id: string, request: DiscoverySyncRequest = {}) {
    return this.#request('POST', `/discovery/connections/${encodeURIComponent(id)}/sync`, request);
  }

  // ---- reports

  getReportFields() {
    return this.#request('GET', '/reports/fields');
  }

  listReports(query: { offset?: number; limit?: number } = {}) {
    const params = searchParams({ ...query }).toString();
    return this.#request('GET', `/reports${params ? `?${params}` : ''}`);
  }

  getReport(id: string) {
    return this.#request('GET', `/reports/${encodeURIComponent(id)}`);
  }

  createReport(definition: ReportDefinition) {
    return this.#request('POST', '/reports', definition);
  }

  updateReport(id: string, request: ReportUpdateRequest) {
    return this.#request('PUT', `/reports/${encodeURIComponent(id)}`, request);
  }

  async deleteReport(id: string, options: { version?: number } = {}): Promise<void> {
    const query = options.version === undefined ? '' : `?version=${options.version}`;
    await this.#request('DELETE', `/reports/${encodeURIComponent(id)}${query}`);
  }

  duplicateReport(id: string) {
    return this.#request('POST', `/reports/${encodeURIComponent(id)}/duplicate`, {});
  }

  getReportResults(id: string, query: ReportResultsQuery = {}, options?: RequestOptions) {
    const { filters, ...rest } = query;
    const params = searchParams({ ...rest, charts: rest.charts ? 'true' : undefined });
    if (filters?.length) params.set('filters', JSON.stringify(filters));
    const text = params.toString();
    return this.#request(
      'GET',
      `/reports/${encodeURIComponent(id)}/results${text ? `?${text}` : ''}`,
      undefined,
      options?.signal,
    );
  }

  compareReport(id: string, query: { from: string; to?: string }) {
    return this.#request('GET', `/reports/${encodeURIComponent(id)}/compare?${searchParams({ ...query })}`);
  }

  exportReport(id: string, query: { format: ReportExportFormat; asOf?: string }): Promise<ReportExportFile> {
    const params = searchParams({ ...query });
    return this.#download(`/reports/${encodeURIComponent(id)}/export?${params}`, `report.${query.format}`);
  }

  getOverviewCharts(options: { refresh?: boolean } = {}) {
    return this.#request('GET', `/overview/charts${options.refresh ? '?refresh=true' : ''}`);
  }

  getReportTrend(id: string, query: { weeks?: number; groupBy?: string } = {}) {
    const params = searchParams({ ...query }).toString();
    return this.#request('GET', `/reports/${encodeURIComponent(id)}/trend${params ? `?${params}` : ''}`);
  }

  startReportRun(id: string, request: { format: ReportExportFormat; asOf?: string }) {
    const body: { format: ReportExportFormat; asOf?: string } = { format: request.format };
    if (request.asOf) body.asOf = request.asOf;
    return this.#request('POST', `/reports/${encodeURIComponent(id)}/runs`, body);
  }

  listReportRuns(id: string, query: { offset?: number; limit?: number } = {}) {
    const params = searchParams({ ...query }).toString();
    return this.#request('GET', `/reports/${encodeURIComponent(id)}/runs${params ? `?${params}` : ''}`);
  }

  getReportRun(runId: string) {
    return this.#request('GET', `/reports/runs/${encodeURIComponent(runId)}`);
  }

  downloadReportRun(runId: string): Promise<ReportExportFile> {
    return this.#download(`/reports/runs/${encodeURIComponent(runId)}/file`, 'report-run');
  }

  async commitDependencies(request: DependencyCommitRequest): Promise<DependencyCommitResult> {
    return this.#request('POST', '/dependencies/commit', request);
  }

  /** A file fetched with the user's token, named as the backend's Content-Disposition says (else `fallbackName`). */
  async #download(path: string, fallbackName: string): Promise<ReportExportFile> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('maestro');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const disposition = response.headers.get('content-disposition') ?? '';
    const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
    return { blob: await response.blob(), fileName };
  }

  async #request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<any> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('maestro');
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    if (signal) init.signal = signal;
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    // 204 No Content (a deleted connection): no body to read
    if (response.status === 204) return undefined;
    return response.json();
  }
}
