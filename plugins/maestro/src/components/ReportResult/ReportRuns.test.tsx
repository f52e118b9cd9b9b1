import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { identityApiRef } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import type { ReportRun } from '@maestro/plugin-maestro-common';
import { fakeMaestroApi, renderMaestroPage } from '../../__testUtils__/maestroTestUtils';
import { REPORT_KINDS, savedReport } from '../../__testUtils__/reportFixtures';

const single = savedReport({ name: 'Servers', type: 'single', kind: 'Server', filters: [], columns: [] });

const identity = [
  identityApiRef,
  {
    getBackstageIdentity: async () => ({ type: 'user', userEntityRef: 'user:default/carol', ownershipEntityRefs: [] }),
  },
] as const;

function run(extra: Partial<ReportRun> = {}): ReportRun {
  return {
    id: 'run1',
    reportId: 'r1',
    reportName: 'Servers',
    format: 'csv',
    status: 'queued',
    requestedBy: 'user:default/carol',
    requestedAt: '2026-12-05T10:00:00.000Z',
    progress: { recordsRead: 0, bytes: 0 },
    bytes: 0,
    expired: false,
    fileName: 'Servers-2026-12-05.csv',
    ...extra,
  };
}

/** A signals API whose test sends the messages. */
function fakeSignals() {
  const listeners = new Map<string, (message: any) => void>();
  return {
    api: {
      subscribe: (channel: string, onMessage: (message: any) => void) => {
        listeners.set(channel, onMessage);
        return { unsubscribe: () => listeners.delete(channel) };
      },
    },
    send: (channel: string, message: unknown) => listeners.get(channel)?.(message),
  };
}

