import type { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type {
  DiscoveryConnection,
  DiscoveryListInfo,
  DiscoveryProvider,
  OpenStackConnectionSettings,
} from '@maestro/plugin-maestro-common';
import { parseEntityRef } from '@backstage/catalog-model';
import type { Knex } from 'knex';
import { EgressPolicy } from '../egress';
import { BackendIdentityRules } from './aws/backendIdentity';
import type { DiscoveryDriver } from './driver';
import { SecretBox } from './SecretBox';
import { shownName } from '../input/forbiddenKeys';

/** A connection with everything a run needs; `secret` is only ever held in memory. */
export interface ResolvedConnection extends Omit<DiscoveryConnection, 'hasSecret' | 'aws'> {
  /** As shown, plus the external id the role is assumed with (never shown). */
  aws?: NonNullable<DiscoveryConnection['aws']> & { externalId?: string };
  /** Static secret: the AWS secret access key, or the OpenStack password. */
  secret?: string;
  /** Why a stored secret cannot be used (no key configured any more, or a different key): runs fail with it. */
  secretError?: string;
  listOverrides: Record<string, { enabled?: boolean; frequencyMinutes?: number }>;
}

/** What a client sends to create or replace a connection. */
export interface ConnectionInput {
  id: string;
  provider: DiscoveryProvider;
  title?: string;
  datacenter: string;
  regions: string[];
  owner: string;
  endpoint?: string;
  lists: Record<string, { enabled?: boolean; frequencyMinutes?: number }>;
  aws?: { accountId?: string; accessKeyId?: string; roleArn?: string; externalId?: string };
  openstack?: OpenStackConnectionSettings;
  /** Absent on update: keep the stored one. */
  secret?: string;
}

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

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const NAME = /^[a-z0-9A-Z]([-_.a-z0-9A-Z]*[a-z0-9A-Z])?$/;
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** How an AWS connection gets credentials: static keys, the Backstage AWS integration, or the default chain. */
function credentialsModeOf(aws: ConnectionInput['aws']): 'static' | 'integration' | 'default-chain' {
  if (aws?.accessKeyId) return 'static';
  return aws?.accountId ? 'integration' : 'default-chain';
}

/** Where a connection definition comes from, and the operator's rules it must follow. */
export interface ConnectionInputRules {
  /**
   * `config`: app-config or the extension point (trusted: may use the backend's own AWS identity). `api`: created
   * or changed through the API (default).
   */
  origin?: 'config' | 'api';
  /** Created through the API (not an update): a secret must come with an access key id. */
  create?: boolean;
  /** Refuses endpoints that are literal addresses in denied ranges (default: no allow-list). */
  egress?: EgressPolicy;
  /** Which API connections may use the backend's own AWS identity (default: none). */
  backendIdentity?: BackendIdentityRules;
}

/**
 * A URL field's problem, or undefined: not an http(s) URL, credentials in it (they would be stored and shown in
 * clear), or a literal address the egress policy refuses (host names are checked when connecting). Never echoes
 * the URL's user-info.
 */
function urlProblem(field: string, raw: string, egress: EgressPolicy, example: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    const shown = raw.includes('@') || raw.length > 100 ? '' : ` (got '${raw}')`;
    return `${field}: must be an http(s) URL${example}${shown}`;
  }
  if (!['http:', 'https:'].includes(url.protocol)) return `${field}: must be an http(s) URL${example}`;
  if (url.username || url.password) return `${field}: must not contain credentials (user:password@): enter them in their own fields`;
  const problem = egress.literalProblem(raw);
  return problem ? `${field}: ${problem}` : undefined;
}

/**
 * Checks a connection definition (from the API body or from app-config) and returns it normalised, or throws
 * one InputError naming every bad field.
 */
