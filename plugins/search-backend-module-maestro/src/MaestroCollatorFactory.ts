import { Readable } from 'node:stream';
import type { AuthService, DiscoveryService, LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import type { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import type { ListRecordsResponse } from '@maestro/plugin-maestro-common';
import { readMaestroApi } from '@maestro/plugin-maestro-node';
import {
  DEFAULT_LOCATION_TEMPLATE,
  isIndexedForSearch,
  MaestroSearchDocument,
  recordToDocument,
} from './recordToDocument';

/** Records asked per request of the Maestro API (its maximum). */
const DEFAULT_PAGE_SIZE = 1000;

/**
 * Collates the Maestro inventory into search documents of type `maestro` (see {@link recordToDocument}). It reads
 * the `maestro` plugin over HTTP — discovery and service-to-service auth, `GET /records` paged in id order with the
 * `after` cursor — and never its database, so the plugin may run in another backend. Results are shown like the
 * catalog shows entities: `visibilityPermission` is the catalog's entity read permission and each document names
 * its entity in `authorization.resourceRef`.
 *
 * @public
 */
export class MaestroCollatorFactory implements DocumentCollatorFactory {
  readonly type = 'maestro';
  readonly visibilityPermission = catalogEntityReadPermission;
  readonly #discovery: DiscoveryService;
  readonly #auth: AuthService;
  readonly #logger: LoggerService;
  readonly #pageSize: number;
  readonly #locationTemplate: string;

  /**
   * A factory reading `search.collators.maestro.pageSize` (1 to 1000, default 1000) and `.locationTemplate`
   * (default {@link DEFAULT_LOCATION_TEMPLATE}).
   */
  static fromConfig(
    config: Config,
    options: { discovery: DiscoveryService; auth: AuthService; logger: LoggerService },
  ): MaestroCollatorFactory {
    const pageSize = config.getOptionalNumber('search.collators.maestro.pageSize') ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      throw new Error(`search.collators.maestro.pageSize must be an integer from 1 to 1000 (got ${pageSize})`);
    }
    const locationTemplate =
      config.getOptionalString('search.collators.maestro.locationTemplate') ?? DEFAULT_LOCATION_TEMPLATE;
    if (!locationTemplate.includes(':name')) {
      throw new Error(`search.collators.maestro.locationTemplate must contain :name (got '${locationTemplate}')`);
    }
    return new MaestroCollatorFactory({ ...options, pageSize, locationTemplate });
  }

  private constructor(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    logger: LoggerService;
    pageSize: number;
    locationTemplate: string;
  }) {
    this.#discovery = options.discovery;
    this.#auth = options.auth;
    this.#logger = options.logger;
    this.#pageSize = options.pageSize;
    this.#locationTemplate = options.locationTemplate;
  }

  async getCollator(): Promise<Readable> {
    return Readable.from(this.#documents());
  }

  async *#documents(): AsyncGenerator<MaestroSearchDocument> {
    let indexed = 0;
    let read = 0;
    for (let after = ''; ; ) {
      const page = await this.#get<ListRecordsResponse>(
        `/records?active=true&limit=${this.#pageSize}&after=${encodeURIComponent(after)}`,
      );
      read += page.items.length;
      for (const record of page.items.filter(isIndexedForSearch)) {
        indexed += 1;
        yield recordToDocument(record, this.#locationTemplate);
      }
      if (page.items.length < this.#pageSize) break;
      after = page.items[page.items.length - 1].id;
    }
    this.#logger.info(`Maestro search collator: ${indexed} documents from ${read} active records`);
  }

  #get<T>(path: string): Promise<T> {
    return readMaestroApi<T>({ discovery: this.#discovery, auth: this.#auth }, path);
  }
}
