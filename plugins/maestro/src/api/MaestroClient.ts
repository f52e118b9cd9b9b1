import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { CreateRecordRequest, UpdateRecordRequest } from '@maestro/plugin-maestro-common';
import type { ListRecordsQuery, MaestroApi, RecordActivationOptions } from './MaestroApi';

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

  listRecords(query: ListRecordsQuery) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    return this.#request('GET', `/records?${params}`);
  }

  getRecord(id: string) {
    return this.#request('GET', `/records/${encodeURIComponent(id)}`);
  }

  getHistory(id: string, options?: { limit?: number }) {
    return this.#request(
      'GET',
      `/records/${encodeURIComponent(id)}/history?limit=${options?.limit ?? 50}`,
    );
  }

  createRecord(request: CreateRecordRequest) {
    return this.#request('POST', '/records', request);
  }

  updateRecord(id: string, request: UpdateRecordRequest) {
    return this.#request('PUT', `/records/${encodeURIComponent(id)}`, request);
  }

  deleteRecord(id: string, options?: RecordActivationOptions) {
    const params = new URLSearchParams();
    if (options?.version !== undefined) params.set('version', String(options.version));
    if (options?.reason) params.set('reason', options.reason);
    const query = params.toString();
    return this.#request('DELETE', `/records/${encodeURIComponent(id)}${query ? `?${query}` : ''}`);
  }

  restoreRecord(id: string, options?: RecordActivationOptions) {
    const body: RecordActivationOptions = {};
    if (options?.version !== undefined) body.version = options.version;
    if (options?.reason) body.reason = options.reason;
    return this.#request('POST', `/records/${encodeURIComponent(id)}/restore`, body);
  }

  listKinds() {
    return this.#request('GET', '/kinds');
  }

  async #request(method: string, path: string, body?: unknown): Promise<any> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('maestro');
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
