/**
 * How a business graph is drawn, shared by the server's SVG / PNG renderer and the React Flow page so that an export,
 * an embed and the page show the same colours: a style per node family (falling back to the node's kind, then to a
 * neutral grey), a style per edge kind, and how a missing node (a reference to no record) is marked.
 */
import type { BusinessGraphEdgeKind } from './graphs';

/** Colours of a node's box and its text. @public */
export interface GraphNodeStyle {
  fill: string;
  stroke: string;
  text: string;
}

/** How an edge is drawn: its colour, width and dash pattern (SVG `stroke-dasharray`; none when solid). @public */
export interface GraphEdgeStyle {
  stroke: string;
  width: number;
  dash?: string;
  /** Shown in legends. */
  label: string;
}

const style = (fill: string, stroke: string, text = '#1a1a1a'): GraphNodeStyle => ({ fill, stroke, text });

const APPLICATION = style('#e3f2fd', '#1565c0');
const DATA = style('#e8f5e9', '#2e7d32');
const NETWORK = style('#e0f7fa', '#00838f');
const COMPUTE = style('#eceff1', '#455a64');
const STORAGE = style('#efebe9', '#6d4c41');
const MESSAGING = style('#fff8e1', '#ff8f00');
const OPERATIONS = style('#f3e5f5', '#6a1b9a');
const SECURITY = style('#fce4ec', '#ad1457');
const SYSTEM = style('#ede7f6', '#4527a0');
const CLIENT = style('#fff3e0', '#e65100');

/** The neutral style of a family or kind the palette does not name. @public */
export const GRAPH_DEFAULT_NODE_STYLE: GraphNodeStyle = style('#f5f5f5', '#757575');

/**
 * Node styles by family (`application`, a Resource's `spec.type`, or the kind in lower case: `server`, `database`,
 * `loadbalancer`, `volume`, `system`, `client`). A map without prototype: families come from data.
 * @public
 */
export const GRAPH_NODE_STYLES: Readonly<Record<string, GraphNodeStyle>> = Object.freeze(
  Object.assign(Object.create(null), {
    application: APPLICATION,
    component: APPLICATION,
    database: DATA,
    cache: DATA,
    'object-storage': STORAGE,
    nas: STORAGE,
    volume: STORAGE,
    loadbalancer: NETWORK,
    loadbalance: NETWORK,
    'api-gateway': NETWORK,
    'service-mesh': NETWORK,
    'service-discovery': NETWORK,
    cdn: NETWORK,
    dns: NETWORK,
    vpn: NETWORK,
    server: COMPUTE,
    serverless: COMPUTE,
    'serverless-layer': COMPUTE,
    'container-orchestration': COMPUTE,
    'auto-scaling': COMPUTE,
    'auto-scaling-plan': COMPUTE,
    'machine-learning': COMPUTE,
    broker: MESSAGING,
    smtp: MESSAGING,
    monitor: OPERATIONS,
    logs: OPERATIONS,
    'ci-cd': OPERATIONS,
    repository: OPERATIONS,
    auth: SECURITY,
    system: SYSTEM,
    client: CLIENT,
  }),
);

/** The style of a node: by its family, else by its kind (lower case), else {@link GRAPH_DEFAULT_NODE_STYLE}. @public */
export function graphNodeStyle(node: { family: string; kind: string }): GraphNodeStyle {
  return (
    GRAPH_NODE_STYLES[node.family] ??
    GRAPH_NODE_STYLES[node.kind.toLocaleLowerCase('en-US')] ??
    GRAPH_DEFAULT_NODE_STYLE
  );
}

/** Edge styles by kind: dependencies solid and dark, infrastructure links grey, business links dashed. @public */
export const GRAPH_EDGE_STYLES: Readonly<Record<BusinessGraphEdgeKind, GraphEdgeStyle>> = Object.freeze({
  dependency: { stroke: '#37474f', width: 1.5, label: 'depends on' },
  runsOn: { stroke: '#90a4ae', width: 1, label: 'runs on' },
  targets: { stroke: '#00838f', width: 1, dash: '2 3', label: 'targets' },
  attached: { stroke: '#8d6e63', width: 1, label: 'attached' },
  entry: { stroke: '#4527a0', width: 1.5, dash: '6 3', label: 'entry application' },
  contains: { stroke: '#b39ddb', width: 1, dash: '6 3', label: 'contains' },
  client: { stroke: '#e65100', width: 1, dash: '6 3', label: 'client of' },
});

/** The style of an edge kind (a kind the palette does not know is drawn as a dependency). @public */
export function graphEdgeStyle(kind: string): GraphEdgeStyle {
  return Object.prototype.hasOwnProperty.call(GRAPH_EDGE_STYLES, kind)
    ? GRAPH_EDGE_STYLES[kind as BusinessGraphEdgeKind]
    : GRAPH_EDGE_STYLES.dependency;
}

/** A missing node (referenced, but no active record has its key): its border dashed with this pattern. @public */
export const GRAPH_MISSING_NODE_DASH = '4 3';

/** Corner radius of a node's box, and the text size of its label, in drawing units. @public */
export const GRAPH_NODE_RADIUS = 6;
/** @public */
export const GRAPH_FONT_SIZE = 12;
