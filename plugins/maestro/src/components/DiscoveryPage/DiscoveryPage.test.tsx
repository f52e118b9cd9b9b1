import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { signalApiRef } from '@backstage/plugin-signals-react';
import type { DiscoveryCounts, DiscoveryTaskStatus } from '@maestro/plugin-maestro-common';
import type { DiscoveryConnectionView, DiscoveryProvidersResponse } from '../../api';
import { fakeMaestroApi, renderMaestroPage, responseError } from '../../__testUtils__/maestroTestUtils';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

const providers = (canStoreSecrets = true): DiscoveryProvidersResponse => ({
  canStoreSecrets,
  items: [
    {
      provider: 'aws',
      lists: [
        { id: 'server-list', title: 'Servers', iamActions: ['ec2:DescribeInstances'], defaultFrequencyMinutes: 5 },
        { id: 'volumes-list', title: 'Volumes', iamActions: ['ec2:DescribeVolumes'], defaultFrequencyMinutes: 60 },
        {
          id: 'cdns-list',
          title: 'CDNs',
          iamActions: ['cloudfront:ListDistributions'],
          global: true,
          defaultFrequencyMinutes: 1440,
        },
      ],
    },
  ],
});

const counts = (values: Partial<DiscoveryCounts>): DiscoveryCounts => ({
  seen: 0,
  created: 0,
  changed: 0,
  unchanged: 0,
  deactivated: 0,
  reactivated: 0,
  invalid: 0,
  ...values,
});

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const lists = (overrides: Record<string, { enabled?: boolean; frequencyMinutes?: number }> = {}) =>
  providers().items[0].lists.map(l => ({
    id: l.id,
    title: l.title,
    iamActions: l.iamActions,
    ...(l.global ? { global: true } : {}),
    enabled: overrides[l.id]?.enabled ?? true,
    frequencyMinutes: overrides[l.id]?.frequencyMinutes ?? l.defaultFrequencyMinutes,
  }));

const task = (connectionId: string, list: string, values: Partial<DiscoveryTaskStatus> = {}): DiscoveryTaskStatus => ({
  connectionId,
  list,
  status: 'never',
  failures: 0,
  ...values,
});

/** An API-defined connection with static keys: servers succeeded, volumes denied, CDN removals held back. */
function prodConnection(overrides: Partial<DiscoveryConnectionView> = {}): DiscoveryConnectionView {
  return {
    id: 'aws-prod',
    provider: 'aws',
    title: 'Production account',
    datacenter: 'aws-prod',
    regions: ['eu-west-1', 'us-east-1'],
    owner: 'group:default/platform',
    origin: 'api',
    lists: lists({ 'server-list': { frequencyMinutes: 10 } }),
    // a secret the API should never send: the page must not show it anyway
    aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', credentials: 'static', secretAccessKey: SECRET } as any,
    hasSecret: true,
    version: 3,
    updatedBy: 'user:default/alice',
    tasks: [
      task('aws-prod', 'server-list', {
        status: 'success',
        startedAt: ago(125_000),
        finishedAt: ago(120_000),
        durationMs: 4200,
        counts: counts({ seen: 40, created: 2, changed: 1, unchanged: 37 }),
      }),
      task('aws-prod', 'volumes-list', {
        status: 'error',
        finishedAt: ago(60_000),
        durationMs: 300,
        counts: counts({}),
        error: 'UnauthorizedOperation: You are not authorized to perform this operation.',
        requiredActions: ['ec2:DescribeVolumes'],
        failures: 2,
      }),
      task('aws-prod', 'cdns-list', {
        status: 'success',
        finishedAt: ago(3_600_000),
        durationMs: 900,
        counts: counts({ seen: 20, unchanged: 20 }),
        held: [{ region: 'global', wouldDeactivate: 20, of: 40, threshold: 0.3 }],
      }),
    ],
    ...overrides,
  };
}

/** A connection from app-config, on the default credential chain, servers running. */
function configConnection(): DiscoveryConnectionView {
  return {
    id: 'aws-gitops',
    provider: 'aws',
    datacenter: 'aws-gitops',
    regions: ['eu-west-1'],
    owner: 'group:default/platform',
    origin: 'config',
    lists: lists(),
    aws: { credentials: 'default-chain' },
    hasSecret: false,
    tasks: [
      task('aws-gitops', 'server-list', { status: 'running', startedAt: ago(3000), runId: 'r1' }),
      task('aws-gitops', 'volumes-list'),
      task('aws-gitops', 'cdns-list', { status: 'empty', finishedAt: ago(10_000), counts: counts({}) }),
    ],
  };
}

