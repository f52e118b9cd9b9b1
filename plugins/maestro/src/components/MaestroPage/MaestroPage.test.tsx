import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import { MaestroApi, maestroApiRef } from '../../api';
import { MaestroPage } from './MaestroPage';

const record = (kind: string, name: string): InventoryRecord => ({
  id: `${kind}-${name}`,
  kind,
  name,
  owner: 'group:default/platform',
  spec: {},
  version: 1,
  active: true,
  source: 'manual',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'user:default/a',
  updatedBy: 'user:default/a',
});

const all = [record('Datacenter', 'aws-prod'), record('Server', 'web-01'), record('Server', 'web-02')];

function fakeApi(): jest.Mocked<MaestroApi> {
  return {
    getSummary: jest.fn(async () => ({
      kinds: [
        { kind: 'Datacenter', active: 1, inactive: 0 },
        { kind: 'Server', active: 2, inactive: 5 },
      ],
    })),
    listRecords: jest.fn(async query => {
      const items = all.filter(r => !query.kind || r.kind === query.kind);
      return { items, totalCount: items.length };
    }),
    getRecord: jest.fn(),
    getHistory: jest.fn(),
    createRecord: jest.fn(),
    updateRecord: jest.fn(),
    deleteRecord: jest.fn(),
    restoreRecord: jest.fn(),
    listKinds: jest.fn(),
  };
}

function renderPage(api: MaestroApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[maestroApiRef, api]]}>
      <MaestroPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('MaestroPage', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    // no delay between keystrokes: typing into Material UI fields is slow enough
    user = userEvent.setup({ delay: null });
  });

  it('shows totals per kind and the inventory table with links to the entities', async () => {
    const api = fakeApi();
    await renderPage(api);
    expect(await screen.findByText('web-01')).toBeInTheDocument();
    expect(screen.getByText('aws-prod').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/datacenter/aws-prod',
    );
    const servers = screen.getByTestId('maestro-total-Server');
    expect(servers).toHaveTextContent('2');
    expect(servers).toHaveTextContent('5 inactive');
    expect(screen.getByTestId('maestro-total-Datacenter')).toHaveTextContent('1');
    expect(api.listRecords).toHaveBeenCalledWith(
      expect.objectContaining({ offset: 0, limit: 20, kind: undefined }),
    );
  });

  it('filters the table by kind when a total is clicked', async () => {
    const api = fakeApi();
    await renderPage(api);
    await screen.findByText('aws-prod');
    await user.click(screen.getByText('servers'));
    await waitFor(() =>
      expect(api.listRecords).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'Server' })),
    );
    await waitFor(() => expect(screen.queryByText('aws-prod')).not.toBeInTheDocument());
    expect(screen.getByText('web-02')).toBeInTheDocument();
  });

  it('creates a record of the selected kind, then shows its name and refreshes the table', async () => {
    const api = fakeApi();
    api.createRecord.mockImplementation(async req => {
      const created = { ...record(req.kind, req.name), spec: req.spec };
      all.push(created);
      return created;
    });
    await renderPage(api);
    await screen.findByText('web-01');
    const listCalls = api.listRecords.mock.calls.length;
    const summaryCalls = api.getSummary.mock.calls.length;

    await user.selectOptions(screen.getByLabelText('Kind'), 'Datacenter');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Create a Datacenter');
    await user.type(within(dialog).getByLabelText(/^Name/), 'gcp-prod');
    await user.selectOptions(within(dialog).getByLabelText(/^provider/), 'gcp');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    await waitFor(() =>
      expect(api.createRecord).toHaveBeenCalledWith({
        kind: 'Datacenter',
        name: 'gcp-prod',
        owner: 'group:default/maestro-admins',
        spec: { provider: 'gcp' },
      }),
    );
    expect(await screen.findByTestId('maestro-created')).toHaveTextContent('Created Datacenter gcp-prod');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(api.listRecords.mock.calls.length).toBeGreaterThan(listCalls));
    expect(api.getSummary.mock.calls.length).toBeGreaterThan(summaryCalls);
    expect(await screen.findAllByText('gcp-prod')).toHaveLength(2);
    all.pop();
  });

  it('shows an error from the API instead of an empty table', async () => {
    const api = fakeApi();
    api.listRecords.mockRejectedValue(new Error('backend exploded'));
    await renderPage(api);
    expect(await screen.findByText('Error: backend exploded')).toBeInTheDocument();
  });
});
