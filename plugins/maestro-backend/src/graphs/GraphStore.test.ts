import { ConflictError, NotFoundError } from '@backstage/errors';
import type { GraphView } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { memoryRecordSource, smallEstate } from '../__testUtils__/graphEstate';
import { generateGraphView } from './generateGraphView';
import { validateGraphDefinition } from './graphDefinition';
import { GraphStore } from './GraphStore';

jest.setTimeout(60_000);

const ann = 'user:default/ann';
const bob = 'user:default/bob';
const shop = (name = 'Shop') =>
  validateGraphDefinition({
    name,
    description: 'the shop and what it needs',
    entry: { system: 'shop' },
    layers: { infrastructure: true, business: true },
  });

describeEachDatabase('GraphStore', (databases, databaseId) => {
  let graphs: GraphStore;
  let knex: Knex;
  let view: GraphView;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateTestDatabase(knex);
    graphs = GraphStore.fromKnex(knex);
    view = await generateGraphView(shop(), { source: memoryRecordSource(smallEstate()) });
  });

  beforeEach(async () => {
    await knex('maestro_graphs').delete();
  });

  it('creates a graph at version 1 with its view, and gets it back whole', async () => {
    const created = await graphs.create(shop(), view, ann);
    expect(created).toMatchObject({
      name: 'Shop',
      description: 'the shop and what it needs',
      entry: { system: 'system:default/shop' },
      depth: 10,
      layers: { infrastructure: true, business: true },
      status: 'ready',
      nodeCount: view.nodes.length,
      edgeCount: view.edges.length,
      generatedAt: view.generatedAt,
      createdBy: ann,
      updatedBy: ann,
      version: 1,
    });
    expect(created.asOf).toBeUndefined();
    expect(created.error).toBeUndefined();
    expect(await graphs.get(created.id)).toEqual(created);
    expect((await graphs.get(created.id)).view).toEqual(view);
  });

  it('lists a page of graphs without their views, last changed first, with the total', async () => {
    const first = await graphs.create(shop('First'), view, ann);
    await new Promise(resolve => setTimeout(resolve, 5));
    const second = await graphs.create(shop('Second'), view, ann);
    const { view: _view, ...summary } = second;
    expect(await graphs.list({ offset: 0, limit: 1 })).toEqual({ items: [summary], totalCount: 2 });
    const page = await graphs.list({ offset: 1, limit: 10 });
    expect(page.items.map(g => g.id)).toEqual([first.id]);
    expect(page.items[0]).not.toHaveProperty('view');
  });

  it('updates with the version read, and refuses a stale one with 409 changing nothing', async () => {
    const created = await graphs.create(shop(), view, ann);
    const smaller = validateGraphDefinition({ name: 'Web only', entry: { applications: ['web'] }, depth: 1 });
    const smallView = await generateGraphView(smaller, { source: memoryRecordSource(smallEstate()) });
    const updated = await graphs.update(created.id, smaller, smallView, 1, bob);
    expect(updated).toMatchObject({ name: 'Web only', version: 2, updatedBy: bob, createdBy: ann, nodeCount: 2 });
    expect(updated.description).toBeUndefined();
    await expect(graphs.update(created.id, shop(), view, 1, ann)).rejects.toThrow(ConflictError);
    await expect(graphs.assertVersion(created.id, 1)).rejects.toThrow(
      `version: graph ${created.id} is at version 2, not 1; reload it`,
    );
    expect(await graphs.get(created.id)).toEqual(updated);
  });

  it('saves a generation: a new view, or a failure keeping the previous view', async () => {
    const created = await graphs.create(shop(), view, ann);
    const past = { ...view, nodes: view.nodes.slice(0, 2), edges: [], asOf: '2026-01-01T00:00:00.000Z' };
    const regenerated = await graphs.saveGeneration(created.id, 1, { view: past }, bob);
    expect(regenerated).toMatchObject({ status: 'ready', nodeCount: 2, edgeCount: 0, asOf: past.asOf, version: 2 });
    const failed = await graphs.saveGeneration(
      created.id,
      2,
      { error: "entry.system: no active system 'system:default/shop'", at: '2026-12-01T00:00:00.000Z' },
      bob,
    );
    expect(failed).toMatchObject({
      status: 'failed',
      error: "entry.system: no active system 'system:default/shop'",
      generatedAt: '2026-12-01T00:00:00.000Z',
      nodeCount: 2,
      asOf: past.asOf,
      version: 3,
    });
    expect((await graphs.get(created.id)).view).toEqual(past);
    // a generation started from an older version is not saved over a newer graph
    await expect(graphs.saveGeneration(created.id, 2, { view }, bob)).rejects.toThrow(ConflictError);
    expect((await graphs.get(created.id)).version).toBe(3);
  });

  it('deletes for good, with or without the version read', async () => {
    const one = await graphs.create(shop('One'), view, ann);
    const two = await graphs.create(shop('Two'), view, ann);
    await expect(graphs.delete(one.id, 2)).rejects.toThrow(ConflictError);
    expect(await graphs.delete(one.id, 1)).toEqual({ version: 1 });
    expect(await graphs.delete(two.id)).toEqual({ version: 1 });
    await expect(graphs.get(one.id)).rejects.toThrow(NotFoundError);
    await expect(graphs.delete(two.id)).rejects.toThrow(`no graph with id ${two.id}`);
    await expect(graphs.get('not-a-uuid')).rejects.toThrow('no graph with id not-a-uuid');
    expect(await graphs.list({ offset: 0, limit: 10 })).toEqual({ items: [], totalCount: 0 });
  });
});
