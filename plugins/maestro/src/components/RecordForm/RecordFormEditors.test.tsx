import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DEFAULT_MAESTRO_SETTINGS, InventoryRecord, MAESTRO_SETTINGS_KEYS } from '@maestro/plugin-maestro-common';
import { fakeMaestroApi, makeRecord, responseError } from '../../__testUtils__/maestroTestUtils';
import { answerRecordSearches, renderRecordForm } from '../../__testUtils__/recordFormHarness';

/** A fake API holding `records` (listRecords answers those of the kind whose name contains `q`) and `settings`. */
function apiWith(records: InventoryRecord[], settings: Record<string, unknown> = {}) {
  const api = fakeMaestroApi({
    updateRecord: jest.fn(async (id, req) => makeRecord('Server', 'x', req.spec, { id, version: req.version + 1 })),
    createRecord: jest.fn(async req => makeRecord(req.kind, req.name, req.spec)),
  });
  answerRecordSearches(api, records);
  api.getSettings.mockResolvedValue({
    items: MAESTRO_SETTINGS_KEYS.map(key => ({
      key,
      value: (settings[key] ?? DEFAULT_MAESTRO_SETTINGS[key]) as any,
      version: 1,
    })),
  });
  return api;
}

const server = makeRecord(
  'Server',
  'web-01',
  {
    hostname: 'web-01',
    storage: [{ mount: '/', sizeGb: 20, rootDevice: true, volume: 'volume:default/vol-root' }],
    auth: [{ type: 'pki', keyName: 'ops-key', username: 'ec2-user' }],
    services: [{ name: 'Nginx', version: '1.24' }],
    tags: { env: 'prod' },
  },
  { id: 'r1', version: 3 },
);

const volumes = [
  makeRecord('Volume', 'vol-root', { attachment: 'attached', sizeGb: 20, volumeType: 'gp3' }),
  makeRecord('Volume', 'vol-data', { attachment: 'attached', sizeGb: 100, volumeType: 'io2' }),
];

// many fields typed into: slow on a busy machine
jest.setTimeout(60_000);

