import type express from 'express';
import type Router from 'express-promise-router';
import { decideThenRead } from '../input/authorizeThenRead';
import type { InventoryService } from '../records/InventoryService';
import type { InventoryStore } from '../records/InventoryStore';
import type { RequestContext } from '../service/RequestContext';
import { readDependencyCommit } from './commitInput';
import { DependencyCommits } from './dependencyCommit';

type RouterType = ReturnType<typeof Router>;

/** Whether a request path is one of the dependency routes, whose bodies they read themselves (after authorizing). */
export const isDependencyPath = (path: string) => path.startsWith('/dependencies/');

/**
 * The dependency maker's write: `POST /dependencies/commit` changes the dependencies of applications and the entry
 * applications of systems, all in one transaction, each record with a history entry carrying the commit's reason.
 * The caller is authenticated and must hold `maestro.inventory.update` at least conditionally before the body is
 * read (`readBody` runs only then); the decision is then applied to each record the commit changes.
 */
export function registerDependencyRoutes(
  router: RouterType,
  deps: {
    inventory: InventoryService;
    store: InventoryStore;
    context: RequestContext;
    readBody: express.RequestHandler;
  },
) {
  const { inventory, context } = deps;
  const commits = new DependencyCommits({ inventory, store: deps.store });

  router.post('/dependencies/commit', async (req, res) => {
    const permit = await decideThenRead(deps.readBody, req, res, async () =>
      inventory.authorizeUpdates(await context.credentials(req)),
    );
    const commit = readDependencyCommit(req.body);
    res.json(await commits.commit(commit, permit, req));
  });
}
