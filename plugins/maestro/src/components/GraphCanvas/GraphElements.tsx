import { CSSProperties, memo } from 'react';
import {
  BaseEdge,
  getSmoothStepPath,
  Handle,
  MarkerType,
  Position,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import { graphEdgeStyle } from '@maestro/plugin-maestro-common';
import { GROUP_COLOURS, IMPACT_COLOURS, nodeColours } from './graphColours';
import type { ShapedEdge, ShapedNode } from './graphShape';

/** How a drawn element stands out: the selected node, upstream / downstream of it, a search match, or dimmed. */
export type Tone = 'selected' | 'upstream' | 'downstream' | 'match' | 'dimmed' | undefined;

/** Data of a node on the canvas. */
export type GraphNodeData = {
  label: string;
  /** Kind or family under the label; the count of a collapsed group. */
  caption: string;
  fill: string;
  stroke: string;
  tone: Tone;
  missing: boolean;
  group: boolean;
  /** Address of the entity page (none for a missing node or a group). */
  href?: string;
};

/** Data of an edge on the canvas. */
export type GraphEdgeData = { shaped: ShapedEdge; tone: Tone };

export type GraphFlowNode = Node<GraphNodeData, 'business'>;
export type GraphFlowEdge = Edge<GraphEdgeData, 'polyline'>;

const HIDDEN_HANDLE = { opacity: 0, width: 1, height: 1, minWidth: 0, minHeight: 0, border: 0 };

function ringOf(tone: Tone): string | undefined {
  if (tone === 'selected') return `0 0 0 3px ${IMPACT_COLOURS.selected}`;
  if (tone === 'upstream') return `0 0 0 3px ${IMPACT_COLOURS.upstream}`;
  if (tone === 'downstream') return `0 0 0 3px ${IMPACT_COLOURS.downstream}`;
  if (tone === 'match') return `0 0 0 4px ${IMPACT_COLOURS.match}`;
  return undefined;
}

/**
 * A node of a business graph, or a collapsed group: a box in its family's colours with its name (a link to its
 * entity page) and its kind or count. Memoised: panning and zooming do not render it again.
 */
export const BusinessNode = memo(function BusinessNodeBox(props: NodeProps<GraphFlowNode>) {
  const { data } = props;
  return (
    <div
      data-testid={data.group ? 'graph-group-node' : 'graph-node'}
      data-key={props.id}
      data-tone={data.tone ?? ''}
      title={data.missing ? `${data.label}: no record has this key` : data.label}
      style={{
        // the canvas draws far-away nodes as plain blocks of this colour (GraphCanvas, CANVAS_CSS)
        ...({ '--node-stroke': data.stroke } as CSSProperties),
        width: '100%',
        height: '100%',
        boxSizing: 'border-box',
        background: data.fill,
        border: `${data.group ? 2 : 1.5}px ${data.missing ? 'dashed' : 'solid'} ${data.stroke}`,
        borderRadius: data.group ? 10 : 6,
        boxShadow: ringOf(data.tone),
        opacity: data.tone === 'dimmed' ? 0.25 : 1,
        padding: '4px 6px',
        fontSize: 12,
        lineHeight: '16px',
        color: '#212121',
        overflow: 'hidden',
        cursor: 'pointer',
      }}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} style={HIDDEN_HANDLE} />
      <div style={{ fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {data.href ? (
          <a href={data.href} className="nodrag" style={{ color: 'inherit' }} data-entity-link>
            {data.label}
          </a>
        ) : (
          data.label
        )}
      </div>
      <div style={{ color: '#616161', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {data.caption}
      </div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} style={HIDDEN_HANDLE} />
    </div>
  );
});

function edgeColour(tone: Tone, kind: string): string {
  if (tone === 'upstream') return IMPACT_COLOURS.upstream;
  if (tone === 'downstream') return IMPACT_COLOURS.downstream;
  return graphEdgeStyle(kind).stroke;
}

/**
 * An edge: the server's polyline when it has one (the edge between two nodes drawn where the server put them),
 * else a smooth-step path between the two drawn nodes.
 */
export const PolylineEdge = memo(function PolylineEdgePath(props: EdgeProps<GraphFlowEdge>) {
  const points = props.data?.shaped.points;
  let path: string;
  if (points && points.length >= 2) {
    path = `M ${points.map(p => `${p.x},${p.y}`).join(' L ')}`;
  } else {
    [path] = getSmoothStepPath({
      sourceX: props.sourceX,
      sourceY: props.sourceY,
      targetX: props.targetX,
      targetY: props.targetY,
      sourcePosition: props.sourcePosition,
      targetPosition: props.targetPosition,
    });
  }
  const tone = props.data?.tone;
  const count = props.data?.shaped.count ?? 1;
  return (
    <BaseEdge
      id={props.id}
      path={path}
      markerEnd={props.markerEnd}
      interactionWidth={12}
      style={{
        stroke: edgeColour(tone, props.data?.shaped.kind ?? ''),
        strokeWidth: Math.min(1.2 + Math.log2(count) / 2, 3) + (tone === 'upstream' || tone === 'downstream' ? 1 : 0),
        opacity: tone === 'dimmed' ? 0.12 : 1,
        strokeDasharray: graphEdgeStyle(props.data?.shaped.kind ?? 'dependency').dash,
      }}
    />
  );
});

/** The node and edge components (constants: React Flow warns when they change between renders). */
export const NODE_TYPES = { business: BusinessNode };
export const EDGE_TYPES = { polyline: PolylineEdge };

/** The kind under a node's name, with its family when that says more (`Resource · broker`, not `Server · server`). */
function captionOf(node: ShapedNode): string {
  const family = node.family.toLocaleLowerCase('en-US');
  return family === node.kind.toLocaleLowerCase('en-US') || family === 'application'
    ? node.kind
    : `${node.kind} · ${node.family}`;
}

/** The React Flow node of a shaped node. */
export function toFlowNode(node: ShapedNode, tone: Tone, href: string | undefined): GraphFlowNode {
  let colours = nodeColours(node);
  if (node.group) colours = GROUP_COLOURS;
  else if (node.missing) colours = { fill: '#ffffff', stroke: colours.stroke }; // as the SVG export draws it
  return {
    id: node.id,
    type: 'business',
    position: { x: node.x, y: node.y },
    width: node.width,
    height: node.height,
    data: {
      label: node.label,
      caption: node.group ? `${node.group.count} nodes · click to expand` : captionOf(node),
      fill: colours.fill,
      stroke: colours.stroke,
      tone,
      missing: node.missing,
      group: !!node.group,
      href,
    },
    draggable: false,
    connectable: false,
  };
}

// fixed size whatever the edge's width (an aggregated edge is wider)
const ARROW = { type: MarkerType.ArrowClosed, width: 14, height: 14, markerUnits: 'userSpaceOnUse' };

/** The React Flow edge of a shaped edge. */
export function toFlowEdge(edge: ShapedEdge, tone: Tone): GraphFlowEdge {
  return {
    id: edge.id,
    type: 'polyline',
    source: edge.source,
    target: edge.target,
    data: { shaped: edge, tone },
    markerEnd: { ...ARROW, color: edgeColour(tone, edge.kind) },
    focusable: false,
  };
}
