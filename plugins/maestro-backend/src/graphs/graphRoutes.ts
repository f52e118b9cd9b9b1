import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import {
  findMaestroKind,
  GraphView,
  maestroGraphCreatePermission,
  maestroGraphDeletePermission,
  maestroGraphReadPermission,
  maestroGraphUpdatePermission,
} from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import { authorizeThenRead as authorizeAndRead } from '../input/authorizeThenRead';
import { shownName } from '../input/forbiddenKeys';
import { QueryReader } from '../input/QueryReader';
import { requireObject, requireVersion } from '../input/requestFields';
import { versionRead } from '../input/versionRead';
import type { InventoryStore } from '../records/InventoryStore';
import type { ReportCatalog } from '../reports/catalogRecordSource';
import type { RequestContext } from '../service/RequestContext';
import { TtlCache } from '../service/TtlCache';
import type { BusinessGraph } from './buildBusinessGraph';
import {
  generateGraphView,
  graphOfView,
  GraphQuery,
  graphRecordSource,
  UnknownGraphEntryError,
} from './generateGraphView';
import { parseInventoryTime, validateGraphDefinition } from './graphDefinition';
import {
  buildEstateGraph,
  compareGraphViews,
  findRecord,
  loneRecordGraph,
  neighbourhoodOf,
  neighbourhoodView,
} from './graphNeighbourhood';
import type { GraphGeneration, GraphStore } from './GraphStore';
import { nodeImpact, whatBreaksIfServerFails } from './impact';

type RouterType = ReturnType<typeof Router>;

/** Whether a request path is one of the graph routes, whose bodies they read themselves (after authorizing). */
export const isGraphPath = (path: string) => path === '/graphs' || path.startsWith('/graphs/');

/** How long a replica keeps the estate graph the neighbourhoods are cut from (per caller and store change). */
const ESTATE_TTL_MS = 5_000;
/** At most this many estate nodes kept per replica (all callers together). */
const ESTATE_MAX_NODES = 500_000;
const MAX_NEIGHBOURHOOD_DEPTH = 4;

/**
 * Saved business graphs under /graphs: list and read (`maestro.graph.read`), save (`…create`: generated at once),
 * change and re-generate, now or as of a time (`…update`), delete (`…delete`); a preview without saving, a
 * comparison of two times, impact analyses over a saved view, and the neighbourhood of any entity (all
 * `…read`). The permission is decided before a body is read. Graphs of the current inventory include the catalog's
 * own Components, Systems and Resources, read as the caller; graphs of a past time only the store's history. Every
 * write is audited.
 */