function discoveryApi(options: { items?: DiscoveryConnectionView[]; canStoreSecrets?: boolean } = {}) {
  const items = options.items ?? [configConnection(), prodConnection()];
  return fakeMaestroApi({
    getDiscoveryProviders: jest.fn(async () => providers(options.canStoreSecrets ?? true)),
    getAwsDiscoveryPolicy: jest.fn(async () => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ec2:DescribeVolumes'], Resource: '*' }],
    })),
    listDiscoveryConnections: jest.fn(async () => ({ items })),
    getDiscoveryConnection: jest.fn(async (id: string) => {
      const found = items.find(c => c.id === id);
      if (!found) throw responseError(404, `connection '${id}' does not exist`);
      return found;
    }),
  });
}

/** Waiting a little longer than the default: the wizard tests type into many Material UI fields. */
const WIZARD_TIMEOUT = 90_000;

const card = (id: string) => screen.getByTestId(`maestro-discovery-connection-${id}`);
const row = (connection: string, list: string) => screen.getByTestId(`maestro-discovery-task-${connection}-${list}`);

describe('DiscoveryPage', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });
  /** Types a value at once (a paste: one change, not one per character). */
  const fill = async (field: HTMLElement, value: string) => {
    await user.clear(field);
    await user.click(field);
    await user.paste(value);
  };

  it('lists the connections with their definition, statuses, counts, required actions and held removals', async () => {
    const api = discoveryApi();
    await renderMaestroPage(api, '/maestro/discovery');
    expect(await screen.findByText('Production account')).toBeInTheDocument();

    const prod = card('aws-prod');
    expect(prod).toHaveTextContent('created in Maestro · version 3');
    // the id links to the connection's own page, the datacenter to its catalog page
    expect(within(prod).getAllByRole('link', { name: 'aws-prod' }).map(a => a.getAttribute('href'))).toEqual([
      '/maestro/discovery/aws-prod',
      '/catalog/default/datacenter/aws-prod',
    ]);
    expect(prod).toHaveTextContent('eu-west-1, us-east-1');
    expect(within(prod).getByTestId('maestro-discovery-connection-aws-prod-credentials')).toHaveTextContent(
      'Static access keys · access key id AKIAIOSFODNN7EXAMPLE · secret stored',
    );

    const servers = row('aws-prod', 'server-list');
    expect(within(servers).getByTestId('maestro-discovery-task-aws-prod-server-list-status')).toHaveTextContent('success');
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
    expect(cdns).toHaveTextContent('held back: would deactivate 20 of 40 (over 30 %)');
    await user.click(within(cdns).getByRole('button', { name: 'Confirm removal' }));
    expect(api.syncDiscoveryConnection).toHaveBeenCalledWith('aws-prod', { list: 'cdns-list', confirmRemovals: true });

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

    api.syncDiscoveryConnection.mockResolvedValue({ requested: ['volumes-list'], requestedAt: new Date().toISOString() });
    await user.click(within(row('aws-prod', 'volumes-list')).getByRole('button', { name: 'Sync Volumes now' }));
    expect(api.syncDiscoveryConnection).toHaveBeenLastCalledWith('aws-prod', { list: 'volumes-list' });

    api.syncDiscoveryConnection.mockRejectedValue(responseError(403, 'not allowed'));
    await user.click(within(prod).getByRole('button', { name: 'Sync now' }));
    expect(await within(prod).findByRole('alert')).toHaveTextContent('you may not manage discovery connections');
  });

  it('adds a connection with the wizard, posting only what was chosen, and shows it', async () => {
    const api = discoveryApi({ items: [] });
    api.createDiscoveryConnection.mockImplementation(async request => ({
      ...prodConnection({ tasks: [] }),
      id: request.id,
      title: request.title,
      datacenter: request.datacenter!,
    }));
    await renderMaestroPage(api, '/maestro/discovery');
    expect(await screen.findByText('No discovery connection yet')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Add connection' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a discovery connection' });
    // step 1: the connection
    expect(within(dialog).getByLabelText('Provider')).toHaveValue('aws');
    expect(within(dialog).getByLabelText(/^Owner/)).toHaveValue('group:default/maestro-admins');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    expect(within(dialog).getByText('is required')).toBeInTheDocument(); // the id
    await fill(within(dialog).getByLabelText(/^Connection id/), 'aws-new');
    await fill(within(dialog).getByLabelText(/^Title/), 'New account');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));

    // step 2: regions offered by the settings, and typed
    await user.click(await within(dialog).findByRole('button', { name: 'Add region eu-west-1' }));
    await user.type(within(dialog).getByLabelText(/^Regions/), 'us-east-1{Enter}ap-south-1');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));

    // step 3: credentials, with the policy to grant
    expect(await within(dialog).findByTestId('maestro-discovery-policy')).toHaveTextContent('ec2:DescribeVolumes');
    expect(within(dialog).getByRole('button', { name: 'Copy' })).toBeEnabled();
    expect(within(dialog).getByRole('radio', { name: 'Static access keys' })).toBeChecked();
    await fill(within(dialog).getByLabelText(/^Access key id/), 'AKIAIOSFODNN7EXAMPLE');
    const secret = within(dialog).getByLabelText(/^Secret access key/);
    expect(secret).toHaveAttribute('type', 'password');
    await fill(secret, 'top-secret');
    await fill(within(dialog).getByLabelText(/^Endpoint/), 'http://localhost:4566');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));

    // step 4: lists
    await user.click(within(dialog).getByRole('checkbox', { name: 'Volumes' }));
    const minutes = within(dialog).getByLabelText('Minutes between runs of Servers');
    await fill(minutes, '10');
    expect(within(dialog).getByLabelText('Minutes between runs of CDNs')).toHaveValue(1440);
    await user.click(within(dialog).getByRole('button', { name: 'Create connection' }));

    await waitFor(() =>
      expect(api.createDiscoveryConnection).toHaveBeenCalledWith({
        id: 'aws-new',
        provider: 'aws',
        title: 'New account',
        datacenter: 'aws-new',
        regions: ['eu-west-1', 'us-east-1', 'ap-south-1'],
        owner: 'group:default/maestro-admins',
        endpoint: 'http://localhost:4566',
        lists: { 'server-list': { frequencyMinutes: 10 }, 'volumes-list': { enabled: false } },
        aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'top-secret' },
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const notice = screen.getByTestId('maestro-discovery-notice');
    expect(notice).toHaveTextContent('Created connection aws-new');
    expect(within(notice).getByRole('link', { name: 'aws-new' })).toHaveAttribute('href', '/maestro/discovery/aws-new');
    expect(card('aws-new')).toHaveTextContent('New account');
    expect(document.body.textContent).not.toContain('top-secret');
  }, WIZARD_TIMEOUT);

  it('shows the problems of a 400 next to the fields they name, and keeps the dialog open', async () => {
    const api = discoveryApi({ items: [] });
    api.createDiscoveryConnection.mockRejectedValue(
      responseError(
        400,
        "regions: not a region name: moon-1; owner: must be an entity ref such as group:default/platform (got 'x y:/'); lists.server-list.frequencyMinutes: must be a whole number of minutes between 1 and 10080",
      ),
    );
    await renderMaestroPage(api, '/maestro/discovery');
    await user.click(await screen.findByRole('button', { name: 'Add connection' }));
    const dialog = await screen.findByRole('dialog');
    await fill(within(dialog).getByLabelText(/^Connection id/), 'aws-bad');
    await fill(within(dialog).getByLabelText(/^Owner/), 'x y:/');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    await fill(within(dialog).getByLabelText(/^Regions/), 'moon-1');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    await fill(within(dialog).getByLabelText(/^Access key id/), 'AKIAIOSFODNN7EXAMPLE');
    await fill(within(dialog).getByLabelText(/^Secret access key/), 'secret');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create connection' }));

    // back on the first step with a problem: the owner, its message under the field
    const owner = await within(dialog).findByLabelText(/^Owner/);
    expect(owner).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByText(/must be an entity ref such as group:default\/platform/)).toBeInTheDocument();
    const alert = within(dialog).getByTestId('maestro-discovery-wizard-error');
    expect(alert).toHaveTextContent('Not saved: the backend found 3 problems.');
    expect(alert).toHaveTextContent('Regions step, regions: not a region name: moon-1');
    expect(alert).toHaveTextContent('Lists step, lists.server-list.frequencyMinutes: must be a whole number');

    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    expect(within(dialog).getByLabelText(/^Regions/)).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByText('not a region name: moon-1')).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  }, WIZARD_TIMEOUT);

  it('offers only the non-secret credentials when secrets cannot be stored', async () => {
    const api = discoveryApi({ items: [], canStoreSecrets: false });
    api.createDiscoveryConnection.mockImplementation(async request => ({
      ...prodConnection({ tasks: [] }),
      id: request.id,
    }));
    await renderMaestroPage(api, '/maestro/discovery');
    await user.click(await screen.findByRole('button', { name: 'Add connection' }));
    const dialog = await screen.findByRole('dialog');
    await fill(within(dialog).getByLabelText(/^Connection id/), 'aws-role');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    await fill(within(dialog).getByLabelText(/^Regions/), 'eu-west-1');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));

    expect(within(dialog).getByTestId('maestro-discovery-no-secrets')).toHaveTextContent('Secrets cannot be stored');
    expect(within(dialog).queryByRole('radio', { name: 'Static access keys' })).not.toBeInTheDocument();
    expect(within(dialog).queryByLabelText(/^Secret access key/)).not.toBeInTheDocument();
    expect(within(dialog).getByRole('radio', { name: 'Assume an IAM role' })).toBeChecked();
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    expect(within(dialog).getByText('is required to assume a role')).toBeInTheDocument();
    await fill(within(dialog).getByLabelText(/^Role ARN/), 'arn:aws:iam::123456789012:role/maestro-read');
    await fill(within(dialog).getByLabelText(/^External id/), 'ext-1');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create connection' }));
    await waitFor(() =>
      expect(api.createDiscoveryConnection).toHaveBeenCalledWith(
        expect.objectContaining({
          id: 'aws-role',
          regions: ['eu-west-1'],
          aws: { roleArn: 'arn:aws:iam::123456789012:role/maestro-read', externalId: 'ext-1' },
        }),
      ),
    );

    // the default chain sends no credentials at all
    await user.click(screen.getByRole('button', { name: 'Add connection' }));
    const again = await screen.findByRole('dialog');
    await fill(within(again).getByLabelText(/^Connection id/), 'aws-chain');
    await user.click(within(again).getByRole('button', { name: 'Next' }));
    await fill(within(again).getByLabelText(/^Regions/), 'eu-west-1');
    await user.click(within(again).getByRole('button', { name: 'Next' }));
    await user.click(within(again).getByRole('radio', { name: 'Backstage AWS integration or default credential chain' }));
    await user.click(within(again).getByRole('button', { name: 'Next' }));
    await user.click(within(again).getByRole('button', { name: 'Create connection' }));
    await waitFor(() =>
      expect(api.createDiscoveryConnection).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'aws-chain', aws: {} })),
    );
  }, WIZARD_TIMEOUT);

  it('edits a connection with the wizard filled in, the secret left empty to keep it', async () => {
    const api = discoveryApi();
    api.updateDiscoveryConnection.mockImplementation(async (_id, request) => ({
      ...prodConnection(),
      title: request.title,
      version: 4,
    }));
    await renderMaestroPage(api, '/maestro/discovery');
    await screen.findByText('Production account');
    await user.click(within(card('aws-prod')).getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit connection aws-prod' });
    expect(within(dialog).getByLabelText(/^Connection id/)).toBeDisabled();
    const title = within(dialog).getByLabelText(/^Title/);
    expect(title).toHaveValue('Production account');
    await fill(title, 'Prod');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    expect(within(dialog).getByText('eu-west-1')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    expect(within(dialog).getByLabelText(/^Access key id/)).toHaveValue('AKIAIOSFODNN7EXAMPLE');
    expect(within(dialog).getByLabelText(/^Secret access key/)).toHaveValue('');
    expect(within(dialog).getByText('A secret is stored: leave empty to keep it.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    expect(within(dialog).getByLabelText('Minutes between runs of Servers')).toHaveValue(10);
    await user.click(within(dialog).getByRole('button', { name: 'Save connection' }));

    await waitFor(() =>
      expect(api.updateDiscoveryConnection).toHaveBeenCalledWith('aws-prod', {
        id: 'aws-prod',
        provider: 'aws',
        title: 'Prod',
        datacenter: 'aws-prod',
        regions: ['eu-west-1', 'us-east-1'],
        owner: 'group:default/platform',
        lists: { 'server-list': { frequencyMinutes: 10 } },
        aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
        version: 3,
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(card('aws-prod')).toHaveTextContent('Prod');
    expect(document.body.textContent).not.toContain(SECRET);
  }, WIZARD_TIMEOUT);

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

  it('polls every 5 s while a task runs', async () => {
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
});
