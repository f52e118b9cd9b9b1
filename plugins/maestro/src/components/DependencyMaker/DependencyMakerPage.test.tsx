import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import type { ListRecordsQuery } from '../../api';
import { fakeMaestroApi, makeRecord, renderMaestroPage, responseError } from '../../__testUtils__/maestroTestUtils';
import { fakeGraphsApi, stubReactFlowBrowser, viewNode, withGraphsApi } from '../../__testUtils__/graphFixtures';

/** The graph the maker's pane reads (`POST /graphs/preview`): shop's web → api, as saved. */
function graphsApi() {
  return fakeGraphsApi({
    previewGraph: jest.fn(async () => ({
      entries: ['component:default/web'],
      depth: 10,
      nodes: [
        viewNode('component:default/web', 'application', 0, 0),
        viewNode('component:default/api', 'application', 1, 0),
      ],
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
      height: 300,
      metrics: {} as any,
      generatedAt: '2026-12-05T00:00:00Z',
    })),
  });
}

const shop = makeRecord('System', 'shop', { entryApplications: ['web'] }, { version: 4 });
const web = makeRecord(
  'Component',
  'web',
  { type: 'service', lifecycle: 'production', dependencies: [{ ref: 'component:default/api', protocol: 'rest' }] },
  { version: 2 },
);
const api = makeRecord('Component', 'api', { type: 'service', lifecycle: 'production' }, { version: 7 });
const orders = makeRecord('Component', 'orders', { type: 'service', lifecycle: 'production' });
const ESTATE = [shop, web, api, orders];

/** `GET /records` over the estate: a kind, and a name search (as the maker resolves refs). */
function estateApi() {
  return fakeMaestroApi({
    listRecords: jest.fn(async (query: ListRecordsQuery) => {
      const items = ESTATE.filter(
        (r: InventoryRecord) =>
          (!query.kind || r.kind === query.kind) && (!query.q || r.name.includes(query.q.toLocaleLowerCase('en-US'))),
      );
      return { items, totalCount: items.length };
    }),
  });
}

describe('DependencyMakerPage', () => {
  let user: ReturnType<typeof userEvent.setup>;
  let graphs: ReturnType<typeof graphsApi>;
  beforeAll(() => stubReactFlowBrowser());
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
    graphs = graphsApi();
  });

  async function openShop(maestro = estateApi()) {
    await renderMaestroPage(maestro, '/maestro/dependencies?entry=system:default/shop', withGraphsApi(graphs));
    // the system's entry application, then what it depends on (the first level opens)
    await screen.findByTestId('maker-node-web');
    await screen.findByTestId('maker-node-api');
    return maestro;
  }

  /** Adds orders (protocol left out) to api, and removes web → api: two records in the unsaved changes. */
  async function addAndRemove() {
    await user.click(screen.getByRole('button', { name: 'Add a dependency to api' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('combobox', { name: /Target application/ }), 'orders');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    await screen.findByTestId('maker-node-orders');
    await user.click(screen.getByRole('button', { name: 'Remove the dependency of web on api' }));
  }

  it('lists added and removed dependencies as unsaved changes with a count, and discards them', async () => {
    await openShop();
    expect(screen.getByText(/No unsaved changes/)).toBeInTheDocument();
    await addAndRemove();
    const list = screen.getByRole('list', { name: 'Unsaved changes' });
    expect(within(list).getByText('api').closest('li')).toHaveTextContent('api + orders');
    expect(within(list).getByText('web').closest('li')).toHaveTextContent('web − api (rest)');
    expect(within(screen.getByTestId('maker-pending-count')).getByText('2')).toBeInTheDocument();
    // the graph pane draws the system's saved graph with the unsaved changes: web → api gone, api → orders drawn
    expect(graphs.previewGraph).toHaveBeenCalledWith(
      expect.objectContaining({ entry: { system: 'system:default/shop' } }),
    );
    const canvas = await screen.findByTestId('graph-canvas');
    await waitFor(() => expect(canvas).toHaveAttribute('data-node-count', '3'));
    expect(canvas).toHaveAttribute('data-edge-count', '1');
    // web no longer depends on api: api left the tree
    expect(screen.queryByTestId('maker-node-api')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Discard' }));
    expect(screen.getByText(/No unsaved changes/)).toBeInTheDocument();
    expect(await screen.findByTestId('maker-node-api')).toBeInTheDocument();
  });

  it('commits every change with the reason in one request, then reloads the records', async () => {
    const maestro = await openShop();
    maestro.commitDependencies.mockResolvedValue({ records: [] });
    await addAndRemove();
    await user.click(screen.getByRole('button', { name: 'Commit' }));
    expect(screen.getByText('A reason is required')).toBeInTheDocument();
    expect(maestro.commitDependencies).not.toHaveBeenCalled();
    await user.type(screen.getByRole('textbox', { name: /Reason/ }), 'api reads orders');
    const reads = maestro.listRecords.mock.calls.length;
    await user.click(screen.getByRole('button', { name: 'Commit' }));
    expect(maestro.commitDependencies).toHaveBeenCalledWith({
      reason: 'api reads orders',
      changes: [
        { id: api.id, version: 7, dependencies: [{ ref: 'orders' }] },
        { id: web.id, version: 2, dependencies: [] },
      ],
    });
    await waitFor(() => expect(screen.getByText(/No unsaved changes/)).toBeInTheDocument());
    await waitFor(() => expect(maestro.listRecords.mock.calls.length).toBeGreaterThan(reads));
  });

  it('shows a 409 naming the records someone else changed, and offers to reload', async () => {
    const maestro = await openShop();
    maestro.commitDependencies.mockRejectedValue(
      responseError(
        409,
        `version: 1 record(s) changed since you read them, nothing was written: Component web (id ${web.id}) is at version 3, not 2; reload them and apply your changes again`,
      ),
    );
    await addAndRemove();
    await user.type(screen.getByRole('textbox', { name: /Reason/ }), 'why');
    await user.click(screen.getByRole('button', { name: 'Commit' }));
    expect(await screen.findByText(/Someone else changed these records/)).toBeInTheDocument();
    expect(screen.getByTestId('maker-commit-error')).toHaveTextContent(
      'Component web (id Component-web) is at version 3',
    );
    await user.click(screen.getByRole('button', { name: /^Reload/ }));
    await waitFor(() => expect(screen.getByText(/No unsaved changes/)).toBeInTheDocument());
  });

  it('shows a 400 beside the change it names', async () => {
    const maestro = await openShop();
    maestro.commitDependencies.mockRejectedValue(
      responseError(400, 'changes[0].dependencies[0].ref: no active application (Component or Resource) orders'),
    );
    await addAndRemove();
    await user.type(screen.getByRole('textbox', { name: /Reason/ }), 'why');
    await user.click(screen.getByRole('button', { name: 'Commit' }));
    const list = screen.getByRole('list', { name: 'Unsaved changes' });
    const apiLine = within(list).getByText('api').closest('li')!;
    await waitFor(() => expect(apiLine).toHaveTextContent('dependencies[0].ref: no active application'));
    expect(within(list).getByText('web').closest('li')).not.toHaveTextContent('no active application');
  });
});
