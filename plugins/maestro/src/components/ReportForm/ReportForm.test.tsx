import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SingleReportDefinition } from '@maestro/plugin-maestro-common';
import type { MaestroApi } from '../../api';
import { fakeMaestroApi, renderMaestroPage, responseError } from '../../__testUtils__/maestroTestUtils';
import { REPORT_KINDS, savedReport } from '../../__testUtils__/reportFixtures';

const optionsOf = (select: HTMLElement) =>
  within(select)
    .getAllByRole('option')
    .map(o => o.getAttribute('value'));

function api(overrides: Partial<Record<keyof MaestroApi, jest.Mock>> = {}) {
  return fakeMaestroApi({
    getReportFields: jest.fn(async () => ({ kinds: REPORT_KINDS })),
    createReport: jest.fn(async def => savedReport(def, { id: 'new1' })),
    updateReport: jest.fn(async (id, def) => savedReport(def, { id })),
    ...overrides,
  });
}

describe('ReportForm', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('offers the operators of each field type with a value input fitting the operator, and saves typed filters', async () => {
    const fake = api();
    await renderMaestroPage(fake, '/maestro/reports/new');
    await user.type(await screen.findByLabelText(/^Name/), 'Big prod servers');
    expect(screen.getByLabelText('Kind')).toHaveValue('Server');

    // number: the comparisons and between (two numbers)
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    let row = screen.getAllByTestId('report-filter-row')[0];
    await user.selectOptions(within(row).getByLabelText('Field'), 'spec.cpu');
    expect(optionsOf(within(row).getByLabelText('Operator'))).toEqual([
      'eq',
      'ne',
      'gt',
      'gte',
      'lt',
      'lte',
      'between',
      'exists',
      'missing',
    ]);
    await user.selectOptions(within(row).getByLabelText('Operator'), 'between');
    await user.type(within(row).getByLabelText('From'), '4');
    await user.type(within(row).getByLabelText('To'), '16');

    // enum: one of / none of with a multi-select of its values
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    row = screen.getAllByTestId('report-filter-row')[1];
    await user.selectOptions(within(row).getByLabelText('Field'), 'spec.environment');
    expect(optionsOf(within(row).getByLabelText('Operator'))).toEqual(['oneOf', 'noneOf', 'exists', 'missing']);
    expect(optionsOf(within(row).getByLabelText('Values'))).toEqual(['production', 'staging', 'development']);
    await user.selectOptions(within(row).getByLabelText('Values'), ['production', 'staging']);

    // date: a date picker for after, a duration for last
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    row = screen.getAllByTestId('report-filter-row')[2];
    await user.selectOptions(within(row).getByLabelText('Field'), 'createdAt');
    expect(optionsOf(within(row).getByLabelText('Operator'))).toEqual(['after', 'before', 'between', 'last']);
    expect(within(row).getByLabelText('Date')).toHaveAttribute('type', 'datetime-local');
    await user.selectOptions(within(row).getByLabelText('Operator'), 'last');
    await user.type(within(row).getByLabelText('Duration'), '7d');

    // tags: key equals takes a key and a value; boolean: true / false; exists: no value at all
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    row = screen.getAllByTestId('report-filter-row')[3];
    await user.selectOptions(within(row).getByLabelText('Field'), 'spec.tags');
    expect(optionsOf(within(row).getByLabelText('Operator'))).toEqual(['hasKey', 'keyEquals', 'isEmpty', 'isNotEmpty']);
    await user.selectOptions(within(row).getByLabelText('Operator'), 'keyEquals');
    await user.type(within(row).getByLabelText('Tag key'), 'team');
    await user.type(within(row).getByLabelText('Tag value'), 'ops');
    await user.selectOptions(within(row).getByLabelText('Operator'), 'isEmpty');
    expect(within(row).queryByRole('textbox')).toBeNull();
    await user.selectOptions(within(row).getByLabelText('Operator'), 'keyEquals');
    await user.type(within(row).getByLabelText('Tag key'), 'team');
    await user.type(within(row).getByLabelText('Tag value'), 'ops');

    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    row = screen.getAllByTestId('report-filter-row')[4];
    await user.selectOptions(within(row).getByLabelText('Field'), 'active');
    expect(optionsOf(within(row).getByLabelText('Operator'))).toEqual(['is', 'exists', 'missing']);
    await user.selectOptions(within(row).getByLabelText('Value'), 'false');
    await user.click(within(row).getByRole('button', { name: 'Remove filter' }));

    await user.selectOptions(screen.getByLabelText(/^Columns/), ['name', 'spec.cpu']);
    await user.selectOptions(screen.getByLabelText('Sort by'), 'spec.cpu');
    await user.selectOptions(screen.getByLabelText('Direction'), 'desc');
    await user.click(screen.getByRole('button', { name: 'Save and run' }));

    await waitFor(() => expect(fake.createReport).toHaveBeenCalledTimes(1));
    expect(fake.createReport.mock.calls[0][0]).toEqual({
      name: 'Big prod servers',
      type: 'single',
      kind: 'Server',
      filters: [
        { field: 'spec.cpu', op: 'between', value: [4, 16] },
        { field: 'spec.environment', op: 'oneOf', value: ['production', 'staging'] },
        { field: 'createdAt', op: 'last', value: '7d' },
        { field: 'spec.tags', op: 'keyEquals', value: { key: 'team', value: 'ops' } },
      ],
      columns: ['name', 'spec.cpu'],
      sort: { field: 'spec.cpu', direction: 'desc' },
    });
    expect(await screen.findByTestId('location')).toHaveTextContent('/maestro/reports/new1');
  });

  it('reads inactive records through an active filter', async () => {
    const fake = api();
    await renderMaestroPage(fake, '/maestro/reports/new');
    await user.type(await screen.findByLabelText(/^Name/), 'Deleted');
    await user.selectOptions(screen.getByLabelText('Records'), 'inactive');
    await user.click(screen.getByRole('button', { name: 'Save and run' }));
    await waitFor(() => expect(fake.createReport).toHaveBeenCalled());
    expect((fake.createReport.mock.calls[0][0] as SingleReportDefinition).filters).toEqual([
      { field: 'active', op: 'is', value: false },
    ]);
  });

  it('reads active and inactive records through a filter every record holds (active exists)', async () => {
    const fake = api();
    await renderMaestroPage(fake, '/maestro/reports/new');
    await user.type(await screen.findByLabelText(/^Name/), 'Everything');
    await user.selectOptions(screen.getByLabelText('Records'), 'both');
    await user.click(screen.getByRole('button', { name: 'Save and run' }));
    await waitFor(() => expect(fake.createReport).toHaveBeenCalled());
    expect((fake.createReport.mock.calls[0][0] as SingleReportDefinition).filters).toEqual([
      { field: 'active', op: 'exists' },
    ]);
  });

  it("limits each pivot hop's kind to the kinds the previous hop links to", async () => {
    const fake = api();
    await renderMaestroPage(fake, '/maestro/reports/new');
    await user.type(await screen.findByLabelText(/^Name/), 'Per datacenter');
    await user.selectOptions(screen.getByLabelText('Type'), 'pivot');

    const hop1 = screen.getByTestId('report-hop-1');
    // a kind that links to nothing cannot start a pivot
    expect(optionsOf(within(hop1).getByLabelText('Hop 1 kind'))).toEqual(['Server', 'Datacenter', 'Volume']);
    expect(within(hop1).getByLabelText('Hop 1 kind')).toHaveValue('Datacenter');
    const hop2 = screen.getByTestId('report-hop-2');
    expect(optionsOf(within(hop2).getByLabelText('Hop 2 kind'))).toEqual(['Server']);

    await user.click(screen.getByRole('button', { name: 'Add hop' }));
    const hop3 = screen.getByTestId('report-hop-3');
    expect(optionsOf(within(hop3).getByLabelText('Hop 3 kind'))).toEqual(['Datacenter', 'Volume']);
    await user.selectOptions(within(hop3).getByLabelText('Hop 3 kind'), 'Volume');
    await user.click(within(hop3).getByRole('button', { name: 'Add filter' }));
    await user.selectOptions(within(hop3).getByLabelText('Field'), 'spec.sizeGb');
    await user.selectOptions(within(hop3).getByLabelText('Operator'), 'gt');
    await user.type(within(hop3).getByLabelText('Value'), '100');
    await user.selectOptions(within(hop3).getByLabelText(/^Columns \(none chosen: name\)/), ['name', 'spec.sizeGb']);

    await user.click(screen.getByRole('button', { name: 'Save and run' }));
    await waitFor(() => expect(fake.createReport).toHaveBeenCalled());
    expect(fake.createReport.mock.calls[0][0]).toEqual({
      name: 'Per datacenter',
      type: 'pivot',
      hops: [
        // no column chosen: the hop's name (the backend wants columns for every hop)
        { kind: 'Datacenter', filters: [], columns: ['name'] },
        { kind: 'Server', filters: [], columns: ['name'] },
        { kind: 'Volume', filters: [{ field: 'spec.sizeGb', op: 'gt', value: 100 }], columns: ['name', 'spec.sizeGb'] },
      ],
    });
  });

  it('replaces the hop that no longer follows a changed kind and drops the ones after it', async () => {
    await renderMaestroPage(api(), '/maestro/reports/new');
    await user.selectOptions(await screen.findByLabelText('Type'), 'pivot');
    await user.click(screen.getByRole('button', { name: 'Add hop' }));
    expect(screen.getByTestId('report-hop-3')).toBeInTheDocument();
    // Datacenter → Server → Datacenter; hop 1 becomes Server: hop 2 (Server) does not follow a Server
    await user.selectOptions(within(screen.getByTestId('report-hop-1')).getByLabelText('Hop 1 kind'), 'Server');
    expect(screen.queryByTestId('report-hop-3')).toBeNull();
    const hop2 = within(screen.getByTestId('report-hop-2')).getByLabelText('Hop 2 kind');
    expect(hop2).toHaveValue('Datacenter');
    expect(optionsOf(hop2)).toEqual(['Datacenter', 'Volume']);
    expect(screen.getByRole('button', { name: 'Remove last hop' })).toBeDisabled();
  });

  it("shows the backend's 400 beside the form, naming the field", async () => {
    const fake = api({
      createReport: jest.fn(async () => {
        throw responseError(400, "filters[0].value: must be a duration such as '7d' (h, d, w, m or y)");
      }),
    });
    await renderMaestroPage(fake, '/maestro/reports/new');
    await user.type(await screen.findByLabelText(/^Name/), 'Bad');
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    await user.selectOptions(screen.getByLabelText('Field'), 'createdAt');
    await user.selectOptions(screen.getByLabelText('Operator'), 'last');
    await user.type(screen.getByLabelText('Duration'), 'soon');
    await user.click(screen.getByRole('button', { name: 'Save and run' }));
    const panel = await screen.findByTestId('report-form-error');
    expect(panel).toHaveTextContent('The report is not valid');
    expect(panel).toHaveTextContent("filters[0].value: must be a duration such as '7d'");
    // and under the row it names
    expect(screen.getByTestId('report-filter-problem')).toHaveTextContent("value: must be a duration such as '7d'");
    // the text typed went as it is: the backend names the problem
    expect((fake.createReport.mock.calls[0][0] as SingleReportDefinition).filters).toEqual([
      { field: 'createdAt', op: 'last', value: 'soon' },
    ]);
    expect(screen.getByTestId('location')).toHaveTextContent('/maestro/reports/new');
  });

  it('edits a saved report with the version read, and says so when someone changed it (409)', async () => {
    const report = savedReport({
      name: 'Prod',
      type: 'single',
      kind: 'Server',
      filters: [
        { field: 'spec.environment', op: 'oneOf', value: ['production'] },
        { field: 'createdAt', op: 'after', value: '2026-10-01T00:00:00.000Z' },
        { field: 'active', op: 'is', value: false },
      ],
      columns: ['name'],
      sort: { field: 'name', direction: 'asc' },
    });
    const fake = api({
      getReport: jest.fn(async () => report),
      updateReport: jest.fn(async () => {
        throw responseError(409, 'version: report r1 is at version 4, not 3');
      }),
    });
    await renderMaestroPage(fake, '/maestro/reports/r1/edit');
    expect(await screen.findByLabelText(/^Name/)).toHaveValue('Prod');
    expect(screen.getByLabelText('Records')).toHaveValue('inactive');
    expect(screen.getAllByTestId('report-filter-row')).toHaveLength(2);
    await user.type(screen.getByLabelText(/^Name/), ' servers');
    await user.click(screen.getByRole('button', { name: 'Save and run' }));
    await waitFor(() => expect(fake.updateReport).toHaveBeenCalled());
    const [id, body] = fake.updateReport.mock.calls[0];
    expect(id).toBe('r1');
    expect(body).toEqual({ ...report.definition, name: 'Prod servers', version: 3 });
    expect(await screen.findByTestId('report-form-error')).toHaveTextContent(
      'Someone changed this report since you opened it',
    );
  });
});
