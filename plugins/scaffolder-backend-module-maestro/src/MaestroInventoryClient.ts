import type { AuthService, BackstageCredentials, DiscoveryService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import { findMaestroKind, InventoryRecord, ListRecordsResponse, WriteWarning } from '@maestro/plugin-maestro-common';

/** A record as the API answers a write: with its duplicate warnings, and `dryRun: true` when nothing was written. */
export type WrittenRecord = InventoryRecord & { warnings?: WriteWarning[]; dryRun?: boolean };

/** Who a call is made for, and why (kept in the record's history). */
export interface CallOptions {
  /** The user running the template: Maestro authorizes and records the write as them. */
  credentials: BackstageCredentials;
  /** `?dryRun=true`: every check, nothing written. */
  dryRun?: boolean;
}

/** Record ids are UUIDs; anything else is read as an entity ref. */
const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 200;

/** The entity ref of a record, as the catalog names its entity (`server:default/web-01`). */
export const entityRefOf = (record: Pick<InventoryRecord, 'kind' | 'name'>) =>
  `${record.kind.toLocaleLowerCase('en-US')}:default/${record.name}`;

/**
 * The Maestro REST API as the scaffolder actions use it: every call carries a token the `maestro` plugin accepts
 * on behalf of the user running the template (`auth.getPluginRequestToken({ onBehalfOf })`), so Maestro checks
 * that user's permissions and writes their name into the history. A refusal comes back as the matching
 * `@backstage/errors` class with Maestro's message (which starts with the field it is about).
 */
export class MaestroInventoryClient {
  readonly #auth: AuthService;
  readonly #discovery: DiscoveryService;

  static create(options: { auth: AuthService; discovery: DiscoveryService }): MaestroInventoryClient {
    return new MaestroInventoryClient(options);
  }

  private constructor(options: { auth: AuthService; discovery: DiscoveryService }) {
    this.#auth = options.auth;
    this.#discovery = options.discovery;
  }

  /** `POST /records` (`?dryRun=true` on a dry run). */
  createRecord(body: JsonObject, options: CallOptions): Promise<WrittenRecord> {
    return this.#call('POST', '/records', options, body);
  }

  /** `PUT /records/:id` at the version read (409 when it moved on). */
  updateRecord(id: string, body: JsonObject, options: CallOptions): Promise<WrittenRecord> {
    return this.#call('PUT', `/records/${encodeURIComponent(id)}`, options, body);
  }

  /**
   * The active record a template names: a record id, or an entity ref (`server:default/web-01`, or `web-01` with
   * `defaultKind`). 404 naming `field` when Maestro holds no such record.
   */
  async findRecord(
    value: string,
    options: { field: string; defaultKind?: string; credentials: BackstageCredentials },
  ): Promise<InventoryRecord> {
    const { field } = options;
    if (RECORD_ID.test(value)) {
      return this.#call<InventoryRecord>('GET', `/records/${value}`, options).catch(error => {
        throw error instanceof NotFoundError ? new NotFoundError(`${field}: no record with id ${value}`) : error;
      });
    }
    let parsed;
    try {
      parsed = parseEntityRef(value, { defaultKind: options.defaultKind, defaultNamespace: 'default' });
    } catch {
      throw new InputError(`${field}: '${value.slice(0, 100)}' is neither a record id nor an entity ref (kind:name)`);
    }
    const kind = findMaestroKind(parsed.kind)?.kind;
    if (!kind || parsed.namespace !== 'default') {
      throw new NotFoundError(`${field}: ${value} is not in Maestro's inventory (no such kind or namespace)`);
    }
    const name = parsed.name.toLocaleLowerCase('en-US');
    // names are unique per kind; `q` matches names containing it, so page until the exact one shows up
    for (let offset = 0; ; offset += PAGE) {
      const query = new URLSearchParams({ kind, q: parsed.name, limit: String(PAGE), offset: String(offset) });
      const page = await this.#call<ListRecordsResponse>('GET', `/records?${query}`, options);
      const found = page.items.find(r => r.name.toLocaleLowerCase('en-US') === name);
      if (found) return found;
      if (page.items.length < PAGE) break;
    }
    throw new NotFoundError(`${field}: no active ${kind} named '${parsed.name}' in Maestro's inventory`);
  }

  async #call<T>(method: string, path: string, options: CallOptions, body?: JsonObject): Promise<T> {
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: 'maestro',
    });
    const base = await this.#discovery.getBaseUrl('maestro');
    const url = options.dryRun ? `${base}${path}${path.includes('?') ? '&' : '?'}dryRun=true` : `${base}${path}`;
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer = await response.json().catch(() => undefined);
    if (response.ok) return answer as T;
    throw refusal(response.status, answer?.error?.message ?? response.statusText);
  }
}

/** Maestro's refusal as the `@backstage/errors` class of its status, with its message. */
function refusal(status: number, message: string): Error {
  switch (status) {
    case 400:
      return new InputError(message);
    case 401:
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      return new Error(`Maestro answered ${status}: ${message}`);
  }
}
