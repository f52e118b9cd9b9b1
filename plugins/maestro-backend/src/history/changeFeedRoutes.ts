import { maestroHistoryReadPermission } from '@maestro/plugin-maestro-common';
import type Router from 'express-promise-router';
import { QueryReader } from '../input/QueryReader';
import type { InventoryStore } from '../records/InventoryStore';
import type { RequestContext } from '../service/RequestContext';
import { ChangeFeed, TooManyWaitersError } from './ChangeFeed';

type RouterType = ReturnType<typeof Router>;

/**
 * The change feed (`maestro.history.read`; service principals such as the catalog module are allowed by the
 * permissions service): changes after a cursor, with a long poll, and the current head.
 */
export function registerChangeFeedRoutes(
  router: RouterType,
  deps: { store: InventoryStore; feed: ChangeFeed; context: RequestContext },
) {
  const { store, feed, context } = deps;

  router.get('/changes', async (req, res) => {
    await context.authorize(req, maestroHistoryReadPermission);
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
    await context.authorize(req, maestroHistoryReadPermission);
    res.json({ cursor: await store.feedHead() });
  });
}
