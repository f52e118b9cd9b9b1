import { screen, waitFor, within } from '@testing-library/react';
import {
  card,
  discoveryApi,
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
});
