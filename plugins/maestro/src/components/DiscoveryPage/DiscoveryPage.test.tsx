import { act, screen, waitFor, within } from '@testing-library/react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  ago,
  card,
  configConnection,
  counts,
  discoveryApi,
  openstackConnection,
  OS_PASSWORD,
  prodConnection,
  row,
  SECRET,
  task,
  typingUser,
} from '../../__testUtils__/discoveryFixtures';
import { renderMaestroPage, responseError } from '../../__testUtils__/maestroTestUtils';

describe('DiscoveryPage', () => {
  let user: ReturnType<typeof typingUser>['user'];
  beforeEach(() => {
    ({ user } = typingUser());
  });

  it('lists the connections with their definition, statuses, counts, required actions and held removals', async () => {
    const api = discoveryApi();
    await renderMaestroPage(api, '/maestro/discovery');
    expect(await screen.findByText('Production account')).toBeInTheDocument();

    const prod = card('aws-prod');
    expect(prod).toHaveTextContent('created in Maestro · version 3');
    // the id links to the connection's own page, the datacenter to its catalog page
    expect(
      within(prod)
        .getAllByRole('link', { name: 'aws-prod' })
        .map(a => a.getAttribute('href')),
    ).toEqual(['/maestro/discovery/aws-prod', '/catalog/default/datacenter/aws-prod']);
    expect(prod).toHaveTextContent('eu-west-1, us-east-1');
    expect(within(prod).getByTestId('maestro-discovery-connection-aws-prod-credentials')).toHaveTextContent(
      'Static access keys · access key id AKIAIOSFODNN7EXAMPLE · secret stored',
    );

    const servers = row('aws-prod', 'server-list');
    expect(within(servers).getByTestId('maestro-discovery-task-aws-prod-server-list-status')).toHaveTextContent(
      'success',
    );
    expect(servers).toHaveTextContent('10 min');
    expect(servers).toHaveTextContent('2 min ago');
    expect(servers).toHaveTextContent('4.2 s');
    expect(within(servers).getByTestId('maestro-discovery-task-aws-prod-server-list-counts')).toHaveTextContent(
      'seen 40 · created 2 · changed 1 · unchanged 37 · deactivated 0',
    );

    const volumes = row('aws-prod', 'volumes-list');
    expect(volumes).toHaveTextContent('error');
    expect(volumes).toHaveTextContent('UnauthorizedOperation: You are not authorized');
    expect(volumes).toHaveTextContent('Permissions required: ec2:DescribeVolumes');
    expect(volumes).toHaveTextContent('failed 2 times in a row');

    const cdns = row('aws-prod', 'cdns-list');
    expect(within(cdns).getByTestId('maestro-discovery-task-aws-prod-cdns-list-status')).toHaveTextContent(
      'removal held',
    );
    expect(cdns).toHaveTextContent('held back: would deactivate 20 of 40 (over 30 %)');
    await user.click(within(cdns).getByRole('button', { name: 'Confirm removal of 20' }));
    // bound to what was shown: that list, that region, at most that count
    expect(api.syncDiscoveryConnection).toHaveBeenCalledWith('aws-prod', {
      list: 'cdns-list',
      confirmRemovals: { region: 'global', atMost: 20 },
    });
    expect(await within(card('aws-prod')).findByRole('status')).toHaveTextContent(
      'Removal confirmed: CDNs runs again and deactivates up to 20 records in global.',
    );

    // the app-config connection: read-only, running, never synced lists
    const gitops = card('aws-gitops');
    expect(gitops).toHaveTextContent('defined in app-config (read-only)');
    expect(gitops).toHaveTextContent('Default credential chain');
    expect(within(gitops).queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
    expect(within(gitops).queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
    expect(within(prod).getByRole('button', { name: 'Edit' })).toBeInTheDocument();
    expect(row('aws-gitops', 'server-list')).toHaveTextContent('running');
    expect(row('aws-gitops', 'volumes-list')).toHaveTextContent('never');
    expect(row('aws-gitops', 'cdns-list')).toHaveTextContent('empty');
    expect(within(row('aws-gitops', 'server-list')).getByRole('button', { name: 'Sync Servers now' })).toBeDisabled();
    expect(within(row('aws-gitops', 'volumes-list')).getByRole('button', { name: 'Sync Volumes now' })).toBeEnabled();

    expect(document.body.textContent).not.toContain(SECRET);
  });

  it('asks for a sync of a connection, or of one list, and says so', async () => {
    const api = discoveryApi();
    api.syncDiscoveryConnection.mockResolvedValue({
      requested: ['server-list', 'volumes-list', 'cdns-list'],
      requestedAt: new Date().toISOString(),
    });
    await renderMaestroPage(api, '/maestro/discovery');
    await screen.findByText('Production account');
    const prod = card('aws-prod');

    await user.click(within(prod).getByRole('button', { name: 'Sync now' }));
    expect(api.syncDiscoveryConnection).toHaveBeenCalledWith('aws-prod', {});
    expect(await within(prod).findByRole('status')).toHaveTextContent('Sync requested: Servers, Volumes, CDNs.');
    await waitFor(() => expect(api.listDiscoveryConnections).toHaveBeenCalledTimes(2));

    api.syncDiscoveryConnection.mockResolvedValue({
      requested: ['volumes-list'],
      requestedAt: new Date().toISOString(),
    });
    await user.click(within(row('aws-prod', 'volumes-list')).getByRole('button', { name: 'Sync Volumes now' }));
    expect(api.syncDiscoveryConnection).toHaveBeenLastCalledWith('aws-prod', { list: 'volumes-list' });

    api.syncDiscoveryConnection.mockRejectedValue(responseError(403, 'not allowed'));
    await user.click(within(prod).getByRole('button', { name: 'Sync now' }));
    expect(await within(prod).findByRole('alert')).toHaveTextContent('you may not manage discovery connections');
  });

  it('asks for confirmation before deleting a connection, and says its records stay', async () => {
    const api = discoveryApi();
    await renderMaestroPage(api, '/maestro/discovery');
    await screen.findByText('Production account');

    await user.click(within(card('aws-prod')).getByRole('button', { name: 'Delete' }));
    let dialog = await screen.findByRole('dialog', { name: 'Delete connection aws-prod?' });
    expect(dialog).toHaveTextContent('The records it discovered stay in the inventory');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.deleteDiscoveryConnection).not.toHaveBeenCalled();

    await user.click(within(card('aws-prod')).getByRole('button', { name: 'Delete' }));
    dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Delete connection' }));
    expect(api.deleteDiscoveryConnection).toHaveBeenCalledWith('aws-prod');
    await waitFor(() => expect(screen.queryByTestId('maestro-discovery-connection-aws-prod')).not.toBeInTheDocument());
    expect(screen.getByTestId('maestro-discovery-notice')).toHaveTextContent(
      'Deleted connection aws-prod; the records it discovered stay in the inventory',
    );
    expect(card('aws-gitops')).toBeInTheDocument();
  });

  it('shows a removal held in each region with its own confirmation, and one already confirmed as such', async () => {
    const held = prodConnection();
    held.tasks[0] = task('aws-prod', 'server-list', {
      status: 'held',
      finishedAt: ago(60_000),
      counts: counts({ seen: 30, unchanged: 30 }),
      held: [
        { region: 'eu-west-1', wouldDeactivate: 12, of: 30, threshold: 0.3 },
        { region: 'us-east-1', wouldDeactivate: 40, of: 60, threshold: 0.3 },
      ],
      confirmedRemovals: [{ region: 'eu-west-1', atMost: 12 }],
    });
    const api = discoveryApi({ items: [held] });
    api.syncDiscoveryConnection.mockResolvedValue({
      requested: ['server-list'],
      requestedAt: new Date().toISOString(),
    });
    await renderMaestroPage(api, '/maestro/discovery');
    await screen.findByText('Production account');
    const servers = row('aws-prod', 'server-list');
    expect(within(servers).getByTestId('maestro-discovery-task-aws-prod-server-list-status')).toHaveTextContent(
      'removal held',
    );
    const eu = within(servers).getByTestId('maestro-discovery-task-aws-prod-server-list-held-eu-west-1');
    expect(eu).toHaveTextContent('eu-west-1: held back: would deactivate 12 of 30 (over 30 %)');
    expect(eu).toHaveTextContent('removal confirmed: applied by the next run if it is still at most 12');
    expect(within(eu).queryByRole('button')).not.toBeInTheDocument();
    const us = within(servers).getByTestId('maestro-discovery-task-aws-prod-server-list-held-us-east-1');
    expect(us).toHaveTextContent('us-east-1: held back: would deactivate 40 of 60 (over 30 %)');
    await user.click(within(us).getByRole('button', { name: 'Confirm removal of 40 in us-east-1' }));
    expect(api.syncDiscoveryConnection).toHaveBeenCalledTimes(1);
    expect(api.syncDiscoveryConnection).toHaveBeenCalledWith('aws-prod', {
      list: 'server-list',
      confirmRemovals: { region: 'us-east-1', atMost: 40 },
    });
  });

  it('refreshes on discovery signals', async () => {
    let onMessage: ((message: any) => void) | undefined;
    const unsubscribe = jest.fn();
    const signals = {
      subscribe: jest.fn((channel: string, callback: (message: any) => void) => {
        expect(channel).toBe('maestro:discovery');
        onMessage = callback;
        return { unsubscribe };
      }),
    };
    const api = discoveryApi({ items: [prodConnection()] });
    await renderMaestroPage(api, '/maestro/discovery', [[signalApiRef, signals]]);
    await screen.findByText('Production account');
    expect(api.listDiscoveryConnections).toHaveBeenCalledTimes(1);

    const finished = prodConnection();
    finished.tasks[1] = { ...finished.tasks[1], status: 'success', error: undefined, requiredActions: undefined };
    api.listDiscoveryConnections.mockResolvedValue({ items: [finished] });
    act(() => onMessage!({ connectionId: 'aws-prod', list: 'volumes-list', status: 'success', runId: 'r2' }));
    await waitFor(() => expect(api.listDiscoveryConnections).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(row('aws-prod', 'volumes-list')).not.toHaveTextContent('Permissions required'));
  });

  it('polls every 5 s while a task runs, and every 30 s otherwise', async () => {
    jest.useFakeTimers();
    try {
      const api = discoveryApi({ items: [configConnection()] });
      await renderMaestroPage(api, '/maestro/discovery');
      await screen.findByTestId('maestro-discovery-connection-aws-gitops');
      expect(api.listDiscoveryConnections).toHaveBeenCalledTimes(1);
      await act(async () => {
        jest.advanceTimersByTime(5000);
      });
      await waitFor(() => expect(api.listDiscoveryConnections).toHaveBeenCalledTimes(2));

      // nothing runs any more: no more polling
      const done = configConnection();
      done.tasks[0] = { ...done.tasks[0], status: 'success', finishedAt: new Date().toISOString() };
      api.listDiscoveryConnections.mockResolvedValue({ items: [done] });
      await act(async () => {
        jest.advanceTimersByTime(5000);
      });
      await waitFor(() => expect(api.listDiscoveryConnections).toHaveBeenCalledTimes(3));
      await waitFor(() => expect(row('aws-gitops', 'server-list')).toHaveTextContent('success'));
      await act(async () => {
        jest.advanceTimersByTime(15000);
      });
      expect(api.listDiscoveryConnections).toHaveBeenCalledTimes(3);
      // then every 30 s: signals reach only the owners and the configured readers
      await act(async () => {
        jest.advanceTimersByTime(15000);
      });
      await waitFor(() => expect(api.listDiscoveryConnections).toHaveBeenCalledTimes(4));
    } finally {
      jest.useRealTimers();
    }
  });

  it('shows one connection at discovery/:id, where notifications link', async () => {
    const api = discoveryApi();
    await renderMaestroPage(api, '/maestro/discovery/aws-prod');
    expect(await screen.findByText('Production account')).toBeInTheDocument();
    expect(api.getDiscoveryConnection).toHaveBeenCalledWith('aws-prod');
    expect(screen.queryByTestId('maestro-discovery-connection-aws-gitops')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'All connections' })).toHaveAttribute('href', '/maestro/discovery');
    expect(screen.getByRole('tab', { name: 'Discovery' })).toHaveAttribute('aria-selected', 'true');
  });

  it('says so for an unknown connection', async () => {
    await renderMaestroPage(discoveryApi(), '/maestro/discovery/nope');
    expect(await screen.findByText(/No discovery connection 'nope'/)).toBeInTheDocument();
  });

  describe('OpenStack', () => {
    it('shows an OpenStack connection: auth URL, user, project, interface, and a missing service as not a failure', async () => {
      await renderMaestroPage(discoveryApi({ items: [openstackConnection()] }), '/maestro/discovery');
      expect(await screen.findByText('Production cloud')).toBeInTheDocument();
      const os = card('os-prod');
      const field = (name: string) => within(os).getByTestId(`maestro-discovery-connection-os-prod-${name}`);
      expect(field('provider')).toHaveTextContent('OpenStack');
      expect(field('credentials')).toHaveTextContent('Keystone v3 password · password stored');
      expect(field('auth-url')).toHaveTextContent('https://keystone.example.com:5000/v3');
      expect(field('user')).toHaveTextContent('maestro-reader (domain default)');
      expect(field('project')).toHaveTextContent('id 8a1b2c3d4e5f');
      expect(field('interface')).toHaveTextContent('internal');
      expect(field('regions')).toHaveTextContent('RegionOne, RegionTwo');
      expect(os).not.toHaveTextContent('access key');
      expect(os).not.toHaveTextContent('Default credential chain');

      const lbs = row('os-prod', 'loadbalancer-list');
      const chip = within(lbs).getByTestId('maestro-discovery-task-os-prod-loadbalancer-list-status');
      expect(chip).toHaveTextContent('service not available');
      expect(chip.className).toMatch(/status_unavailable/);
      expect(chip.className).not.toMatch(/status_error/);
      const messages = within(lbs).getAllByTestId('maestro-discovery-task-os-prod-loadbalancer-list-unavailable');
      expect(messages.map(m => m.textContent)).toEqual([
        "RegionOne: service not available: no 'load-balancer' endpoint in the catalog of RegionOne",
        "RegionTwo: service not available: no 'load-balancer' endpoint in the catalog of RegionTwo",
      ]);
      // grey, not red: not a failure
      for (const m of messages) {
        expect(m.className).toMatch(/colorTextSecondary/);
        expect(m.className).not.toMatch(/colorError/);
      }
      expect(within(lbs).queryByText(/failed .* times/)).not.toBeInTheDocument();
      // the chip's tooltip tells the regions' messages
      await user.hover(chip);
      expect(await screen.findByRole('tooltip')).toHaveTextContent(
        "RegionOne: service not available: no 'load-balancer' endpoint in the catalog of RegionOne",
      );
      expect(row('os-prod', 'server-list')).toHaveTextContent('success');
      expect(document.body.textContent).not.toContain(OS_PASSWORD);
    });
  });
});
