import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { BusinessGraphEntry, GraphDefinition } from '@maestro/plugin-maestro-common';
import { shownName, shownValue } from '../input/forbiddenKeys';
import { requireObject } from '../input/requestFields';
import { DEFAULT_GRAPH_DEPTH, MAX_GRAPH_DEPTH, MAX_GRAPH_ENTRIES } from './buildBusinessGraph';

export const MAX_GRAPH_NAME = 200;
export const MAX_GRAPH_DESCRIPTION = 2000;
/** A saved graph follows at least one dependency hop (the engine alone also accepts 0). */
export const MIN_GRAPH_DEPTH = 1;

/** A graph definition as validated: depth and both layers always given, entity refs in full (`system:default/shop`). */
export type ValidGraphDefinition = GraphDefinition & {
  depth: number;
  layers: { infrastructure: boolean; business: boolean };
};

const FIELDS = new Set(['name', 'description', 'entry', 'depth', 'layers']);
const ENTRY_KINDS = ['system', 'client', 'applications'] as const;
const LAYERS = new Set(['infrastructure', 'business']);
const MAX_REF = 255;

/** The full ref of `value` when it is an entity ref of one of `kinds` (the first one by default); else a problem. */
function refOf(value: unknown, field: string, kinds: string[], problems: string[]): string | undefined {
  if (typeof value !== 'string' || !value.trim()) {
    problems.push(`${field}: must be an entity ref such as ${kinds[0].toLocaleLowerCase('en-US')}:default/name`);
    return undefined;
  }
  if (value.length > MAX_REF) {
    problems.push(`${field}: an entity ref of at most ${MAX_REF} characters`);
    return undefined;
  }
  try {
    const parsed = parseEntityRef(value.trim(), { defaultKind: kinds[0], defaultNamespace: 'default' });
    if (!kinds.some(k => k.toLocaleLowerCase('en-US') === parsed.kind.toLocaleLowerCase('en-US'))) {
      problems.push(`${field}: '${shownName(value)}' is not a ${kinds.join(' or ')} ref`);
      return undefined;
    }
    return stringifyEntityRef(parsed);
  } catch {
    problems.push(`${field}: '${shownName(value)}' is not a valid entity ref`);
    return undefined;
  }
}

function checkEntry(value: unknown, problems: string[]): BusinessGraphEntry | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.push('entry: must be an object with exactly one of system, client or applications');
    return undefined;
  }
  const entry = value as Record<string, unknown>;
  for (const key of Object.keys(entry)) {
    if (!(ENTRY_KINDS as readonly string[]).includes(key)) {
      problems.push(`entry.${shownName(key)}: is not an entry (system, client or applications)`);
    }
  }
  const given = ENTRY_KINDS.filter(k => Object.prototype.hasOwnProperty.call(entry, k));
  if (given.length !== 1) {
    problems.push(`entry: exactly one of system, client or applications (got ${given.join(', ') || 'none'})`);
    return undefined;
  }
  if (given[0] === 'system') {
    const system = refOf(entry.system, 'entry.system', ['System'], problems);
    return system ? { system } : undefined;
  }
  if (given[0] === 'client') {
    const client = refOf(entry.client, 'entry.client', ['Client'], problems);
    return client ? { client } : undefined;
  }
  const list = entry.applications;
  if (!Array.isArray(list) || !list.length || list.length > MAX_GRAPH_ENTRIES) {
    problems.push(`entry.applications: must be a list of 1 to ${MAX_GRAPH_ENTRIES} application refs`);
    return undefined;
  }
  const before = problems.length;
  const applications = list.map((item, i) =>
    refOf(item, `entry.applications[${i}]`, ['Component', 'Resource'], problems),
  );
  return problems.length === before ? { applications: applications as string[] } : undefined;
}

function checkLayers(value: unknown, problems: string[]): ValidGraphDefinition['layers'] {
  const layers = { infrastructure: false, business: false };
  if (value === undefined) return layers;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.push('layers: must be an object { infrastructure?: boolean, business?: boolean }');
    return layers;
  }
  for (const [key, on] of Object.entries(value)) {
    if (!LAYERS.has(key)) problems.push(`layers.${shownName(key)}: is not a layer (infrastructure, business)`);
    else if (typeof on !== 'boolean') problems.push(`layers.${key}: must be true or false`);
    else layers[key as keyof typeof layers] = on;
  }
  return layers;
}

/**
 * A graph definition from a request body (`POST /graphs`, `PUT /graphs/{id}` without its version, `POST
 * /graphs/preview` without its `asOf`), or one 400 naming every bad field: `name` (1–200 characters; optional with
 * `requireName: false`), `description` (≤ 2000), `entry` (exactly one of `system`, `client`, `applications`, each an
 * entity ref of its kind: `entry.system`, `entry.applications[2]`…), `depth` (an integer 1–50, default 10),
 * `layers` (booleans `infrastructure`, `business`), and any other field. Whether the entry exists is known only
 * when the graph is generated (see generateGraphView).
 */
export function validateGraphDefinition(body: unknown, options: { requireName?: boolean } = {}): ValidGraphDefinition {
  const input = requireObject(body);
  const problems: string[] = [];
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (input.name === undefined && options.requireName === false) {
    // a preview needs no name
  } else if (typeof input.name !== 'string' || !name) problems.push('name: is required (1 to 200 characters)');
  else if (name.length > MAX_GRAPH_NAME) problems.push(`name: at most ${MAX_GRAPH_NAME} characters`);
  if (
    input.description !== undefined &&
    (typeof input.description !== 'string' || input.description.length > MAX_GRAPH_DESCRIPTION)
  ) {
    problems.push(`description: a text of at most ${MAX_GRAPH_DESCRIPTION} characters`);
  }
  const entry = checkEntry(input.entry, problems);
  const depth = input.depth ?? DEFAULT_GRAPH_DEPTH;
  if (!Number.isInteger(depth) || (depth as number) < MIN_GRAPH_DEPTH || (depth as number) > MAX_GRAPH_DEPTH) {
    problems.push(
      `depth: must be an integer from ${MIN_GRAPH_DEPTH} to ${MAX_GRAPH_DEPTH} (got ${shownName(
        String(JSON.stringify(depth)),
      )})`,
    );
  }
  const layers = checkLayers(input.layers, problems);
  // unknown fields last: the message starts with a field of a graph when one is wrong too
  for (const key of Object.keys(input)) {
    if (!FIELDS.has(key)) {
      problems.push(`${shownName(key)}: is not a field of a graph`);
    }
  }
  if (problems.length) throw new InputError(problems.join('; '));
  const definition: ValidGraphDefinition = { name, entry: entry!, depth: depth as number, layers };
  if (typeof input.description === 'string' && input.description) definition.description = input.description;
  return definition;
}

/**
 * A time of the inventory asked for (`asOf`, `from`, `to`): an ISO-8601 time not in the future, normalised to UTC;
 * a 400 naming `field` otherwise. Undefined when absent.
 */
export function parseInventoryTime(value: unknown, field: string, now = Date.now()): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const time = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) {
    throw new InputError(`${field}: must be an ISO-8601 time such as 2026-01-31T12:00:00Z (got ${shownValue(value)})`);
  }
  // a second of slack for the caller's clock
  if (time > now + 1000) throw new InputError(`${field}: is in the future; the inventory is known up to now`);
  return new Date(Math.min(time, now)).toISOString();
}
