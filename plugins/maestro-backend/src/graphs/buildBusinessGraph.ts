import { DirectedGraph } from 'graphology';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { findMaestroKind, InventoryRecord, MaestroReference } from '@maestro/plugin-maestro-common';
import { linkKeyOf } from '../reports/catalogRecordSource';
import { referenceTargets } from '../reports/pivotReport';
import type { RecordSource } from '../reports/singleReport';
import type {
  BusinessGraphEdge,
  BusinessGraphEdgeKind,
  BusinessGraphEntry,
  BusinessGraphLayers,
  BusinessGraphNode,
} from '@maestro/plugin-maestro-common';

export type { BusinessGraphEdge, BusinessGraphEdgeKind, BusinessGraphEntry, BusinessGraphLayers, BusinessGraphNode };

export interface BusinessGraphQuery {
  entry: BusinessGraphEntry;
  /** Dependency hops followed from the entry applications (default 10, at most 50). */
  depth?: number;
  layers?: BusinessGraphLayers;
}

/** A business graph in plain JSON (for routes and exports). */
export interface SerialisedBusinessGraph {
  entries: string[];
  depth: number;
  nodes: BusinessGraphNode[];
  edges: BusinessGraphEdge[];
}

/** The graph as built: graphology for the algorithms (node attributes are the {@link BusinessGraphNode}s). */
export interface BusinessGraph {
  graph: DirectedGraph<BusinessGraphNode, Omit<BusinessGraphEdge, 'source' | 'target'>>;
  entries: string[];
  depth: number;
}

export const DEFAULT_GRAPH_DEPTH = 10;
export const MAX_GRAPH_DEPTH = 50;
/** Refused past this many entry applications or nodes rather than drawing an unreadable, slow graph. */
export const MAX_GRAPH_ENTRIES = 1000;
export const MAX_GRAPH_NODES = 50_000;

const APPLICATION_KINDS = ['Component', 'Resource'];
const INFRASTRUCTURE_KINDS = ['Server', 'Database', 'LoadBalancer', 'Volume'];

const referenceOf = (kind: string, field: string): MaestroReference =>
  findMaestroKind(kind)!.references.find(r => r.field === field)!;

/** Checks the query before any read: one 400 naming `entry`, `depth` or `layers`. */
function checkQuery(query: BusinessGraphQuery, maxEntries: number): { depth: number; layers: BusinessGraphLayers } {
  const problems: string[] = [];
  const depth = query.depth ?? DEFAULT_GRAPH_DEPTH;
  if (!Number.isInteger(depth) || depth < 0 || depth > MAX_GRAPH_DEPTH) {
    problems.push(`depth: an integer from 0 to ${MAX_GRAPH_DEPTH}`);
  }
  const entry = query.entry as Record<string, unknown> | undefined;
  const given = entry && typeof entry === 'object' ? ['system', 'client', 'applications'].filter(k => k in entry) : [];
  if (given.length !== 1) problems.push('entry: exactly one of system, client or applications');
  else if (given[0] === 'applications') {
    const apps = entry!.applications;
    if (!Array.isArray(apps) || !apps.length || apps.some(a => typeof a !== 'string' || !a)) {
      problems.push('entry: applications must be a non-empty list of refs');
    } else if (apps.length > maxEntries) problems.push(`entry: at most ${maxEntries} applications`);
  } else if (typeof entry![given[0]] !== 'string' || !entry![given[0]]) {
    problems.push(`entry: ${given[0]} must be a ref`);
  }
  const layers = query.layers ?? {};
  if (typeof layers !== 'object' || layers === null) problems.push('layers: an object');
  if (problems.length) throw new InputError(problems.join('; '));
  return { depth, layers };
}

/** `kind:namespace/name` of a ref given by the user, or a 400 naming `entry`. */
function keyOfRef(ref: string, defaultKind: string): string {
  try {
    const parsed = parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' });
    return `${parsed.kind}:${parsed.namespace}/${parsed.name}`.toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(`entry: '${ref}' is not a valid ref`);
  }
}

