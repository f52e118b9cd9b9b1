import type { DiscoveryProviderDescription } from '@maestro/plugin-maestro-common';
import type { DiscoveryDriver } from '@maestro/plugin-maestro-node';

const PROVIDER_ID = /^[a-z][a-z0-9]{0,31}$/;
const LIST_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Fields every connection has: a provider's form may show them (AWS shows `endpoint`), not redefine them. */
const COMMON_FIELDS = ['endpoint'];

function isRegExp(pattern: string): boolean {
  try {
    return RegExp(pattern) instanceof RegExp;
  } catch {
    return false;
  }
}

/** Why a driver cannot be used (`provider 'x': problem`), or undefined. */
function driverProblem(driver: DiscoveryDriver): string | undefined {
  const provider = String((driver as { provider?: unknown })?.provider ?? '');
  if (!PROVIDER_ID.test(provider)) {
    return `provider '${provider.slice(
      0,
      64,
    )}': the id must be lower-case letters and digits, starting with a letter (at most 32)`;
  }
  const name = `provider '${provider}'`;
  if (typeof driver.open !== 'function') return `${name}: open(connection, signal) is missing`;
  if (!Array.isArray(driver.lists) || driver.lists.length === 0) return `${name}: lists must name at least one list`;
  const ids = new Set<string>();
  for (const list of driver.lists) {
    if (!LIST_ID.test(String(list?.id)))
      return `${name}: list id '${String(list?.id).slice(0, 64)}' must be lower-case letters, digits and dashes`;
    if (ids.has(list.id)) return `${name}: list '${list.id}' is defined twice`;
    ids.add(list.id);
    const minutes = list.defaultFrequencyMinutes;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 10080) {
      return `${name}: list '${list.id}': defaultFrequencyMinutes must be a whole number between 1 and 10080`;
    }
    if (!Array.isArray(list.iamActions))
      return `${name}: list '${list.id}': iamActions must be a list (possibly empty)`;
  }
  for (const field of driver.form?.fields ?? []) {
    if (!field.name.startsWith(`${provider}.`) && !COMMON_FIELDS.includes(field.name)) {
      return `${name}: form field '${field.name}' must be under '${provider}.' (a connection holds the provider's settings under its id)`;
    }
  }
  const pattern = driver.form?.regions.pattern;
  if (pattern !== undefined && !isRegExp(pattern)) return `${name}: form.regions.pattern is not a regular expression`;
  return undefined;
}

/**
 * The discovery providers of this backend: the built-in ones (AWS, OpenStack), then those backend modules added
 * through `maestroDiscoveryExtensionPoint.addDriver` (one with a built-in id replaces it). A driver that cannot be
 * used refuses the start-up with a message naming it and the problem.
 */
export function discoveryProviders(
  builtIn: DiscoveryDriver[],
  added: DiscoveryDriver[] = [],
): Map<string, DiscoveryDriver> {
  const drivers = new Map<string, DiscoveryDriver>();
  for (const driver of builtIn) drivers.set(driver.provider, driver);
  for (const driver of added) {
    const problem = driverProblem(driver);
    if (problem) throw new Error(`maestroDiscoveryExtensionPoint.addDriver: ${problem}`);
    drivers.set(driver.provider, driver);
  }
  return drivers;
}

/** The providers as `GET /discovery/providers` answers them: each list with its defaults, and the connection form. */
export function describeProviders(drivers: DiscoveryDriver[]): DiscoveryProviderDescription[] {
  return drivers.map(d => ({
    provider: d.provider,
    lists: d.lists.map(({ id, title, iamActions, global, defaultFrequencyMinutes }) => ({
      id,
      title,
      iamActions,
      ...(global ? { global } : {}),
      defaultFrequencyMinutes,
    })),
    ...(d.form ? { form: d.form } : {}),
  }));
}
