/**
 * Business graphs on the wire: what the graph routes answer and accept, shared by the backend (which builds, lays
 * out, stores and renders them) and the graph pages (which draw them with React Flow).
 */

/**
 * Where a business graph starts: a system (its entry applications), a client (the entry applications of the
 * systems serving it) or a list of applications; each one an entity ref (`system:default/shop`).
 * @public
 */
export type BusinessGraphEntry = { system: string } | { client: string } | { applications: string[] };

/** What a business graph draws besides the applications and their dependencies. @public */
export interface BusinessGraphLayers {
  /** Servers the applications run on, databases and load balancers on those servers, volumes attached to them. */
  infrastructure?: boolean;
  /** Systems of the applications (entry and member links) and the clients those systems serve. */
  business?: boolean;
}

/** One node of a business graph. @public */
export interface BusinessGraphNode {
  /** `kind:namespace/name`, lower case (as the pivot reports link records); also the entity ref to link to. */
  key: string;
  kind: string;
  name: string;
  title?: string;
  /** `application` for Components, the resource family (`spec.type`) for Resources, else the kind in lower case. */
  family: string;
  /** Key of the application's system, when it names one. */
  system?: string;
  /**
   * Dependency hops from the nearest entry application (0 for the entries). Infrastructure and business nodes take
   * the depth of the nearest application they are linked to.
   */
  depth: number;
  /** A reference points at it but no active record has this key (never expanded further). */
  missing?: boolean;
}

/**
 * Kinds of edges. Every edge points from what depends to what it needs: application → its dependency
 * (`dependency`), application / database / load balancer → server (`runsOn`), load balancer → target server
 * (`targets`), server → volume (`attached`), system → entry application (`entry`), system → member application or
 * database (`contains`), client → system (`client`). So "upstream" (who is affected) is always the in-direction.
 * @public
 */
export type BusinessGraphEdgeKind = 'dependency' | 'runsOn' | 'targets' | 'attached' | 'entry' | 'contains' | 'client';

/** One edge of a business graph. @public */
export interface BusinessGraphEdge {
  source: string;
  target: string;
  kind: BusinessGraphEdgeKind;
  /** The dependency's protocol, when it names one. */
  protocol?: string;
}

/** The figures of a business graph. @public */
export interface BusinessGraphMetrics {
  nodes: number;
  edges: number;
  /** m / (n (n − 1)) for the directed graph; 0 below two nodes. */
  density: number;
  /** Application nodes (Components and Resources, missing ones included) per dependency depth, from 0 up. */
  depthHistogram: Array<{ depth: number; count: number }>;
  /** Counts of nodes by kind, by family, and of application nodes by system, by client and by server. */
  byKind: Record<string, number>;
  byFamily: Record<string, number>;
  bySystem: Record<string, number>;
  byClient: Record<string, number>;
  byServer: Record<string, number>;
  /**
   * Dependency cycles: each strongly connected component of more than one node, and each node depending on
   * itself; keys sorted within a cycle, cycles sorted by their first key.
   */
  cycles: string[][];
  clients: string[];
  systems: string[];
  applications: string[];
}

/** A node reached from another, with the number of edges on the shortest path to it. @public */
export interface ImpactItem {
  key: string;
  kind: string;
  depth: number;
}

/** Who depends on a node and what it needs, both transitively. @public */
export interface NodeImpact {
  key: string;
  /** Who depends on it (directly at depth 1): what is affected if it fails. */
  upstream: ImpactItem[];
  /** What it needs (directly at depth 1). */
  downstream: ImpactItem[];
}

/** What stops working when a server fails, grouped; each list sorted by depth then key. @public */
export interface ServerFailureImpact {
  server: string;
  applications: ImpactItem[];
  /** Databases and load balancers running on (or targeting) it. */
  infrastructure: ImpactItem[];
  systems: ImpactItem[];
  clients: ImpactItem[];
}

/** A node as drawn: the node, where its centre is, its size and its layer (0 at the top). @public */
export interface GraphViewNode extends BusinessGraphNode {
  x: number;
  y: number;
  width: number;
  height: number;
  layer: number;
}

/** An edge as drawn: a stable key, and the polyline it follows (first point at the source). @public */
export interface GraphViewEdge extends BusinessGraphEdge {
  key: string;
  points: Array<{ x: number; y: number }>;
}

/**
 * A business graph built, measured and laid out on the server: what the graph page draws, what the SVG export
 * renders, what a share link shows.
 * @public
 */
export interface GraphView {
  entries: string[];
  depth: number;
  nodes: GraphViewNode[];
  edges: GraphViewEdge[];
  /** Size of the drawing. */
  width: number;
  height: number;
  metrics: BusinessGraphMetrics;
  /** When it was generated, and the time of the inventory it shows when not the current one. */
  generatedAt: string;
  asOf?: string;
}

/** What a saved graph is made from (the body of `POST /graphs`, and of `PUT /graphs/{id}` with a version). @public */
export interface GraphDefinition {
  name: string;
  description?: string;
  entry: BusinessGraphEntry;
  /** Dependency hops from the entries (1–50, default 10). */
  depth?: number;
  layers?: BusinessGraphLayers;
}

/** `ready`: its last generation succeeded; `failed`: the last one failed (the error says why). @public */
export type SavedGraphStatus = 'ready' | 'failed';

/** A saved graph in the list (`GET /graphs`). @public */
export interface SavedGraphSummary {
  id: string;
  name: string;
  description?: string;
  entry: BusinessGraphEntry;
  depth: number;
  layers: BusinessGraphLayers;
  status: SavedGraphStatus;
  error?: string;
  /** Counts of the last generation. */
  nodeCount: number;
  edgeCount: number;
  /** The inventory time the last generation showed, when not the current one. */
  asOf?: string;
  generatedAt: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  version: number;
}

/** A saved graph with its last generation (`GET /graphs/{id}`). @public */
export interface SavedGraph extends SavedGraphSummary {
  view?: GraphView;
}

/** The difference of a graph between two times (`GET /graphs/{id}/compare?from=&to=`). @public */
export interface GraphComparison {
  from: string;
  to: string;
  nodes: { added: BusinessGraphNode[]; removed: BusinessGraphNode[] };
  edges: { added: BusinessGraphEdge[]; removed: BusinessGraphEdge[] };
  counts: { from: { nodes: number; edges: number }; to: { nodes: number; edges: number } };
}

/** A share link of a graph, as its owner sees it (never the token, except once on creation). @public */
export interface GraphShareLink {
  id: string;
  graphId: string;
  /** `live`: the graph re-generated from the current inventory (cached briefly); `snapshot`: frozen when shared. */
  mode: 'live' | 'snapshot';
  label?: string;
  createdBy: string;
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
  revokedBy?: string;
}

/** The answer to creating a share link: the link, the token (shown once) and the addresses to embed. @public */
export interface CreatedGraphShareLink extends GraphShareLink {
  token: string;
  /** Paths under the backend's base URL: the read-only page, the SVG for `<img>`, the HTML page for `<iframe>`. */
  urls: { page: string; svg: string; embed: string };
}
