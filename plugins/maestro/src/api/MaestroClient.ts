import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CreateRecordRequest,
  MaestroSettings,
  MaestroSettingsKey,
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