describe('Report background runs', () => {
  const createObjectURL = jest.fn(() => 'blob:run');
  beforeAll(() => {
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
  });

  it('starts a run, lists it, shows its progress from signals and downloads its file when it succeeded', async () => {
    const user = userEvent.setup({ delay: null });
    const signals = fakeSignals();
    let listed: ReportRun[] = [];
    const api = fakeMaestroApi({
      getReport: jest.fn(async () => single),
      getReportFields: jest.fn(async () => ({ kinds: REPORT_KINDS })),
      startReportRun: jest.fn(async () => {
        listed = [run()];
        return run();
      }),
      listReportRuns: jest.fn(async () => ({ items: listed, totalCount: listed.length })),
      downloadReportRun: jest.fn(async () => ({
        blob: new Blob(['name\nweb-01\n'], { type: 'text/csv' }),
        fileName: 'Servers-2026-12-05.csv',
      })),
    });
    await renderMaestroPage(api, '/maestro/reports/r1', [identity, [signalApiRef, signals.api]]);

    await user.click(await screen.findByRole('button', { name: 'Run in background…' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('run-as-of')).toHaveTextContent('As of: now');
    await user.click(within(dialog).getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(api.startReportRun).toHaveBeenCalledWith('r1', { format: 'csv' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    // the Runs tab opens on the new run
    const row = await screen.findByTestId('report-run-run1');
    expect(screen.getByTestId('location')).toHaveTextContent('/maestro/reports/r1?run=run1');
    expect(row).toHaveAttribute('data-status', 'queued');
    expect(row).toHaveAttribute('data-highlighted', 'true');

    // progress by signal
    signals.send('maestro:report-run', {
      runId: 'run1',
      reportId: 'r1',
      status: 'running',
      recordsRead: 1200,
      bytes: 4096,
    });
    await waitFor(() => expect(screen.getByTestId('report-run-run1')).toHaveAttribute('data-status', 'running'));
    expect(within(screen.getByTestId('report-run-run1')).getByTestId('report-run-records-read')).toHaveTextContent(
      '1,200',
    );
    expect(screen.getByTestId('report-run-run1')).toHaveTextContent('4.0 KB');
    // another report's signal changes nothing
    signals.send('maestro:report-run', { runId: 'run1', reportId: 'r2', status: 'failed', recordsRead: 0, bytes: 0 });
    expect(screen.getByTestId('report-run-run1')).toHaveAttribute('data-status', 'running');
    expect(within(screen.getByTestId('report-run-run1')).queryByRole('button', { name: 'Download' })).toBeNull();

    // the end: the list is read again, with the file's rows, size and expiry
    listed = [
      run({
        status: 'succeeded',
        progress: { recordsRead: 2500, bytes: 9000 },
        rows: 2400,
        bytes: 9000,
        finishedAt: '2026-12-05T10:01:00.000Z',
        expiresAt: '2026-12-12T10:01:00.000Z',
      }),
    ];
    const lists = api.listReportRuns.mock.calls.length;
    signals.send('maestro:report-run', {
      runId: 'run1',
      reportId: 'r1',
      status: 'succeeded',
      recordsRead: 2500,
      bytes: 9000,
      rows: 2400,
    });
    await waitFor(() => expect(api.listReportRuns.mock.calls.length).toBeGreaterThan(lists));
    const done = await screen.findByTestId('report-run-run1');
    await waitFor(() => expect(done).toHaveTextContent('2,400'));
    expect(done).toHaveTextContent('8.8 KB');
    expect(done).toHaveTextContent(new Date('2026-12-12T10:01:00.000Z').toLocaleString());

    await user.click(within(screen.getByTestId('report-run-run1')).getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(api.downloadReportRun).toHaveBeenCalledWith('run1'));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
  });

  it("opens on the Runs tab with the notification's run highlighted, its error shown, and an expired file said", async () => {
    const user = userEvent.setup({ delay: null });
    const gone = Object.assign(new Error('gone'), {
      response: { status: 410 },
      body: { error: { message: 'expired' } },
    });
    const api = fakeMaestroApi({
      getReport: jest.fn(async () => single),
      getReportFields: jest.fn(async () => ({ kinds: REPORT_KINDS })),
      listReportRuns: jest.fn(async () => ({
        items: [
          run({ id: 'run3', status: 'failed', error: 'spec.cpu: store timed out' }),
          run({ id: 'run2', status: 'succeeded', rows: 3, bytes: 30 }),
        ],
        totalCount: 2,
      })),
      downloadReportRun: jest.fn().mockRejectedValue(gone),
    });
    await renderMaestroPage(api, '/maestro/reports/r1?run=run2', [identity]);
    const highlighted = await screen.findByTestId('report-run-run2');
    expect(highlighted).toHaveAttribute('data-highlighted', 'true');
    expect(screen.getByTestId('report-run-run3')).not.toHaveAttribute('data-highlighted');
    expect(within(screen.getByTestId('report-run-run3')).getByTestId('report-run-error')).toHaveTextContent(
      'store timed out',
    );
    expect(screen.getByText(/read every 2 seconds/)).toBeInTheDocument();
    await user.click(within(highlighted).getByRole('button', { name: 'Download' }));
    expect(await screen.findByText(/has expired: the retention deleted it/)).toBeInTheDocument();
  });

  it("shows the backend's refusal in the dialog", async () => {
    const user = userEvent.setup({ delay: null });
    const refused = Object.assign(new Error('bad'), {
      response: { status: 400 },
      body: { error: { message: 'format: ansible needs a report of servers' } },
    });
    const api = fakeMaestroApi({
      getReport: jest.fn(async () => single),
      getReportFields: jest.fn(async () => ({ kinds: REPORT_KINDS })),
      startReportRun: jest.fn().mockRejectedValue(refused),
    });
    await renderMaestroPage(api, '/maestro/reports/r1', [identity]);
    await user.click(await screen.findByRole('button', { name: 'Run in background…' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Start' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('format: ansible needs a report of servers');
  });

  it('without signals, reads a queued or running run every 2 s until it ends, then the list again', async () => {
    jest.useFakeTimers();
    try {
      let listed = [run({ status: 'running', progress: { recordsRead: 10, bytes: 100 }, bytes: 100 })];
      const api = fakeMaestroApi({
        getReport: jest.fn(async () => single),
        getReportFields: jest.fn(async () => ({ kinds: REPORT_KINDS })),
        listReportRuns: jest.fn(async () => ({ items: listed, totalCount: 1 })),
        getReportRun: jest.fn(async () => run({ status: 'running', progress: { recordsRead: 5000, bytes: 800 } })),
      });
      await renderMaestroPage(api, '/maestro/reports/r1?run=run1', [identity]);
      await screen.findByTestId('report-run-run1');
      expect(api.getReportRun).not.toHaveBeenCalled();

      await act(async () => {
        jest.advanceTimersByTime(2000);
      });
      await waitFor(() => expect(api.getReportRun).toHaveBeenCalledWith('run1'));
      await waitFor(() =>
        expect(within(screen.getByTestId('report-run-run1')).getByTestId('report-run-records-read')).toHaveTextContent(
          '5,000',
        ),
      );

      // it ends: the next read says so, and the list is read again
      listed = [run({ status: 'succeeded', rows: 7, bytes: 900, progress: { recordsRead: 7000, bytes: 900 } })];
      api.getReportRun.mockResolvedValue(listed[0]);
      const lists = api.listReportRuns.mock.calls.length;
      await act(async () => {
        jest.advanceTimersByTime(2000);
      });
      await waitFor(() => expect(api.listReportRuns.mock.calls.length).toBeGreaterThan(lists));
      await waitFor(() => expect(screen.getByTestId('report-run-run1')).toHaveAttribute('data-status', 'succeeded'));
      // nothing under way: no more polling
      const reads = api.getReportRun.mock.calls.length;
      await act(async () => {
        jest.advanceTimersByTime(10_000);
      });
      expect(api.getReportRun).toHaveBeenCalledTimes(reads);
    } finally {
      jest.useRealTimers();
    }
  });
});
