import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CreateRecordRequest, InventoryRecord } from '@maestro/plugin-maestro-common';
import { MaestroApi } from '../../api';
import { answerRecordSearches, renderRecordForm } from '../../__testUtils__/recordFormHarness';
import { fakeMaestroApi, makeRecord } from '../../__testUtils__/maestroTestUtils';

const saved: InventoryRecord = makeRecord(
  'Server',
  'web-9',
  { hostname: 'web-9', cpu: 4 },
  {
    id: 'r9',
    owner: 'group:default/maestro-admins',
    createdBy: 'user:default/alice',
    updatedBy: 'user:default/alice',
  },
);

function fakeApi(): jest.Mocked<MaestroApi> {
  return fakeMaestroApi({
    createRecord: jest.fn(async (_req: CreateRecordRequest) => saved),
    updateRecord: jest.fn(async (_id, req) => ({ ...saved, version: req.version + 1 })),
  });
}

/**
 * An error shaped like the `ResponseError` that `MaestroClient` throws for a non-ok response (only the parts the
 * form reads: `body.error.message` and `response.status`; apiErrors.test.ts checks a real ResponseError).
 */
function responseError(status: number, name: string, message: string) {
  const e: any = new Error(`Request failed with ${status}`);
  e.name = 'ResponseError';
  e.body = { error: { name, message } };
  e.response = { status };
  return e;
}

const renderForm = renderRecordForm;