export function parseConnectionInput(
  raw: unknown,
  drivers: Map<string, DiscoveryDriver>,
  rules: ConnectionInputRules = {},
): ConnectionInput {
  const egress = rules.egress ?? new EgressPolicy();
  const problems: string[] = [];
  const body = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, any>;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) problems.push('body: must be a JSON object');
  const str = (field: string, value: unknown, opts: { required?: boolean; max?: number; pattern?: RegExp; hint?: string; quiet?: boolean } = {}) => {
    if (value === undefined || value === null || value === '') {
      if (opts.required) problems.push(`${field}: is required`);
      return undefined;
    }
    if (typeof value !== 'string') {
      problems.push(`${field}: must be a string`);
      return undefined;
    }
    if (value.length > (opts.max ?? 255)) problems.push(`${field}: must be at most ${opts.max ?? 255} characters`);
    else if (opts.pattern && !opts.pattern.test(value)) {
      problems.push(`${field}: ${opts.hint ?? `must match ${opts.pattern}`}${opts.quiet ? '' : ` (got '${shownName(value)}')`}`);
    }
    return value;
  };

  const id = str('id', body.id, { required: true, max: 63, pattern: ID, hint: 'lower-case letters, digits and dashes, starting with a letter or digit' });
  const provider = str('provider', body.provider, { required: true }) as DiscoveryProvider | undefined;
  const driver = provider ? drivers.get(provider) : undefined;
  if (provider && !driver) problems.push(`provider: must be one of ${[...drivers.keys()].join(', ')} (got '${shownName(provider)}')`);
  const title = str('title', body.title);
  const datacenter = str('datacenter', body.datacenter ?? id, {
    required: true,
    max: 63,
    pattern: NAME,
    // without a datacenter the id is used: say so, or the caller is told about a field they did not send
    hint: body.datacenter === undefined
      ? 'is the id when not given, and the id is not an entity name (it must end with a letter or digit): set datacenter'
      : 'must be an entity name: letters, digits, - _ .',
  });
  const owner = str('owner', body.owner, { required: true });
  if (owner) {
    try {
      parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: 'default' });
    } catch {
      problems.push(`owner: must be an entity ref such as group:default/platform (got '${shownName(owner)}')`);
    }
  }
  const endpoint = str('endpoint', body.endpoint, { max: 2048, quiet: true });
  const endpointProblem = endpoint ? urlProblem('endpoint', endpoint, egress, '') : undefined;
  if (endpointProblem) problems.push(endpointProblem);
  let regions: string[] = [];
  if (!Array.isArray(body.regions) || body.regions.length === 0) {
    problems.push('regions: must be a non-empty list of region names');
  } else {
    regions = body.regions.map(String);
    const pattern = provider === 'aws' ? AWS_REGION : /^[A-Za-z0-9][\w.-]{0,63}$/;
    const bad = regions.filter(r => !pattern.test(r));
    if (bad.length) problems.push(`regions: not a region name: ${bad.slice(0, 5).map(r => shownName(r)).join(', ')}${bad.length > 5 ? ', …' : ''}`);
    if (new Set(regions).size !== regions.length) problems.push('regions: each region once');
  }
  const lists: ConnectionInput['lists'] = {};
  if (body.lists !== undefined) {
    if (!body.lists || typeof body.lists !== 'object' || Array.isArray(body.lists)) {
      problems.push('lists: must be an object keyed by list id');
    } else {
      for (const [listId, setting] of Object.entries(body.lists as Record<string, any>)) {
        if (driver && !driver.lists.some(l => l.id === listId)) {
          problems.push(`lists.${shownName(listId)}: unknown list; ${provider} has ${driver.lists.map(l => l.id).join(', ')}`);
          continue;
        }
        const entry: { enabled?: boolean; frequencyMinutes?: number } = {};
        if (setting?.enabled !== undefined) {
          if (typeof setting.enabled !== 'boolean') problems.push(`lists.${listId}.enabled: must be true or false`);
          else entry.enabled = setting.enabled;
        }
        if (setting?.frequencyMinutes !== undefined) {
          if (!Number.isInteger(setting.frequencyMinutes) || setting.frequencyMinutes < 1 || setting.frequencyMinutes > 7 * 24 * 60) {
            problems.push(`lists.${listId}.frequencyMinutes: must be a whole number of minutes between 1 and 10080`);
          } else entry.frequencyMinutes = setting.frequencyMinutes;
        }
        lists[listId] = entry;
      }
    }
  }
  let aws: ConnectionInput['aws'];
  let secret: string | undefined;
  if (provider === 'aws') {
    const a = (body.aws ?? {}) as Record<string, unknown>;
    aws = {
      accountId: str('aws.accountId', a.accountId, { pattern: /^\d{12}$/, hint: 'must be 12 digits' }),
      accessKeyId: str('aws.accessKeyId', a.accessKeyId, { max: 128, pattern: /^[A-Z0-9]{16,128}$/, hint: 'must be an access key id such as AKIA…' }),
      roleArn: str('aws.roleArn', a.roleArn, { max: 2048, pattern: /^arn:aws[\w-]*:iam::\d{12}:role\/.+$/, hint: 'must be a role ARN, arn:aws:iam::<account>:role/<name>' }),
      externalId: str('aws.externalId', a.externalId, { max: 1224 }),
    };
    secret = str('aws.secretAccessKey', a.secretAccessKey, { max: 256, quiet: true });
    if (secret && !aws.accessKeyId) problems.push('aws.accessKeyId: is required with aws.secretAccessKey');
    aws = Object.fromEntries(Object.entries(aws).filter(([, v]) => v !== undefined));
    if ((rules.origin ?? 'api') === 'api') {
      // the backend's own identity is for app-config connections and allow-listed accounts / roles
      const identityProblem = (rules.backendIdentity ?? new BackendIdentityRules()).problemOf(aws);
      if (identityProblem) problems.push(identityProblem);
      if (rules.create && aws.accessKeyId && !secret) problems.push('aws.secretAccessKey: is required with aws.accessKeyId');
    }
  }
  let openstack: OpenStackConnectionSettings | undefined;
  if (provider === 'openstack') {
    const o = (body.openstack ?? {}) as Record<string, unknown>;
    if (body.openstack !== undefined && (typeof body.openstack !== 'object' || Array.isArray(body.openstack))) {
      problems.push('openstack: must be an object');
    }
    if (endpoint) problems.push('endpoint: not used by OpenStack connections; set openstack.authUrl');
    const authUrl = str('openstack.authUrl', o.authUrl, { required: true, max: 2048, quiet: true });
    const authUrlProblem = authUrl
      ? urlProblem('openstack.authUrl', authUrl, egress, ' such as https://keystone.example.com:5000/v3')
      : undefined;
    if (authUrlProblem) problems.push(authUrlProblem);
    const apiVersion = str('openstack.apiVersion', o.apiVersion, { max: 8 });
    if (apiVersion && !['v3', '3'].includes(apiVersion)) {
      problems.push(`openstack.apiVersion: only Keystone v3 is supported (got '${shownName(apiVersion)}')`);
    }
    const name = (field: string) => str(`openstack.${field}`, o[field], { max: 255 });
    const settings: Record<string, unknown> = {
      authUrl,
      apiVersion: apiVersion ? 'v3' : undefined,
      username: name('username'),
      userId: name('userId'),
      userDomainId: name('userDomainId'),
      userDomainName: name('userDomainName'),
      projectId: name('projectId'),
      projectName: name('projectName'),
      projectDomainId: name('projectDomainId'),
      projectDomainName: name('projectDomainName'),
      interface: str('openstack.interface', o.interface, { pattern: /^(public|internal|admin)$/, hint: 'must be public, internal or admin' }),
      caBundle: str('openstack.caBundle', o.caBundle, { max: 65536 }),
    };
    if (o.insecure !== undefined) {
      if (typeof o.insecure !== 'boolean') problems.push('openstack.insecure: must be true or false');
      else if (o.insecure) settings.insecure = true;
    }
    if (settings.caBundle && !String(settings.caBundle).includes('-----BEGIN CERTIFICATE-----')) {
      problems.push('openstack.caBundle: must be PEM text (-----BEGIN CERTIFICATE----- …)');
    }
    if (!settings.username && !settings.userId) problems.push('openstack.username: is required (or openstack.userId)');
    if (!settings.projectId && !settings.projectName) problems.push('openstack.projectId: is required (or openstack.projectName)');
    secret = str('openstack.password', o.password, { max: 1024, quiet: true });
    openstack = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as unknown as OpenStackConnectionSettings;
  }
  if (problems.length) throw new InputError(problems.join('; '));
  return {
    id: id!,
    provider: provider!,
    ...(title ? { title } : {}),
    datacenter: datacenter!,
    regions,
    owner: owner!,
    ...(endpoint ? { endpoint } : {}),
    lists,
    ...(aws ? { aws } : {}),
    ...(openstack ? { openstack } : {}),
    ...(secret ? { secret } : {}),
  };
}

