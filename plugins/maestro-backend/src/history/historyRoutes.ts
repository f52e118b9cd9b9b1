import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CustomErrorBase, InputError, NotFoundError } from '@backstage/errors';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import { diffRecords, maestroHistoryReadPermission } from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import type { InventoryStore, RecordAsOf } from '../records/InventoryStore';
import { ChangeFeed, TooManyWaitersError } from './ChangeFeed';
import { QueryReader } from '../input/QueryReader';
import { mustGetRecord } from '../records/recordLookup';

type RouterType = ReturnType<typeof Router>;

/** The record's history before this time was deleted by retention: its state then is unknown (410 Gone). */
export class HistoryPrunedError extends CustomErrorBase {
  name = 'HistoryPrunedError' as const;
  readonly statusCode = 410;
}

/**
 * History reads that need `maestro.history.read` (service principals, such as the catalog module, are allowed by
 * the permissions service): the change feed with its long poll, a record as of a time, and diffs between times.
 */
export function registerHistoryRoutes(
  router: RouterType,
  deps: {
    store: InventoryStore;
    feed: ChangeFeed;
    authorize(req: express.Request, permission: BasicPermission): Promise<BackstageCredentials>;
  },
) {
  const { store, feed, authorize } = deps;

  router.get('/changes', async (req, res) => {
    await authorize(req, maestroHistoryReadPermission);
    const q = new QueryReader(req.query);
    const after = q.integer('after', { min: 0 }) ?? 0;
    const limit = q.integer('limit', { min: 1, max: 5000 }) ?? 500;
    // Long poll: with wait=N, an empty answer is held up to N seconds until a change arrives.
    const waitMs = (q.integer('wait', { min: 0, max: 30 }) ?? 0) * 1000;
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    let changes;
    try {
      changes = await feed.read({ after, limit, waitMs, signal: gone.signal });
    } catch (error) {
      if (error instanceof TooManyWaitersError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
    const cursor = changes.length ? changes[changes.length - 1].position! : after;
    res.json({ changes, cursor });
  });

  router.get('/changes/head', async (req, res) => {
    await authorize(req, maestroHistoryReadPermission);
    res.json({ cursor: await store.feedHead() });
  });

  router.get('/records/:id/as-of', async (req, res) => {
    await authorize(req, maestroHistoryReadPermission);
    const q = new QueryReader(req.query);
    const at = q.timestamp('at');
    if (!at) throw new InputError('at: is required (ISO-8601 time)');
    await mustGetRecord(store, req.params.id);
    const record = known(req.params.id, at, await store.recordAsOf(req.params.id, at));
    if (!record) throw new NotFoundError(`record ${req.params.id} did not exist at ${at}`);
    res.json(record);
  });

  router.get('/records/:id/diff', async (req, res) => {
    await authorize(req, maestroHistoryReadPermission);
    const q = new QueryReader(req.query);
    const from = q.timestamp('from');
    const to = q.timestamp('to') ?? new Date().toISOString();
    if (!from) throw new InputError('from: is required (ISO-8601 time)');
    if (from > to) throw new InputError('from: must not be after to');
    await mustGetRecord(store, req.params.id);
    const before = known(req.params.id, from, await store.recordAsOf(req.params.id, from));
    const after = known(req.params.id, to, await store.recordAsOf(req.params.id, to));
    res.json({ from: before ?? null, to: after ?? null, changes: diffRecords(before, after) });
  });
}

/** The record of an "as of" answer (undefined: it did not exist), or a 410 when its history then is pruned. */
function known(id: string, at: string, asOf: RecordAsOf) {
  if (asOf.status === 'pruned') {
    throw new HistoryPrunedError(
      `at: history of record ${id} is pruned before ${asOf.prunedBefore} (maestro.history.retentionDays); its state at ${at} is unknown`,
    );
  }
  return asOf.status === 'found' ? asOf.record : undefined;
}

