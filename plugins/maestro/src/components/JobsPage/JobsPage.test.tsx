import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeMaestroApi, renderMaestroPage, responseError } from '../../__testUtils__/maestroTestUtils';
import { builtInJob, fakeJobsApi, makeJob, withJobsApi } from '../../__testUtils__/jobFixtures';
import { conditionsText, scheduleText } from './jobFormat';

const jobs = () => [
  builtInJob(),
  builtInJob({
    id: 'history-retention',
    name: 'History retention',
    type: 'history-retention',
    enabled: false,
    schedule: { type: 'interval', minutes: 1440 },
    config: {},
  }),
  makeJob(),
  makeJob({
    id: 'j2',
    name: 'Ping',
    enabled: false,
    schedule: { type: 'interval', minutes: 5 },
    maxExecutions: 10,
    totalRuns: 10,
    disabledReason: 'max executions reached (10)',
    lastRun: undefined,
  }),
  makeJob({ id: 'j3', name: 'By hand', schedule: { type: 'manual' }, totalRuns: 0, lastRun: undefined }),
];

describe('JobsPage', () => {
  it('lists every job with its schedule in words, total runs, last run and next run; built-in jobs cannot be edited', async () => {
    const api = fakeJobsApi({ listJobs: jest.fn(async () => ({ jobs: jobs() })) });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs', withJobsApi(api));
    const table = await screen.findByTestId('maestro-jobs-table');
    // the Maestro page's Jobs tab, and the Jobs view of its two
    expect(screen.getAllByRole('tab', { name: 'Jobs', selected: true })).toHaveLength(2);
    expect(
      within(screen.getByRole('tablist', { name: 'Jobs views' })).getByRole('tab', { name: 'Event rules' }),
    ).toHaveAttribute('aria-selected', 'false');

    const nightly = within(table).getByTestId('maestro-job-row-Nightly hook');
    expect(within(nightly).getByRole('link', { name: 'Nightly hook' })).toHaveAttribute('href', '/maestro/jobs/j1');
    expect(within(nightly).getByTestId('maestro-job-schedule')).toHaveTextContent('cron 0 3 * * * (Europe/Paris)');
    expect(within(nightly).getByTestId('maestro-job-total-runs')).toHaveTextContent('12');
    expect(within(nightly).getByTestId('maestro-job-last-run')).toHaveTextContent('succeeded');
    expect(within(nightly).getByTestId('maestro-job-last-run')).toHaveTextContent('1.3 s');
    expect(within(nightly).getByRole('checkbox', { name: 'Enabled: Nightly hook' })).toBeChecked();
    expect(within(nightly).getByRole('button', { name: 'Edit' })).toHaveAttribute('href', '/maestro/jobs/j1/edit');
    expect(within(nightly).getByRole('button', { name: 'Delete' })).toBeInTheDocument();

    const ping = within(table).getByTestId('maestro-job-row-Ping');
    expect(within(ping).getByTestId('maestro-job-schedule')).toHaveTextContent('every 5 minutes');
    expect(within(ping).getByTestId('maestro-job-total-runs')).toHaveTextContent('10 / 10');
    expect(within(ping).getByTestId('maestro-job-disabled-reason')).toHaveTextContent('max executions reached (10)');
    expect(within(ping).getByRole('checkbox', { name: 'Enabled: Ping' })).not.toBeChecked();
    expect(ping).toHaveTextContent('never');

    expect(within(table).getByTestId('maestro-job-row-By hand')).toHaveTextContent('manual');

    const builtIn = within(table).getByTestId('maestro-job-row-aws-prod server-list');
    expect(builtIn).toHaveTextContent('built-in');
    expect(builtIn).toHaveTextContent('every 30 minutes');
    expect(builtIn).toHaveTextContent('AccessDenied');
    expect(within(builtIn).getByTestId('maestro-job-last-run')).toHaveTextContent('failed');
    expect(within(builtIn).queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(within(builtIn).queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(within(builtIn).getByTestId('maestro-job-run-now')).toBeEnabled();
  });

  it('runs a job now, says the run is queued with a link to its log, and reads the list again', async () => {
    const user = userEvent.setup({ delay: null });
    const api = fakeJobsApi({ listJobs: jest.fn(async () => ({ jobs: jobs() })) });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs', withJobsApi(api));
    const row = await screen.findByTestId('maestro-job-row-Nightly hook');
    await user.click(within(row).getByTestId('maestro-job-run-now'));
    await waitFor(() => expect(api.runJob).toHaveBeenCalledWith('j1'));
    const notice = await screen.findByTestId('maestro-job-queued');
    expect(notice).toHaveTextContent('A run of Nightly hook is queued');
    expect(within(notice).getByRole('link', { name: 'Nightly hook' })).toHaveAttribute('href', '/maestro/jobs/j1');
    await waitFor(() => expect(api.listJobs).toHaveBeenCalledTimes(2));
  });

  it('switches a user job off by saving it whole without its secrets, and a built-in job with { enabled } only', async () => {
    const user = userEvent.setup({ delay: null });
    const api = fakeJobsApi({ listJobs: jest.fn(async () => ({ jobs: jobs() })) });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs', withJobsApi(api));
    await user.click(await screen.findByRole('checkbox', { name: 'Enabled: Nightly hook' }));
    await waitFor(() => expect(api.updateJob).toHaveBeenCalledTimes(1));
    expect(api.updateJob).toHaveBeenCalledWith('j1', {
      name: 'Nightly hook',
      type: 'webhook',
      enabled: false,
      owner: 'group:default/platform',
      schedule: { type: 'cron', expression: '0 3 * * *', timeZone: 'Europe/Paris' },
      maxExecutions: 0,
      disableAfterFailures: 3,
      onSuccess: null,
      onFailure: null,
      config: {
        webhook: {
          method: 'POST',
          url: 'https://hooks.example.com/nightly',
          // the stored secrets are kept by leaving their values out
          headers: [
            { name: 'X-Team', value: 'ops' },
            { name: 'Authorization', secret: true },
          ],
          bodyTemplate: '{"job": {{ job.name | json }}}',
          signature: { header: 'X-Maestro-Signature-256' },
        },
      },
    });
    await waitFor(() => expect(screen.getByRole('checkbox', { name: 'Enabled: Nightly hook' })).not.toBeChecked());

    // a built-in job takes { enabled } only; a discovery list is switched on its connection, so its switch is read-only
    await user.click(screen.getByRole('checkbox', { name: 'Enabled: History retention' }));
    await waitFor(() => expect(api.updateJob).toHaveBeenLastCalledWith('history-retention', { enabled: true }));
    expect(screen.getByRole('checkbox', { name: 'Enabled: aws-prod server-list' })).toBeDisabled();
  });

  it('deletes a job after a confirmation, and shows the 409 naming the job that chains to it', async () => {
    const user = userEvent.setup({ delay: null });
    const api = fakeJobsApi({
      listJobs: jest.fn(async () => ({ jobs: jobs() })),
      deleteJob: jest.fn(async () => {
        throw responseError(409, 'the job Nightly report chains to it: remove that chain first');
      }),
    });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs', withJobsApi(api));
    const row = await screen.findByTestId('maestro-job-row-Ping');
    await user.click(within(row).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Delete the job Ping?')).toBeInTheDocument();
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(api.deleteJob).toHaveBeenCalledWith('j2'));
    expect(await screen.findByText('the job Nightly report chains to it: remove that chain first')).toBeInTheDocument();
  });

  it('opens the event rules view from its tab', async () => {
    const user = userEvent.setup({ delay: null });
    const api = fakeJobsApi();
    await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs', withJobsApi(api));
    await user.click(await screen.findByRole('tab', { name: 'Event rules' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/maestro/jobs/rules'));
    expect(await screen.findByTestId('maestro-new-rule')).toBeInTheDocument();
  });
});

describe('jobFormat', () => {
  it('says schedules and conditions in words', () => {
    expect(scheduleText({ type: 'interval', minutes: 1 })).toBe('every minute');
    expect(scheduleText({ type: 'interval', minutes: 120 })).toBe('every 2 hours');
    expect(scheduleText({ type: 'cron', expression: '*/5 * * * *' })).toBe('cron */5 * * * * (UTC)');
    expect(scheduleText({ type: 'manual' })).toBe('manual');
    expect(
      conditionsText({
        actor: 'discovery',
        conditions: {
          kinds: ['Server'],
          owners: ['group:default/ops'],
          changedFields: ['owner'],
          filters: [
            { field: 'spec.environment', op: 'oneOf', value: ['production'] },
            { field: 'spec.cpu', op: 'between', value: [4, 16] },
          ],
        },
      }),
    ).toBe(
      'kind Server, owner group:default/ops, changed owner, filter environment = production, filter cpu between 4 and 16, by discovery',
    );
    expect(conditionsText({ actor: 'any', conditions: {} })).toBe('any record');
  });
});
