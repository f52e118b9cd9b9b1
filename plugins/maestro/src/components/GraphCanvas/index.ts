export { GraphCanvas } from './GraphCanvas';
export type { GraphCanvasProps, GraphHighlight } from './GraphCanvas';
export { clientImpact } from './clientImpact';
export * from './graphShape';
export * from './graphColours';
export { ImpactPanel } from './ImpactPanel';
export { useNodeImpact } from './useNodeImpact';