describe('RecordForm editors of lists and maps', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  const row = (name: string) => within(screen.getByRole('group', { name }));
  const add = (field: string) => user.click(screen.getByRole('button', { name: `Add a row to ${field}` }));

  it('loads a server’s storage, auth, services and tags into rows, edits them and sends the exact spec', async () => {
    const api = apiWith(volumes, {
      services: [{ name: 'Nginx' }, { name: 'Redis' }, { name: 'Logstash' }],
    });
    await renderRecordForm(api, { record: server });

    // the rows of the record, with the volume's size and type shown under its picker
    expect(await screen.findByLabelText('storage 1 mount')).toHaveValue('/');
    expect(screen.getByLabelText('storage 1 sizeGb')).toHaveValue(20);
    expect(screen.getByLabelText('storage 1 rootDevice')).toBeChecked();
    expect(screen.getByRole('combobox', { name: 'storage 1 volume' })).toHaveValue('volume:default/vol-root');
    await waitFor(() => expect(row('storage 1').getByText(/20 GB · gp3/)).toBeInTheDocument());
    expect(screen.getByLabelText('auth 1 type')).toHaveValue('pki');
    expect(screen.getByLabelText('tags 1 key')).toHaveValue('env');

    // storage: a second row with a volume picked (its size and type offered with it)
    await add('storage');
    await user.type(screen.getByLabelText('storage 2 mount'), '/data');
    await user.type(screen.getByLabelText('storage 2 sizeGb'), '100');
    await user.type(screen.getByRole('combobox', { name: 'storage 2 volume' }), 'data');
    const option = await screen.findByRole('option', { name: /vol-data/ });
    expect(option).toHaveTextContent('volume:default/vol-data · 100 GB · io2');
    await user.click(option);

    // auth: the key row removed, a password row added (a user name, never a secret)
    await user.click(screen.getByRole('button', { name: 'Remove auth 1' }));
    await add('auth');
    expect([...(screen.getByLabelText('auth 1 type') as HTMLSelectElement).options].map(o => o.value)).toEqual([
      '',
      'pki',
      'ad',
      'ldap',
      'password',
    ]);
    await user.selectOptions(screen.getByLabelText('auth 1 type'), 'password');
    await user.type(screen.getByLabelText('auth 1 username'), 'deploy');

    // services: picked from the services catalog of the settings
    await add('services');
    const service = screen.getByLabelText('services 2 name') as HTMLSelectElement;
    expect([...service.options].map(o => o.value)).toEqual(['', 'Nginx', 'Redis', 'Logstash']);
    await user.selectOptions(service, 'Redis');
    await user.type(screen.getByLabelText('services 2 version'), '7.2');

    // tags: a key/value row
    await user.click(screen.getByRole('button', { name: 'Add an entry to tags' }));
    await user.type(screen.getByLabelText('tags 2 key'), 'team');
    await user.type(screen.getByLabelText('tags 2 value'), 'web');

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updateRecord).toHaveBeenCalledTimes(1));
    expect(api.updateRecord.mock.calls[0][1].spec).toStrictEqual({
      hostname: 'web-01',
      storage: [
        { mount: '/', sizeGb: 20, rootDevice: true, volume: 'volume:default/vol-root' },
        { mount: '/data', sizeGb: 100, volume: 'volume:default/vol-data' },
      ],
      auth: [{ type: 'password', username: 'deploy' }],
      services: [
        { name: 'Nginx', version: '1.24' },
        { name: 'Redis', version: '7.2' },
      ],
      tags: { env: 'prod', team: 'web' },
    });
  });

  it('refuses a tag key used twice and a row missing its required sub-field, without calling the API', async () => {
    const api = apiWith([]);
    await renderRecordForm(api, { record: server });

    await user.click(await screen.findByRole('button', { name: 'Add an entry to tags' }));
    await user.type(screen.getByLabelText('tags 2 key'), 'env');
    await add('services');
    await user.type(screen.getByLabelText('services 2 version'), '1.0');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.getByLabelText('tags 2 key')).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByLabelText('tags 2 key')).toHaveAccessibleDescription('is already used in row 1');
    expect(screen.getByLabelText('services 2 name')).toHaveAccessibleDescription('is required');
    expect(screen.getByLabelText('tags 1 key')).toHaveAttribute('aria-invalid', 'false');
    expect(api.updateRecord).not.toHaveBeenCalled();
  });

  it('shows a 400 about a row’s sub-field under that sub-field, counting the blank rows left out', async () => {
    const api = apiWith([]);
    api.updateRecord.mockRejectedValue(
      responseError(400, 'spec.storage[1].sizeGb: must be >= 0; spec.tags.env: must be shorter'),
    );
    await renderRecordForm(api, { record: server });

    await add('storage'); // left blank: not sent
    await add('storage');
    await user.type(screen.getByLabelText('storage 3 mount'), '/tmp');
    await user.type(screen.getByLabelText('storage 3 sizeGb'), '-1');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(api.updateRecord).toHaveBeenCalledTimes(1));
    expect(api.updateRecord.mock.calls[0][1].spec!.storage).toStrictEqual([
      { mount: '/', sizeGb: 20, rootDevice: true, volume: 'volume:default/vol-root' },
      { mount: '/tmp', sizeGb: -1 },
    ]);
    const size = screen.getByLabelText('storage 3 sizeGb');
    await waitFor(() => expect(size).toHaveAttribute('aria-invalid', 'true'));
    expect(size).toHaveAccessibleDescription('must be >= 0');
    expect(screen.getByLabelText('storage 1 sizeGb')).toHaveAttribute('aria-invalid', 'false');
    // a problem about a map entry goes under the tags box
    expect(screen.getByRole('group', { name: 'tags' })).toHaveTextContent('env: must be shorter');
    expect(screen.getByRole('alert')).toHaveTextContent('See the fields marked in red.');
  });

  it('edits a database’s servers with a server picker, a role and an instance', async () => {
    const api = apiWith([makeRecord('Server', 'db-01', { hostname: 'db-01' })]);
    await renderRecordForm(api, {
      kind: 'Database',
      record: makeRecord(
        'Database',
        'orders',
        { family: 'mysql', engine: 'mysql', servers: [{ server: 'server:default/db-00', role: 'master' }] },
        { id: 'd1' },
      ),
    });

    expect(await screen.findByRole('combobox', { name: 'servers 1 server' })).toHaveValue('server:default/db-00');
    await add('servers');
    await user.type(screen.getByRole('combobox', { name: 'servers 2 server' }), 'db-0');
    await user.click(await screen.findByRole('option', { name: /db-01/ }));
    await user.type(screen.getByLabelText('servers 2 role'), 'replica');
    await user.type(screen.getByLabelText('servers 2 instance'), 'orders-2');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(api.updateRecord).toHaveBeenCalledTimes(1));
    expect(api.updateRecord.mock.calls[0][1].spec!.servers).toStrictEqual([
      { server: 'server:default/db-00', role: 'master' },
      { server: 'server:default/db-01', role: 'replica', instance: 'orders-2' },
    ]);
  });

  it('edits an application’s dependencies with a picker and a protocol from the list', async () => {
    const api = apiWith([makeRecord('Component', 'payments', { type: 'service', lifecycle: 'production' })]);
    await renderRecordForm(api, {
      kind: 'Component',
      record: makeRecord(
        'Component',
        'shop',
        {
          type: 'service',
          lifecycle: 'production',
          dependencies: [{ ref: 'component:default/stock', protocol: 'grpc' }],
        },
        { id: 'c1' },
      ),
    });

    expect(await screen.findByLabelText('dependencies 1 protocol')).toHaveValue('grpc');
    await add('dependencies');
    await user.type(screen.getByRole('combobox', { name: 'dependencies 2 ref' }), 'pay');
    await user.click(await screen.findByRole('option', { name: /payments/ }));
    await user.selectOptions(screen.getByLabelText('dependencies 2 protocol'), 'rest');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(api.updateRecord).toHaveBeenCalledTimes(1));
    expect(api.updateRecord.mock.calls[0][1].spec!.dependencies).toStrictEqual([
      { ref: 'component:default/stock', protocol: 'grpc' },
      { ref: 'component:default/payments', protocol: 'rest' },
    ]);
  });

  it('puts a load balancer in systems picked from the System records', async () => {
    const api = apiWith([makeRecord('System', 'shop', {})]);
    await renderRecordForm(api, { kind: 'LoadBalancer' });

    await user.type(await screen.findByLabelText(/^Name/), 'shop-alb');
    await user.type(screen.getByLabelText(/^service/), 'alb');
    await user.type(screen.getByRole('combobox', { name: /^systems/ }), 'sh');
    await user.click(await screen.findByRole('option', { name: /shop/ }));
    await user.click(screen.getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(api.createRecord).toHaveBeenCalledTimes(1));
    expect(api.createRecord.mock.calls[0][0].spec).toStrictEqual({ service: 'alb', systems: ['system:default/shop'] });
  });

  it('offers a datacenter the regions of its provider and their zones from the settings, and takes others typed', async () => {
    const api = apiWith([], {
      regions: {
        aws: [
          { id: 'eu-west-1', zones: ['eu-west-1a', 'eu-west-1b'] },
          { id: 'us-east-1', zones: ['us-east-1a'] },
        ],
        openstack: [{ id: 'RegionOne', zones: ['nova'] }],
      },
    });
    await renderRecordForm(api, { kind: 'Datacenter' });

    await user.type(await screen.findByLabelText(/^Name/), 'aws-prod');
    await user.selectOptions(screen.getByLabelText(/^provider/), 'aws');
    await user.click(screen.getByRole('combobox', { name: /^regions/ }));
    let options = await within(await screen.findByRole('listbox')).findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual(['eu-west-1', 'us-east-1']);
    await user.click(screen.getByRole('option', { name: /eu-west-1/ }));
    await user.type(screen.getByRole('combobox', { name: /^regions/ }), 'my-own-region{Enter}');

    await user.click(screen.getByRole('combobox', { name: /^zones/ }));
    options = await within(await screen.findByRole('listbox')).findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual(['eu-west-1a', 'eu-west-1b']);
    await user.click(screen.getByRole('option', { name: /eu-west-1b/ }));
    await user.click(screen.getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(api.createRecord).toHaveBeenCalledTimes(1));
    expect(api.createRecord.mock.calls[0][0].spec).toStrictEqual({
      provider: 'aws',
      regions: ['eu-west-1', 'my-own-region'],
      zones: ['eu-west-1b'],
    });
  });
});
