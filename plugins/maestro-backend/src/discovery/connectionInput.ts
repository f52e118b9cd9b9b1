import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { DiscoveryProvider, OpenStackConnectionSettings } from '@maestro/plugin-maestro-common';
import type { ConnectionSettingsContext, DiscoveryDriver, StringFieldRules } from '@maestro/plugin-maestro-node';
import { EgressPolicy } from '../egress';
import { shownName } from '../input/forbiddenKeys';

/**
 * What a client sends to create or replace a connection, checked. The provider's settings are under its id
 * (`aws`, `openstack`, or the id of a provider a module adds), as its driver's `settings.parse` returned them.
 */
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

/** Where a connection definition comes from, and the operator's rules it must follow. */
export interface ConnectionInputRules {
  /**
   * `config`: app-config or the extension point (trusted: may use the backend's own identity). `api`: created or
   * changed through the API (default).
   */
  origin?: 'config' | 'api';
  /** Created through the API (not an update): a secret must come with what it belongs to. */
  create?: boolean;
  /** Refuses endpoints that are literal addresses in denied ranges (default: no allow-list). */
  egress?: EgressPolicy;
}

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const NAME = /^[a-z0-9A-Z]([-_.a-z0-9A-Z]*[a-z0-9A-Z])?$/;
/** Region names of a provider whose form gives no pattern. */
const REGION = /^[A-Za-z0-9][\w.-]{0,63}$/;

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
  if (url.username || url.password)
    return `${field}: must not contain credentials (user:password@): enter them in their own fields`;
  const problem = egress.literalProblem(raw);
  return problem ? `${field}: ${problem}` : undefined;
}

/** A string field reader that adds its problems to `problems`. */
const stringReader =
  (problems: string[]) =>
  (field: string, value: unknown, opts: StringFieldRules = {}): string | undefined => {
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
      problems.push(
        `${field}: ${opts.hint ?? `must match ${opts.pattern}`}${opts.quiet ? '' : ` (got '${shownName(value)}')`}`,
      );
    }
    return value;
  };

/** The `lists` of a definition: known list ids with valid settings. */
function parseLists(
  body: Record<string, any>,
  provider: string | undefined,
  driver: DiscoveryDriver | undefined,
  problems: string[],
) {
  const lists: ConnectionInput['lists'] = {};
  if (body.lists === undefined) return lists;
  if (!body.lists || typeof body.lists !== 'object' || Array.isArray(body.lists)) {
    problems.push('lists: must be an object keyed by list id');
    return lists;
  }
  for (const [listId, setting] of Object.entries(body.lists as Record<string, any>)) {
    if (driver && !driver.lists.some(l => l.id === listId)) {
      problems.push(
        `lists.${shownName(listId)}: unknown list; ${provider} has ${driver.lists.map(l => l.id).join(', ')}`,
      );
      continue;
    }
    const entry: { enabled?: boolean; frequencyMinutes?: number } = {};
    if (setting?.enabled !== undefined) {
      if (typeof setting.enabled !== 'boolean') problems.push(`lists.${listId}.enabled: must be true or false`);
      else entry.enabled = setting.enabled;
    }
    if (setting?.frequencyMinutes !== undefined) {
      if (
        !Number.isInteger(setting.frequencyMinutes) ||
        setting.frequencyMinutes < 1 ||
        setting.frequencyMinutes > 7 * 24 * 60
      ) {
        problems.push(`lists.${listId}.frequencyMinutes: must be a whole number of minutes between 1 and 10080`);
      } else entry.frequencyMinutes = setting.frequencyMinutes;
    }
    lists[listId] = entry;
  }
  return lists;
}

/**
 * Checks a connection definition (from the API body or from app-config) and returns it normalised, or throws
 * one InputError naming every bad field. The common fields are checked here; the provider's own settings by its
 * driver (`settings.parse`), with the same field checks and the egress policy for URLs.
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
  const str = stringReader(problems);

  const id = str('id', body.id, {
    required: true,
    max: 63,
    pattern: ID,
    hint: 'lower-case letters, digits and dashes, starting with a letter or digit',
  });
  const provider = str('provider', body.provider, { required: true }) as DiscoveryProvider | undefined;
  const driver = provider ? drivers.get(provider) : undefined;
  if (provider && !driver)
    problems.push(`provider: must be one of ${[...drivers.keys()].join(', ')} (got '${shownName(provider)}')`);
  const title = str('title', body.title);
  const datacenter = str('datacenter', body.datacenter ?? id, {
    required: true,
    max: 63,
    pattern: NAME,
    // without a datacenter the id is used: say so, or the caller is told about a field they did not send
    hint:
      body.datacenter === undefined
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
    const regionPattern = driver?.form?.regions.pattern;
    const pattern = regionPattern ? new RegExp(regionPattern) : REGION;
    const bad = regions.filter(r => !pattern.test(r));
    if (bad.length)
      problems.push(
        `regions: not a region name: ${bad
          .slice(0, 5)
          .map(r => shownName(r))
          .join(', ')}${bad.length > 5 ? ', …' : ''}`,
      );
    if (new Set(regions).size !== regions.length) problems.push('regions: each region once');
  }
  const lists = parseLists(body, provider, driver, problems);
  const context: ConnectionSettingsContext = {
    body,
    endpoint,
    origin: rules.origin ?? 'api',
    create: rules.create ?? false,
    problem: text => problems.push(text),
    string: str,
    urlProblem: (field, value, example = '') => urlProblem(field, value, egress, example),
  };
  const parsed = driver?.settings?.parse(context) ?? {};
  if (problems.length) throw new InputError(problems.join('; '));
  const settings: JsonObject | undefined = parsed.settings;
  return {
    id: id!,
    provider: provider!,
    ...(title ? { title } : {}),
    datacenter: datacenter!,
    regions,
    owner: owner!,
    ...(endpoint ? { endpoint } : {}),
    lists,
    ...(settings ? { [provider!]: settings } : {}),
    ...(parsed.secret ? { secret: parsed.secret } : {}),
  };
}
