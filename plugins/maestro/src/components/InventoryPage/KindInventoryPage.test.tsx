import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ListRecordsResponse } from '@maestro/plugin-maestro-common';
import { ListRecordsQuery, MaestroApi, MaestroClient } from '../../api';
import { fakeMaestroApi, makeRecord, renderMaestroPage } from '../../__testUtils__/maestroTestUtils';

const web01 = makeRecord('Server', 'web-01', {
  hostname: 'web-01.example.com',
  ipv4Private: '10.0.0.1',
  os: { base: 'linux', distro: 'debian', version: '12' },
  environment: 'production',
  role: 'application',
  datacenter: 'datacenter:default/aws-prod',
  cpu: 4,
  memory: 8,
});
const web02 = makeRecord('Server', 'web-02', { hostname: 'web-02.example.com', cpu: 2 }, { active: false });

const lastQuery = (api: jest.Mocked<MaestroApi>): ListRecordsQuery =>
  api.listRecords.mock.calls[api.listRecords.mock.calls.length - 1][0];

/** A fetchApi answering `GET /records` with the given page, recording the URLs asked for. */
function fakeFetch(page: ListRecordsResponse) {
  const urls: string[] = [];
  const fetch = jest.fn(async (url: string) => {
    urls.push(url);
    const body = url.includes('/settings') ? { items: [] } : page;
    return { ok: true, status: 200, json: async () => body } as any;
  });
  const api = new MaestroClient({
    discoveryApi: { getBaseUrl: async () => 'http://backend/api/maestro' },
    fetchApi: { fetch: fetch as any },
  });
  return { api, urls: () => urls.filter(u => u.includes('/records?')) };
}

