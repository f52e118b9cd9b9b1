import { screen, waitFor, within } from '@testing-library/react';
import {
  card,
  discoveryApi,
  openstackConnection,
  OS_PASSWORD,
  PEM,
  prodConnection,
  SECRET,
  typingUser,
  WIZARD_TIMEOUT,
} from '../../../__testUtils__/discoveryFixtures';
import { renderMaestroPage, responseError } from '../../../__testUtils__/maestroTestUtils';

describe('ConnectionWizard', () => {
  let user: ReturnType<typeof typingUser>['user'];
  let fill: ReturnType<typeof typingUser>['fill'];
  beforeEach(() => {
    ({ user, fill } = typingUser());
  });

  it(
    'adds a connection with the wizard, posting only what was chosen, and shows it',
    async () => {
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
      expect(within(notice).getByRole('link', { name: 'aws-new' })).toHaveAttribute(
        'href',
        '/maestro/discovery/aws-new',
      );
      expect(card('aws-new')).toHaveTextContent('New account');
      expect(document.body.textContent).not.toContain('top-secret');
    },
    WIZARD_TIMEOUT,
  );

  it(
    'shows the problems of a 400 next to the fields they name, and keeps the dialog open',
    async () => {
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
    },
    WIZARD_TIMEOUT,
  );

  it(
    'offers only the non-secret credentials when secrets cannot be stored',
    async () => {
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
      await user.click(
        within(again).getByRole('radio', { name: 'Backstage AWS integration or default credential chain' }),
      );
      await user.click(within(again).getByRole('button', { name: 'Next' }));
      await user.click(within(again).getByRole('button', { name: 'Create connection' }));
      await waitFor(() =>
        expect(api.createDiscoveryConnection).toHaveBeenLastCalledWith(
          expect.objectContaining({ id: 'aws-chain', aws: {} }),
        ),
      );
    },
    WIZARD_TIMEOUT,
  );

  it(
    'edits a connection with the wizard filled in, the secret left empty to keep it',
    async () => {
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
    },
    WIZARD_TIMEOUT,
  );

  it(
    'edits a role connection whose external id is stored: the field starts empty, says so, and sends none',
    async () => {
      const role = prodConnection({
        aws: {
          roleArn: 'arn:aws:iam::123456789012:role/maestro-read',
          hasExternalId: true,
          credentials: 'default-chain',
        },
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
      expect(api.updateDiscoveryConnection.mock.calls[0][1].aws).toEqual({
        roleArn: 'arn:aws:iam::123456789012:role/maestro-read',
      });
    },
    WIZARD_TIMEOUT,
  );

  describe('OpenStack', () => {
    it(
      'adds an OpenStack connection with the wizard, posting its Keystone settings and the password',
      async () => {
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
      },
      WIZARD_TIMEOUT,
    );

    it(
      'edits an OpenStack connection without its password: none sent, unless the user changes',
      async () => {
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
      },
      WIZARD_TIMEOUT,
    );

    it(
      'shows the backend’s problems of OpenStack fields under their inputs',
      async () => {
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
        expect(within(dialog).getByLabelText(/^Username/)).toHaveAccessibleDescription(
          'is required (or openstack.userId)',
        );
        const alert = within(dialog).getByTestId('maestro-discovery-wizard-error');
        expect(alert).toHaveTextContent('Not saved: the backend found 3 problems.');
        expect(alert).toHaveTextContent('endpoint: not used by OpenStack connections; set openstack.authUrl');
        // typing in the field clears its problem
        await fill(authUrl, 'https://keystone.example.com:5000');
        expect(authUrl).toHaveAttribute('aria-invalid', 'false');
        expect(screen.getByRole('dialog')).toBeInTheDocument();
      },
      WIZARD_TIMEOUT,
    );

    it(
      'cannot create an OpenStack connection when secrets cannot be stored, and says so',
      async () => {
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
      },
      WIZARD_TIMEOUT,
    );
  });
});
