/**
 * Colours of business-graph nodes by family (`application`, `database`, `server`, `system`…): fill and stroke,
 * and the two impact colours. A stand-in for the shared palette `graphStyle.ts` in maestro-common (the SVG
 * export's), to fold into it when it lands.
 */

/** Fill and stroke of a node. */
export interface NodeColours {
  fill: string;
  stroke: string;
}

const FAMILY_COLOURS: Record<string, NodeColours> = {
  application: { fill: '#e3f2fd', stroke: '#1565c0' },
  database: { fill: '#f3e5f5', stroke: '#6a1b9a' },
  loadbalancer: { fill: '#e0f7fa', stroke: '#00838f' },
  'load-balancer': { fill: '#e0f7fa', stroke: '#00838f' },
  server: { fill: '#fff3e0', stroke: '#e65100' },
  volume: { fill: '#efebe9', stroke: '#5d4037' },
  system: { fill: '#e8f5e9', stroke: '#2e7d32' },
  client: { fill: '#fce4ec', stroke: '#ad1457' },
};

const OTHER: NodeColours = { fill: '#f5f5f5', stroke: '#616161' };
/** A node a reference points at but no record holds: grey, dashed. */
export const MISSING_COLOURS: NodeColours = { fill: '#fafafa', stroke: '#9e9e9e' };
/** A collapsed group. */
export const GROUP_COLOURS: NodeColours = { fill: '#ede7f6', stroke: '#4527a0' };

/** Impact highlight: who is affected if the selected node fails (upstream), and what it needs (downstream). */
export const IMPACT_COLOURS = { selected: '#d50000', upstream: '#d84315', downstream: '#1565c0', match: '#ffab00' };

/** The colours of a node of `family` (case-insensitive; a grey for a family the palette does not name). */
export function familyColours(family: string): NodeColours {
  return FAMILY_COLOURS[family.toLocaleLowerCase('en-US')] ?? OTHER;
}
