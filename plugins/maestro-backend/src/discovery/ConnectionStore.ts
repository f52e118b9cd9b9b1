import type { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { DiscoveryConnection, DiscoveryListInfo } from '@maestro/plugin-maestro-common';
import { connectionSettingsOf, type DiscoveryDriver, type ResolvedConnection } from '@maestro/plugin-maestro-node';
import type { Knex } from 'knex';
import { EgressPolicy } from '../egress';
import { ConnectionInput, parseConnectionInput } from './connectionInput';
import { SecretBox } from './SecretBox';
import { shownName } from '../input/forbiddenKeys';

export type { ResolvedConnection } from '@maestro/plugin-maestro-node';
export { parseConnectionInput, type ConnectionInput, type ConnectionInputRules } from './connectionInput';

interface Row {
  id: string;
  provider: string;
  definition: string;
  secret: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

/** The field a connection's secret is entered in, for messages: the secret field of its provider's form. */
export const secretFieldOf = (driver: DiscoveryDriver | undefined, provider: string) =>
  driver?.form?.fields.find(f => f.secret)?.name ?? `${provider}.secret`;

/**
 * Discovery connections: those defined in app-config (`maestro.discovery.connections`, read-only here, secrets
 * from config/env) and those created through the API (stored in the database, the secret sealed with
 * {@link SecretBox}; without a configured key, secrets are refused).
 */
export class ConnectionStore {
  readonly #db: Knex;
  readonly #box?: SecretBox;
  readonly #drivers: Map<string, DiscoveryDriver>;
  readonly #configured: ResolvedConnection[];
  readonly #rules: { egress: EgressPolicy };

  constructor(options: { db: Knex; config: Config; drivers: Map<string, DiscoveryDriver>; extra?: unknown[] }) {
    this.#db = options.db;
    this.#drivers = options.drivers;
    this.#box = SecretBox.fromConfig(options.config);
    this.#rules = { egress: EgressPolicy.fromConfig(options.config) };
    const raw = [
      ...(options.config.getOptionalConfigArray('maestro.discovery.connections') ?? []).map(c => c.get()),
      ...(options.extra ?? []),
    ];
    this.#configured = raw.map((entry, i) => {
      try {
        return this.#resolve(
          parseConnectionInput(entry, this.#drivers, { ...this.#rules, origin: 'config' }),
          'config',
        );
      } catch (error) {
        throw new Error(`maestro.discovery.connections[${i}]: ${(error as Error).message}`);
      }
    });
    const ids = this.#configured.map(c => c.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) throw new Error(`maestro.discovery.connections: id '${dup}' is defined twice`);
  }

  /**
   * Checks a definition sent to the API (create, or update with `create: false`) with this installation's rules:
   * the egress policy for endpoints, and the providers' own (who may use the backend's own AWS identity).
   */
  parseInput(raw: unknown, options: { create: boolean }): ConnectionInput {
    return parseConnectionInput(raw, this.#drivers, { ...this.#rules, origin: 'api', create: options.create });
  }

  /** Whether secrets can be stored (an encryption key is configured). */
  get canStoreSecrets(): boolean {
    return !!this.#box;
  }

  async list(): Promise<ResolvedConnection[]> {
    const rows = await this.#db<Row>('maestro_discovery_connections').orderBy('id');
    return [...this.#configured, ...rows.map(row => this.#fromRow(row))];
  }

  async get(id: string): Promise<ResolvedConnection> {
    const configured = this.#configured.find(c => c.id === id);
    if (configured) return configured;
    const row = await this.#db<Row>('maestro_discovery_connections').where({ id }).first();
    if (!row) throw new NotFoundError(`connection '${shownName(id)}' does not exist`);
    return this.#fromRow(row);
  }

  async create(input: ConnectionInput, actor: string): Promise<ResolvedConnection> {
    if (this.#configured.some(c => c.id === input.id)) {
      throw new ConflictError(`id: connection '${input.id}' is defined in app-config`);
    }
    const now = new Date().toISOString();
    const row: Row = {
      id: input.id,
      provider: input.provider,
      definition: JSON.stringify(this.#definition(input)),
      secret: this.#seal(input),
      version: 1,
      created_at: now,
      updated_at: now,
      updated_by: actor,
    };
    try {
      await this.#db('maestro_discovery_connections').insert(row);
    } catch (error) {
      if (await this.#db('maestro_discovery_connections').where({ id: input.id }).first()) {
        throw new ConflictError(`id: connection '${input.id}' already exists`);
      }
      throw error;
    }
    return this.#fromRow(row);
  }

  async update(input: ConnectionInput, version: number, actor: string): Promise<ResolvedConnection> {
    if (this.#configured.some(c => c.id === input.id)) {
      throw new ConflictError(`id: connection '${input.id}' is defined in app-config: change it there`);
    }
    const current = await this.#db<Row>('maestro_discovery_connections').where({ id: input.id }).first();
    if (!current) throw new NotFoundError(`connection '${shownName(input.id)}' does not exist`);
    if (current.provider !== input.provider) throw new InputError(`provider: cannot change from ${current.provider}`);
    // compared here first: the SQL below only ever sees the stored version (2^31 was a 500 on PostgreSQL)
    if (Number(current.version) !== version) {
      throw new ConflictError(
        `version: connection '${input.id}' is at version ${current.version}, not ${version}; reload it`,
      );
    }
    // no new secret: keep the stored one, as long as what it belongs to (a key id, a user, a trust setting) is
    // unchanged: the provider says
    const keepSecret = input.secret === undefined;
    if (keepSecret && current.secret) {
      const previous = this.#fromRow(current);
      const problem = this.#drivers
        .get(input.provider)
        ?.settings?.keepSecretProblem?.(connectionSettingsOf(previous), connectionSettingsOf(input));
      if (problem) throw new InputError(problem);
    }
    const count = await this.#db('maestro_discovery_connections')
      .where({ id: input.id, version })
      .update({
        definition: JSON.stringify(this.#definition(input)),
        secret: keepSecret ? current.secret : this.#seal(input),
        version: version + 1,
        updated_at: new Date().toISOString(),
        updated_by: actor,
      });
    if (count !== 1) {
      throw new ConflictError(
        `version: connection '${input.id}' is at version ${current.version}, not ${version}; reload it`,
      );
    }
    return this.get(input.id);
  }

  async delete(id: string): Promise<void> {
    if (this.#configured.some(c => c.id === id)) {
      throw new ConflictError(`id: connection '${id}' is defined in app-config: remove it there`);
    }
    const count = await this.#db('maestro_discovery_connections').where({ id }).delete();
    if (count === 0) throw new NotFoundError(`connection '${shownName(id)}' does not exist`);
  }

  /**
   * The API view: no secret, only whether one is stored; no AWS external id either (it guards the role against
   * confused deputies), only whether one is set.
   */
  toPublic(connection: ResolvedConnection): DiscoveryConnection {
    const { secret, secretError, listOverrides: _overrides, ...rest } = connection;
    const shown = this.#drivers.get(connection.provider)?.settings?.toPublic;
    const settings = connectionSettingsOf(connection);
    if (!shown || !settings) return { ...rest, hasSecret: !!secret || !!secretError } as DiscoveryConnection;
    // the provider's view of its settings (write-only values left out) comes last, as it always did
    const { [connection.provider]: _settings, ...others } = rest as Record<string, unknown>;
    return {
      ...others,
      [connection.provider]: shown(settings),
      hasSecret: !!secret || !!secretError,
    } as unknown as DiscoveryConnection;
  }

  #definition(input: ConnectionInput) {
    const { secret: _secret, ...definition } = input;
    return definition;
  }

  #seal(input: ConnectionInput): string | null {
    if (!input.secret) return null;
    if (!this.#box) {
      throw new InputError(
        `${secretFieldOf(
          this.#drivers.get(input.provider),
          input.provider,
        )}: cannot be stored: no encryption key is configured. Set maestro.discovery.encryptionKey (e.g. from \`openssl rand -base64 32\`), or define the connection in app-config with credentials from the environment`,
      );
    }
    return this.#box.seal(input.secret, input.id);
  }

  #fromRow(row: Row): ResolvedConnection {
    const definition = JSON.parse(row.definition) as ConnectionInput;
    let secret: string | undefined;
    let secretError: string | undefined;
    if (row.secret && !this.#box) {
      secretError =
        'a secret is stored but maestro.discovery.encryptionKey is not configured: configure the key it was stored with, or enter the secret again';
    } else if (row.secret) {
      try {
        secret = this.#box!.open(row.secret, row.id);
      } catch (error) {
        secretError = `${(error as Error).message}; enter the secret again (Edit connection)`;
      }
    }
    return {
      ...this.#resolve({ ...definition, ...(secret ? { secret } : {}) }, 'api'),
      ...(secretError ? { secretError } : {}),
      version: row.version,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    };
  }

  #resolve(input: ConnectionInput, origin: 'config' | 'api'): ResolvedConnection {
    const driver = this.#drivers.get(input.provider)!;
    const stored = connectionSettingsOf(input);
    const settings = driver.settings?.resolve ? driver.settings.resolve(stored) : stored;
    const lists: DiscoveryListInfo[] = driver.lists.map(list => ({
      id: list.id,
      title: list.title,
      enabled: input.lists[list.id]?.enabled ?? true,
      frequencyMinutes: input.lists[list.id]?.frequencyMinutes ?? list.defaultFrequencyMinutes,
      iamActions: list.iamActions,
      ...(list.global ? { global: true } : {}),
    }));
    return {
      id: input.id,
      provider: input.provider,
      ...(input.title ? { title: input.title } : {}),
      datacenter: input.datacenter,
      regions: input.regions,
      owner: input.owner,
      ...(input.endpoint ? { endpoint: input.endpoint } : {}),
      origin,
      lists,
      listOverrides: input.lists,
      ...(settings ? { [input.provider]: settings } : {}),
      ...(input.secret ? { secret: input.secret } : {}),
    };
  }
}
