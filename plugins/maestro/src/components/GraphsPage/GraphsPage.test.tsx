import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeMaestroApi, renderMaestroPage, responseError } from '../../__testUtils__/maestroTestUtils';
import { fakeGraphsApi, savedShopGraph, stubReactFlowBrowser, withGraphsApi } from '../../__testUtils__/graphFixtures';
import { problemsByField } from './GraphForm';

// a created graph's page opens: React Flow draws it
beforeAll(stubReactFlowBrowser);

describe('GraphsPage', () => {
  it('lists the saved graphs with status, entry, size, update and creation, and deletes one after a confirmation', async () => {
    const user = userEvent.setup({ delay: null });
    const { view, ...summary } = savedShopGraph();
    const failed = {
      ...summary,
      id: 'g2',
      name: 'Billing',
      status: 'failed' as const,
      entry: { applications: ['component:default/a', 'component:default/b'] },
    };
    const api = fakeGraphsApi({ listGraphs: jest.fn(async () => ({ items: [summary, failed], totalCount: 2 })) });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/graphs', withGraphsApi(api));
    const row = (await screen.findByRole('link', { name: 'Billing' })).closest('tr')!;
    expect(screen.getByRole('tab', { name: 'Graphs' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('link', { name: 'Shop' })).toHaveAttribute('href', '/maestro/graphs/g1');
    const shopRow = screen.getByRole('link', { name: 'Shop' }).closest('tr')!;
    expect(shopRow).toHaveTextContent('ready');
    expect(shopRow).toHaveTextContent('system shop');
    expect(shopRow).toHaveTextContent('9 / 9');
    expect(shopRow).toHaveTextContent('user:default/alice');
    expect(row).toHaveTextContent('failed');
    expect(row).toHaveTextContent('applications a, b');

    await user.click(within(row).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Delete the graph Billing?')).toBeInTheDocument();
    expect(api.deleteGraph).not.toHaveBeenCalled();
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(api.deleteGraph).toHaveBeenCalledWith('g2'));
    await waitFor(() => expect(api.listGraphs).toHaveBeenCalledTimes(2));
  });

  it('creates a graph for a system and opens its page', async () => {
    const user = userEvent.setup({ delay: null });
    const api = fakeGraphsApi({ createGraph: jest.fn(async () => savedShopGraph({ id: 'g9' })) });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/graphs', withGraphsApi(api));
    await user.click(await screen.findByRole('button', { name: 'New graph' }));
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'Shop');
    await user.type(screen.getByRole('combobox', { name: 'System' }), 'system:default/shop');
    await user.clear(screen.getByRole('spinbutton', { name: 'Depth' }));
    await user.type(screen.getByRole('spinbutton', { name: 'Depth' }), '3');
    await user.click(screen.getByRole('checkbox', { name: /Infrastructure/ }));
    await user.click(screen.getByRole('button', { name: 'Create graph' }));
    await waitFor(() =>
      expect(api.createGraph).toHaveBeenCalledWith({
        name: 'Shop',
        entry: { system: 'system:default/shop' },
        depth: 3,
        layers: { infrastructure: false, business: true },
      }),
    );
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/maestro/graphs/g9'));
  });

  it('shows the backend’s 400 on the fields it names, and refuses a depth out of range before asking', async () => {
    const user = userEvent.setup({ delay: null });
    const api = fakeGraphsApi({
      createGraph: jest.fn(async () => {
        throw responseError(400, 'entry.applications[0]: no such application; name: is required');
      }),
    });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/graphs/new', withGraphsApi(api));
    await user.click(await screen.findByRole('radio', { name: 'Applications' }));
    await user.type(screen.getByRole('combobox', { name: 'Applications' }), 'component:default/ghost{Enter}');
    await user.clear(screen.getByRole('spinbutton', { name: 'Depth' }));
    await user.type(screen.getByRole('spinbutton', { name: 'Depth' }), '51');
    await user.click(screen.getByRole('button', { name: 'Create graph' }));
    expect(await screen.findByText('must be a whole number from 1 to 50')).toBeInTheDocument();
    expect(api.createGraph).not.toHaveBeenCalled();

    await user.clear(screen.getByRole('spinbutton', { name: 'Depth' }));
    await user.type(screen.getByRole('spinbutton', { name: 'Depth' }), '5');
    await user.click(screen.getByRole('button', { name: 'Create graph' }));
    expect(await screen.findByText('no such application')).toBeInTheDocument();
    expect(screen.getByText('is required')).toBeInTheDocument();
    expect(api.createGraph).toHaveBeenCalledWith(
      expect.objectContaining({ entry: { applications: ['component:default/ghost'] }, depth: 5 }),
    );
    expect(screen.getByTestId('location')).toHaveTextContent('/maestro/graphs/new');
  });

  it('sorts problems to their fields', () => {
    expect(
      problemsByField([
        { field: 'entry.system', message: 'unknown' },
        { field: 'depth', message: 'too deep' },
        { field: 'layersx', message: 'odd' },
        { field: '', message: 'broken' },
      ]),
    ).toEqual({ byField: { entry: 'unknown', depth: 'too deep' }, other: ['layersx: odd', 'broken'] });
  });
});
