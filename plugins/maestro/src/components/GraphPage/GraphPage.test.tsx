import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeMaestroApi, renderMaestroPage } from '../../__testUtils__/maestroTestUtils';
import { fakeGraphsApi, savedShopGraph, stubReactFlowBrowser, withGraphsApi } from '../../__testUtils__/graphFixtures';

beforeAll(stubReactFlowBrowser);

const node = (key: string) => document.querySelector(`[data-key="${key}"]`) as HTMLElement | null;
const drawnKeys = () => [...document.querySelectorAll('[data-key]')].map(e => e.getAttribute('data-key'));

async function openGraph(api = fakeGraphsApi()) {
  const rendered = await renderMaestroPage(fakeMaestroApi(), '/maestro/graphs/g1', withGraphsApi(api));
  await waitFor(() => expect(node('component:default/web')).not.toBeNull());
  return { api, rendered };
}

describe('GraphPage', () => {
  it('draws the saved graph: every node coloured by family, the missing one dashed and not linked, with its metrics', async () => {
    const { api } = await openGraph();
    expect(api.getGraph).toHaveBeenCalledWith('g1');
    expect(screen.getByRole('tab', { name: 'Graphs' })).toHaveAttribute('aria-selected', 'true');
    expect(drawnKeys()).toHaveLength(9);
    // the name links to the entity page
    expect(screen.getByRole('link', { name: 'Web shop' })).toHaveAttribute('href', '/catalog/default/component/web');
    expect(within(node('component:default/payments')!).queryByRole('link')).toBeNull();
    expect(node('component:default/payments')!.style.border).toContain('dashed');
    const figures = screen.getByRole('region', { name: 'Graph figures' });
    expect(figures).toHaveTextContent('9 nodes');
    expect(figures).toHaveTextContent('9 edges');
    expect(
      within(screen.getByRole('region', { name: 'By server' })).getByText('server:default/srv-1'),
    ).toBeInTheDocument();
    expect(screen.getByText(/system shop · depth 10 · 9 nodes, 9 edges/)).toBeInTheDocument();
  });

  it('finds a node (marks it, says which of how many), filters kinds out and collapses a system', async () => {
    const user = userEvent.setup({ delay: null });
    await openGraph();
    await user.type(screen.getByRole('textbox', { name: 'Find a node' }), 'shop{Enter}');
    expect(await screen.findByText('1 of 2: shop')).toBeInTheDocument();
    expect(node('system:default/shop')).toHaveAttribute('data-tone', 'match');
    await user.click(screen.getByRole('button', { name: 'Find' }));
    expect(await screen.findByText('2 of 2: Web shop')).toBeInTheDocument();
    expect(node('component:default/web')).toHaveAttribute('data-tone', 'match');

    await user.click(screen.getByRole('checkbox', { name: 'Server (1)' }));
    await waitFor(() => expect(node('server:default/srv-1')).toBeNull());
    expect(drawnKeys()).toHaveLength(8);
    await user.click(screen.getByRole('checkbox', { name: 'Server (1)' }));
    await waitFor(() => expect(node('server:default/srv-1')).not.toBeNull());

    fireEvent.mouseDown(screen.getByRole('button', { name: /Group by/ }));
    await user.click(await screen.findByRole('option', { name: 'System' }));
    await user.click(await screen.findByRole('button', { name: 'Collapse system:default/shop' }));
    await waitFor(() => expect(node('component:default/api')).toBeNull());
    const group = screen.getByTestId('graph-group-node');
    expect(group).toHaveTextContent('system:default/shop');
    expect(group).toHaveTextContent('4 nodes');
    expect(drawnKeys()).toHaveLength(6);
    // a click on the group expands it again (user-event's pointer events lack the view d3-drag reads: fireEvent)
    fireEvent.click(group);
    await waitFor(() => expect(node('component:default/api')).not.toBeNull());
    expect(screen.queryByTestId('graph-group-node')).toBeNull();
  });

  it('runs the impact analysis of a clicked server: upstream and downstream highlighted and listed, what breaks grouped', async () => {
    const user = userEvent.setup({ delay: null });
    const api = fakeGraphsApi({
      getNodeImpact: jest.fn(async () => ({
        key: 'server:default/srv-1',
        upstream: [
          { key: 'component:default/api', kind: 'Component', depth: 1 },
          { key: 'component:default/web', kind: 'Component', depth: 2 },
        ],
        downstream: [],
      })),
      getServerImpact: jest.fn(async () => ({
        server: 'server:default/srv-1',
        applications: [{ key: 'component:default/api', kind: 'Component', depth: 1 }],
        infrastructure: [{ key: 'resource:default/db', kind: 'Resource', depth: 1 }],
        systems: [{ key: 'system:default/shop', kind: 'System', depth: 2 }],
        clients: [{ key: 'client:default/acme', kind: 'Client', depth: 3 }],
      })),
    });
    await openGraph(api);
    fireEvent.click(within(node('server:default/srv-1')!).getByText('Server'));
    const panel = await screen.findByRole('complementary', { name: 'Impact analysis' });
    await waitFor(() => expect(api.getServerImpact).toHaveBeenCalledWith('g1', 'server:default/srv-1'));
    expect(api.getNodeImpact).toHaveBeenCalledWith('g1', 'server:default/srv-1');
    const upstream = await within(panel).findByRole('region', { name: 'Affected if it fails (upstream)' });
    expect(upstream).toHaveTextContent('Web shop');
    expect(upstream).toHaveTextContent('2 hops');
    expect(within(panel).getByRole('region', { name: 'Clients' })).toHaveTextContent('acme');
    expect(within(panel).getByRole('region', { name: 'Infrastructure' })).toHaveTextContent('db');
    await waitFor(() => expect(node('component:default/api')).toHaveAttribute('data-tone', 'upstream'));
    expect(node('server:default/srv-1')).toHaveAttribute('data-tone', 'selected');
    expect(node('client:default/acme')).toHaveAttribute('data-tone', 'dimmed');
    expect(within(panel).getByRole('button', { name: 'Open entity page' })).toHaveAttribute(
      'href',
      '/catalog/default/server/srv-1',
    );
    await user.click(within(panel).getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(node('client:default/acme')).toHaveAttribute('data-tone', ''));
  });

  it('creates a share link, shows its full addresses and snippets once, lists the links and revokes one', async () => {
    const user = userEvent.setup({ delay: null });
    const existing = {
      id: 's1',
      graphId: 'g1',
      mode: 'live' as const,
      label: 'wiki',
      createdBy: 'user:default/alice',
      createdAt: '2026-12-01T08:00:00.000Z',
      lastUsedAt: '2026-12-01T09:00:00.000Z',
    };
    const created = {
      ...existing,
      id: 's2',
      mode: 'snapshot' as const,
      label: 'confluence',
      lastUsedAt: undefined,
      token: 'tok',
      urls: {
        page: '/api/maestro/shared/tok',
        svg: '/api/maestro/shared/tok/graph.svg',
        embed: '/api/maestro/shared/tok/embed',
      },
    };
    const api = fakeGraphsApi({
      listShareLinks: jest.fn().mockResolvedValueOnce([existing]).mockResolvedValue([existing, created]),
      createShareLink: jest.fn(async () => created),
    });
    await openGraph(api);
    await user.click(screen.getByRole('button', { name: 'Share' }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('wiki')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('radio', { name: /Snapshot/ }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Label' }), 'confluence');
    await user.click(within(dialog).getByRole('button', { name: 'Create link' }));
    await waitFor(() =>
      expect(api.createShareLink).toHaveBeenCalledWith('g1', {
        mode: 'snapshot',
        label: 'confluence',
        expiresAt: undefined,
      }),
    );
    const fresh = await within(dialog).findByRole('region', { name: 'New link' });
    expect(within(fresh).getByRole('textbox', { name: 'SVG address' })).toHaveValue(
      'http://backend.example:7007/api/maestro/shared/tok/graph.svg',
    );
    expect(within(fresh).getByRole('textbox', { name: 'Image snippet' })).toHaveValue(
      '<img src="http://backend.example:7007/api/maestro/shared/tok/graph.svg" alt="Shop" />',
    );
    expect((within(fresh).getByRole('textbox', { name: 'Iframe snippet' }) as HTMLInputElement).value).toContain(
      '<iframe src="http://backend.example:7007/api/maestro/shared/tok/embed"',
    );
    expect(await within(dialog).findByText('confluence')).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Revoke wiki' }));
    await waitFor(() => expect(api.revokeShareLink).toHaveBeenCalledWith('g1', 's1'));
    expect(api.listShareLinks).toHaveBeenCalledTimes(3);

    // closed and opened again: the token is gone
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await user.click(screen.getByRole('button', { name: 'Share' }));
    expect(await screen.findByRole('dialog')).toHaveTextContent('confluence');
    expect(screen.queryByRole('region', { name: 'New link' })).toBeNull();
  });

  it('says why the last generation of a graph failed', async () => {
    const api = fakeGraphsApi({
      getGraph: jest.fn(async () => savedShopGraph({ status: 'failed', error: 'entry: no such system' })),
    });
    await openGraph(api);
    expect(screen.getByText('entry: no such system')).toBeInTheDocument();
  });
});
