import type { AuditorService, BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import type { z as zod } from 'zod/v3';
import type { GraphStore } from '../graphs/GraphStore';
import { shownName } from '../input/forbiddenKeys';
import { QueryReader } from '../input/QueryReader';
import type { InventoryStore } from '../records/InventoryStore';
import { mustGetRecord } from '../records/recordLookup';
import type { RecordValidator } from '../records/RecordValidator';
import type { ReportCatalog } from '../reports/catalogRecordSource';
import type { ReportStore } from '../reports/ReportStore';
import { requirePermission } from '../service/RequestContext';

/** The zod the actions registry hands each schema (zod 3's API). */
export type Zod = typeof zod;

/** What Maestro's actions read through: the same stores and checks as the REST routes. */
export interface MaestroActionsOptions {
  store: InventoryStore;
  validator: RecordValidator;
  reports: ReportStore;
  graphs: GraphStore;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** The catalog as the caller (git-defined entities count in report runs of now); none: the store only. */
  catalog?: (credentials: BackstageCredentials) => Promise<ReportCatalog>;
}

/** Registers one group of actions. */
export type ActionGroup = (registry: ActionsRegistryService, options: MaestroActionsOptions) => void;

/** Every Maestro action only reads: safe to retry, changes nothing. */
export const READ_ONLY = { readOnly: true, idempotent: true, destructive: false } as const;

/**
 * The caller's permissions, checked one after the other like the REST route does: a NotAllowedError naming the
 * first one the policy refuses.
 */
export async function requirePermissions(
  options: MaestroActionsOptions,
  credentials: BackstageCredentials,
  ...permissions: BasicPermission[]
): Promise<void> {
  for (const permission of permissions) await requirePermission(options.permissions, credentials, permission);
}

/**
 * An action's input read like the REST API's query parameters (same checks, same messages naming the field):
 * numbers and booleans as their text, a `spec` object as `spec.<field>` parameters.
 */
export function readInput(input: Record<string, unknown>): QueryReader {
  const query: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    if (key === 'spec' && typeof value === 'object' && !Array.isArray(value)) {
      for (const [field, v] of Object.entries(value)) query[`spec.${field}`] = typeof v === 'string' ? v : String(v);
    } else {
      query[key] = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    }
  }
  return new QueryReader(query);
}

/** The page an action's input asks for: `offset` (0 and up, default 0) and `limit` (1 to `max`, default 50). */
export function pageOf(q: QueryReader, max: number): { offset: number; limit: number } {
  return { offset: q.integer('offset', { min: 0 }) ?? 0, limit: q.integer('limit', { min: 1, max }) ?? 50 };
}

/** The input naming one record: its id, or its entity ref. */
export const recordInput = (z: Zod) => ({
  id: z.string().optional().describe('The record id (a UUID, as `query-inventory` returns). Give id or ref.'),
  ref: z
    .string()
    .optional()
    .describe('The entity ref of the record, e.g. `server:default/web-01` or `datacenter:default/aws-eu-west-1`.'),
});

/** The record an input names (by `id` or `ref`): a 400 naming the field when neither or both are given, 404 if none. */
export async function recordOf(
  store: InventoryStore,
  validator: RecordValidator,
  input: { id?: string; ref?: string },
): Promise<InventoryRecord> {
  const q = readInput(input);
  const id = q.string('id');
  const ref = q.string('ref');
  if ((id === undefined) === (ref === undefined)) throw new InputError('id: give either id or ref (not both)');
  if (id !== undefined) return mustGetRecord(store, id);
  let kind: string;
  let name: string;
  try {
    const parsed = parseEntityRef(ref!);
    if (parsed.namespace !== 'default') throw new Error('namespace');
    kind = validator.kind(parsed.kind);
    name = parsed.name;
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`ref: ${error.message}`);
    throw new InputError(`ref: '${shownName(ref!)}' is not an entity ref of a Maestro record (kind:default/name)`);
  }
  const [found] = await store.findByNames(kind, [name]);
  if (!found) throw new NotFoundError(`ref: no inventory record ${shownName(ref!)}`);
  return mustGetRecord(store, found.id);
}

/** A record as the REST API answers it. */
export const recordSchema = (z: Zod) =>
  z.object({
    id: z.string(),
    kind: z.string(),
    name: z.string(),
    title: z.string().optional(),
    owner: z.string(),
    spec: z.record(z.unknown()),
    version: z.number(),
    active: z.boolean(),
    source: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    createdBy: z.string(),
    updatedBy: z.string(),
  });

/** Saved definitions (reports, graphs) as their stores list them. */
interface SavedDefinitions<T extends { id: string; name: string }> {
  list(options: { offset: number; limit: number }): Promise<{ items: T[]; totalCount: number }>;
}

const NAME_PAGE = 200;

/**
 * The id of the saved report or graph that `value` names: its id, or its name (case-insensitively, read a page at a
 * time). A 404 naming `field` when none has it, a 400 when several share the name.
 */
export async function savedIdOf<T extends { id: string; name: string }>(
  definitions: SavedDefinitions<T>,
  value: string,
  field: string,
): Promise<string> {
  const wanted = value.toLocaleLowerCase('en-US');
  const matches: T[] = [];
  for (let offset = 0; ; offset += NAME_PAGE) {
    const { items } = await definitions.list({ offset, limit: NAME_PAGE });
    const byId = items.find(item => item.id === value);
    if (byId) return byId.id;
    matches.push(...items.filter(item => item.name.toLocaleLowerCase('en-US') === wanted));
    if (items.length < NAME_PAGE) break;
  }
  if (matches.length > 1) {
    throw new InputError(`${field}: ${matches.length} share the name '${shownName(value)}'; give one of their ids`);
  }
  if (!matches.length) throw new NotFoundError(`${field}: none has the id or name '${shownName(value)}'`);
  return matches[0].id;
}
