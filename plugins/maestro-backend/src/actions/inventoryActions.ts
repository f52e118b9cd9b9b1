import { MAESTRO_KIND_NAMES, maestroInventoryReadPermission } from '@maestro/plugin-maestro-common';
import { recordRelations } from '../records/recordRelations';
import { isNumericSpecField, sortField } from '../records/recordRoutes';
import {
  ActionGroup,
  READ_ONLY,
  readInput,
  recordInput,
  recordOf,
  recordSchema,
  requirePermissions,
  Zod,
} from './actionSupport';

/** At most this many records per page of `query-inventory` (the REST API allows 1000; an assistant's context less). */
const MAX_PAGE = 200;
/** At most this many incoming relations of `get-record`. */
const MAX_INCOMING = 500;

const relationSchema = (z: Zod) =>
  z.object({
    type: z.string(),
    field: z.string(),
    target: z.string(),
    recordId: z.string().optional(),
  });

/**
 * The inventory actions, with `maestro.inventory.read` like `GET /records` and `GET /records/:id`: a filtered,
 * paged query, and one record with its relations both ways.
 */
export const registerInventoryActions: ActionGroup = (registry, options) => {
  const { store, validator } = options;

  registry.register({
    name: 'query-inventory',
    title: 'Query the Maestro inventory',
    description: [
      'Lists infrastructure records of the Maestro inventory (servers, databases, load balancers, volumes, networks,',
      'datacenters, applications…), filtered and paged like the inventory page. `q` searches as the inventory page',
      `does (name, title). Kinds: ${MAESTRO_KIND_NAMES.join(', ')}.`,
      'Answers `items` (records with their spec) and `totalCount` (all matches); page with offset and limit.',
    ].join(' '),
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          kind: z
            .string()
            .optional()
            .describe(`The kind of record, one of ${MAESTRO_KIND_NAMES.join(', ')}.`),
          q: z
            .string()
            .optional()
            .describe("Text to search for, as the inventory page's search box (e.g. part of a name)."),
          owner: z
            .string()
            .optional()
            .describe('Only records of this owner (an entity ref, e.g. group:default/platform).'),
          datacenter: z
            .string()
            .optional()
            .describe('Only records in this datacenter: its entity ref (datacenter:default/aws-eu-west-1) or name.'),
          environment: z
            .string()
            .optional()
            .describe('Only records of this environment (spec.environment), e.g. production.'),
          spec: z
            .record(z.string())
            .optional()
            .describe('Exact matches on top-level spec fields, e.g. {"status": "running", "region": "eu-west-1"}.'),
          active: z
            .enum(['true', 'false', 'all'])
            .optional()
            .describe('`true` (default): records in use; `false`: deleted ones; `all`: both.'),
          orderBy: z.string().optional().describe('name (default), kind, updatedAt, createdAt, or spec.<field>.'),
          order: z.enum(['asc', 'desc']).optional().describe('Sort direction (default asc).'),
          offset: z.number().optional().describe('Records to skip (default 0).'),
          limit: z.number().optional().describe(`Records per page, 1 to ${MAX_PAGE} (default 50).`),
        }),
      output: z => z.object({ items: z.array(recordSchema(z)), totalCount: z.number() }),
    },
    action: async ({ input, credentials }) => {
      await requirePermissions(options, credentials, maestroInventoryReadPermission);
      const { datacenter, environment, spec, ...rest } = input;
      const specFields = { ...spec };
      if (datacenter !== undefined) {
        specFields.datacenter = datacenter.includes(':') ? datacenter : `datacenter:default/${datacenter}`;
      }
      if (environment !== undefined) specFields.environment = environment;
      const q = readInput({ ...rest, spec: specFields });
      const kindName = q.string('kind');
      const kind = kindName === undefined ? undefined : validator.kind(kindName);
      const active = q.enumValue('active', ['true', 'false', 'all'] as const) ?? 'true';
      const orderBy = sortField(q.string('orderBy'));
      const output = await store.listRecords({
        kind,
        active: active === 'all' ? undefined : active === 'true',
        search: q.string('q'),
        owner: q.string('owner'),
        specEquals: q.specFilters(),
        orderBy,
        orderNumeric: isNumericSpecField(kind, orderBy),
        order: q.enumValue('order', ['asc', 'desc'] as const),
        offset: q.integer('offset', { min: 0 }) ?? 0,
        limit: q.integer('limit', { min: 1, max: MAX_PAGE }) ?? 50,
      });
      return { output };
    },
  });

  registry.register({
    name: 'get-record',
    title: 'Get a Maestro record with its relations',
    description: [
      'Reads one inventory record (by id or entity ref) with its relations both ways, as the catalog shows them:',
      '`outgoing` (what it points at: runsOn, hostedIn, attachedTo, dependsOn…) and `incoming` (what points at it:',
      'runs, hosts, hasAttached, dependencyOf…). Each relation names the spec field that makes it and the other',
      "end's entity ref and record id.",
    ].join(' '),
    attributes: READ_ONLY,
    schema: {
      input: z => z.object(recordInput(z)),
      output: z =>
        z.object({
          record: recordSchema(z),
          relations: z.object({
            outgoing: z.array(relationSchema(z)),
            incoming: z.array(relationSchema(z)),
            truncated: z.boolean(),
          }),
        }),
    },
    action: async ({ input, credentials }) => {
      await requirePermissions(options, credentials, maestroInventoryReadPermission);
      const record = await recordOf(store, validator, input);
      return { output: { record, relations: await recordRelations(store, record, { limit: MAX_INCOMING }) } };
    },
  });
};
