import { InputError } from '@backstage/errors';
import { MAESTRO_KINDS, maestroInventoryReadPermission, UpdateRecordRequest } from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import { shownName } from '../input/forbiddenKeys';
import { QueryReader } from '../input/QueryReader';
import { requireObject, requireVersion } from '../input/requestFields';
import { versionRead } from '../input/versionRead';
import type { RequestContext } from '../service/RequestContext';
import type { InventoryService } from './InventoryService';
import type { InventoryStore, RecordSortField } from './InventoryStore';
import { mustGetRecord } from './recordLookup';

type RouterType = ReturnType<typeof Router>;

/** `?dryRun=true`: run every check of the write and answer the would-be record, writing nothing. */
const dryRunOf = (query: express.Request['query']) => new QueryReader(query).boolean('dryRun') === true;

const SORT_FIELDS: RecordSortField[] = ['name', 'kind', 'updatedAt', 'createdAt'];

/**
 * The record routes: list (filters, sort, offset or keyset paging), read (with its version as ETag), and the
 * writes (create, update, delete, restore, revert), each made through the inventory service as the caller. Create
 * and update take `?dryRun=true`: every check runs, the would-be record is answered (200, `dryRun: true`), nothing
 * is written.
 * `maestro.inventory.create` is checked before the body is read; update, delete, restore and revert are checked
 * against the stored record after the request's own fields.
 */
export function registerRecordRoutes(
  router: RouterType,
  deps: { store: InventoryStore; inventory: InventoryService; context: RequestContext },
) {
  const { store, inventory, context } = deps;
  const validator = inventory.validator;

  router.get('/records', async (req, res) => {
    await context.authorize(req, maestroInventoryReadPermission);
    const q = new QueryReader(req.query);
    const kindParam = q.string('kind');
    const kind = kindParam === undefined ? undefined : validator.kind(kindParam);
    const active = q.enumValue('active', ['true', 'false', 'all'] as const) ?? 'true';
    const orderBy = sortField(q.string('orderBy'));
    // keyset paging (the catalog's full load): ids after a cursor (empty: from the start), in id order, unaffected
    // by rows that change between pages
    const afterId = req.query.after === undefined ? undefined : q.string('after') ?? '';
    if (afterId !== undefined && (orderBy || q.string('order') || q.string('offset'))) {
      throw new InputError('after: pages in id order; it cannot be combined with orderBy, order or offset');
    }
    const result = await store.listRecords({
      afterId,
      kind,
      active: active === 'all' ? undefined : active === 'true',
      search: q.string('q'),
      owner: q.string('owner'),
      orderBy,
      orderNumeric: isNumericSpecField(kind, orderBy),
      specEquals: q.specFilters(),
      order: q.enumValue('order', ['asc', 'desc'] as const),
      offset: q.integer('offset', { min: 0 }) ?? 0,
      limit: q.integer('limit', { min: 1, max: 1000 }) ?? 50,
    });
    res.json(result);
  });

  router.post('/records', async (req, res) => {
    // authorized (maestro.inventory.create) before the body is looked at
    const dryRun = dryRunOf(req.query);
    const credentials = await context.credentials(req);
    const body = req.body as { reason?: unknown } | undefined;
    const record = await inventory.createRecord(
      req.body,
      context.writer(req, credentials, () => body?.reason),
      {
        dryRun,
      },
    );
    res.status(dryRun ? 200 : 201).json(dryRun ? { ...record, dryRun } : record);
  });

  router.get('/records/:id', async (req, res) => {
    await context.authorize(req, maestroInventoryReadPermission);
    const record = await mustGetRecord(store, req.params.id);
    // the version, for If-Match on a delete or restore
    res.setHeader('ETag', `"${record.version}"`);
    res.json(record);
  });

  router.put('/records/:id', async (req, res) => {
    const dryRun = dryRunOf(req.query);
    const body = requireObject(req.body) as Partial<UpdateRecordRequest>;
    requireVersion(body.version);
    const credentials = await context.credentials(req);
    const record = await inventory.updateRecord(
      req.params.id,
      { version: body.version, title: body.title, owner: body.owner, spec: body.spec },
      context.writer(req, credentials, () => body.reason),
      { dryRun },
    );
    res.json(dryRun ? { ...record, dryRun } : record);
  });

  router.delete('/records/:id', async (req, res) => {
    const q = new QueryReader(req.query);
    const version = versionRead(req, q.integer('version', { min: 1 }));
    const credentials = await context.credentials(req);
    const writer = context.writer(req, credentials, () => q.string('reason'));
    res.json(await inventory.setActive(req.params.id, false, { version }, writer));
  });

  router.post('/records/:id/restore', async (req, res) => {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as { version?: number; reason?: string };
    if (body.version !== undefined && (!Number.isInteger(body.version) || body.version < 1)) {
      throw new InputError('version: must be the positive integer version you read');
    }
    const version = versionRead(req, body.version);
    const credentials = await context.credentials(req);
    const writer = context.writer(req, credentials, () => body.reason);
    res.json(await inventory.setActive(req.params.id, true, { version }, writer));
  });

  router.post('/records/:id/revert', async (req, res) => {
    const body = requireObject(req.body) as { seq?: number; version?: number; reason?: string };
    // a safe integer: 1e20 is an integer to JavaScript but not to the seq column (a 500 on PostgreSQL)
    if (!Number.isSafeInteger(body.seq) || (body.seq as number) < 1) {
      throw new InputError('seq: is required: the history entry (seq) whose version to bring back');
    }
    requireVersion(body.version);
    const credentials = await context.credentials(req);
    const record = await inventory.revertRecord(
      req.params.id,
      { seq: body.seq!, version: body.version },
      context.writer(req, credentials, () => body.reason),
    );
    res.json(record);
  });
}

/** True when the kind's schema declares the top-level spec field in orderBy as a number. */
export function isNumericSpecField(kind: string | undefined, orderBy: string | undefined): boolean {
  if (!kind || !orderBy?.startsWith('spec.')) return false;
  const schema = MAESTRO_KINDS[kind]?.specSchema as { properties?: Record<string, { type?: string }> };
  const type = schema?.properties?.[orderBy.slice('spec.'.length)]?.type;
  return type === 'integer' || type === 'number';
}

/** The `orderBy` of a record list: a record column or `spec.<field>` (a 400 naming `orderBy` otherwise). */
export function sortField(value: string | undefined): RecordSortField | `spec.${string}` | undefined {
  if (value === undefined) return undefined;
  if ((SORT_FIELDS as string[]).includes(value)) return value as RecordSortField;
  if (/^spec\.[A-Za-z][A-Za-z0-9]{0,63}$/.test(value)) return value as `spec.${string}`;
  throw new InputError(`orderBy: must be one of ${SORT_FIELDS.join(', ')} or spec.<field> (got '${shownName(value)}')`);
}
