import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import type { MaestroSummary } from '../../api';
import { fakeMaestroApi, makeRecord, renderMaestroPage } from '../../__testUtils__/maestroTestUtils';

const summary = (): MaestroSummary => ({
  kinds: [
    { kind: 'Datacenter', active: 1, inactive: 0 },
    { kind: 'Server', active: 2, inactive: 5 },
  ],
  environments: [
    { value: 'production', count: 40 },
    { value: 'staging', count: 10 },
  ],
  services: [
    { value: 'Nginx', count: 12 },
    { value: 'MySQL', count: 3 },
  ],
  latestServers: [makeRecord('Server', 'web-02', { hostname: 'web-02.example.com', environment: 'production' })],
  latestApplications: [makeRecord('Component', 'shop', { type: 'service', lifecycle: 'production' })],
});

describe('MaestroPage', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    // no delay between keystrokes: typing into Material UI fields is slow enough
    user = userEvent.setup({ delay: null });
  });

  it('shows the totals per kind, the latest servers and applications, top services and environments', async () => {
    const api = fakeMaestroApi({ getSummary: jest.fn(async () => summary()) });
    await renderMaestroPage(api);

    const latestServers = await screen.findByTestId('maestro-latest-servers');
    expect(within(latestServers).getByText('web-02').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/server/web-02',
    );
    expect(latestServers).toHaveTextContent('web-02.example.com');
    expect(within(screen.getByTestId('maestro-latest-applications')).getByText('shop').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/component/shop',
    );

    const servers = screen.getByTestId('maestro-total-Server');
    expect(servers).toHaveTextContent('2');
    expect(servers).toHaveTextContent('5 inactive');
    expect(screen.getByTestId('maestro-total-Datacenter')).toHaveTextContent('1');
    expect(screen.getByTestId('maestro-total-Image')).toHaveTextContent('0');

    expect(screen.getByTestId('maestro-services-Nginx')).toHaveTextContent('12');
    expect(screen.getByTestId('maestro-services-MySQL')).toHaveTextContent('3');
    const production = screen.getByTestId('maestro-environments-production');
    expect(production).toHaveTextContent('40');
    // an environment opens the server inventory filtered on it
    expect(within(production).getByText('production').closest('a')).toHaveAttribute(
      'href',
      '/maestro/inventory/server?spec.environment=production',
    );
    expect(screen.getByTestId('maestro-environments-staging')).toHaveTextContent('10');
    // the overview holds no inventory table: that is the kind pages' job
    expect(api.listRecords).not.toHaveBeenCalled();
  });

  it('opens the inventory page of a kind from its total', async () => {
    const api = fakeMaestroApi({ getSummary: jest.fn(async () => summary()) });
    await renderMaestroPage(api);
    await user.click(await screen.findByText('servers'));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/maestro/inventory/server'));
    await waitFor(() =>
      expect(api.listRecords).toHaveBeenCalledWith(expect.objectContaining({ kind: 'Server' }), expect.anything()),
    );
    expect(await screen.findByText('Inventory: servers')).toBeInTheDocument();
  });

  it('navigates between overview, inventory, history and settings with the tabs', async () => {
    const api = fakeMaestroApi();
    await renderMaestroPage(api);
    await user.click(screen.getByRole('tab', { name: 'History' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/maestro/history'));
    await waitFor(() => expect(api.searchHistory).toHaveBeenCalled());

    await user.click(screen.getByRole('tab', { name: 'Settings' }));
    expect(await screen.findByText('Services catalog')).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: 'Inventory' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/maestro/inventory/server'));

    await user.click(screen.getByRole('tab', { name: 'Overview' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/maestro\/$/));
    expect(await screen.findByTestId('maestro-total-Server')).toBeInTheDocument();
  });

  it('opens the discovery tab', async () => {
    const api = fakeMaestroApi();
    await renderMaestroPage(api);
    await user.click(screen.getByRole('tab', { name: 'Discovery' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/maestro/discovery'));
    expect(await screen.findByText('No discovery connection yet')).toBeInTheDocument();
    expect(api.listDiscoveryConnections).toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Add connection' })).toBeInTheDocument();
  });

  it('creates a record of the selected kind, then shows its name and refreshes the totals', async () => {
    const created: InventoryRecord[] = [];
    const api = fakeMaestroApi({
      getSummary: jest.fn(async () => {
        const s = summary();
        return { ...s, kinds: s.kinds.map(k => (k.kind === 'Datacenter' ? { ...k, active: 1 + created.length } : k)) };
      }),
    });
    api.createRecord.mockImplementation(async req => {
      const record = { ...makeRecord(req.kind, req.name), spec: req.spec };
      created.push(record);
      return record;
    });
    await renderMaestroPage(api);
    await screen.findByTestId('maestro-latest-servers');

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
    const notice = await screen.findByTestId('maestro-created');
    expect(notice).toHaveTextContent('Created Datacenter gcp-prod');
    expect(within(notice).getByText('gcp-prod').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/datacenter/gcp-prod',
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByTestId('maestro-total-Datacenter')).toHaveTextContent('2'));
    expect(api.getSummary).toHaveBeenCalledTimes(2);
  });

  it('shows an error from the API', async () => {
    const api = fakeMaestroApi({ getSummary: jest.fn().mockRejectedValue(new Error('backend exploded')) });
    await renderMaestroPage(api);
    expect(await screen.findByText('Error: backend exploded')).toBeInTheDocument();
  });

  it('says so for an unknown sub-page', async () => {
    await renderMaestroPage(fakeMaestroApi(), '/maestro/nowhere');
    expect(await screen.findByText(/No such Maestro page/)).toBeInTheDocument();
  });
});
