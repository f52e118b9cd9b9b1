import { InputError, NotFoundError } from '@backstage/errors';
import { ChangeAction, diffRecords, maestroHistoryReadPermission } from '@maestro/plugin-maestro-common';
import type Router from 'express-promise-router';
import { QueryReader } from '../input/QueryReader';
import type { InventoryStore, RecordAsOf } from '../records/InventoryStore';
import { mustGetRecord } from '../records/recordLookup';
import type { RecordValidator } from '../records/RecordValidator';
import type { RequestContext } from '../service/RequestContext';
import { HistoryPrunedError } from './HistoryPrunedError';

type RouterType = ReturnType<typeof Router>;

/**
 * History reads, with `maestro.history.read`: a record's timeline, the search across records, a record as of a
 * time, and diffs between times.
 */
export function registerHistoryRoutes(
  router: RouterType,
  deps: { store: InventoryStore; validator: RecordValidator; context: RequestContext },
) {
  const { store, validator, context } = deps;

  router.get('/records/:id/as-of', async (req, res) => {
    await context.authorize(req, maestroHistoryReadPermission);
    const q = new QueryReader(req.query);
    const at = q.timestamp('at');
    if (!at) throw new InputError('at: is required (ISO-8601 time)');
    await mustGetRecord(store, req.params.id);
    const record = recordKnownAt(req.params.id, at, await store.recordAsOf(req.params.id, at));
    if (!record) throw new NotFoundError(`record ${req.params.id} did not exist at ${at}`);
    res.json(record);
  });

  router.get('/records/:id/diff', async (req, res) => {
    await context.authorize(req, maestroHistoryReadPermission);
    const q = new QueryReader(req.query);
    const from = q.timestamp('from');
    const to = q.timestamp('to') ?? new Date().toISOString();
    if (!from) throw new InputError('from: is required (ISO-8601 time)');
    if (from > to) throw new InputError('from: must not be after to');
    await mustGetRecord(store, req.params.id);
    const before = recordKnownAt(req.params.id, from, await store.recordAsOf(req.params.id, from));
    const after = recordKnownAt(req.params.id, to, await store.recordAsOf(req.params.id, to));
    res.json({ from: before ?? null, to: after ?? null, changes: diffRecords(before, after) });
  });

  router.get('/records/:id/history', async (req, res) => {
    await context.authorize(req, maestroHistoryReadPermission);
    const q = new QueryReader(req.query);
    await mustGetRecord(store, req.params.id);
    const items = await store.history(req.params.id, {
      limit: q.integer('limit', { min: 1, max: 500 }) ?? 50,
      beforeSeq: q.integer('before', { min: 1 }),
    });
    res.json({ items });
  });

  router.get('/history', async (req, res) => {
    await context.authorize(req, maestroHistoryReadPermission);
    const q = new QueryReader(req.query);
    const kind = q.string('kind');
    const items = await store.searchHistory({
      kind: kind === undefined ? undefined : validator.kind(kind),
      actor: q.string('actor'),
      action: q.enumValue('action', ['create', 'update', 'delete', 'restore'] as ChangeAction[]),
      from: q.timestamp('from'),
      to: q.timestamp('to'),
      beforeSeq: q.integer('before', { min: 1 }),
      limit: q.integer('limit', { min: 1, max: 500 }) ?? 50,
    });
    res.json({ items });
  });
}

/** The record of an "as of" answer (undefined: it did not exist), or a 410 when its history then is pruned. */
export function recordKnownAt(id: string, at: string, asOf: RecordAsOf) {
  if (asOf.status === 'pruned') {
    throw new HistoryPrunedError(
      `at: history of record ${id} is pruned before ${asOf.prunedBefore} (maestro.history.retentionDays); its state at ${at} is unknown`,
    );
  }
  return asOf.status === 'found' ? asOf.record : undefined;
}
