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
    {
      provider: 'openstack',
      lists: [
        {
          id: 'server-list',
          title: 'Servers (Nova)',
          iamActions: ['compute: GET /servers/detail', 'compute: GET /flavors/detail', 'network: GET /v2.0/ports'],
          defaultFrequencyMinutes: 5,
        },
        {
          id: 'volumes-list',
          title: 'Volumes (Cinder)',
          iamActions: ['block-storage: GET /volumes/detail'],
          defaultFrequencyMinutes: 60,
        },
        {
          id: 'loadbalancer-list',
          title: 'Load balancers (Octavia)',
          iamActions: ['load-balancer: GET /v2/lbaas/loadbalancers'],
          defaultFrequencyMinutes: 60,
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

const openstackLists = () =>
  providers().items[1].lists.map(l => ({
    id: l.id,
    title: l.title,
    iamActions: l.iamActions,
    enabled: true,
    frequencyMinutes: l.defaultFrequencyMinutes,
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
        status: 'held',
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

const OS_PASSWORD = 'correct horse battery staple';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----';

/** An API-defined OpenStack connection (password stored): servers found, no Octavia in RegionOne. */
function openstackConnection(overrides: Partial<DiscoveryConnectionView> = {}): DiscoveryConnectionView {
  return {
    id: 'os-prod',
    provider: 'openstack',
    title: 'Production cloud',
    datacenter: 'dc-paris',
    regions: ['RegionOne', 'RegionTwo'],
    owner: 'group:default/platform',
    origin: 'api',
    lists: openstackLists(),
    openstack: {
      authUrl: 'https://keystone.example.com:5000/v3',
      apiVersion: 'v3',
      username: 'maestro-reader',
      userDomainId: 'default',
      projectId: '8a1b2c3d4e5f',
      interface: 'internal',
      // a password the API should never send: the page must not show it anyway
      password: OS_PASSWORD,
    } as any,
    hasSecret: true,
    version: 2,
    tasks: [
      task('os-prod', 'server-list', {
        status: 'success',
        finishedAt: ago(60_000),
        durationMs: 2100,
        counts: counts({ seen: 12, unchanged: 12 }),
      }),
      task('os-prod', 'loadbalancer-list', {
        status: 'unavailable',
        finishedAt: ago(60_000),
        durationMs: 150,
        counts: counts({}),
        regions: [
          {
            region: 'RegionOne',
            status: 'unavailable',
            counts: counts({}),
            complete: true,
            error: "service not available: no 'load-balancer' endpoint in the catalog of RegionOne",
          },
          {
            region: 'RegionTwo',
            status: 'unavailable',
            counts: counts({}),
            complete: true,
            error: "service not available: no 'load-balancer' endpoint in the catalog of RegionTwo",
          },
        ],
      }),
    ],
    ...overrides,
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
    expect(within(cdns).getByTestId('maestro-discovery-task-aws-prod-cdns-list-status')).toHaveTextContent('removal held');
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

  it('edits a role connection whose external id is stored: the field starts empty, says so, and sends none', async () => {
    const role = prodConnection({
      aws: { roleArn: 'arn:aws:iam::123456789012:role/maestro-read', hasExternalId: true, credentials: 'default-chain' },
      hasSecret: false,
    });
    const api = discoveryApi({ items: [role] });
    api.updateDiscoveryConnection.mockImplementation(async () => ({ ...role, version: 4 }));
    await renderMaestroPage(api, '/maestro/discovery');
    await screen.findByText('Production account');
    await user.click(within(card('aws-prod')).getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit connection aws-prod' });
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    expect(within(dialog).getByLabelText(/^Role ARN/)).toHaveValue('arn:aws:iam::123456789012:role/maestro-read');
    expect(within(dialog).getByLabelText(/^External id/)).toHaveValue('');
    expect(within(dialog).getByText(/An external id is stored: leave empty to keep it/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save connection' }));
    await waitFor(() => expect(api.updateDiscoveryConnection).toHaveBeenCalled());
    expect(api.updateDiscoveryConnection.mock.calls[0][1].aws).toEqual({ roleArn: 'arn:aws:iam::123456789012:role/maestro-read' });
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
    api.syncDiscoveryConnection.mockResolvedValue({ requested: ['server-list'], requestedAt: new Date().toISOString() });
    await renderMaestroPage(api, '/maestro/discovery');
    await screen.findByText('Production account');
    const servers = row('aws-prod', 'server-list');
    expect(within(servers).getByTestId('maestro-discovery-task-aws-prod-server-list-status')).toHaveTextContent('removal held');
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

    it('adds an OpenStack connection with the wizard, posting its Keystone settings and the password', async () => {
      const api = discoveryApi({ items: [] });
      api.createDiscoveryConnection.mockImplementation(async request => ({
        ...openstackConnection({ tasks: [] }),
        id: request.id,
        title: request.title,
        datacenter: request.datacenter!,
        regions: request.regions,
        openstack: { ...request.openstack!, password: undefined },
      }));
      await renderMaestroPage(api, '/maestro/discovery');
      await user.click(await screen.findByRole('button', { name: 'Add connection' }));
      const dialog = await screen.findByRole('dialog', { name: 'Add a discovery connection' });

      // step 1: the provider first
      await user.selectOptions(within(dialog).getByLabelText('Provider'), 'openstack');
      expect(within(dialog).getByLabelText('Provider')).toHaveValue('openstack');
      await fill(within(dialog).getByLabelText(/^Connection id/), 'os-new');
      await fill(within(dialog).getByLabelText(/^Title/), 'New cloud');
      await fill(within(dialog).getByLabelText(/^Datacenter/), 'dc-paris');
      await user.click(within(dialog).getByRole('button', { name: 'Next' }));

      // step 2: regions typed freely; the settings offer OpenStack's, not AWS's
      expect(await within(dialog).findByRole('button', { name: 'Add region RegionOne' })).toBeInTheDocument();
      expect(within(dialog).queryByRole('button', { name: 'Add region eu-west-1' })).not.toBeInTheDocument();
      await fill(within(dialog).getByLabelText(/^Regions/), 'RegionOne, RegionTwo');
      await user.click(within(dialog).getByRole('button', { name: 'Next' }));

      // step 3: the Keystone settings, with the API calls to allow
      const calls = await within(dialog).findByTestId('maestro-discovery-api-calls');
      expect(calls).toHaveTextContent('# Servers (Nova) (server-list) compute: GET /servers/detail');
      expect(calls).toHaveTextContent('load-balancer: GET /v2/lbaas/loadbalancers');
      expect(dialog).toHaveTextContent('the reader role on the project suffices');
      expect(within(dialog).getByRole('button', { name: 'Copy' })).toBeEnabled();
      expect(within(dialog).queryByTestId('maestro-discovery-policy')).not.toBeInTheDocument();
      expect(within(dialog).queryByLabelText(/^Endpoint/)).not.toBeInTheDocument();
      expect(within(dialog).getByLabelText('API version')).toHaveValue('v3');
      expect(within(dialog).getByLabelText('User domain ID')).toHaveValue('default');
      expect(within(dialog).getByLabelText('Interface')).toHaveValue('public');
      expect(within(dialog).getByRole('checkbox', { name: 'Skip TLS verification' })).not.toBeChecked();
      expect(dialog).toHaveTextContent('Not recommended: the certificates are not checked');
      // nothing typed yet: the step's own checks
      await user.click(within(dialog).getByRole('button', { name: 'Next' }));
      expect(within(dialog).getByLabelText(/^Auth URL/)).toHaveAttribute('aria-invalid', 'true');
      expect(within(dialog).getByLabelText(/^Username/)).toHaveAttribute('aria-invalid', 'true');
      expect(within(dialog).getByLabelText(/^Project ID/)).toHaveAttribute('aria-invalid', 'true');
      expect(within(dialog).getByLabelText(/^Password/)).toHaveAttribute('aria-invalid', 'true');

      await fill(within(dialog).getByLabelText(/^Auth URL/), 'https://keystone.example.com:5000/v3');
      await fill(within(dialog).getByLabelText(/^Username/), 'maestro-reader');
      const password = within(dialog).getByLabelText(/^Password/);
      expect(password).toHaveAttribute('type', 'password');
      await fill(password, OS_PASSWORD);
      await fill(within(dialog).getByLabelText(/^Project ID/), '8a1b2c3d4e5f');
      await user.selectOptions(within(dialog).getByLabelText('Interface'), 'internal');
      await fill(within(dialog).getByLabelText('CA bundle'), PEM);
      await user.click(within(dialog).getByRole('button', { name: 'Next' }));

      // step 4: lists (what they call), and the review: never the password
      expect(within(dialog).getByRole('columnheader', { name: 'API calls' })).toBeInTheDocument();
      await user.click(within(dialog).getByRole('checkbox', { name: 'Load balancers (Octavia)' }));
      const review = within(dialog).getByTestId('maestro-discovery-review');
      expect(review).toHaveTextContent('ProviderOpenStack');
      expect(review).toHaveTextContent('RegionsRegionOne, RegionTwo');
      expect(review).toHaveTextContent('Auth URLhttps://keystone.example.com:5000/v3 (Keystone v3)');
      expect(review).toHaveTextContent('Usermaestro-reader (domain default)');
      expect(review).toHaveTextContent('Password••• (will be stored encrypted)');
      expect(review).toHaveTextContent('TLSverified with the CA bundle');
      expect(dialog.textContent).not.toContain(OS_PASSWORD);
      await user.click(within(dialog).getByRole('button', { name: 'Create connection' }));

      await waitFor(() =>
        expect(api.createDiscoveryConnection).toHaveBeenCalledWith({
          id: 'os-new',
          provider: 'openstack',
          title: 'New cloud',
          datacenter: 'dc-paris',
          regions: ['RegionOne', 'RegionTwo'],
          owner: 'group:default/maestro-admins',
          lists: { 'loadbalancer-list': { enabled: false } },
          openstack: {
            authUrl: 'https://keystone.example.com:5000/v3',
            apiVersion: 'v3',
            username: 'maestro-reader',
            userDomainId: 'default',
            projectId: '8a1b2c3d4e5f',
            interface: 'internal',
            caBundle: PEM,
            password: OS_PASSWORD,
          },
        }),
      );
      const request = api.createDiscoveryConnection.mock.calls[0][0];
      expect(request).not.toHaveProperty('endpoint');
      expect(request).not.toHaveProperty('aws');
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      expect(screen.getByTestId('maestro-discovery-notice')).toHaveTextContent('Created connection os-new');
      expect(card('os-new')).toHaveTextContent('New cloud');
      expect(document.body.textContent).not.toContain(OS_PASSWORD);
    }, WIZARD_TIMEOUT);

    it('edits an OpenStack connection without its password: none sent, unless the user changes', async () => {
      const api = discoveryApi({ items: [openstackConnection()] });
      api.updateDiscoveryConnection.mockImplementation(async (_id, request) => ({
        ...openstackConnection(),
        openstack: { ...request.openstack!, password: undefined },
        version: 3,
      }));
      await renderMaestroPage(api, '/maestro/discovery');
      await screen.findByText('Production cloud');
      await user.click(within(card('os-prod')).getByRole('button', { name: 'Edit' }));
      const dialog = await screen.findByRole('dialog', { name: 'Edit connection os-prod' });
      expect(within(dialog).getByLabelText('Provider')).toHaveValue('openstack');
      expect(within(dialog).getByLabelText('Provider')).toBeDisabled();
      await user.click(within(dialog).getByRole('button', { name: 'Next' }));
      expect(within(dialog).getByText('RegionTwo')).toBeInTheDocument();
      await user.click(within(dialog).getByRole('button', { name: 'Next' }));

      expect(within(dialog).getByLabelText(/^Auth URL/)).toHaveValue('https://keystone.example.com:5000/v3');
      expect(within(dialog).getByLabelText(/^Username/)).toHaveValue('maestro-reader');
      expect(within(dialog).getByLabelText('Interface')).toHaveValue('internal');
      const password = within(dialog).getByLabelText(/^Password/);
      expect(password).toHaveValue('');
      expect(password).toHaveAttribute('placeholder', 'stored — leave empty to keep');
      // another user needs the password again
      await fill(within(dialog).getByLabelText(/^Username/), 'someone-else');
      await user.click(within(dialog).getByRole('button', { name: 'Next' }));
      expect(within(dialog).getByText('is required when the auth URL or the user changes')).toBeInTheDocument();
      await fill(within(dialog).getByLabelText(/^Username/), 'maestro-reader');
      await fill(within(dialog).getByLabelText(/^Project ID/), '9f8e7d6c');
      await user.click(within(dialog).getByRole('button', { name: 'Next' }));
      expect(within(dialog).getByTestId('maestro-discovery-review')).toHaveTextContent('Passwordunchanged');
      await user.click(within(dialog).getByRole('button', { name: 'Save connection' }));

      await waitFor(() =>
        expect(api.updateDiscoveryConnection).toHaveBeenCalledWith('os-prod', {
          id: 'os-prod',
          provider: 'openstack',
          title: 'Production cloud',
          datacenter: 'dc-paris',
          regions: ['RegionOne', 'RegionTwo'],
          owner: 'group:default/platform',
          openstack: {
            authUrl: 'https://keystone.example.com:5000/v3',
            apiVersion: 'v3',
            username: 'maestro-reader',
            userDomainId: 'default',
            projectId: '9f8e7d6c',
            interface: 'internal',
          },
          version: 2,
        }),
      );
      expect(api.updateDiscoveryConnection.mock.calls[0][1].openstack).not.toHaveProperty('password');
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      expect(document.body.textContent).not.toContain(OS_PASSWORD);
    }, WIZARD_TIMEOUT);

    it('shows the backend’s problems of OpenStack fields under their inputs', async () => {
      const api = discoveryApi({ items: [openstackConnection()] });
      api.updateDiscoveryConnection.mockRejectedValue(
        responseError(
          400,
          "openstack.authUrl: must be an http(s) URL such as https://keystone.example.com:5000/v3 (got 'keystone:5000'); openstack.username: is required (or openstack.userId); endpoint: not used by OpenStack connections; set openstack.authUrl",
        ),
      );
      await renderMaestroPage(api, '/maestro/discovery');
      await screen.findByText('Production cloud');
      await user.click(within(card('os-prod')).getByRole('button', { name: 'Edit' }));
      const dialog = await screen.findByRole('dialog');
      for (let i = 0; i < 3; i++) await user.click(within(dialog).getByRole('button', { name: 'Next' }));
      await user.click(within(dialog).getByRole('button', { name: 'Save connection' }));

      // back on the credentials step, each message under its field
      const authUrl = await within(dialog).findByLabelText(/^Auth URL/);
      expect(authUrl).toHaveAttribute('aria-invalid', 'true');
      expect(authUrl).toHaveAccessibleDescription(
        "must be an http(s) URL such as https://keystone.example.com:5000/v3 (got 'keystone:5000')",
      );
      expect(within(dialog).getByLabelText(/^Username/)).toHaveAccessibleDescription('is required (or openstack.userId)');
      const alert = within(dialog).getByTestId('maestro-discovery-wizard-error');
      expect(alert).toHaveTextContent('Not saved: the backend found 3 problems.');
      expect(alert).toHaveTextContent('endpoint: not used by OpenStack connections; set openstack.authUrl');
      // typing in the field clears its problem
      await fill(authUrl, 'https://keystone.example.com:5000');
      expect(authUrl).toHaveAttribute('aria-invalid', 'false');
      expect(screen.getByRole('dialog')).toBeInTheDocument();
    }, WIZARD_TIMEOUT);

    it('cannot create an OpenStack connection when secrets cannot be stored, and says so', async () => {
      const api = discoveryApi({ items: [], canStoreSecrets: false });
      await renderMaestroPage(api, '/maestro/discovery');
      await user.click(await screen.findByRole('button', { name: 'Add connection' }));
      const dialog = await screen.findByRole('dialog');
      await user.selectOptions(within(dialog).getByLabelText('Provider'), 'openstack');
      await fill(within(dialog).getByLabelText(/^Connection id/), 'os-x');
      await user.click(within(dialog).getByRole('button', { name: 'Next' }));
      await fill(within(dialog).getByLabelText(/^Regions/), 'RegionOne');
      await user.click(within(dialog).getByRole('button', { name: 'Next' }));
      expect(within(dialog).getByTestId('maestro-discovery-no-secrets')).toHaveTextContent(
        'cannot hold the OpenStack password',
      );
      expect(within(dialog).getByLabelText(/^Password/)).toBeDisabled();
      await fill(within(dialog).getByLabelText(/^Auth URL/), 'https://keystone.example.com:5000/v3');
      await fill(within(dialog).getByLabelText(/^Username/), 'maestro-reader');
      await fill(within(dialog).getByLabelText(/^Project ID/), 'p1');
      await user.click(within(dialog).getByRole('button', { name: 'Next' }));
      expect(within(dialog).getByLabelText(/^Password/)).toHaveAccessibleDescription(
        'cannot be stored: no encryption key is configured',
      );
      expect(api.createDiscoveryConnection).not.toHaveBeenCalled();
    }, WIZARD_TIMEOUT);
  });
});
