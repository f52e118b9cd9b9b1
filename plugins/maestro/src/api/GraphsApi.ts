import { createApiRef, DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type {
  CreatedGraphShareLink,
  GraphComparison,
  GraphDefinition,
  GraphShareLink,
  GraphView,
  NodeImpact,
  SavedGraph,
  SavedGraphSummary,
  ServerFailureImpact,
} from '@maestro/plugin-maestro-common';
import { maestroFetch, maestroRequest } from './maestroFetch';

/** Body of `PUT /graphs/{id}`: the whole definition and the version read (409 when stale). @public */
export type GraphUpdateRequest = GraphDefinition & { version: number };

/** What a share link is created with (`POST /graphs/{id}/shares`). @public */
export interface GraphShareRequest {
  mode: 'live' | 'snapshot';
  /** ISO time after which the link answers 404. */
  expiresAt?: string;
  label?: string;
}

/** A downloaded graph export: the file and the name the backend gave it. @public */
export interface GraphExportFile {
  blob: Blob;
  fileName: string;
}

/** The business-graph routes of the Maestro backend. @public */
export interface GraphsApi {
  /** Saved graphs (`GET /graphs`). */
  listGraphs(query?: { offset?: number; limit?: number }): Promise<{ items: SavedGraphSummary[]; totalCount: number }>;
  /** Saves and generates a graph (`POST /graphs`); 400 naming each bad field. */
  createGraph(definition: GraphDefinition): Promise<SavedGraph>;
  /** Builds a graph without saving it (`POST /graphs/preview`). */
  previewGraph(definition: GraphDefinition): Promise<GraphView>;
  /** A saved graph with its last generation (`GET /graphs/{id}`). */
  getGraph(id: string): Promise<SavedGraph>;
  /** Replaces a graph's definition (`PUT /graphs/{id}`) at the version read; 409 when stale. */
  updateGraph(id: string, request: GraphUpdateRequest): Promise<SavedGraph>;
  /** Generates a graph again from the current inventory, or as of a time (`POST /graphs/{id}/regenerate`). */
  regenerateGraph(id: string, request?: { asOf?: string }): Promise<SavedGraph>;
  /** The graph at `from` against `to` (`GET /graphs/{id}/compare`). */
  compareGraph(id: string, query: { from: string; to?: string }): Promise<GraphComparison>;
  deleteGraph(id: string): Promise<void>;
  /** Who depends on a node and what it needs (`GET /graphs/{id}/impact?node=`). */
  getNodeImpact(id: string, node: string): Promise<NodeImpact>;
  /** What breaks if a server fails (`GET /graphs/{id}/server-impact?server=`). */
  getServerImpact(id: string, server: string): Promise<ServerFailureImpact>;
  /** The graph around an entity (`GET /graphs/neighbourhood?entity=&depth=`). */
  getNeighbourhood(entity: string, options?: { depth?: number }): Promise<GraphView>;
  /** Downloads the graph drawn as SVG or PNG (`GET /graphs/{id}/export.svg|png`) with the user's token. */
  exportGraph(id: string, format: 'svg' | 'png'): Promise<GraphExportFile>;
  /** Creates a share link (`POST /graphs/{id}/shares`): the token is in this answer only. */
  createShareLink(id: string, request: GraphShareRequest): Promise<CreatedGraphShareLink>;
  listShareLinks(id: string): Promise<GraphShareLink[]>;
  /** Revokes a share link (`DELETE /graphs/{id}/shares/{shareId}`). */
  revokeShareLink(id: string, shareId: string): Promise<void>;
  /** The absolute address of a path the backend answered (a share link's `urls`), under the backend's origin. */
  backendUrl(path: string): Promise<string>;
}

/** The graphs API. @public */
export const graphsApiRef = createApiRef<GraphsApi>({ id: 'plugin.maestro.graphs' });

const segment = encodeURIComponent;

/**
 * Default {@link GraphsApi} implementation: calls /api/maestro/graphs through the app's fetchApi (which adds the
 * user's Backstage token).
 * @public
 */
export class GraphsClient implements GraphsApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  listGraphs(query: { offset?: number; limit?: number } = {}) {
    const params = new URLSearchParams();
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const text = params.toString();
    return this.#request('GET', `/graphs${text ? `?${text}` : ''}`);
  }

  createGraph(definition: GraphDefinition) {
    return this.#request('POST', '/graphs', definition);
  }

  previewGraph(definition: GraphDefinition) {
    return this.#request('POST', '/graphs/preview', definition);
  }

  getGraph(id: string) {
    return this.#request('GET', `/graphs/${segment(id)}`);
  }

  updateGraph(id: string, request: GraphUpdateRequest) {
    return this.#request('PUT', `/graphs/${segment(id)}`, request);
  }

  regenerateGraph(id: string, request: { asOf?: string } = {}) {
    return this.#request('POST', `/graphs/${segment(id)}/regenerate`, request.asOf ? { asOf: request.asOf } : {});
  }

  compareGraph(id: string, query: { from: string; to?: string }) {
    const params = new URLSearchParams({ from: query.from });
    if (query.to) params.set('to', query.to);
    return this.#request('GET', `/graphs/${segment(id)}/compare?${params}`);
  }

  async deleteGraph(id: string): Promise<void> {
    await this.#request('DELETE', `/graphs/${segment(id)}`);
  }

  getNodeImpact(id: string, node: string) {
    return this.#request('GET', `/graphs/${segment(id)}/impact?${new URLSearchParams({ node })}`);
  }

  getServerImpact(id: string, server: string) {
    return this.#request('GET', `/graphs/${segment(id)}/server-impact?${new URLSearchParams({ server })}`);
  }

  getNeighbourhood(entity: string, options: { depth?: number } = {}) {
    const params = new URLSearchParams({ entity, depth: String(options.depth ?? 2) });
    return this.#request('GET', `/graphs/neighbourhood?${params}`);
  }

  async exportGraph(id: string, format: 'svg' | 'png'): Promise<GraphExportFile> {
    const response = await this.#fetch('GET', `/graphs/${segment(id)}/export.${format}`);
    const disposition = response.headers.get('content-disposition') ?? '';
    const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `graph.${format}`;
    return { blob: await response.blob(), fileName };
  }

  createShareLink(id: string, request: GraphShareRequest) {
    const body: GraphShareRequest = { mode: request.mode };
    if (request.expiresAt) body.expiresAt = request.expiresAt;
    if (request.label) body.label = request.label;
    return this.#request('POST', `/graphs/${segment(id)}/shares`, body);
  }

  async listShareLinks(id: string): Promise<GraphShareLink[]> {
    // the route answers { items } (as every list route does)
    const { items } = await this.#request('GET', `/graphs/${segment(id)}/shares`);
    return items;
  }

  async revokeShareLink(id: string, shareId: string): Promise<void> {
    await this.#request('DELETE', `/graphs/${segment(id)}/shares/${segment(shareId)}`);
  }

  async backendUrl(path: string): Promise<string> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('maestro');
    return new URL(path, baseUrl).toString();
  }

  #fetch(method: string, path: string, body?: unknown): Promise<Response> {
    return maestroFetch({ discoveryApi: this.#discoveryApi, fetchApi: this.#fetchApi }, method, path, body);
  }

  #request(method: string, path: string, body?: unknown): Promise<any> {
    return maestroRequest({ discoveryApi: this.#discoveryApi, fetchApi: this.#fetchApi }, method, path, body);
  }
}
