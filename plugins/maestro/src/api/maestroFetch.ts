import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';

/** What a client of the Maestro API is built from. */
export interface MaestroFetchApis {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
}

/**
 * Calls the Maestro backend (`/api/maestro` + `path`) through the portal's fetch (the user's token), with a JSON
 * body when given; a response that is not OK throws a `ResponseError` carrying the backend's message.
 */
export async function maestroFetch(
  apis: MaestroFetchApis,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  const baseUrl = await apis.discoveryApi.getBaseUrl('maestro');
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const response = await apis.fetchApi.fetch(`${baseUrl}${path}`, init);
  if (!response.ok) throw await ResponseError.fromResponse(response);
  return response;
}

/** {@link maestroFetch}, answering the JSON body (undefined for 204 No Content: a deleted job, rule or graph). */
export async function maestroRequest(
  apis: MaestroFetchApis,
  method: string,
  path: string,
  body?: unknown,
): Promise<any> {
  const response = await maestroFetch(apis, method, path, body);
  if (response.status === 204) return undefined;
  return response.json();
}
