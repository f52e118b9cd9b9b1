import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { JobInput } from '@maestro/plugin-maestro-common';
import { fakeMaestroApi, renderMaestroPage, responseError } from '../../__testUtils__/maestroTestUtils';
import { builtInJob, fakeJobsApi, FORM_TEST_TIMEOUT, makeJob, withJobsApi } from '../../__testUtils__/jobFixtures';
import { prodConnection } from '../../__testUtils__/discoveryFixtures';
import { savedReport } from '../../__testUtils__/reportFixtures';

const cleanup = makeJob({ id: 'j9', name: 'Cleanup', schedule: { type: 'manual' } });
const BODY = '{"job": {{ job.name | json }}, "run": {{ run.id | json }}, "at": "{{ now }}"}';

const headerRow = (i: number) => screen.getAllByTestId('maestro-webhook-header-row')[i];

/** Empties an input and pastes `text` in it (as fast as typing is slow with Material UI). */
async function fill(user: ReturnType<typeof userEvent.setup>, input: HTMLElement, text: string) {
  await user.clear(input);
  await user.paste(text);
}

describe('JobForm', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it(
    'creates a cron webhook job with headers, a secret header, a signed body and a chain: the API gets the exact JobInput',
    async () => {
      const api = fakeJobsApi({ listJobs: jest.fn(async () => ({ jobs: [cleanup] })) });
      await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs', withJobsApi(api));
      await user.click(await screen.findByTestId('maestro-new-job'));
      const form = await screen.findByTestId('maestro-job-form');

      await fill(user, within(form).getByRole('textbox', { name: 'Name' }), 'Deploy hook');
      await fill(user, within(form).getByRole('textbox', { name: 'Owner' }), 'group:default/ops');
      await fill(user, within(form).getByRole('textbox', { name: 'Description' }), 'Tells the deployer');
      await user.click(within(form).getByRole('radio', { name: 'Cron' }));
      await fill(user, within(form).getByRole('textbox', { name: 'Cron expression' }), '0 3 * * *');
      await fill(user, within(form).getByLabelText('Time zone'), 'Europe/Paris');
      await fill(user, within(form).getByRole('spinbutton', { name: 'Max executions' }), '5');
      expect(within(form).getByText(/0: no limit/)).toBeInTheDocument();
      await user.selectOptions(within(form).getByLabelText('On success, start'), 'j9');
      await fill(user, within(form).getByRole('spinbutton', { name: 'On success, after (seconds)' }), '30');

      await fill(user, within(form).getByRole('textbox', { name: 'URL' }), 'https://hooks.example.com/deploy');
      await user.click(within(form).getByRole('button', { name: 'Add header' }));
      await fill(user, within(headerRow(0)).getByLabelText('Header'), 'X-Team');
      await fill(user, within(headerRow(0)).getByLabelText('Value'), 'ops');
      await user.click(within(form).getByRole('button', { name: 'Add header' }));
      await fill(user, within(headerRow(1)).getByLabelText('Header'), 'Authorization');
      await user.click(within(headerRow(1)).getByRole('checkbox', { name: 'Secret' }));
      await fill(user, within(headerRow(1)).getByLabelText('Value'), 'Bearer s3cret');
      expect(within(headerRow(1)).getByLabelText('Value')).toHaveAttribute('type', 'password');
      // the body template's help names the roots it sees
      expect(screen.getByTestId('job-template-help')).toHaveTextContent('job');
      expect(screen.getByTestId('job-template-help')).toHaveTextContent('run');
      expect(screen.getByTestId('job-template-help')).toHaveTextContent('now');
      await fill(user, within(form).getByRole('textbox', { name: 'Body template' }), BODY);
      await user.click(within(form).getByRole('checkbox', { name: 'Sign the body (HMAC-SHA256)' }));
      await fill(user, within(form).getByLabelText(/^Signing secret/), 'hmac-key');
      await fill(user, within(form).getByRole('textbox', { name: 'Expected status codes' }), '200, 202');
      await fill(user, within(form).getByRole('spinbutton', { name: 'Timeout (seconds)' }), '15');
      await user.click(screen.getByTestId('maestro-job-save'));

      await waitFor(() => expect(api.createJob).toHaveBeenCalledTimes(1));
      const expected: JobInput = {
        name: 'Deploy hook',
        type: 'webhook',
        enabled: true,
        owner: 'group:default/ops',
        description: 'Tells the deployer',
        schedule: { type: 'cron', expression: '0 3 * * *', timeZone: 'Europe/Paris' },
        maxExecutions: 5,
        disableAfterFailures: 3,
        onSuccess: { jobId: 'j9', delaySeconds: 30 },
        config: {
          webhook: {
            method: 'POST',
            url: 'https://hooks.example.com/deploy',
            headers: [
              { name: 'X-Team', value: 'ops' },
              { name: 'Authorization', value: 'Bearer s3cret', secret: true },
            ],
            bodyTemplate: BODY,
            signature: { header: 'X-Maestro-Signature-256', secret: 'hmac-key' },
            expectedStatus: [200, 202],
            timeoutSeconds: 15,
          },
        },
      };
      expect(api.createJob.mock.calls[0][0]).toEqual(expected);
      await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/maestro/jobs/new-job'));
    },
    FORM_TEST_TIMEOUT,
  );

  it(
    'shows each problem of a 400 under the field it names, and the others above the form',
    async () => {
      const api = fakeJobsApi({
        listJobs: jest.fn(async () => ({ jobs: [cleanup] })),
        createJob: jest.fn(async () => {
          throw responseError(
            400,
            'schedule.expression: not a cron expression (5 or 6 fields); ' +
              'config.webhook.url: 127.0.0.1 is refused by the egress policy; ' +
              'config.webhook.headers[0].name: is required; onSuccess.jobId: no such job; retries: unknown field',
          );
        }),
      });
      await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs/new', withJobsApi(api));
      const form = await screen.findByTestId('maestro-job-form');
      await fill(user, within(form).getByRole('textbox', { name: 'Name' }), 'Bad');
      await user.click(within(form).getByRole('radio', { name: 'Cron' }));
      await fill(user, within(form).getByRole('textbox', { name: 'Cron expression' }), 'every night');
      await user.selectOptions(within(form).getByLabelText('On success, start'), 'j9');
      await fill(user, within(form).getByRole('textbox', { name: 'URL' }), 'http://127.0.0.1/x');
      await user.click(within(form).getByRole('button', { name: 'Add header' }));
      await fill(user, within(headerRow(0)).getByLabelText('Value'), 'no name');
      await user.click(screen.getByTestId('maestro-job-save'));

      await waitFor(() =>
        expect(within(form).getByRole('textbox', { name: 'Cron expression' })).toHaveAccessibleDescription(
          'not a cron expression (5 or 6 fields)',
        ),
      );
      expect(within(form).getByRole('textbox', { name: 'Cron expression' })).toHaveAttribute('aria-invalid', 'true');
      expect(within(form).getByRole('textbox', { name: 'URL' })).toHaveAccessibleDescription(
        '127.0.0.1 is refused by the egress policy',
      );
      expect(headerRow(0)).toHaveTextContent('name: is required');
      expect(within(form).getByLabelText('On success, start')).toHaveAccessibleDescription('jobId: no such job');
      const panel = screen.getByTestId('maestro-job-form-problems');
      expect(panel).toHaveTextContent('The job could not be saved');
      expect(panel).toHaveTextContent('retries: unknown field');
      expect(panel).not.toHaveTextContent('egress');
      expect(screen.getByTestId('location')).toHaveTextContent('/maestro/jobs/new');
    },
    FORM_TEST_TIMEOUT,
  );

  it('never shows a stored secret, and an edit without retyping it sends no value (the stored one is kept)', async () => {
    const job = makeJob();
    // a backend that leaked a secret header's value: the form must still not show it nor send it back
    (job.config as any).webhook.headers[1].value = 'Bearer leaked';
    const api = fakeJobsApi({
      getJob: jest.fn(async () => job),
      listJobs: jest.fn(async () => ({ jobs: [job, cleanup] })),
    });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs/j1/edit', withJobsApi(api));
    const form = await screen.findByTestId('maestro-job-form');
    await waitFor(() => expect(within(form).getByRole('textbox', { name: 'Name' })).toHaveValue('Nightly hook'));
    expect(within(headerRow(1)).getByLabelText('Value')).toHaveValue('');
    expect(within(headerRow(1)).getByLabelText('Value')).toHaveAccessibleDescription('stored: leave empty to keep');
    expect(within(form).getByLabelText(/^Signing secret/)).toHaveValue('');
    expect(within(form).getByLabelText(/^Signing secret/)).toHaveAccessibleDescription('stored: leave empty to keep');
    expect(document.body).not.toHaveTextContent('leaked');
    const values = Array.from(document.querySelectorAll('input, textarea')).map(i => (i as HTMLInputElement).value);
    expect(values.some(v => v.includes('leaked'))).toBe(false);
    // the job itself is not offered as its own chain
    expect(
      within(within(form).getByLabelText('On success, start'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['(no job)', 'Cleanup']);

    await user.type(within(form).getByRole('textbox', { name: 'Name' }), ' 2');
    await user.click(screen.getByTestId('maestro-job-save'));
    await waitFor(() => expect(api.updateJob).toHaveBeenCalledTimes(1));
    const [id, input] = api.updateJob.mock.calls[0] as [string, JobInput];
    expect(id).toBe('j1');
    expect(input.name).toBe('Nightly hook 2');
    expect(input.onSuccess).toBeNull();
    expect(input.onFailure).toBeNull();
    expect((input.config as any).webhook).toEqual({
      method: 'POST',
      url: 'https://hooks.example.com/nightly',
      headers: [
        { name: 'X-Team', value: 'ops' },
        { name: 'Authorization', secret: true },
      ],
      bodyTemplate: '{"job": {{ job.name | json }}}',
      signature: { header: 'X-Maestro-Signature-256' },
    });
    expect(JSON.stringify(input)).not.toContain('leaked');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/maestro/jobs/j1'));
  });

  it('does not edit a built-in job', async () => {
    const api = fakeJobsApi({ getJob: jest.fn(async () => builtInJob()) });
    await renderMaestroPage(
      fakeMaestroApi(),
      '/maestro/jobs/discovery%3Aaws-prod%3Aserver-list/edit',
      withJobsApi(api),
    );
    expect(await screen.findByText(/aws-prod server-list is a built-in job/)).toBeInTheDocument();
    expect(api.getJob).toHaveBeenCalledWith('discovery:aws-prod:server-list');
    expect(screen.queryByTestId('maestro-job-form')).toBeNull();
    expect(screen.queryByTestId('maestro-job-save')).toBeNull();
  });

  it(
    'creates a discovery job on chosen lists of a connection',
    async () => {
      const maestro = fakeMaestroApi({
        listDiscoveryConnections: jest.fn(async () => ({ items: [prodConnection()] })),
      });
      const api = fakeJobsApi();
      await renderMaestroPage(maestro, '/maestro/jobs/new', withJobsApi(api));
      const form = await screen.findByTestId('maestro-job-form');
      await fill(user, within(form).getByRole('textbox', { name: 'Name' }), 'Crawl prod');
      await user.selectOptions(within(form).getByLabelText('Type'), 'discovery');
      await user.click(within(form).getByRole('radio', { name: 'Manual only' }));
      await user.selectOptions(await within(form).findByLabelText(/^Connection/), 'aws-prod');
      await user.click(within(form).getByRole('checkbox', { name: 'Servers' }));
      await user.click(within(form).getByRole('checkbox', { name: 'Volumes' }));
      await user.click(screen.getByTestId('maestro-job-save'));
      await waitFor(() => expect(api.createJob).toHaveBeenCalledTimes(1));
      expect(api.createJob.mock.calls[0][0]).toMatchObject({
        name: 'Crawl prod',
        type: 'discovery',
        schedule: { type: 'manual' },
        config: { connectionId: 'aws-prod', lists: ['server-list', 'volumes-list'] },
      });
    },
    FORM_TEST_TIMEOUT,
  );

  it(
    'creates a report job delivered by notification',
    async () => {
      const maestro = fakeMaestroApi({
        listReports: jest.fn(async () => ({
          items: [
            savedReport(
              { name: 'Prod servers', type: 'single', kind: 'Server', filters: [], columns: [] },
              { id: 'rep1' },
            ),
          ],
          totalCount: 1,
        })),
      });
      const api = fakeJobsApi();
      await renderMaestroPage(maestro, '/maestro/jobs/new', withJobsApi(api));
      const form = await screen.findByTestId('maestro-job-form');
      await fill(user, within(form).getByRole('textbox', { name: 'Name' }), 'Weekly export');
      await user.selectOptions(within(form).getByLabelText('Type'), 'report');
      await user.selectOptions(await within(form).findByLabelText(/^Report/), 'rep1');
      await user.selectOptions(within(form).getByLabelText('Format'), 'xlsx');
      await fill(
        user,
        within(form).getByRole('textbox', { name: 'Recipients' }),
        'group:default/ops, user:default/bob',
      );
      await user.click(screen.getByTestId('maestro-job-save'));
      await waitFor(() => expect(api.createJob).toHaveBeenCalledTimes(1));
      expect(api.createJob.mock.calls[0][0].config).toEqual({
        reportId: 'rep1',
        format: 'xlsx',
        delivery: { type: 'notification', recipients: ['group:default/ops', 'user:default/bob'] },
      });
    },
    FORM_TEST_TIMEOUT,
  );
});
