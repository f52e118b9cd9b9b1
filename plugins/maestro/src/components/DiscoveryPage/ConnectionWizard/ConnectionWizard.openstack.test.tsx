import { screen, waitFor, within } from '@testing-library/react';
import {
  card,
  discoveryApi,
  openstackConnection,
  OS_PASSWORD,
  PEM,
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

  describe('OpenStack', () => {
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