/** Every active record of some kinds, by key (Map: keys come from data, never from an object's prototype). */
async function readKinds(source: RecordSource, kinds: string[]): Promise<Map<string, InventoryRecord>> {
  const byKey = new Map<string, InventoryRecord>();
  for (const kind of kinds) {
    for await (const page of source(kind, { active: true }))
      for (const record of page) byKey.set(linkKeyOf(record), record);
  }
  return byKey;
}

function familyOf(record: InventoryRecord): string {
  if (record.kind === 'Component') return 'application';
  const type = (record.spec as { type?: unknown }).type;
  return record.kind === 'Resource' && typeof type === 'string' ? type : record.kind.toLocaleLowerCase('en-US');
}

/** The dependencies of an application with their protocol, as keys (a malformed ref links nothing). */
function dependenciesOf(record: InventoryRecord): Array<{ key: string; protocol?: string }> {
  const list = (record.spec as { dependencies?: unknown }).dependencies;
  if (!Array.isArray(list)) return [];
  const out: Array<{ key: string; protocol?: string }> = [];
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const { ref, protocol } = item as { ref?: unknown; protocol?: unknown };
    if (typeof ref !== 'string' || !ref) continue;
    try {
      const parsed = parseEntityRef(ref, { defaultKind: 'Component', defaultNamespace: 'default' });
      const key = `${parsed.kind}:${parsed.namespace}/${parsed.name}`.toLocaleLowerCase('en-US');
      out.push(typeof protocol === 'string' ? { key, protocol } : { key });
    } catch {
      // dropped: not a ref
    }
  }
  return out;
}

/** The entry applications' keys of the query, or a 400 naming `entry` when its system / client is unknown. */
async function resolveEntries(
  entry: BusinessGraphEntry,
  systems: () => Promise<Map<string, InventoryRecord>>,
  maxEntries: number,
): Promise<string[]> {
  if ('applications' in entry) {
    const keys = entry.applications.map(ref => {
      const key = keyOfRef(ref, 'Component');
      if (!/^(component|resource):/.test(key)) throw new InputError(`entry: '${ref}' is not an application`);
      return key;
    });
    return [...new Set(keys)];
  }
  const all = await systems();
  const entriesRef = referenceOf('System', 'entryApplications');
  let chosen: InventoryRecord[];
  if ('system' in entry) {
    const system = all.get(keyOfRef(entry.system, 'System'));
    if (!system) throw new InputError(`entry: no active system '${entry.system}'`);
    chosen = [system];
  } else {
    const client = keyOfRef(entry.client, 'Client');
    const clientsRef = referenceOf('System', 'clients');
    chosen = [...all.values()].filter(s => referenceTargets(s, clientsRef).includes(client));
    if (!chosen.length) throw new InputError(`entry: no active system serves client '${entry.client}'`);
  }
  const keys = [...new Set(chosen.flatMap(s => referenceTargets(s, entriesRef)))];
  if (keys.length > maxEntries) throw new InputError(`entry: more than ${maxEntries} entry applications`);
  return keys;
}

/**
 * Builds the business graph of issue #14 from the records of a source: from the entry applications, their
 * dependencies (with protocol) breadth-first up to `depth` hops ("except entry applications, only linked apps are
 * drawn"), then the optional layers. A dependency naming no active record is kept as a `missing` node (so the
 * dangling reference shows) and not followed. Refuses with a 400 naming `entry` / `depth` rather than exceed
 * {@link MAX_GRAPH_NODES}. `maxEntries` (default {@link MAX_GRAPH_ENTRIES}) may be raised by a caller that builds
 * the whole estate on purpose (the neighbourhood graphs: every application an entry).
 */
