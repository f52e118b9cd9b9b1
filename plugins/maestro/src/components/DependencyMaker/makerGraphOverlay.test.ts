import type { GraphView, InventoryRecord } from '@maestro/plugin-maestro-common';
import { overlayDraft } from './makerGraphOverlay';

const node = (name: string, x: number) => ({
  key: `component:default/${name}`,
  kind: 'Component',
  name,
  family: 'application',
  depth: 0,
  x,
  y: 0,
  width: 120,
  height: 40,
  layer: 0,
});
const app = (id: string, name: string, dependencies: Array<{ ref: string; protocol?: string }>) =>
  ({
    id,
    kind: 'Component',
    name,
    version: 3,
    spec: { type: 'service', lifecycle: 'production', dependencies },
  } as unknown as InventoryRecord);

const view: GraphView = {
  entries: ['component:default/web'],
  depth: 10,
  nodes: [node('web', 0), node('api', 200)],
  edges: [
    {
      key: 'e1',
      source: 'component:default/web',
      target: 'component:default/api',
      kind: 'dependency',
      protocol: 'rest',
      points: [],
    },
  ],
  width: 400,
  height: 100,
  metrics: {} as GraphView['metrics'],
  generatedAt: '2026-12-05T00:00:00Z',
};

describe('overlayDraft', () => {
  it('is the saved drawing when nothing is unsaved', () => {
    expect(overlayDraft(view, new Map(), new Map())).toBe(view);
  });

  it('takes removed dependencies out and draws added ones, with a node under the source for a new target', () => {
    const web = app('id-web', 'web', [{ ref: 'component:default/api', protocol: 'rest' }]);
    const drawn = overlayDraft(
      view,
      new Map([['id-web', { dependencies: [{ ref: 'billing', protocol: 'grpc' }] }]]),
      new Map([['id-web', web]]),
    );
    expect(drawn.edges.map(e => [e.key, e.source, e.target, e.protocol])).toEqual([
      [
        'draft:component:default/web->component:default/billing',
        'component:default/web',
        'component:default/billing',
        'grpc',
      ],
    ]);
    expect(drawn.nodes.find(n => n.key === 'component:default/billing')).toMatchObject({
      x: 0,
      y: 90,
      name: 'billing',
    });
    expect(view.edges).toHaveLength(1); // the saved drawing is left as it was
  });
});
