import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeMaestroApi, renderMaestroPage } from '../../__testUtils__/maestroTestUtils';
import { savedReport } from '../../__testUtils__/reportFixtures';

const single = savedReport({ name: 'Servers', type: 'single', kind: 'Server', filters: [], columns: [] });
const pivot = savedReport(
  {
    name: 'Per datacenter',
    type: 'pivot',
    hops: [
      { kind: 'Datacenter', filters: [], columns: [] },
      { kind: 'Server', filters: [], columns: [] },
    ],
  },
  { id: 'r2', version: 7 },
);

describe('ReportsPage', () => {
  it('lists the reports with their kind or hops, and duplicates and deletes (after a confirmation) at the version shown', async () => {
    const user = userEvent.setup({ delay: null });
    const api = fakeMaestroApi({
      listReports: jest.fn(async () => ({ items: [single, pivot], totalCount: 2 })),
      duplicateReport: jest.fn(async () => ({ ...single, id: 'r3' })),
    });
    await renderMaestroPage(api, '/maestro/reports');
    expect(await screen.findByText('Datacenter → Server')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Reports' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('link', { name: 'Servers' })).toHaveAttribute('href', '/maestro/reports/r1');
    const row = screen.getByRole('link', { name: 'Per datacenter' }).closest('tr')!;

    await user.click(within(row).getByRole('button', { name: 'Duplicate' }));
    await waitFor(() => expect(api.duplicateReport).toHaveBeenCalledWith('r2'));
    await waitFor(() => expect(api.listReports).toHaveBeenCalledTimes(2));

    await user.click(within(row).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Delete the report Per datacenter?')).toBeInTheDocument();
    expect(api.deleteReport).not.toHaveBeenCalled();
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(api.deleteReport).toHaveBeenCalledWith('r2', { version: 7 }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await user.click(within(row).getByRole('button', { name: 'Edit' }));
    expect(screen.getByTestId('location')).toHaveTextContent('/maestro/reports/r2/edit');
  });
});