/** The field a connection's secret is entered in, for messages. */
export const secretFieldOf = (provider: string) => (provider === 'openstack' ? 'openstack.password' : 'aws.secretAccessKey');

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
  readonly #rules: { egress: EgressPolicy; backendIdentity: BackendIdentityRules };

  constructor(options: { db: Knex; config: Config; drivers: Map<string, DiscoveryDriver>; extra?: unknown[] }) {
    this.#db = options.db;
    this.#drivers = options.drivers;
    this.#box = SecretBox.fromConfig(options.config);
    this.#rules = {
      egress: EgressPolicy.fromConfig(options.config),
      backendIdentity: BackendIdentityRules.fromConfig(options.config),
    };
    const raw = [
      ...(options.config.getOptionalConfigArray('maestro.discovery.connections') ?? []).map(c => c.get()),
      ...(options.extra ?? []),
    ];
    this.#configured = raw.map((entry, i) => {
      try {
        return this.#resolve(parseConnectionInput(entry, this.#drivers, { ...this.#rules, origin: 'config' }), 'config');
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
   * the egress policy for endpoints, and who may use the backend's own AWS identity.
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
      throw new ConflictError(`version: connection '${input.id}' is at version ${current.version}, not ${version}; reload it`);
    }
    // no new secret: keep the stored one, as long as the key it belongs to is unchanged
    const keepSecret = input.secret === undefined;
    const previous = this.#fromRow(current);
    if (keepSecret && current.secret && previous.aws?.accessKeyId !== input.aws?.accessKeyId) {
      throw new InputError('aws.secretAccessKey: is required when the access key id changes');
    }
    // where the password goes and how far it is trusted: any change there asks for the password again
    const trust = (o?: OpenStackConnectionSettings) =>
      JSON.stringify([o?.authUrl, o?.username, o?.userId, o?.userDomainId, o?.userDomainName, o?.interface ?? 'public', o?.caBundle ?? null, o?.insecure === true]);
    if (keepSecret && current.secret && input.provider === 'openstack' && trust(previous.openstack) !== trust(input.openstack)) {
      throw new InputError(
        'openstack.password: is required when the auth URL, the user, the interface or the TLS settings (caBundle, insecure) change',
      );
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
      throw new ConflictError(`version: connection '${input.id}' is at version ${current.version}, not ${version}; reload it`);
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
    const { secret, secretError, listOverrides: _overrides, aws, ...rest } = connection;
    const { externalId, ...publicAws } = aws ?? { credentials: 'default-chain' };
    return {
      ...rest,
      ...(aws ? { aws: { ...publicAws, ...(externalId ? { hasExternalId: true } : {}) } } : {}),
      hasSecret: !!secret || !!secretError,
    };
  }

  #definition(input: ConnectionInput) {
    const { secret: _secret, ...definition } = input;
    return definition;
  }

  #seal(input: ConnectionInput): string | null {
    if (!input.secret) return null;
    if (!this.#box) {
      throw new InputError(
        `${secretFieldOf(input.provider)}: cannot be stored: no encryption key is configured. Set maestro.discovery.encryptionKey (e.g. from \`openssl rand -base64 32\`), or define the connection in app-config with credentials from the environment`,
      );
    }
    return this.#box.seal(input.secret, input.id);
  }

  #fromRow(row: Row): ResolvedConnection {
    const definition = JSON.parse(row.definition) as ConnectionInput;
    let secret: string | undefined;
    let secretError: string | undefined;
    if (row.secret && !this.#box) {
      secretError = 'a secret is stored but maestro.discovery.encryptionKey is not configured: configure the key it was stored with, or enter the secret again';
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
      ...(input.provider === 'aws'
        ? {
            aws: {
              ...input.aws,
              credentials: credentialsModeOf(input.aws),
            },
          }
        : {}),
      ...(input.openstack ? { openstack: input.openstack } : {}),
      ...(input.secret ? { secret: input.secret } : {}),
    };
  }
}
