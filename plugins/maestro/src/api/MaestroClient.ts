import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { ListRecordsQuery, MaestroApi } from './MaestroApi';

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
    return this.#get('/summary');
  }

  listRecords(query: ListRecordsQuery) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    return this.#get(`/records?${params}`);
  }

  getRecord(id: string) {
    return this.#get(`/records/${encodeURIComponent(id)}`);
  }

  getHistory(id: string, options?: { limit?: number }) {
    return this.#get(
      `/records/${encodeURIComponent(id)}/history?limit=${options?.limit ?? 50}`,
    );
  }

  async #get(path: string): Promise<any> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('maestro');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
