import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SettingValue } from '@maestro/plugin-maestro-common';
import { fakeMaestroApi, renderMaestroPage, responseError } from '../../__testUtils__/maestroTestUtils';

const stored = (version = 3): SettingValue[] => [
  {
    key: 'services',
    value: [
      { name: 'Nginx', families: ['loadbalance'], tags: ['web'] },
      { name: 'MySQL', families: ['database'] },
    ],
    version,
    updatedBy: 'user:default/alice',
  },
  {
    key: 'options',
    value: {
      environments: ['production', 'staging'],
      roles: ['application'],
      channels: ['email'],
      os: [{ base: 'linux', distros: ['debian', 'ubuntu'] }],
    },
    version: 0,
  },
  {
    key: 'regions',
    value: { openstack: [{ id: 'RegionOne', zones: ['nova'] }] },
    version: 1,
  },
];

function setup(version = 3) {
  const api = fakeMaestroApi({ getSettings: jest.fn(async () => ({ items: stored(version) })) });
  api.updateSetting.mockImplementation(async (key, value, v) => ({ key, value, version: v + 1 } as any));
  return api;
}

const section = (key: string) => screen.getByTestId(`maestro-settings-${key}`);

describe('SettingsPage', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('adds a service and saves the catalog with the version read', async () => {
    const api = setup();
    await renderMaestroPage(api, '/maestro/settings');
    expect(await screen.findByDisplayValue('Nginx')).toBeInTheDocument();
    const services = section('services');
    expect(within(services).getByDisplayValue('loadbalance')).toBeInTheDocument();

    await user.click(within(services).getByRole('button', { name: 'Add service' }));
    await user.type(within(services).getByLabelText('Name', { selector: '#maestro-service-2-name' }), 'HAProxy');
    await user.type(
      within(services).getByLabelText('Families (comma-separated)', { selector: '#maestro-service-2-families' }),
      'loadbalance, proxy,',
    );
    await user.click(within(services).getByRole('button', { name: 'Remove service MySQL' }));
    await user.click(within(services).getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(api.updateSetting).toHaveBeenCalledWith(
        'services',
        [
          { name: 'Nginx', families: ['loadbalance'], tags: ['web'] },
          { name: 'HAProxy', families: ['loadbalance', 'proxy'] },
        ],
        3,
      ),
    );
    expect(await within(services).findByRole('status')).toHaveTextContent('Saved (version 4)');

    // the next save sends the new version
    await user.click(within(services).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updateSetting).toHaveBeenLastCalledWith('services', expect.anything(), 4));
  });

  it('edits the option lists as chips and OS rows, and saves them (version 0: never saved)', async () => {
    const api = setup();
    await renderMaestroPage(api, '/maestro/settings');
    await screen.findByDisplayValue('Nginx');
    const options = section('options');

    await user.click(within(options).getByLabelText('Remove staging'));
    await user.type(within(options).getByLabelText('Add to environments'), 'uat, dr{Enter}');
    await user.type(within(options).getByLabelText('Add to roles'), 'cache');
    await user.click(within(options).getByRole('button', { name: 'Add roles' }));
    await user.clear(within(options).getByDisplayValue('debian, ubuntu'));
    await user.type(within(options).getByLabelText('Distributions (comma-separated)'), 'debian');
    await user.click(within(options).getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(api.updateSetting).toHaveBeenCalledWith(
        'options',
        {
          environments: ['production', 'uat', 'dr'],
          roles: ['application', 'cache'],
          channels: ['email'],
          os: [{ base: 'linux', distros: ['debian'] }],
        },
        0,
      ),
    );
  });

  it('adds a provider and a region, and saves the regions', async () => {
    const api = setup();
    await renderMaestroPage(api, '/maestro/settings');
    await screen.findByDisplayValue('Nginx');
    const regions = section('regions');

    await user.type(within(regions).getByLabelText('New provider'), 'aws');
    await user.click(within(regions).getByRole('button', { name: 'Add provider' }));
    await user.click(within(regions).getByRole('button', { name: 'Add region to aws' }));
    const aws = within(regions).getByTestId('maestro-regions-aws');
    await user.type(within(aws).getByLabelText('Region id'), 'eu-west-1');
    await user.type(within(aws).getByLabelText('Name'), 'Europe (Ireland)');
    await user.type(within(aws).getByLabelText('Zones (comma-separated)'), 'eu-west-1a, eu-west-1b');
    await user.click(within(regions).getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(api.updateSetting).toHaveBeenCalledWith(
        'regions',
        {
          openstack: [{ id: 'RegionOne', zones: ['nova'] }],
          aws: [{ id: 'eu-west-1', name: 'Europe (Ireland)', zones: ['eu-west-1a', 'eu-west-1b'] }],
        },
        1,
      ),
    );
  });

  it('on a stale version (409) says the setting changed, and Reload brings the new version', async () => {
    const api = setup();
    api.updateSetting.mockRejectedValueOnce(
      responseError(409, 'version: setting services is at version 5, not 3; reload it'),
    );
    await renderMaestroPage(api, '/maestro/settings');
    await screen.findByDisplayValue('Nginx');
    const services = section('services');
    await user.click(within(services).getByRole('button', { name: 'Save' }));

    expect(await within(services).findByRole('alert')).toHaveTextContent(/changed since you loaded it: reload/);
    api.getSettings.mockResolvedValue({ items: stored(5) });
    await user.click(within(services).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(api.getSettings).toHaveBeenCalledTimes(2));
    expect(await within(services).findByRole('status')).toHaveTextContent('Reloaded (version 5)');
    await user.click(within(services).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updateSetting).toHaveBeenLastCalledWith('services', expect.anything(), 5));
  });

  it('shows the backend message of an invalid value (400)', async () => {
    const api = setup();
    api.updateSetting.mockRejectedValueOnce(responseError(400, "value.0: must have required property 'name'"));
    await renderMaestroPage(api, '/maestro/settings');
    await screen.findByDisplayValue('Nginx');
    await user.click(within(section('services')).getByRole('button', { name: 'Save' }));
    expect(await within(section('services')).findByRole('alert')).toHaveTextContent(
      "value.0: must have required property 'name'",
    );
  });

  it('explains a refusal (403)', async () => {
    const api = setup();
    api.updateSetting.mockRejectedValueOnce(responseError(403, 'not allowed: maestro.settings.update'));
    await renderMaestroPage(api, '/maestro/settings');
    await screen.findByDisplayValue('Nginx');
    await user.click(within(section('regions')).getByRole('button', { name: 'Save' }));
    expect(await within(section('regions')).findByRole('alert')).toHaveTextContent(
      'only Maestro editors can change settings',
    );
    expect(within(section('regions')).queryByRole('button', { name: 'Reload' })).not.toBeInTheDocument();
  });

  it('shows who saved each version of a setting and what it changed', async () => {
    const api = setup();
    api.getSettingHistory.mockImplementation(
      async () =>
        ({
          items: [
            {
              key: 'services',
              version: 3,
              updatedBy: 'user:default/alice',
              updatedAt: '2026-11-28T10:00:00Z',
              value: stored()[0].value,
            },
            {
              key: 'services',
              version: 2,
              updatedBy: 'user:default/bob',
              updatedAt: '2026-11-27T10:00:00Z',
              value: [{ name: 'Nginx', families: ['loadbalance'], tags: ['web'] }],
            },
          ],
        } as any),
    );
    await renderMaestroPage(api, '/maestro/settings');
    const services = await waitFor(() => section('services'));
    await user.click(within(services).getByRole('button', { name: 'History' }));
    const table = await within(services).findByRole('table', { name: 'History of services' });
    expect(api.getSettingHistory).toHaveBeenCalledWith('services', { limit: 50 });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]).getByText('user:default/alice')).toBeInTheDocument();
    expect(within(rows[0]).getByText('+MySQL')).toBeInTheDocument();
    expect(within(rows[1]).getByText('(earlier versions not shown)')).toBeInTheDocument();
  });
});
