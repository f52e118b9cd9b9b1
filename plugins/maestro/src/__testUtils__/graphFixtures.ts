import type {
  BusinessGraphEdgeKind,
  GraphView,
  GraphViewEdge,
  GraphViewNode,
  SavedGraph,
} from '@maestro/plugin-maestro-common';
import { graphsApiRef, GraphsApi } from '../api/GraphsApi';

/** A node of a test view at layer `layer`, column `column` (centres 200 px apart, 100 px per layer). */
export function viewNode(
  key: string,
  family: string,
  layer: number,
  column: number,
  extra: Partial<GraphViewNode> = {},
): GraphViewNode {
  const [kindPart, rest] = key.split(':');
  const name = rest.split('/')[1];
  const kind = kindPart === 'loadbalancer' ? 'LoadBalancer' : kindPart[0].toUpperCase() + kindPart.slice(1);
  return {
    key,
    kind,
    name,
    family,
    depth: layer,
    x: 100 + column * 200,
    y: 50 + layer * 100,
    width: 160,
    height: 44,
    layer,
    ...extra,
  };
}

function viewEdge(source: string, target: string, kind: BusinessGraphEdgeKind, protocol?: string): GraphViewEdge {
  return { key: `${source}->${target}`, source, target, kind, ...(protocol ? { protocol } : {}), points: [] };
}

/**
 * A small estate: client acme → system shop → entry web → api (https) → db and a missing payments app (grpc);
 * api and db run on server srv-1; system billing holds invoices, which depends on api (amqp).
 */
export function shopView(): GraphView {
  const nodes = [
    viewNode('client:default/acme', 'client', 0, 0),
    viewNode('system:default/shop', 'system', 1, 0),
    viewNode('system:default/billing', 'system', 1, 2),
    viewNode('component:default/web', 'application', 2, 0, { system: 'system:default/shop', title: 'Web shop' }),
    viewNode('component:default/invoices', 'application', 2, 2, { system: 'system:default/billing' }),
    viewNode('component:default/api', 'application', 3, 1, { system: 'system:default/shop' }),
    viewNode('component:default/payments', 'application', 4, 2, { missing: true }),
    viewNode('resource:default/db', 'database', 4, 0, { system: 'system:default/shop' }),
    viewNode('server:default/srv-1', 'server', 5, 1),
  ];
  const edges = [
    viewEdge('client:default/acme', 'system:default/shop', 'client'),
    viewEdge('system:default/shop', 'component:default/web', 'entry'),
    viewEdge('system:default/billing', 'component:default/invoices', 'entry'),
    viewEdge('component:default/web', 'component:default/api', 'dependency', 'https'),
    viewEdge('component:default/invoices', 'component:default/api', 'dependency', 'amqp'),
    viewEdge('component:default/api', 'resource:default/db', 'dependency', 'postgres'),
    viewEdge('component:default/api', 'component:default/payments', 'dependency', 'grpc'),
    viewEdge('component:default/api', 'server:default/srv-1', 'runsOn'),
    viewEdge('resource:default/db', 'server:default/srv-1', 'runsOn'),
  ];
  return {
    entries: ['component:default/web'],
    depth: 10,
    nodes,
    edges,
    width: 800,
    height: 600,
    generatedAt: '2026-12-01T10:00:00.000Z',
    metrics: {
      nodes: nodes.length,
      edges: edges.length,
      density: edges.length / (nodes.length * (nodes.length - 1)),
      depthHistogram: [
        { depth: 0, count: 1 },
        { depth: 1, count: 1 },
        { depth: 2, count: 2 },
      ],
      byKind: { Component: 4, System: 2, Client: 1, Resource: 1, Server: 1 },
      byFamily: { application: 4, database: 1, server: 1, system: 2, client: 1 },
      bySystem: { 'system:default/shop': 2, 'system:default/billing': 1 },
      byClient: { 'client:default/acme': 3 },
      byServer: { 'server:default/srv-1': 2 },
      cycles: [],
      clients: ['client:default/acme'],
      systems: ['system:default/billing', 'system:default/shop'],
      applications: ['component:default/api', 'component:default/invoices', 'component:default/web'],
    },
  };
}

/** A saved graph over {@link shopView}. */
export function savedShopGraph(extra: Partial<SavedGraph> = {}): SavedGraph {
  const view = shopView();
  return {
    id: 'g1',
    name: 'Shop',
    entry: { system: 'system:default/shop' },
    depth: 10,
    layers: { infrastructure: true, business: true },
    status: 'ready',
    nodeCount: view.nodes.length,
    edgeCount: view.edges.length,
    generatedAt: view.generatedAt,
    createdBy: 'user:default/alice',
    createdAt: '2026-11-30T09:00:00.000Z',
    updatedBy: 'user:default/bob',
    updatedAt: '2026-12-01T10:00:00.000Z',
    version: 1,
    view,
    ...extra,
  };
}

/** A fake GraphsApi: every method a jest mock; the reads answer empty results unless overridden. */
export function fakeGraphsApi(overrides: Partial<Record<keyof GraphsApi, jest.Mock>> = {}): jest.Mocked<GraphsApi> {
  return {
    listGraphs: jest.fn(async () => ({ items: [], totalCount: 0 })),
    createGraph: jest.fn(),
    previewGraph: jest.fn(),
    getGraph: jest.fn(async () => savedShopGraph()),
    updateGraph: jest.fn(),
    regenerateGraph: jest.fn(),
    compareGraph: jest.fn(),
    deleteGraph: jest.fn(async () => undefined),
    getNodeImpact: jest.fn(),
    getServerImpact: jest.fn(),
    getNeighbourhood: jest.fn(async () => shopView()),
    exportGraph: jest.fn(),
    createShareLink: jest.fn(),
    listShareLinks: jest.fn(async () => []),
    revokeShareLink: jest.fn(async () => undefined),
    backendUrl: jest.fn(async (path: string) => `http://backend.example:7007${path}`),
    ...overrides,
  } as jest.Mocked<GraphsApi>;
}

/** The graphs API entry of `renderMaestroPage`'s other APIs. */
export const withGraphsApi = (api: GraphsApi) => [[graphsApiRef, api] as const];

/**
 * What React Flow needs from the browser and jsdom lacks (React Flow's testing guide): ResizeObserver,
 * DOMMatrixReadOnly, element sizes from their style, SVG bounding boxes.
 */
export function stubReactFlowBrowser() {
  class ResizeObserverStub {
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element) {
      this.callback([{ target } as ResizeObserverEntry], this as unknown as ResizeObserver);
    }
    unobserve() {}
    disconnect() {}
  }
  class DOMMatrixReadOnlyStub {
    m22: number;
    constructor(transform?: string) {
      const scale = transform?.match(/scale\(([1-9.]+)\)/)?.[1];
      this.m22 = scale !== undefined ? Number(scale) : 1;
    }
  }
  (global as any).ResizeObserver = ResizeObserverStub;
  (global as any).DOMMatrixReadOnly = DOMMatrixReadOnlyStub;
  Object.defineProperties(global.HTMLElement.prototype, {
    offsetHeight: {
      configurable: true,
      get() {
        return parseFloat(this.style.height) || 1;
      },
    },
    offsetWidth: {
      configurable: true,
      get() {
        return parseFloat(this.style.width) || 1;
      },
    },
  });
  (global.SVGElement as any).prototype.getBBox = () => ({ x: 0, y: 0, width: 0, height: 0 });
}