describe('RecordForm', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    // no delay between keystrokes: typing into Material UI fields is slow enough
    user = userEvent.setup({ delay: null });
  });

  it('suggests the environments and roles of the settings on those fields', async () => {
    const api = fakeApi();
    api.getSettings.mockResolvedValue({
      items: [
        {
          key: 'options',
          version: 2,
          value: { environments: ['prod-eu', 'prod-us'], roles: ['web'], os: [], channels: [] },
        },
      ],
    });
    await renderForm(api);
    const dialog = await screen.findByRole('dialog');
    const environment = within(dialog).getByLabelText(/^environment/);
    await waitFor(() => expect(environment).toHaveAttribute('list'));
    const list = document.getElementById(environment.getAttribute('list')!)!;
    expect([...list.querySelectorAll('option')].map(o => o.getAttribute('value'))).toEqual(['prod-eu', 'prod-us']);
    const role = within(dialog).getByLabelText(/^role/);
    const roles = document.getElementById(role.getAttribute('list')!)!;
    expect([...roles.querySelectorAll('option')].map(o => o.getAttribute('value'))).toEqual(['web']);
  });

  it('renders the Server spec fields with the required ones marked, and creates the record with empty fields left out', async () => {
    const api = fakeApi();
    const { onSaved } = await renderForm(api);

    const hostname = await screen.findByLabelText(/^hostname/);
    expect(hostname).toBeRequired();
    expect(screen.getByLabelText(/^Name/)).toBeRequired();
    expect(screen.getByLabelText(/^cpu/)).not.toBeRequired();
    expect(screen.getByLabelText(/^cpu/)).toHaveAttribute('type', 'number');
    // objects and lists of objects are edited with their sub-fields, not as JSON
    expect(screen.getByRole('group', { name: 'os' })).toContainElement(screen.getByLabelText('os base'));
    expect(screen.getByRole('button', { name: 'Add a row to storage' })).toBeInTheDocument();
    expect(screen.getByRole('dialog').querySelector('textarea')).toBeNull();
    expect(screen.getByLabelText(/^Owner/)).toHaveValue('group:default/maestro-admins');

    await user.type(screen.getByLabelText(/^Name/), 'web-9');
    await user.type(hostname, 'web-9');
    await user.type(screen.getByLabelText(/^cpu/), '4');
    await user.click(screen.getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(api.createRecord).toHaveBeenCalledTimes(1));
    expect(api.createRecord.mock.calls[0][0]).toStrictEqual({
      kind: 'Server',
      name: 'web-9',
      owner: 'group:default/maestro-admins',
      spec: { hostname: 'web-9', cpu: 4 },
    });
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect(api.updateRecord).not.toHaveBeenCalled();
  });

  it('reads enums, comma-separated lists and JSON fields, and sends title and reason when given', async () => {
    const api = fakeApi();
    await renderForm(api, { kind: 'Datacenter' });

    await user.type(await screen.findByLabelText(/^Name/), 'aws-prod');
    await user.type(screen.getByLabelText(/^Title/), 'AWS production');
    await user.type(screen.getByLabelText(/^Reason/), 'new account');
    await user.selectOptions(screen.getByLabelText(/^provider/), 'aws');
    await user.type(screen.getByLabelText(/^regions/), 'eu-west-1, us-east-1,');
    await user.click(screen.getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(api.createRecord).toHaveBeenCalledTimes(1));
    expect(api.createRecord.mock.calls[0][0]).toStrictEqual({
      kind: 'Datacenter',
      name: 'aws-prod',
      title: 'AWS production',
      owner: 'group:default/maestro-admins',
      reason: 'new account',
      spec: { provider: 'aws', regions: ['eu-west-1', 'us-east-1'] },
    });
  });

  it('does not call the API while a required field is empty or a number is not an integer', async () => {
    const api = fakeApi();
    await renderForm(api);

    await user.type(await screen.findByLabelText(/^Name/), 'web-9');
    await user.type(screen.getByLabelText(/^cpu/), '1.5');
    await user.click(screen.getByRole('button', { name: 'Create' }));

    expect(await screen.findByText('must be an integer')).toBeInTheDocument();
    expect(screen.getByLabelText(/^hostname/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/^hostname/)).toHaveAccessibleDescription('is required');
    expect(api.createRecord).not.toHaveBeenCalled();
  });

  it('shows the problems of a 400 under their fields, and the others in an alert at the top', async () => {
    const api = fakeApi();
    api.createRecord.mockRejectedValue(
      responseError(
        400,
        'InputError',
        'name: must consist of letters; spec.hostname: is required; spec.os.base: must be string; spec.gpu: is not a known field of this kind',
      ),
    );
    const { onSaved } = await renderForm(api);

    await user.type(await screen.findByLabelText(/^Name/), 'Bad Name!');
    await user.type(screen.getByLabelText(/^hostname/), ' x');
    await user.click(screen.getByRole('button', { name: 'Create' }));

    const name = screen.getByLabelText(/^Name/);
    await waitFor(() => expect(name).toHaveAttribute('aria-invalid', 'true'));
    expect(name).toHaveAccessibleDescription('must consist of letters');
    const hostname = screen.getByLabelText(/^hostname/);
    expect(hostname).toHaveAttribute('aria-invalid', 'true');
    expect(hostname).toHaveAccessibleDescription('is required');
    expect(screen.getByLabelText(/^cpu/)).toHaveAttribute('aria-invalid', 'false');
    expect(screen.getByLabelText('os base')).toHaveAccessibleDescription('must be string');

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('The record is not valid');
    expect(within(screen.getByTestId('maestro-record-form-problems')).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByText('spec.gpu: is not a known field of this kind')).toBeInTheDocument();

    expect(screen.getByRole('button', { name: 'Create' })).toBeEnabled();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('shows a duplicate name (409) in an alert and under the name', async () => {
    const api = fakeApi();
    api.createRecord.mockRejectedValue(
      responseError(409, 'ConflictError', "name: a Server named 'web-9' already exists (id r1)"),
    );
    await renderForm(api);

    await user.type(await screen.findByLabelText(/^Name/), 'web-9');
    await user.type(screen.getByLabelText(/^hostname/), 'web-9');
    await user.click(screen.getByRole('button', { name: 'Create' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Conflict');
    expect(alert).toHaveTextContent("name: a Server named 'web-9' already exists (id r1)");
    expect(screen.getByLabelText(/^Name/)).toHaveAccessibleDescription("a Server named 'web-9' already exists (id r1)");
  });

  it('disables the submit button while saving', async () => {
    const api = fakeApi();
    let resolve: (r: InventoryRecord) => void = () => {};
    api.createRecord.mockReturnValue(new Promise(r => (resolve = r)));
    const { onSaved } = await renderForm(api);

    await user.type(await screen.findByLabelText(/^Name/), 'web-9');
    await user.type(screen.getByLabelText(/^hostname/), 'web-9');
    await user.click(screen.getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(screen.getByRole('button', { name: 'Create' })).toBeDisabled());
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    expect(screen.getByLabelText(/^hostname/)).toBeDisabled();
    expect(api.createRecord).toHaveBeenCalledTimes(1);
    expect(onSaved).not.toHaveBeenCalled();
    resolve(saved);
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
  });

  describe('pickers of related entities', () => {
    /** A fake API whose listRecords answers these records of their kind whose name contains `q`. */
    const apiWithRecords = (records: InventoryRecord[]) => answerRecordSearches(fakeApi(), records);

    it('searches the records of the referenced kind while typing and sends the chosen ref', async () => {
      const api = apiWithRecords([
        makeRecord('Datacenter', 'aws-prod', { provider: 'aws' }, { title: 'AWS production' }),
        makeRecord('Datacenter', 'aws-dev', { provider: 'aws' }),
        makeRecord('Image', 'aws-ami', {}),
      ]);
      await renderForm(api);

      const datacenter = await screen.findByRole('combobox', { name: /^datacenter/ });
      await user.type(datacenter, 'aws');
      await waitFor(() =>
        expect(api.listRecords).toHaveBeenCalledWith(
          { kind: 'Datacenter', q: 'aws', limit: 20 },
          expect.objectContaining({ signal: expect.anything() }),
        ),
      );
      const listbox = await screen.findByRole('listbox');
      const options = await within(listbox).findAllByRole('option');
      expect(options.map(o => o.textContent)).toEqual([
        'AWS production (aws-prod)datacenter:default/aws-prod',
        'aws-devdatacenter:default/aws-dev',
      ]);
      expect(datacenter).toHaveAttribute('aria-expanded', 'true');
      await user.click(within(listbox).getByRole('option', { name: /aws-prod/ }));
      expect(datacenter).toHaveValue('datacenter:default/aws-prod');
      await waitFor(() => expect(screen.queryByRole('listbox')).not.toBeInTheDocument());

      await user.type(screen.getByLabelText(/^Name/), 'web-9');
      await user.type(screen.getByLabelText(/^hostname/), 'web-9');
      await user.click(screen.getByRole('button', { name: 'Create' }));

      await waitFor(() => expect(api.createRecord).toHaveBeenCalledTimes(1));
      expect(api.createRecord.mock.calls[0][0].spec).toStrictEqual({
        hostname: 'web-9',
        datacenter: 'datacenter:default/aws-prod',
      });
      // only Datacenters were searched
      expect(api.listRecords.mock.calls.every(([query]) => query.kind === 'Datacenter')).toBe(true);
    });

    it('picks an option with the keyboard', async () => {
      const api = apiWithRecords([makeRecord('Flavor', 'm5-large', { cpu: 2, memory: 8 })]);
      await renderForm(api);

      const flavor = await screen.findByRole('combobox', { name: /^flavor/ });
      await user.type(flavor, 'm5');
      await screen.findByRole('option', { name: /m5-large/ });
      await user.keyboard('{ArrowDown}');
      expect(flavor).toHaveAttribute('aria-activedescendant', screen.getByRole('option').id);
      await user.keyboard('{Enter}');
      expect(flavor).toHaveValue('flavor:default/m5-large');
      expect(api.createRecord).not.toHaveBeenCalled();
    });

    it('keeps a ref typed by hand that the Maestro store does not hold (a System from git)', async () => {
      const api = apiWithRecords([]);
      await renderForm(api, { kind: 'Component' });

      await user.type(await screen.findByLabelText(/^Name/), 'shop');
      await user.type(screen.getByLabelText(/^type/), 'svc');
      await user.type(screen.getByLabelText(/^lifecycle/), 'prod');
      await user.click(screen.getByRole('combobox', { name: /^system/ }));
      await user.paste('system:default/from-git');
      await waitFor(() =>
        expect(api.listRecords).toHaveBeenCalledWith({ kind: 'System', q: 'from-git', limit: 20 }, expect.anything()),
      );
      expect(await screen.findByText(/No System record matches/)).toBeInTheDocument();
      await user.click(screen.getByRole('button', { name: 'Create' }));

      await waitFor(() => expect(api.createRecord).toHaveBeenCalledTimes(1));
      expect(api.createRecord.mock.calls[0][0].spec).toStrictEqual({
        type: 'svc',
        lifecycle: 'prod',
        system: 'system:default/from-git',
      });
    });

    it('holds a list of refs as chips, offers only the records not chosen yet, and sends them as a list', async () => {
      const api = apiWithRecords([
        makeRecord('Network', 'subnet-a', { type: 'subnet' }),
        makeRecord('Network', 'subnet-b', { type: 'subnet' }),
      ]);
      await renderForm(api);

      await user.type(await screen.findByLabelText(/^Name/), 'web-9');
      await user.type(screen.getByLabelText(/^hostname/), 'web-9');
      const networks = screen.getByRole('combobox', { name: /^networks/ });
      await user.type(networks, 'sub');
      await waitFor(() =>
        expect(api.listRecords).toHaveBeenCalledWith({ kind: 'Network', q: 'sub', limit: 20 }, expect.anything()),
      );
      await user.click(await screen.findByRole('option', { name: /subnet-a/ }));
      expect(screen.getByRole('button', { name: 'network:default/subnet-a' })).toBeInTheDocument();
      expect(networks).toHaveValue('');
      expect(networks).toHaveFocus();

      // the input is empty again: every Network not chosen yet is offered
      await user.click(await screen.findByRole('option', { name: /subnet-b/ }));
      expect(screen.queryByRole('option', { name: /subnet-a/ })).not.toBeInTheDocument();
      await user.click(screen.getByRole('button', { name: 'Create' }));

      await waitFor(() => expect(api.createRecord).toHaveBeenCalledTimes(1));
      expect(api.createRecord.mock.calls[0][0].spec).toStrictEqual({
        hostname: 'web-9',
        networks: ['network:default/subnet-a', 'network:default/subnet-b'],
      });
    });

    it('adds typed refs to a list on Enter, comma or leaving the field, and removes the last on Backspace', async () => {
      const api = fakeApi();
      await renderForm(api);

      await user.type(await screen.findByLabelText(/^Name/), 'w');
      await user.type(screen.getByLabelText(/^hostname/), 'w');
      const networks = screen.getByRole('combobox', { name: /^networks/ });
      // Enter adds the typed ref rather than submitting the form
      await user.type(networks, 'n1{Enter}');
      expect(screen.getByRole('button', { name: 'n1' })).toBeInTheDocument();
      expect(api.createRecord).not.toHaveBeenCalled();
      await user.type(networks, '{Backspace}');
      expect(screen.queryByRole('button', { name: 'n1' })).not.toBeInTheDocument();
      await user.type(networks, 'n2,');
      expect(screen.getByRole('button', { name: 'n2' })).toBeInTheDocument();
      expect(networks).toHaveValue('');
      // text left in the input when leaving it is kept too
      await user.type(networks, 'n3');
      await user.click(screen.getByRole('button', { name: 'Create' }));

      await waitFor(() => expect(api.createRecord).toHaveBeenCalledTimes(1));
      expect(api.createRecord.mock.calls[0][0].spec).toStrictEqual({ hostname: 'w', networks: ['n2', 'n3'] });
    });

    it('shows the problems of a 400 under the pickers', async () => {
      const api = fakeApi();
      api.createRecord.mockRejectedValue(
        responseError(400, 'InputError', 'spec.datacenter: unknown Datacenter dc; spec.networks: must be unique'),
      );
      await renderForm(api);

      await user.type(await screen.findByLabelText(/^Name/), 'w');
      await user.type(screen.getByLabelText(/^hostname/), 'w');
      await user.type(screen.getByRole('combobox', { name: /^datacenter/ }), 'dc');
      await user.type(screen.getByRole('combobox', { name: /^networks/ }), 'a{Enter}');
      await user.click(screen.getByRole('button', { name: 'Create' }));

      const datacenter = screen.getByLabelText(/^datacenter/);
      await waitFor(() => expect(datacenter).toHaveAttribute('aria-invalid', 'true'));
      expect(datacenter).toHaveAccessibleDescription('unknown Datacenter dc');
      expect(screen.getByLabelText(/^networks/)).toHaveAccessibleDescription('must be unique');
      expect(screen.getByRole('alert')).toHaveTextContent('See the fields marked in red.');
    });
  });

  describe('edit mode', () => {
    const record: InventoryRecord = {
      ...saved,
      id: 'r1',
      name: 'web-01',
      title: 'Web 01',
      owner: 'group:default/platform',
      version: 3,
      spec: { hostname: 'web-01', cpu: 2, networks: ['net-a', 'net-b'], os: { base: 'linux' } },
    };

    it('fills the form from the record, keeps the name read-only and sends updateRecord with the version', async () => {
      const api = fakeApi();
      const { onSaved } = await renderForm(api, { record });

      const name = await screen.findByLabelText(/^Name/);
      expect(name).toHaveValue('web-01');
      expect(name).toHaveAttribute('readonly');
      expect(screen.getByLabelText(/^Owner/)).toHaveValue('group:default/platform');
      // a list of refs is edited with a picker holding the refs as chips
      expect(screen.getByLabelText(/^networks/)).toHaveValue('');
      expect(screen.getByRole('button', { name: 'net-a' })).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'net-b' })).toBeInTheDocument();
      expect(screen.getByLabelText(/^cpu/)).toHaveValue(2);

      await user.clear(screen.getByLabelText(/^cpu/));
      await user.type(screen.getByLabelText(/^cpu/), '8');
      await user.type(screen.getByLabelText(/^Reason/), 'resize');
      await user.click(screen.getByRole('button', { name: 'Save' }));

      await waitFor(() => expect(api.updateRecord).toHaveBeenCalledTimes(1));
      expect(api.updateRecord.mock.calls[0][0]).toBe('r1');
      expect(api.updateRecord.mock.calls[0][1]).toStrictEqual({
        version: 3,
        title: 'Web 01',
        owner: 'group:default/platform',
        spec: { hostname: 'web-01', cpu: 8, networks: ['net-a', 'net-b'], os: { base: 'linux' } },
        reason: 'resize',
      });
      expect(api.createRecord).not.toHaveBeenCalled();
      await waitFor(() => expect(onSaved).toHaveBeenCalled());
    });

    it('asks to reload when the version is stale (409)', async () => {
      const api = fakeApi();
      api.updateRecord.mockRejectedValue(
        responseError(
          409,
          'ConflictError',
          'version: record r1 is at version 4, not 3; reload it and apply your change again',
        ),
      );
      const { onSaved } = await renderForm(api, { record });

      await user.click(await screen.findByRole('button', { name: 'Save' }));

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent(/reload/);
      expect(alert).toHaveTextContent('version: record r1 is at version 4, not 3');
      expect(onSaved).not.toHaveBeenCalled();
      expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();
    });
  });
});
