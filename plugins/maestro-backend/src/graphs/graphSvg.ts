import {
  GRAPH_EDGE_STYLES,
  GRAPH_FONT_SIZE,
  GRAPH_MISSING_NODE_DASH,
  GRAPH_NODE_RADIUS,
  graphEdgeStyle,
  graphNodeStyle,
  type BusinessGraphEdgeKind,
  type GraphView,
  type GraphViewEdge,
  type GraphViewNode,
} from '@maestro/plugin-maestro-common';

/** How {@link renderGraphSvg} frames the picture. */
export interface GraphSvgOptions {
  /** The document's `<title>` (e.g. the saved graph's name). */
  title?: string;
  /** Space around the drawing, in drawing units (default 20). */
  margin?: number;
  /** Background colour (default white; `none` for transparent). */
  background?: string;
  /** Start with the `<?xml …?>` declaration (default true; false to inline the SVG in an HTML page). */
  xmlDeclaration?: boolean;
}

/** Characters XML 1.0 cannot hold (C0 controls but tab/newline/return, U+FFFE/U+FFFF, lone surrogates). */
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text as XML character data or an attribute value: `& < > " '` escaped, characters XML cannot hold replaced by
 * U+FFFD. Also safe inside HTML (the share page inlines the SVG).
 */
export function escapeXml(text: unknown): string {
  return String(text ?? '')
    .replace(NOT_XML, '\ufffd')
    .replace(/[&<>"']/g, c => ESCAPES[c]);
}

/** A coordinate as SVG text: finite, at most two decimals (a hostile or broken view never yields `NaN` markup). */
const num = (value: unknown): string => {
  const n = typeof value === 'number' && Number.isFinite(value) ? value : 0;
  return String(Math.round(n * 100) / 100);
};

/** Approximate width of a character of the label font, to shorten labels to their box. */
const CHAR_WIDTH = GRAPH_FONT_SIZE * 0.6;

/** The label of a node cut to fit its box (with an ellipsis); the full name is in the node's `<title>`. */
function fitted(label: string, width: number): string {
  const room = Math.max(1, Math.floor((width - 12) / CHAR_WIDTH));
  const chars = Array.from(label);
  return chars.length <= room ? label : `${chars.slice(0, Math.max(1, room - 1)).join('')}…`;
}

const markerId = (kind: string) => `arrow-${kind}`;

function markers(): string {
  return Object.entries(GRAPH_EDGE_STYLES)
    .map(
      ([kind, edge]) =>
        `<marker id="${markerId(kind)}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" ` +
        `orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${edge.stroke}"/></marker>`,
    )
    .join('');
}

function edgeSvg(edge: GraphViewEdge): string {
  const kind: BusinessGraphEdgeKind = Object.prototype.hasOwnProperty.call(GRAPH_EDGE_STYLES, edge.kind)
    ? edge.kind
    : 'dependency';
  const style = graphEdgeStyle(kind);
  const points = Array.isArray(edge.points) ? edge.points : [];
  if (points.length < 2) return '';
  const title =
    kind === 'dependency'
      ? `${edge.source} → ${edge.target}${edge.protocol ? ` (${edge.protocol})` : ''}`
      : `${edge.source} ${style.label} ${edge.target}`;
  let svg =
    `<g class="edge edge-${kind}"><title>${escapeXml(title)}</title>` +
    `<polyline points="${points.map(p => `${num(p.x)},${num(p.y)}`).join(' ')}" fill="none" stroke="${style.stroke}" ` +
    `stroke-width="${style.width}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} ` +
    `marker-end="url(#${markerId(kind)})"/>`;
  if (kind === 'dependency' && edge.protocol) {
    const middle = points[Math.floor(points.length / 2)];
    const before = points[Math.floor(points.length / 2) - 1] ?? middle;
    const x = (Number(middle.x) + Number(before.x)) / 2;
    const y = (Number(middle.y) + Number(before.y)) / 2;
    svg +=
      `<text x="${num(x)}" y="${num(y)}" font-size="${GRAPH_FONT_SIZE - 2}" text-anchor="middle" fill="${
        style.stroke
      }" ` + `stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(edge.protocol)}</text>`;
  }
  return `${svg}</g>`;
}

function nodeSvg(node: GraphViewNode): string {
  const style = graphNodeStyle({ family: String(node.family ?? ''), kind: String(node.kind ?? '') });
  const width = Number(node.width) || 0;
  const height = Number(node.height) || 0;
  const label = String(node.title || node.name || node.key);
  const tooltip = `${node.kind} ${node.key}${node.title ? ` (${node.title})` : ''}${node.missing ? ': no record' : ''}`;
  return (
    `<g class="node${node.missing ? ' node-missing' : ''}" data-family="${escapeXml(node.family)}">` +
    `<title>${escapeXml(tooltip)}</title>` +
    `<rect x="${num(node.x - width / 2)}" y="${num(node.y - height / 2)}" width="${num(width)}" height="${num(
      height,
    )}" ` +
    `rx="${GRAPH_NODE_RADIUS}" fill="${node.missing ? '#ffffff' : style.fill}" stroke="${style.stroke}" ` +
    `stroke-width="1.5"${node.missing ? ` stroke-dasharray="${GRAPH_MISSING_NODE_DASH}"` : ''}/>` +
    `<text x="${num(node.x)}" y="${num(node.y)}" font-size="${GRAPH_FONT_SIZE}" text-anchor="middle" ` +
    `dominant-baseline="central" fill="${style.text}">${escapeXml(fitted(label, width))}</text></g>`
  );
}

/**
 * A business graph as a standalone SVG document: the picture the graph page draws (nodes as rounded boxes coloured
 * by family, labelled with their title or name, missing ones dashed; edges as the layout's polylines with an
 * arrowhead at the target, dependencies labelled with their protocol; every node and edge with a `<title>`).
 * Every text is escaped, the document refers to nothing outside itself (no fonts, images or links), and it is
 * built in one pass (linear in nodes + edges + points).
 */
export function renderGraphSvg(view: GraphView, options: GraphSvgOptions = {}): string {
  const margin = options.margin ?? 20;
  const width = Math.max(1, (Number(view.width) || 0) + 2 * margin);
  const height = Math.max(1, (Number(view.height) || 0) + 2 * margin);
  const background = options.background ?? '#ffffff';
  const parts: string[] = [
    options.xmlDeclaration === false ? '' : `<?xml version="1.0" encoding="UTF-8"?>\n`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" `,
    `viewBox="${num(-margin)} ${num(-margin)} ${num(width)} ${num(height)}" `,
    `font-family="DejaVu Sans, Verdana, Arial, sans-serif" role="img">`,
  ];
  if (options.title !== undefined) parts.push(`<title>${escapeXml(options.title)}</title>`);
  parts.push(`<defs>${markers()}</defs>`);
  if (background !== 'none') {
    parts.push(
      `<rect x="${num(-margin)}" y="${num(-margin)}" width="${num(width)}" height="${num(height)}" fill="${escapeXml(
        background,
      )}"/>`,
    );
  }
  parts.push('<g class="edges">');
  for (const edge of view.edges) parts.push(edgeSvg(edge));
  parts.push('</g><g class="nodes">');
  for (const node of view.nodes) parts.push(nodeSvg(node));
  parts.push('</g></svg>\n');
  return parts.join('');
}
