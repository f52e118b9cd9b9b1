import { MouseEvent as ReactMouseEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, useStore } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useNavigate } from 'react-router-dom';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import type { GraphView, GraphViewNode } from '@maestro/plugin-maestro-common';
import { EDGE_TYPES, GraphFlowEdge, GraphFlowNode, NODE_TYPES, toFlowEdge, toFlowNode, Tone } from './GraphElements';
import { GraphToolbar } from './GraphToolbar';
import {
  describeEdge,
  GraphShapeOptions,
  initialShape,
  listGroups,
  listKinds,
  searchNodes,
  shapeGraph,
  ShapedNode,
} from './graphShape';

/** Nodes to highlight: the selected one, who depends on it (upstream) and what it needs (downstream). */
export interface GraphHighlight {
  selected?: string;
  upstream?: ReadonlySet<string>;
  downstream?: ReadonlySet<string>;
}

/** Props of {@link GraphCanvas}. */
export interface GraphCanvasProps {
  view: GraphView;
  /** Height of the drawing (default 600 px). */
  height?: number | string;
  /** A click on a node drawn as itself (a click on a collapsed group expands it). */
  onNodeClick?: (node: GraphViewNode) => void;
  /** Impact highlight: the others are dimmed while a node is selected. */
  highlight?: GraphHighlight;
  /** Starting shape, instead of the default (grouped by system and collapsed above 1,500 nodes). */
  initialOptions?: GraphShapeOptions;
  /**
   * Above this many drawn nodes only the elements in view are rendered (default 2,500: below it, rendering only
   * what is in view costs more on every pan frame than it saves, as React Flow re-computes the visible set).
   */
  renderVisibleAbove?: number;
}

/** Below this zoom the node labels (12 px text drawn under 6 px) are left out. */
const FAR_ZOOM = 0.5;

/**
 * The drawing on its own compositor layer (a pan moves painted pixels), the edge handles (anchors, never shown)
 * not painted, and, when far, nodes drawn as plain blocks of their family's colour without their labels, and edges
 * as plain lines that take no pointer events (painting a thousand bordered, rounded, labelled boxes, and hit-testing
 * thousands of edges under the dragging pointer, is what made panning slow).
 */
const CANVAS_CSS =
  '.maestro-graph-canvas .react-flow__viewport { will-change: transform; } ' +
  '.maestro-graph-canvas .react-flow__handle { visibility: hidden; } ' +
  '.maestro-graph-far .react-flow__node [data-testid] > div { visibility: hidden; } ' +
  '.maestro-graph-far .react-flow__node [data-testid] { background: var(--node-stroke) !important; ' +
  'border-width: 0 !important; border-radius: 0 !important; } ' +
  '.maestro-graph-far .react-flow__edge, .maestro-graph-far .react-flow__edge * { pointer-events: none; } ' +
  '.maestro-graph-far .react-flow__edge path { marker-end: none !important; stroke-dasharray: none !important; }';

/** The entity page route of a node key (`component:default/shop-web`), undefined for a key that is not a ref. */
function useEntityHref(): (node: ShapedNode) => string | undefined {
  const entityRoute = useRouteRef(entityRouteRef);
  return useCallback(
    (node: ShapedNode) => {
      if (!node.node || node.missing) return undefined;
      try {
        const ref = parseEntityRef(node.node.key);
        return entityRoute({ kind: ref.kind, namespace: ref.namespace, name: ref.name });
      } catch {
        return undefined;
      }
    },
    [entityRoute],
  );
}

