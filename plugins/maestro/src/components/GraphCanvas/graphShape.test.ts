import { shopView, viewNode } from '../../__testUtils__/graphFixtures';
import { clientImpact } from './clientImpact';
import {
  COLLAPSE_ABOVE_NODES,
  describeEdge,
  groupNodeId,
  initialShape,
  layerOf,
  listGroups,
  searchNodes,
  shapeGraph,
} from './graphShape';

const none = { groupBy: 'none' as const, collapsed: new Set<string>(), hiddenKinds: new Set<string>() };

describe('shapeGraph', () => {
  it('draws every node at its top-left corner (the server gives centres) and every edge with its polyline', () => {
    const view = shopView();
    const shaped = shapeGraph(view, none);
    expect(shaped.nodes).toHaveLength(view.nodes.length);
    const web = shaped.nodes.find(n => n.id === 'component:default/web')!;
    expect(web).toMatchObject({ x: 100 - 80, y: 250 - 22, width: 160, height: 44, label: 'Web shop' });
    expect(shaped.edges).toHaveLength(view.edges.length);
    expect(shaped.edges.every(e => e.count === 1)).toBe(true);
  });

  it('collapses a system into one node at its members’ centre, with their count, and aggregates the edges', () => {
    const view = shopView();
    const shaped = shapeGraph(view, { ...none, groupBy: 'system', collapsed: new Set(['system:default/shop']) });
    const groupId = groupNodeId('system', 'system:default/shop');
    const group = shaped.nodes.find(n => n.id === groupId)!;
    // the system, web, api and db
    expect(group.group).toEqual({ key: 'system:default/shop', count: 4 });
    expect(shaped.nodes.map(n => n.id)).not.toContain('component:default/api');
    expect(shaped.drawnAs.get('component:default/api')).toBe(groupId);
    // api → srv-1 and db → srv-1 become one edge standing for two; none inside the group
    const toServer = shaped.edges.filter(e => e.source === groupId && e.target === 'server:default/srv-1');
    expect(toServer).toHaveLength(1);
    expect(toServer[0].count).toBe(2);
    expect(toServer[0].points).toBeUndefined();
    expect(shaped.edges.some(e => e.source === groupId && e.target === groupId)).toBe(false);
    // invoices → api keeps its protocol on the aggregated edge
    const intoGroup = shaped.edges.find(e => e.source === 'component:default/invoices' && e.target === groupId)!;
    expect(intoGroup.protocols).toEqual(['amqp']);
    expect(describeEdge(intoGroup)).toBe('amqp');
    expect(describeEdge(toServer[0])).toBe('2 edges · runsOn');
  });

  it('groups by layer: business, applications, infrastructure', () => {
    const view = shopView();
    expect(listGroups(view, 'layer')).toEqual([
      { key: 'applications', count: 4 },
      { key: 'business', count: 3 },
      { key: 'infrastructure', count: 2 },
    ]);
    const shaped = shapeGraph(view, { ...none, groupBy: 'layer', collapsed: new Set(['infrastructure']) });
    expect(shaped.drawnAs.get('resource:default/db')).toBe('group:layer:infrastructure');
    expect(layerOf({ kind: 'Resource', family: 'database' })).toBe('infrastructure');
  });

  it('leaves out the hidden kinds and their edges', () => {
    const shaped = shapeGraph(shopView(), { ...none, hiddenKinds: new Set(['Server', 'Client']) });
    expect(shaped.nodes.map(n => n.kind)).not.toContain('Server');
    expect(shaped.edges.some(e => e.target === 'server:default/srv-1' || e.source === 'client:default/acme')).toBe(
      false,
    );
    expect(shaped.edges).toHaveLength(6);
  });

  it('opens a view above the threshold grouped by system with every group collapsed', () => {
    expect(initialShape(shopView()).groupBy).toBe('none');
    const nodes = Array.from({ length: COLLAPSE_ABOVE_NODES + 1 }, (_, i) =>
      viewNode(`component:default/app-${i}`, 'application', 0, i, { system: `system:default/s${i % 7}` }),
    );
    const shape = initialShape({ nodes });
    expect(shape.groupBy).toBe('system');
    expect(shape.collapsed.size).toBe(7);
    expect(shapeGraph({ nodes, edges: [] }, shape).nodes).toHaveLength(7);
  });

  it('finds nodes by name, title or key', () => {
    expect(searchNodes(shopView(), 'SHOP').map(n => n.key)).toEqual(['system:default/shop', 'component:default/web']);
    expect(searchNodes(shopView(), '  ')).toEqual([]);
  });
});

describe('clientImpact', () => {
  it('lists who depends on a node (upstream) and what it needs (downstream), transitively, by depth', () => {
    const impact = clientImpact(shopView(), 'component:default/api');
    expect(impact.upstream).toEqual([
      { key: 'component:default/invoices', kind: 'Component', depth: 1 },
      { key: 'component:default/web', kind: 'Component', depth: 1 },
      { key: 'system:default/billing', kind: 'System', depth: 2 },
      { key: 'system:default/shop', kind: 'System', depth: 2 },
      { key: 'client:default/acme', kind: 'Client', depth: 3 },
    ]);
    expect(impact.downstream).toEqual([
      { key: 'component:default/payments', kind: 'Component', depth: 1 },
      { key: 'resource:default/db', kind: 'Resource', depth: 1 },
      { key: 'server:default/srv-1', kind: 'Server', depth: 1 },
    ]);
  });

  it('stops on cycles and leaves the node itself out', () => {
    const view = {
      nodes: [
        viewNode('component:default/a', 'application', 0, 0),
        viewNode('component:default/b', 'application', 1, 0),
      ],
      edges: [
        { source: 'component:default/a', target: 'component:default/b', kind: 'dependency' as const },
        { source: 'component:default/b', target: 'component:default/a', kind: 'dependency' as const },
      ],
    };
    const impact = clientImpact(view, 'component:default/a');
    expect(impact.upstream).toEqual([{ key: 'component:default/b', kind: 'Component', depth: 1 }]);
    expect(impact.downstream).toEqual([{ key: 'component:default/b', kind: 'Component', depth: 1 }]);
  });
});