export function registerGraphRoutes(
  router: RouterType,
  deps: {
    graphs: GraphStore;
    store: InventoryStore;
    context: RequestContext;
    readBody: express.RequestHandler;
    /** The catalog as the caller (git-defined entities count in graphs of now); none: the store only. */
    catalog?: (req: express.Request) => Promise<ReportCatalog>;
  },
) {
  const { graphs, store, context } = deps;

  const authorizeThenRead = (req: express.Request, res: express.Response, permission: BasicPermission) =>
    authorizeAndRead(context, deps.readBody, req, res, permission);

  /** The store (and the catalog as the caller) now, or the store's history `asOf` a time. */
  const sourceAt = async (req: express.Request, asOf?: string) =>
    graphRecordSource(store, { asOf, catalog: !asOf && deps.catalog ? await deps.catalog(req) : undefined });

  /** The whole estate as the caller sees it: keyed by caller and the store's last change. */
  const estates = new TtlCache<BusinessGraph>({
    ttlMs: ESTATE_TTL_MS,
    maxEntries: 50,
    maxWeight: ESTATE_MAX_NODES,
    weigh: estate => estate.graph.order,
  });

  router.get('/graphs', async (req, res) => {
    await context.authorize(req, maestroGraphReadPermission);
    const q = new QueryReader(req.query);
    const offset = q.integer('offset', { min: 0 }) ?? 0;
    const limit = q.integer('limit', { min: 1, max: 500 }) ?? 50;
    res.json(await graphs.list({ offset, limit }));
  });

  router.post('/graphs', async (req, res) => {
    const credentials = await authorizeThenRead(req, res, maestroGraphCreatePermission);
    const definition = validateGraphDefinition(req.body);
    const view = await generateGraphView(definition, { source: await sourceAt(req) });
    const created = await context.audited(
      req,
      'graph-create',
      { name: definition.name, entry: definition.entry, nodes: view.nodes.length },
      () => graphs.create(definition, view, context.actorOf(credentials)),
      g => ({ id: g.id, version: g.version }),
    );
    res.status(201).json(created);
  });

  router.post('/graphs/preview', async (req, res) => {
    await authorizeThenRead(req, res, maestroGraphReadPermission);
    const { asOf: rawAsOf, ...rest } = requireObject(req.body);
    const asOf = parseInventoryTime(rawAsOf, 'asOf');
    const definition = validateGraphDefinition(rest, { requireName: false });
    res.json(await generateGraphView(definition, { source: await sourceAt(req, asOf), asOf }));
  });

  router.get('/graphs/neighbourhood', async (req, res) => {
    const credentials = await context.authorize(req, maestroGraphReadPermission);
    const q = new QueryReader(req.query);
    const entity = q.string('entity');
    const depth = q.integer('depth', { min: 1, max: MAX_NEIGHBOURHOOD_DEPTH }) ?? 2;
    if (!entity) throw new InputError('entity: is required (an entity ref such as component:default/web)');
    let kind: string;
    let key: string;
    try {
      const parsed = parseEntityRef(entity, { defaultKind: 'Component', defaultNamespace: 'default' });
      kind = parsed.kind;
      key = `${parsed.kind}:${parsed.namespace}/${parsed.name}`.toLocaleLowerCase('en-US');
    } catch {
      throw new InputError(`entity: '${shownName(entity)}' is not a valid entity ref`);
    }
    const cacheKey = JSON.stringify([context.actorOf(credentials), await store.feedHead()]);
    const { value: estate } = await estates.get(cacheKey, async () => buildEstateGraph(await sourceAt(req)));
    let neighbourhood = neighbourhoodOf(estate, key, depth);
    if (!neighbourhood) {
      // linked to nothing the estate draws (a server hosting no application, a system without applications)
      const maestroKind = findMaestroKind(kind)?.kind;
      const record = maestroKind ? await findRecord(await sourceAt(req), maestroKind, key) : undefined;
      if (!record) throw new NotFoundError(`entity: no active entity '${shownName(entity)}'`);
      neighbourhood = loneRecordGraph(record, depth);
    }
    res.json(neighbourhoodView(neighbourhood, new Date().toISOString()));
  });

  router.get('/graphs/:id', async (req, res) => {
    await context.authorize(req, maestroGraphReadPermission);
    const graph = await graphs.get(req.params.id);
    // the version, for If-Match on a delete
    res.setHeader('ETag', `"${graph.version}"`);
    res.json(graph);
  });

  router.put('/graphs/:id', async (req, res) => {
    const credentials = await authorizeThenRead(req, res, maestroGraphUpdatePermission);
    const { version, ...rest } = requireObject(req.body);
    requireVersion(version);
    const definition = validateGraphDefinition(rest);
    const id = req.params.id;
    await graphs.assertVersion(id, version); // a stale version is refused before generating
    const view = await generateGraphView(definition, { source: await sourceAt(req) });
    const updated = await context.audited(
      req,
      'graph-update',
      { id, version, name: definition.name, entry: definition.entry },
      () => graphs.update(id, definition, view, version, context.actorOf(credentials)),
      g => ({ version: g.version, nodes: g.nodeCount }),
    );
    res.json(updated);
  });

  router.post('/graphs/:id/regenerate', async (req, res) => {
    const credentials = await authorizeThenRead(req, res, maestroGraphUpdatePermission);
    const { asOf: rawAsOf, ...rest } = requireObject(req.body ?? {});
    const asOf = parseInventoryTime(rawAsOf, 'asOf');
    const extra = Object.keys(rest);
    if (extra.length) throw new InputError(`${shownName(extra[0])}: is not a field of a regeneration (asOf)`);
    const graph = await graphs.get(req.params.id);
    const source = await sourceAt(req, asOf); // a time before the history retention: 410, nothing saved
    let generation: GraphGeneration;
    try {
      generation = { view: await generateGraphView(queryOf(graph), { source, asOf }) };
    } catch (error) {
      // the inventory no longer has the entry, or the graph grew past the cap: saved as a failed generation
      if (!(error instanceof InputError)) throw error;
      generation = { error: error.message, at: new Date().toISOString() };
    }
    const saved = await context.audited(
      req,
      'graph-regenerate',
      { id: graph.id, version: graph.version, ...(asOf ? { asOf } : {}) },
      () => graphs.saveGeneration(graph.id, graph.version, generation, context.actorOf(credentials)),
      g => ({ version: g.version, status: g.status, nodes: g.nodeCount }),
    );
    res.json(saved);
  });

  router.get('/graphs/:id/compare', async (req, res) => {
    await context.authorize(req, maestroGraphReadPermission);
    const q = new QueryReader(req.query);
    const now = new Date().toISOString();
    const from = parseInventoryTime(q.string('from'), 'from');
    if (!from) throw new InputError('from: is required (an ISO-8601 time such as 2026-01-31T12:00:00Z)');
    const to = parseInventoryTime(q.string('to'), 'to');
    const query = queryOf(await graphs.get(req.params.id));
    // both times from the store and its history: the catalog keeps no history, so its entities would all show as
    // added at `to`
    const generate = async (asOf: string | undefined): Promise<GraphView | undefined> => {
      const source = await graphRecordSource(store, { asOf });
      try {
        return await generateGraphView(query, { source, asOf });
      } catch (error) {
        if (error instanceof UnknownGraphEntryError) return undefined; // the entry did not exist then: empty
        throw error;
      }
    };
    const [before, after] = [await generate(from), await generate(to)];
    res.json(compareGraphViews(before, after, { from, to: to ?? now }));
  });

  router.get('/graphs/:id/impact', async (req, res) => {
    await context.authorize(req, maestroGraphReadPermission);
    const node = new QueryReader(req.query).string('node');
    if (!node) throw new InputError('node: is required (the key of a node of the graph, e.g. component:default/web)');
    const built = graphOfView(await savedView(req.params.id));
    res.json(nodeImpact(built, node.toLocaleLowerCase('en-US')));
  });

  router.get('/graphs/:id/server-impact', async (req, res) => {
    await context.authorize(req, maestroGraphReadPermission);
    const server = new QueryReader(req.query).string('server');
    if (!server)
      throw new InputError('server: is required (the key of a server of the graph, e.g. server:default/db1)');
    const built = graphOfView(await savedView(req.params.id));
    res.json(whatBreaksIfServerFails(built, server.toLocaleLowerCase('en-US')));
  });

  router.delete('/graphs/:id', async (req, res) => {
    await context.authorize(req, maestroGraphDeletePermission);
    const q = new QueryReader(req.query);
    const given = q.integer('version', { min: 1 });
    const version = given !== undefined || req.headers['if-match'] ? versionRead(req, given) : undefined;
    const id = req.params.id;
    await context.audited(
      req,
      'graph-delete',
      { id, ...(version === undefined ? {} : { version }) },
      () => graphs.delete(id, version),
      r => r,
    );
    res.status(204).end();
  });

  /** The last view of a saved graph (every saved graph has one: its first generation succeeded). */
  async function savedView(id: string): Promise<GraphView> {
    const graph = await graphs.get(id);
    if (!graph.view) throw new NotFoundError(`graph ${id} has no generated view`);
    return graph.view;
  }
}

/** What a saved graph is generated from. */
function queryOf(graph: { entry: GraphQuery['entry']; depth: number; layers: GraphQuery['layers'] }): GraphQuery {
  return { entry: graph.entry, depth: graph.depth, layers: graph.layers };
}