export async function buildBusinessGraph(
  source: RecordSource,
  query: BusinessGraphQuery,
  options: { maxEntries?: number } = {},
): Promise<BusinessGraph> {
  const maxEntries = options.maxEntries ?? MAX_GRAPH_ENTRIES;
  const { depth, layers } = checkQuery(query, maxEntries);
  let systemRecords: Map<string, InventoryRecord> | undefined;
  const systems = async () => (systemRecords ??= await readKinds(source, ['System']));
  const entries = await resolveEntries(query.entry, systems, maxEntries);
  const apps = await readKinds(source, APPLICATION_KINDS);

  const graph: BusinessGraph['graph'] = new DirectedGraph();
  const nodeOf = (key: string, record: InventoryRecord | undefined, at: number): BusinessGraphNode => {
    if (graph.order >= MAX_GRAPH_NODES) {
      throw new InputError(`depth: the graph exceeds ${MAX_GRAPH_NODES} nodes; lower depth or narrow entry`);
    }
    if (!record) {
      const [lower, rest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
      const kind = findMaestroKind(lower)?.kind ?? lower; // the kind as spelt in records when Maestro knows it
      const family = kind === 'Component' ? 'application' : lower;
      return { key, kind, name: rest.slice(rest.indexOf('/') + 1), family, depth: at, missing: true };
    }
    const node: BusinessGraphNode = { key, kind: record.kind, name: record.name, family: familyOf(record), depth: at };
    if (record.title) node.title = record.title;
    if (record.kind === 'Component' || record.kind === 'Resource') {
      const system = referenceTargets(record, referenceOf(record.kind, 'system'))[0];
      if (system) node.system = system;
    }
    return node;
  };
  /** Adds a node once (keeping its smallest depth). */
  const addNode = (key: string, record: InventoryRecord | undefined, at: number) => {
    if (graph.hasNode(key)) {
      if (graph.getNodeAttribute(key, 'depth') > at) graph.setNodeAttribute(key, 'depth', at);
    } else graph.addNode(key, nodeOf(key, record, at));
  };
  const addEdge = (from: string, to: string, kind: BusinessGraphEdgeKind, protocol?: string) => {
    if (graph.hasEdge(from, to)) return; // one edge per pair: the first kind found wins
    graph.addDirectedEdge(from, to, protocol ? { kind, protocol } : { kind });
  };

  // the applications: breadth-first from the entries, up to `depth` hops
  let frontier = entries;
  for (const key of entries) addNode(key, apps.get(key), 0);
  for (let hop = 1; hop <= depth && frontier.length; hop++) {
    const next: string[] = [];
    for (const key of frontier) {
      const record = apps.get(key);
      if (!record) continue;
      for (const dependency of dependenciesOf(record)) {
        if (!graph.hasNode(dependency.key)) {
          addNode(dependency.key, apps.get(dependency.key), hop);
          next.push(dependency.key);
        }
        addEdge(key, dependency.key, 'dependency', dependency.protocol);
      }
    }
    frontier = next;
  }
  // a dependency may name a database or a load balancer rather than an application: drawn, never followed
  let infraRecords: Map<string, InventoryRecord> | undefined;
  const infraKinds = async () => (infraRecords ??= await readKinds(source, INFRASTRUCTURE_KINDS));
  const neededInfra = graph.filterNodes((_, n) => Boolean(n.missing) && INFRASTRUCTURE_KINDS.includes(n.kind));
  if (neededInfra.length) {
    const infra = await infraKinds();
    for (const key of neededInfra) {
      const record = infra.get(key);
      if (record) graph.replaceNodeAttributes(key, nodeOf(key, record, graph.getNodeAttribute(key, 'depth')));
    }
  }
  // the last hop's applications keep their nodes but their own dependencies are not followed (nor drawn)
  const applicationKeys = graph.filterNodes(k => apps.has(k));
  const infra = layers.infrastructure
    ? await addInfrastructure(await infraKinds(), apps, applicationKeys, addNode, addEdge, graph)
    : undefined;
  if (layers.business) await addBusiness(await systems(), source, infra, applicationKeys, addNode, addEdge, graph);
  return { graph, entries, depth };
}

type AddNode = (key: string, record: InventoryRecord | undefined, at: number) => void;
type AddEdge = (source: string, target: string, kind: BusinessGraphEdgeKind, protocol?: string) => void;

/** Servers of the drawn applications; databases / load balancers on those servers; volumes attached to them. */
async function addInfrastructure(
  infra: Map<string, InventoryRecord>,
  apps: Map<string, InventoryRecord>,
  applicationKeys: string[],
  addNode: AddNode,
  addEdge: AddEdge,
  graph: BusinessGraph['graph'],
) {
  const depthOf = (key: string) => graph.getNodeAttribute(key, 'depth');
  for (const app of applicationKeys) {
    const record = apps.get(app)!;
    for (const server of referenceTargets(record, referenceOf(record.kind, 'servers'))) {
      addNode(server, infra.get(server), depthOf(app));
      addEdge(app, server, 'runsOn');
    }
  }
  const servers = graph.filterNodes((_, n) => n.kind === 'Server');
  const drawn = new Set(servers);
  for (const [key, record] of infra) {
    const on = (kind: string, field: string) =>
      referenceTargets(record, referenceOf(kind, field)).filter(s => drawn.has(s));
    const link = (targets: string[], kind: BusinessGraphEdgeKind) => {
      for (const server of targets) {
        addNode(key, record, depthOf(server));
        addEdge(key, server, kind);
      }
    };
    if (record.kind === 'Database') link(on('Database', 'servers'), 'runsOn');
    else if (record.kind === 'LoadBalancer') {
      link(on('LoadBalancer', 'servers'), 'runsOn');
      link(on('LoadBalancer', 'targets'), 'targets');
    } else if (record.kind === 'Volume') {
      for (const server of on('Volume', 'server')) {
        addNode(key, record, depthOf(server));
        addEdge(server, key, 'attached');
      }
    }
  }
  for (const server of servers) {
    const record = infra.get(server);
    if (!record) continue;
    for (const volume of referenceTargets(record, referenceOf('Server', 'storage'))) {
      addNode(volume, infra.get(volume), depthOf(server));
      addEdge(server, volume, 'attached');
    }
  }
  return infra;
}

/** Systems of the drawn applications (entry and member links, and their databases if drawn) and their clients. */
async function addBusiness(
  systems: Map<string, InventoryRecord>,
  source: RecordSource,
  infra: Map<string, InventoryRecord> | undefined,
  applicationKeys: string[],
  addNode: AddNode,
  addEdge: AddEdge,
  graph: BusinessGraph['graph'],
) {
  const drawn = new Set(applicationKeys);
  const depthOf = (key: string) => graph.getNodeAttribute(key, 'depth');
  const systemKeys = new Set<string>();
  for (const [key, system] of systems) {
    for (const app of referenceTargets(system, referenceOf('System', 'entryApplications'))) {
      if (!drawn.has(app)) continue;
      addNode(key, system, depthOf(app));
      addEdge(key, app, 'entry');
      systemKeys.add(key);
    }
  }
  for (const app of applicationKeys) {
    const system = graph.getNodeAttribute(app, 'system');
    if (!system) continue;
    addNode(system, systems.get(system), depthOf(app));
    addEdge(system, app, 'contains');
    systemKeys.add(system);
  }
  for (const database of graph.filterNodes((_, n) => n.kind === 'Database' && !n.missing)) {
    const record = infra?.get(database);
    for (const system of record ? referenceTargets(record, referenceOf('Database', 'systems')) : []) {
      if (systemKeys.has(system)) addEdge(system, database, 'contains');
    }
  }
  const clients = await readKinds(source, ['Client']);
  for (const key of systemKeys) {
    const system = systems.get(key);
    if (!system) continue;
    for (const client of referenceTargets(system, referenceOf('System', 'clients'))) {
      addNode(client, clients.get(client), depthOf(key));
      addEdge(client, key, 'client');
    }
  }
}

/** The plain JSON form of a built graph: nodes sorted by depth then key, edges by source then target. */
export function serialiseBusinessGraph({ graph, entries, depth }: BusinessGraph): SerialisedBusinessGraph {
  const nodes = graph.mapNodes((_, node) => ({ ...node }));
  nodes.sort((a, b) => a.depth - b.depth || a.key.localeCompare(b.key));
  const edges = graph.mapEdges((_, attributes, source, target) => ({ source, target, ...attributes }));
  edges.sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
  return { entries, depth, nodes, edges };
}
