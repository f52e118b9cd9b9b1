import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { JobRun } from '@maestro/plugin-maestro-common';
import { fakeMaestroApi, renderMaestroPage, responseError } from '../../__testUtils__/maestroTestUtils';
import { builtInJob, fakeJobsApi, makeJob, makeRun, withJobsApi } from '../../__testUtils__/jobFixtures';
import { RUN_LOG_POLL_MS } from './JobPage';

const webhookRun = (): JobRun =>
  makeRun({
    id: 'run-12',
    status: 'failed',
    error: 'unexpected status 500',
    webhook: {
      request: {
        method: 'POST',
        url: 'https://hooks.example.com/nightly',
        headers: {
          'Content-Type': 'application/json',
          'X-Maestro-Delivery': 'run-12',
          'X-Maestro-Event': 'job.run',
          'X-Maestro-Signature-256': 'sha256=9f86d0',
          Authorization: '***',
        },
        body: '{"job": "Nightly hook"}',
      },
      status: 500,
      responseBody: 'x'.repeat(4096),
      responseTruncated: true,
      durationMs: 120,
      error: 'unexpected status 500',
    },
  });

describe('JobPage', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('shows the settings, counts and the run log; a webhook run opens onto its request and response; older runs page in', async () => {
    const chained = makeJob({ id: 'j9', name: 'Cleanup' });
    const job = makeJob({ onSuccess: { jobId: 'j9', delaySeconds: 30 }, totalRuns: 12, consecutiveFailures: 1 });
    const api = fakeJobsApi({
      getJob: jest.fn(async () => job),
      listJobs: jest.fn(async () => ({ jobs: [job, chained] })),
      listJobRuns: jest.fn(async (_id, query) =>
        query?.before
          ? { runs: [makeRun({ id: 'run-1', summary: 'HTTP 200 in 80 ms' })] }
          : {
              runs: [webhookRun(), makeRun({ id: 'run-11', trigger: 'chain', startedBy: 'run-10' })],
              nextBefore: 'run-11',
            },
      ),
    });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs/j1', withJobsApi(api));
    expect(await screen.findByTestId('maestro-job-schedule')).toHaveTextContent('cron 0 3 * * * (Europe/Paris)');
    expect(screen.getByTestId('maestro-job-config')).toHaveTextContent('POST https://hooks.example.com/nightly');
    expect(screen.getByTestId('maestro-job-counts')).toHaveTextContent('12 in all · 1 failed in a row');
    expect(await screen.findByRole('link', { name: 'Cleanup' })).toHaveAttribute('href', '/maestro/jobs/j9');
    expect(screen.getByText(/after 30 s/)).toBeInTheDocument();
    expect(screen.getByText('0 (no limit)')).toBeInTheDocument();

    const log = await screen.findByTestId('maestro-job-runs');
    await waitFor(() => expect(within(log).getByTestId('maestro-job-run-run-12')).toHaveTextContent('failed'));
    expect(api.listJobRuns).toHaveBeenCalledWith('j1', { limit: 50, before: undefined });
    const failed = within(log).getByTestId('maestro-job-run-run-12');
    expect(failed).toHaveTextContent('unexpected status 500');
    expect(within(log).getByTestId('maestro-job-run-run-11')).toHaveTextContent('chain');
    expect(within(log).getByTestId('maestro-job-run-run-11')).toHaveTextContent('by run-10');
    expect(within(log).queryByTestId('maestro-webhook-request')).toBeNull();

    await user.click(within(failed).getByRole('button', { name: 'Show the webhook call' }));
    const request = within(log).getByTestId('maestro-webhook-request');
    expect(request).toHaveTextContent('POST https://hooks.example.com/nightly');
    expect(request).toHaveTextContent('X-Maestro-Signature-256: sha256=9f86d0');
    expect(request).toHaveTextContent('Authorization: ***');
    expect(request).toHaveTextContent('{"job": "Nightly hook"}');
    expect(within(log).getByTestId('maestro-webhook-response')).toHaveTextContent('HTTP 500');
    expect(within(log).getByTestId('maestro-webhook-truncated')).toHaveTextContent('truncated');
    // a run with no webhook call has nothing to open
    expect(
      within(within(log).getByTestId('maestro-job-run-run-11')).queryByRole('button', { name: /webhook call/ }),
    ).toBeNull();

    await user.click(within(log).getByRole('button', { name: 'Older runs' }));
    await waitFor(() =>
      expect(within(log).getByTestId('maestro-job-run-run-1')).toHaveTextContent('HTTP 200 in 80 ms'),
    );
    expect(api.listJobRuns).toHaveBeenLastCalledWith('j1', { limit: 50, before: 'run-11' });
    expect(within(log).queryByRole('button', { name: 'Older runs' })).toBeNull();
    expect(within(log).getByTestId('maestro-job-run-run-12')).toBeInTheDocument();
  });

  it('runs the job now: the queued run tops the log, which is read again until the run ends, then the job', async () => {
    jest.useFakeTimers();
    try {
      let runs: JobRun[] = [makeRun()];
      const api = fakeJobsApi({ listJobRuns: jest.fn(async () => ({ runs })) });
      user = userEvent.setup({ delay: null, advanceTimers: jest.advanceTimersByTime });
      await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs/j1', withJobsApi(api));
      await screen.findByTestId('maestro-job-run-run-12');
      expect(api.getJob).toHaveBeenCalledTimes(1);

      await user.click(screen.getByTestId('maestro-job-run-now'));
      await waitFor(() => expect(api.runJob).toHaveBeenCalledWith('j1'));
      const queued = await screen.findByTestId('maestro-job-run-run-new');
      expect(queued).toHaveAttribute('data-status', 'queued');
      expect(queued).toHaveTextContent('run now');
      const reads = api.listJobRuns.mock.calls.length;

      runs = [makeRun({ id: 'run-new', trigger: 'manual', status: 'running' }), makeRun()];
      await act(async () => {
        jest.advanceTimersByTime(RUN_LOG_POLL_MS);
      });
      await waitFor(() =>
        expect(screen.getByTestId('maestro-job-run-run-new')).toHaveAttribute('data-status', 'running'),
      );
      expect(api.listJobRuns.mock.calls.length).toBeGreaterThan(reads);

      runs = [makeRun({ id: 'run-new', trigger: 'manual', status: 'succeeded' }), makeRun()];
      const jobReads = api.getJob.mock.calls.length;
      await act(async () => {
        jest.advanceTimersByTime(RUN_LOG_POLL_MS);
      });
      await waitFor(() =>
        expect(screen.getByTestId('maestro-job-run-run-new')).toHaveAttribute('data-status', 'succeeded'),
      );
      // the run ended: the job (its counts, last and next run) is read again, and the polling stops
      await waitFor(() => expect(api.getJob.mock.calls.length).toBeGreaterThan(jobReads));
      const done = api.listJobRuns.mock.calls.length;
      await act(async () => {
        jest.advanceTimersByTime(RUN_LOG_POLL_MS * 3);
      });
      expect(api.listJobRuns).toHaveBeenCalledTimes(done);
    } finally {
      jest.useRealTimers();
    }
  });

  it('deletes after a confirmation and shows a 409 naming the job that chains to it', async () => {
    const api = fakeJobsApi({
      deleteJob: jest.fn(async () => {
        throw responseError(409, 'the job Nightly report chains to it');
      }),
    });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs/j1', withJobsApi(api));
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(api.deleteJob).toHaveBeenCalledWith('j1'));
    expect(await screen.findByTestId('maestro-job-action-error')).toHaveTextContent(
      'the job Nightly report chains to it',
    );
    expect(screen.getByTestId('location')).toHaveTextContent('/maestro/jobs/j1');

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    api.deleteJob.mockResolvedValue(undefined);
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/maestro\/jobs$/));
  });

  it('offers a built-in job run now only: no edit, no delete', async () => {
    const api = fakeJobsApi({ getJob: jest.fn(async () => builtInJob()) });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs/discovery%3Aaws-prod%3Aserver-list', withJobsApi(api));
    expect(await screen.findByTestId('maestro-job-run-now')).toBeEnabled();
    expect(screen.getByText(/Built-in job/)).toBeInTheDocument();
    expect(screen.queryByTestId('maestro-job-edit')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(screen.getByTestId('maestro-job-config')).toHaveTextContent('connection aws-prod: server-list');
  });

  it('shows a 409 when the job has used its executions', async () => {
    const api = fakeJobsApi({
      runJob: jest.fn(async () => {
        throw responseError(409, 'max executions reached (10)');
      }),
    });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs/j1', withJobsApi(api));
    await user.click(await screen.findByTestId('maestro-job-run-now'));
    expect(await screen.findByTestId('maestro-job-action-error')).toHaveTextContent('max executions reached (10)');
  });
});
