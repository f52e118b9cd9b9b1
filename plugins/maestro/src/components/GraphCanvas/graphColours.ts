/**
 * The page's own colours besides the shared palette (`graphNodeStyle` / `graphEdgeStyle` of maestro-common, which the
 * server's SVG and PNG use too): collapsed groups and the impact highlight.
 */
import { graphNodeStyle } from '@maestro/plugin-maestro-common';

/** Fill and stroke of a node. */
export interface NodeColours {
  fill: string;
  stroke: string;
}

/** A collapsed group. */
export const GROUP_COLOURS: NodeColours = { fill: '#ede7f6', stroke: '#4527a0' };

/** Impact highlight: who is affected if the selected node fails (upstream), and what it needs (downstream). */
export const IMPACT_COLOURS = { selected: '#d50000', upstream: '#d84315', downstream: '#1565c0', match: '#ffab00' };

/** The colours of a node: the shared palette's, by family, else kind (the exports draw the same). */
export function nodeColours(node: { family: string; kind: string }): NodeColours {
  const { fill, stroke } = graphNodeStyle(node);
  return { fill, stroke };
}