describe('KindInventoryPage', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('asks for the first page of the kind, sorted by name, and shows the kind-specific columns', async () => {
    const api = fakeMaestroApi({
      listRecords: jest.fn(async () => ({ items: [web01, web02], totalCount: 1234 })),
    });
    await renderMaestroPage(api, '/maestro/inventory/server');
    expect(await screen.findByText('web-01.example.com')).toBeInTheDocument();

    expect(api.listRecords).toHaveBeenCalledTimes(1);
    expect(api.listRecords.mock.calls[0][0]).toEqual({
      kind: 'Server',
      orderBy: 'name',
      order: 'asc',
      offset: 0,
      limit: 50,
    });
    const headers = screen.getAllByRole('columnheader').map(h => h.textContent);
    expect(headers).toEqual([
      'Name',
      'hostname',
      'private IPv4',
      'os',
      'environment',
      'role',
      'datacenter',
      'cpu',
      'memory',
      'Owner',
      'Source',
      'Updated',
    ]);
    const row = screen.getAllByTestId('maestro-record-row')[0];
    const cells = within(row)
      .getAllByRole('cell')
      .map(c => c.textContent);
    expect(cells.slice(0, 9)).toEqual([
      'web-01',
      'web-01.example.com',
      '10.0.0.1',
      'linux / debian / 12',
      'production',
      'application',
      'aws-prod',
      '4',
      '8 GiB',
    ]);
    expect(within(row).getByText('web-01').closest('a')).toHaveAttribute('href', '/catalog/default/server/web-01');
    expect(within(row).getByText('aws-prod').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/datacenter/aws-prod',
    );
    expect(within(row).getByText('platform').closest('a')).toHaveAttribute('href', '/catalog/default/group/platform');
    // an inactive record is marked
    expect(within(screen.getAllByTestId('maestro-record-row')[1]).getByText('inactive')).toBeInTheDocument();
    expect(screen.getByText('1–50 of 1,234')).toBeInTheDocument();
  });

  it('sorts on a spec field when its column header is clicked, then reverses', async () => {
    const api = fakeMaestroApi({ listRecords: jest.fn(async () => ({ items: [web01], totalCount: 1 })) });
    await renderMaestroPage(api, '/maestro/inventory/server');
    await screen.findByText('web-01.example.com');

    await user.click(screen.getByRole('button', { name: 'cpu' }));
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ orderBy: 'spec.cpu', order: 'asc', offset: 0 }));
    await user.click(screen.getByRole('button', { name: 'cpu' }));
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ orderBy: 'spec.cpu', order: 'desc' }));
    await user.click(screen.getByRole('button', { name: 'Updated' }));
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ orderBy: 'updatedAt', order: 'asc' }));
  });

  it('searches with one debounced request carrying q', async () => {
    const api = fakeMaestroApi({ listRecords: jest.fn(async () => ({ items: [web01], totalCount: 1 })) });
    await renderMaestroPage(api, '/maestro/inventory/server');
    await screen.findByText('web-01.example.com');
    expect(api.listRecords).toHaveBeenCalledTimes(1);

    await user.type(screen.getByLabelText('Search'), 'web-0');
    await waitFor(() => expect(api.listRecords).toHaveBeenCalledTimes(2));
    expect(lastQuery(api)).toMatchObject({ kind: 'Server', q: 'web-0', offset: 0, limit: 50 });
    // no request for the intermediate keystrokes, and none after
    await new Promise(r => setTimeout(r, 500));
    expect(api.listRecords).toHaveBeenCalledTimes(2);
  });

  it('says under the name which identifier matched the search, when the name does not show it', async () => {
    const discovered = makeRecord('Server', 'aws-1-eu-west-1-i-0abc', {
      hostname: 'ip-10-0-1-13',
      ipv4Private: '10.0.1.13',
      providerId: 'i-0abc1234',
    });
    const api = fakeMaestroApi({ listRecords: jest.fn(async () => ({ items: [discovered, web01], totalCount: 2 })) });
    await renderMaestroPage(api, '/maestro/inventory/server');
    await screen.findByText('web-01.example.com');
    expect(screen.queryByTestId('maestro-search-match')).not.toBeInTheDocument();

    await user.type(screen.getByLabelText('Search'), 'I-0ABC1234');
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ q: 'I-0ABC1234' }));
    const [row] = screen.getAllByTestId('maestro-record-row');
    expect(await within(row).findByTestId('maestro-search-match')).toHaveTextContent('provider id i-0abc1234');
    expect(screen.getAllByTestId('maestro-search-match')).toHaveLength(1); // web-01 did not match it
  });

  it('ignores the answer of an older request that arrives after a newer one', async () => {
    let releaseFirst: (page: ListRecordsResponse) => void = () => {};
    const api = fakeMaestroApi({
      listRecords: jest.fn((query: ListRecordsQuery) =>
        query.q
          ? Promise.resolve({ items: [web02], totalCount: 1 })
          : new Promise<ListRecordsResponse>(resolve => {
              releaseFirst = resolve;
            }),
      ),
    });
    await renderMaestroPage(api, '/maestro/inventory/server');
    await user.type(screen.getByLabelText('Search'), 'web-02');
    expect(await screen.findByText('web-02.example.com')).toBeInTheDocument();
    // the first (unfiltered) answer comes last: it must not replace the search results
    releaseFirst({ items: [web01], totalCount: 1 });
    await new Promise(r => setTimeout(r, 100));
    expect(screen.queryByText('web-01.example.com')).not.toBeInTheDocument();
    expect(screen.getByText('web-02.example.com')).toBeInTheDocument();
    // the older request was aborted
    expect((api.listRecords.mock.calls[0][1] as { signal: AbortSignal }).signal.aborted).toBe(true);
  });

  it('sends a column filter as spec.environment=production, and the switch as active=all', async () => {
    const { api, urls } = fakeFetch({ items: [web01], totalCount: 1 });
    await renderMaestroPage(api, '/maestro/inventory/server');
    await screen.findByText('web-01.example.com');
    expect(urls()).toEqual(['http://backend/api/maestro/records?kind=Server&orderBy=name&order=asc&offset=0&limit=50']);

    await user.selectOptions(screen.getByLabelText('Environment'), 'production');
    await waitFor(() => expect(urls()).toHaveLength(2));
    expect(urls()[1]).toBe(
      'http://backend/api/maestro/records?kind=Server&orderBy=name&order=asc&offset=0&limit=50&spec.environment=production',
    );

    await user.click(screen.getByLabelText('Inactive too'));
    await waitFor(() => expect(urls()).toHaveLength(3));
    expect(urls()[2]).toBe(
      'http://backend/api/maestro/records?kind=Server&active=all&orderBy=name&order=asc&offset=0&limit=50&spec.environment=production',
    );

    await user.selectOptions(screen.getByLabelText('Environment'), '');
    await waitFor(() => expect(urls()).toHaveLength(4));
    expect(urls()[3]).not.toContain('spec.environment');
  });

  it('pages on the server: next page and page size', async () => {
    const api = fakeMaestroApi({ listRecords: jest.fn(async () => ({ items: [web01], totalCount: 50000 })) });
    await renderMaestroPage(api, '/maestro/inventory/server');
    await screen.findByText('web-01.example.com');

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ offset: 50, limit: 50 }));

    await user.click(screen.getByRole('button', { name: /Rows per page/ }));
    await user.click(await screen.findByRole('option', { name: '500' }));
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ offset: 0, limit: 500 }));
    expect(await screen.findByText('1–500 of 50,000')).toBeInTheDocument();
  });

  it('shows the columns and filters of another kind, and applies filters given in the URL', async () => {
    const db = makeRecord('Database', 'orders-db', {
      family: 'mysql',
      engine: 'aurora-mysql',
      version: '8.0',
      environment: 'staging',
      clusterMode: 'cluster',
    });
    const api = fakeMaestroApi({ listRecords: jest.fn(async () => ({ items: [db], totalCount: 1 })) });
    await renderMaestroPage(api, '/maestro/inventory/database?spec.family=mysql&q=orders');
    const row = await screen.findByTestId('maestro-record-row');
    expect(
      within(row)
        .getAllByRole('cell')
        .map(c => c.textContent)
        .slice(0, 6),
    ).toEqual(['orders-db', 'mysql', 'aurora-mysql', '8.0', 'staging', 'cluster']);
    expect(api.listRecords.mock.calls[0][0]).toMatchObject({
      kind: 'Database',
      q: 'orders',
      filters: { family: 'mysql' },
    });
    expect(screen.getAllByRole('columnheader').map(h => h.textContent)).toEqual([
      'Name',
      'family',
      'engine',
      'version',
      'environment',
      'cluster mode',
      'Owner',
      'Source',
      'Updated',
    ]);
    expect(screen.getByLabelText('Family')).toHaveValue('mysql');
    expect(screen.getByLabelText('Search')).toHaveValue('orders');
    await user.selectOptions(screen.getByLabelText('Engine'), 'postgresql');
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ filters: { family: 'mysql', engine: 'postgresql' } }));
  });

  it('creates a record of the page kind, and the Kind selector switches the page', async () => {
    const api = fakeMaestroApi({ listRecords: jest.fn(async () => ({ items: [web01], totalCount: 1 })) });
    await renderMaestroPage(api, '/maestro/inventory/server');
    await screen.findByText('web-01.example.com');
    expect(screen.getByLabelText('Kind')).toHaveValue('Server');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByRole('dialog')).toHaveTextContent('Create a Server');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    await user.selectOptions(screen.getByLabelText('Kind'), 'Network');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/maestro/inventory/network'));
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ kind: 'Network', offset: 0 }));
    expect(screen.getByLabelText('Type')).toBeInTheDocument();
  });

  it('links networks to their catalog page, but not ports, which stay in the inventory only', async () => {
    const subnet = makeRecord('Network', 'subnet-a', { type: 'subnet', cidr: '10.0.1.0/24' });
    const port = makeRecord('Network', 'eni-a', { type: 'port', parent: 'network:default/subnet-a' });
    const api = fakeMaestroApi({ listRecords: jest.fn(async () => ({ items: [port, subnet], totalCount: 2 })) });
    await renderMaestroPage(api, '/maestro/inventory/network');
    const [portRow, subnetRow] = await screen.findAllByTestId('maestro-record-row');
    expect(within(subnetRow).getByText('subnet-a').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/network/subnet-a',
    );
    expect(within(portRow).getByText('eni-a').closest('a')).toBeNull();
    expect(within(portRow).getByTestId('inventory-only')).toHaveTextContent('eni-a');
    // its subnet, a catalog entity, is still a link
    expect(within(portRow).getByText('subnet-a').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/network/subnet-a',
    );
  });

  it('says so for an unknown kind', async () => {
    await renderMaestroPage(fakeMaestroApi(), '/maestro/inventory/spaceship');
    expect(await screen.findByText(/Maestro holds no kind 'spaceship'/)).toBeInTheDocument();
    expect(screen.getByText('servers').closest('a')).toHaveAttribute('href', '/maestro/inventory/server');
  });

  it('shows an error of the API', async () => {
    const api = fakeMaestroApi({ listRecords: jest.fn().mockRejectedValue(new Error('backend exploded')) });
    await renderMaestroPage(api, '/maestro/inventory/server');
    expect(await screen.findByText('Error: backend exploded')).toBeInTheDocument();
  });
});
