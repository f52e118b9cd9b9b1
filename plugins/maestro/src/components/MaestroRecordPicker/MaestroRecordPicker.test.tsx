import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import { maestroApiRef } from '../../api';
import { fakeMaestroApi, makeRecord } from '../../__testUtils__/maestroTestUtils';
import { maestroPlugin } from '../../plugin';
import { MaestroRecordPicker } from './MaestroRecordPicker';
import { validateMaestroRecordPicker } from './validateRecordPicker';

const records = [
  makeRecord('Server', 'web-01', { hostname: 'web-01.prod', ipv4Private: '10.0.1.11', environment: 'production' }),
  makeRecord('Server', 'web-02', { hostname: 'web-02.prod', ipv4Private: '10.0.1.12', environment: 'production' }),
  makeRecord('Database', 'orders-db', {
    family: 'other',
    engine: 'postgresql',
    datacenter: 'datacenter:default/aws-prod',
  }),
];

/** A fake API answering the records of the kind asked whose name contains `q` and that pass the spec filters. */
function apiWith(items: InventoryRecord[]) {
  const api = fakeMaestroApi();
  api.listRecords.mockImplementation(async query => {
    const found = items.filter(
      r =>
        r.kind === query.kind &&
        (!query.q || r.name.includes(query.q)) &&
        Object.entries(query.filters ?? {}).every(([k, v]) => (r.spec as any)[k] === v),
    );
    return { items: found, totalCount: found.length };
  });
  return api;
}

async function renderPicker(props: { array?: boolean; uiOptions?: object; formData?: unknown; rawErrors?: string[] }) {
  const api = apiWith(records);
  const onChange = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[maestroApiRef, api]]}>
      <MaestroRecordPicker
        {...({} as any)}
        name="servers"
        idSchema={{ $id: 'root_servers' }}
        schema={{
          title: 'Servers',
          description: 'Where the service runs',
          ...(props.array ? { type: 'array', items: { type: 'string' } } : { type: 'string' }),
        }}
        uiSchema={{ 'ui:field': 'MaestroRecordPicker', 'ui:options': props.uiOptions ?? {} }}
        formData={props.formData}
        onChange={onChange}
        rawErrors={props.rawErrors}
        required
      />
    </TestApiProvider>,
  );
  return { api, onChange };
}

describe('MaestroRecordPicker', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('offers the records of the kind and filters of ui:options, with hostname and IP, and picks several for an array', async () => {
    const { api, onChange } = await renderPicker({
      array: true,
      uiOptions: { kind: 'server', environment: 'production' },
      formData: ['server:default/web-02'],
    });
    const input = screen.getByRole('combobox', { name: /^Servers/ });
    await user.type(input, 'web');
    await waitFor(() =>
      expect(api.listRecords).toHaveBeenCalledWith(
        { kind: 'Server', q: 'web', limit: 20, filters: { environment: 'production' } },
        expect.anything(),
      ),
    );
    // web-02 is already chosen: only web-01 is offered, with where to find it
    const option = await screen.findByRole('option');
    expect(option).toHaveTextContent('web-01');
    expect(option).toHaveTextContent('server:default/web-01 · web-01.prod · 10.0.1.11 · production');
    await user.click(option);
    expect(onChange).toHaveBeenLastCalledWith(['server:default/web-02', 'server:default/web-01']);
    expect(screen.getByText('Where the service runs')).toBeInTheDocument();
  });

  it('holds one ref for a string field, shows the first error under the field, and a datacenter filter as a ref', async () => {
    const { api, onChange } = await renderPicker({
      uiOptions: { kind: 'Database', datacenter: 'aws-prod' },
      rawErrors: ["orders: no Database named 'orders' in Maestro's inventory"],
    });
    expect(screen.getByText("orders: no Database named 'orders' in Maestro's inventory")).toBeInTheDocument();
    const input = screen.getByRole('combobox', { name: /^Servers/ });
    await user.click(input);
    await waitFor(() =>
      expect(api.listRecords).toHaveBeenCalledWith(
        { kind: 'Database', q: undefined, limit: 20, filters: { datacenter: 'datacenter:default/aws-prod' } },
        expect.anything(),
      ),
    );
    await user.click(await screen.findByRole('option', { name: /orders-db/ }));
    expect(onChange).toHaveBeenLastCalledWith('database:default/orders-db');
  });

  it('validation names each ref of the wrong kind or unknown to Maestro, and accepts known ones', async () => {
    const api = apiWith(records);
    const errors: string[] = [];
    const field = { addError: (message: string) => errors.push(message) } as any;
    const context = {
      apiHolder: { get: () => api } as any,
      formData: {},
      schema: {},
      uiSchema: { 'ui:options': { kind: 'Server' } },
    };
    await validateMaestroRecordPicker(
      ['server:default/web-01', 'web-02', 'database:default/orders-db', 'web-99', 'server:'],
      field,
      context,
    );
    expect(errors).toEqual([
      'database:default/orders-db: is a database; pick a Server',
      "web-99: no Server named 'web-99' in Maestro's inventory",
      'server:: is not an entity ref; pick a Server from the list',
    ]);
    errors.length = 0;
    await validateMaestroRecordPicker('web-01', field, {
      ...context,
      uiSchema: { 'ui:options': { kind: 'Server', environment: 'staging' } },
    });
    expect(errors).toEqual(["web-01: no Server named 'web-01' with environment staging in Maestro's inventory"]);
  });

  it('is given to the scaffolder by the plugin as a form field extension', () => {
    expect(maestroPlugin.getExtension('scaffolder-form-field:maestro/maestro-record-picker')).toBeDefined();
  });
});