function GraphCanvasInner(props: GraphCanvasProps) {
  const { view, highlight, onNodeClick } = props;
  const flow = useReactFlow();
  // level of detail: zoomed out past where labels are readable, the boxes are drawn without their text (painting
  // the text of a thousand boxes is what made panning slow); the name shows again on zooming in, and on hover
  const far = useStore(state => state.transform[2] < FAR_ZOOM);
  const navigate = useNavigate();
  const hrefOf = useEntityHref();
  const [shape, setShape] = useState<GraphShapeOptions>(() => props.initialOptions ?? initialShape(view));
  const [match, setMatch] = useState<{ text: string; index: number; key: string }>();
  const [hover, setHover] = useState<{ text: string; x: number; y: number }>();
  const containerRef = useRef<HTMLDivElement | null>(null);
  // a double-click on a group expands it with its first click: its second must not open what is drawn there now
  const expandedAt = useRef(0);
  const firstView = useRef(view);
  useEffect(() => {
    if (firstView.current === view) return;
    firstView.current = view;
    setShape(initialShape(view));
    setMatch(undefined);
  }, [view]);

  const shaped = useMemo(() => shapeGraph(view, shape), [view, shape]);
  const kinds = useMemo(() => listKinds(view), [view]);
  const groups = useMemo(() => listGroups(view, shape.groupBy, shape.hiddenKinds), [view, shape]);

  const tones = useMemo(() => {
    const map = new Map<string, Tone>();
    if (highlight?.selected) {
      for (const node of shaped.nodes) map.set(node.id, 'dimmed');
      for (const key of highlight.downstream ?? []) {
        const id = shaped.drawnAs.get(key);
        if (id) map.set(id, 'downstream');
      }
      for (const key of highlight.upstream ?? []) {
        const id = shaped.drawnAs.get(key);
        if (id) map.set(id, 'upstream');
      }
      const selected = shaped.drawnAs.get(highlight.selected);
      if (selected) map.set(selected, 'selected');
    }
    const matched = match && shaped.drawnAs.get(match.key);
    if (matched && map.get(matched) !== 'selected') map.set(matched, 'match');
    return map;
  }, [shaped, highlight, match]);

  const nodes = useMemo(
    () => shaped.nodes.map(node => toFlowNode(node, tones.get(node.id), hrefOf(node))),
    [shaped, tones, hrefOf],
  );
  const edges = useMemo(() => {
    const impact = !!highlight?.selected;
    const upSet = new Set<string>();
    const downSet = new Set<string>();
    if (impact) {
      for (const [id, tone] of tones) {
        if (tone === 'upstream' || tone === 'selected') upSet.add(id);
        if (tone === 'downstream' || tone === 'selected') downSet.add(id);
      }
    }
    return shaped.edges.map(edge => {
      let tone: Tone;
      if (impact) {
        if (upSet.has(edge.source) && upSet.has(edge.target)) tone = 'upstream';
        else if (downSet.has(edge.source) && downSet.has(edge.target)) tone = 'downstream';
        else tone = 'dimmed';
      }
      return toFlowEdge(edge, tone);
    });
  }, [shaped, tones, highlight]);

  const onSearch = (text: string): string => {
    const found = searchNodes(view, text);
    if (found.length === 0) {
      setMatch(undefined);
      return 'No node matches';
    }
    const index = match && match.text === text ? (match.index + 1) % found.length : 0;
    const node = found[index];
    setMatch({ text, index, key: node.key });
    const drawn = shaped.drawnAs.get(node.key);
    if (!drawn) return `${node.title ?? node.name}: its kind is not drawn`;
    const target = shaped.nodes.find(n => n.id === drawn)!;
    flow.setCenter(target.x + target.width / 2, target.y + target.height / 2, { zoom: 1.2, duration: 300 });
    return `${index + 1} of ${found.length}: ${node.title ?? node.name}${
      drawn === node.key ? '' : ` (in ${target.label})`
    }`;
  };

  const shapedById = useMemo(() => new Map(shaped.nodes.map(n => [n.id, n])), [shaped]);
  const onClick = (event: ReactMouseEvent, flowNode: GraphFlowNode) => {
    const node = shapedById.get(flowNode.id);
    if (!node) return;
    if (node.group) {
      const collapsed = new Set(shape.collapsed);
      collapsed.delete(node.group.key);
      expandedAt.current = Date.now();
      setShape({ ...shape, collapsed });
      return;
    }
    // the name is a link to the entity page
    if (node.node && flowNode.data.href && (event.target as HTMLElement).closest?.('[data-entity-link]')) {
      event.preventDefault();
      navigate(flowNode.data.href);
      return;
    }
    if (node.node) onNodeClick?.(node.node);
  };
  const onDoubleClick = (_event: ReactMouseEvent, flowNode: GraphFlowNode) => {
    const href = flowNode.data.href;
    if (href && Date.now() - expandedAt.current > 600) navigate(href);
  };
  const onEdgeEnter = (event: ReactMouseEvent, edge: GraphFlowEdge) => {
    const box = containerRef.current?.getBoundingClientRect();
    if (!edge.data) return;
    setHover({
      text: describeEdge(edge.data.shaped),
      x: event.clientX - (box?.left ?? 0) + 12,
      y: event.clientY - (box?.top ?? 0) + 12,
    });
  };

  return (
    <div>
      <style>{CANVAS_CSS}</style>
      <GraphToolbar shape={shape} onShapeChange={setShape} kinds={kinds} groups={groups} onSearch={onSearch} />
      <div
        ref={containerRef}
        className={far ? 'maestro-graph-canvas maestro-graph-far' : 'maestro-graph-canvas'}
        style={{ position: 'relative', height: props.height ?? 600, border: '1px solid #e0e0e0', borderRadius: 4 }}
        data-testid="graph-canvas"
        data-node-count={nodes.length}
        data-edge-count={edges.length}
      >
        <ReactFlow<GraphFlowNode, GraphFlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          edgeTypes={EDGE_TYPES}
          onNodeClick={onClick}
          onNodeDoubleClick={onDoubleClick}
          onEdgeMouseEnter={onEdgeEnter}
          // a click shows the protocol too (no hover on touch screens); without a click handler React Flow marks the
          // unselectable edges inactive (pointer-events: none) and no hover reaches them
          onEdgeClick={onEdgeEnter}
          onEdgeMouseLeave={() => setHover(undefined)}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          zoomOnDoubleClick={false}
          onlyRenderVisibleElements={nodes.length > (props.renderVisibleAbove ?? 2500)}
          minZoom={0.02}
          maxZoom={2.5}
          fitView
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={24} />
          <MiniMap pannable zoomable nodeColor={n => (n.data as GraphFlowNode['data']).stroke} />
          <Controls showInteractive={false} />
        </ReactFlow>
        {hover && (
          <div
            role="tooltip"
            style={{
              position: 'absolute',
              left: hover.x,
              top: hover.y,
              background: 'rgba(33,33,33,0.9)',
              color: '#fff',
              padding: '2px 6px',
              borderRadius: 4,
              fontSize: 12,
              pointerEvents: 'none',
              zIndex: 10,
            }}
          >
            {hover.text}
          </div>
        )}
      </div>
    </div>
  );
}

/**
 * A business graph drawn with React Flow at the server's positions: pan, zoom, minimap and controls; nodes in
 * their family's colours (the name links to the entity page; double-click opens it); an edge's protocol on hover;
 * search, kind filter, grouping by system or layer with collapse; impact highlight from `highlight`. Reused by the
 * graph page, the entity tab and the dependency maker.
 * @public
 */
export function GraphCanvas(props: GraphCanvasProps) {
  return (
    <ReactFlowProvider>
      <GraphCanvasInner {...props} />
    </ReactFlowProvider>
  );
}
