import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EventRuleInput } from '@maestro/plugin-maestro-common';
import { fakeMaestroApi, renderMaestroPage, responseError } from '../../__testUtils__/maestroTestUtils';
import { fakeJobsApi, FORM_TEST_TIMEOUT, makeJob, makeRule, withJobsApi } from '../../__testUtils__/jobFixtures';
import { REPORT_KINDS } from '../../__testUtils__/reportFixtures';

const BODY = '{"server": {{ event.record.name | json }}, "delivery": {{ delivery.id | json }}}';

/** Empties an input and pastes `text` in it (as fast as typing is slow with Material UI). */
async function fill(user: ReturnType<typeof userEvent.setup>, input: HTMLElement, text: string) {
  await user.clear(input);
  await user.paste(text);
}

const maestro = () => fakeMaestroApi({ getReportFields: jest.fn(async () => ({ kinds: REPORT_KINDS })) });

describe('RuleForm', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it(
    'creates "when a production server is deactivated, call this webhook and notify its owner": the API gets the exact EventRuleInput',
    async () => {
      const api = fakeJobsApi();
      await renderMaestroPage(maestro(), '/maestro/jobs/rules', withJobsApi(api));
      await user.click(await screen.findByTestId('maestro-new-rule'));
      const form = await screen.findByTestId('maestro-rule-form');

      await fill(user, within(form).getByRole('textbox', { name: 'Name' }), 'Prod server down');
      await user.click(within(form).getByRole('checkbox', { name: 'Deactivated' }));
      expect(within(form).getByText(/Choose exactly one kind/)).toBeInTheDocument();
      await user.selectOptions(within(form).getByLabelText(/^Kinds/), ['Server']);
      await user.click(within(form).getByRole('button', { name: 'Add filter' }));
      const row = within(form).getByTestId('report-filter-row');
      await user.selectOptions(within(row).getByLabelText('Field'), 'spec.environment');
      await user.selectOptions(within(row).getByLabelText('Operator'), 'oneOf');
      await user.selectOptions(within(row).getByLabelText('Values'), ['production']);

      await user.click(within(form).getByRole('button', { name: 'Add webhook' }));
      const webhook = within(form).getByTestId('maestro-rule-action-0');
      expect(within(webhook).getByTestId('rule-action-0-template-help')).toHaveTextContent(/rule.*event.*delivery/);
      await fill(user, within(webhook).getByRole('textbox', { name: 'URL' }), 'https://hooks.example.com/down');
      await fill(user, within(webhook).getByRole('textbox', { name: 'Body template' }), BODY);
      await user.click(within(webhook).getByRole('checkbox', { name: 'Sign the body (HMAC-SHA256)' }));
      await fill(user, within(webhook).getByLabelText(/^Signing secret/), 'rule-key');

      await user.click(within(form).getByRole('button', { name: 'Add notification' }));
      const notify = within(form).getByTestId('maestro-rule-action-1');
      expect(within(notify).getByRole('radio', { name: "The record's owner" })).toBeChecked();
      await user.selectOptions(within(notify).getByLabelText('Severity'), 'high');
      await user.click(screen.getByTestId('maestro-rule-save'));

      await waitFor(() => expect(api.createRule).toHaveBeenCalledTimes(1));
      const expected: EventRuleInput = {
        name: 'Prod server down',
        enabled: true,
        owner: 'group:default/maestro-admins',
        events: ['deactivated'],
        actor: 'any',
        conditions: {
          kinds: ['Server'],
          filters: [{ field: 'spec.environment', op: 'oneOf', value: ['production'] }],
        },
        actions: [
          {
            type: 'webhook',
            webhook: {
              method: 'POST',
              url: 'https://hooks.example.com/down',
              bodyTemplate: BODY,
              signature: { header: 'X-Maestro-Signature-256', secret: 'rule-key' },
            },
          },
          { type: 'notify', to: { type: 'owner' }, severity: 'high' },
        ],
      };
      expect(api.createRule.mock.calls[0][0]).toEqual(expected);
      await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/maestro/jobs/rules/new-rule'));
    },
    FORM_TEST_TIMEOUT,
  );

  it(
    'shows each problem of a 400 under the field it names: an action’s URL, a filter row, the events',
    async () => {
      const api = fakeJobsApi({
        createRule: jest.fn(async () => {
          throw responseError(
            400,
            'events: choose at least one event; conditions.filters[0].value: must list values; ' +
              'actions[0].webhook.url: 169.254.169.254 is refused by the egress policy; actions[1].to: no such group',
          );
        }),
      });
      await renderMaestroPage(maestro(), '/maestro/jobs/rules/new', withJobsApi(api));
      const form = await screen.findByTestId('maestro-rule-form');
      await fill(user, within(form).getByRole('textbox', { name: 'Name' }), 'Bad');
      await user.selectOptions(within(form).getByLabelText(/^Kinds/), ['Server']);
      await user.click(within(form).getByRole('button', { name: 'Add filter' }));
      await user.click(within(form).getByRole('button', { name: 'Add webhook' }));
      await fill(user, within(form).getByRole('textbox', { name: 'URL' }), 'http://169.254.169.254/latest');
      await user.click(within(form).getByRole('button', { name: 'Add notification' }));
      const notify = within(form).getByTestId('maestro-rule-action-1');
      await user.click(within(notify).getByRole('radio', { name: 'A user or group' }));
      await fill(user, within(notify).getByRole('textbox', { name: 'User or group' }), 'group:default/ghosts');
      await user.click(screen.getByTestId('maestro-rule-save'));

      await waitFor(() =>
        expect(within(form).getByRole('textbox', { name: 'URL' })).toHaveAccessibleDescription(
          '169.254.169.254 is refused by the egress policy',
        ),
      );
      expect(within(form).getByTestId('report-filter-problem')).toHaveTextContent('value: must list values');
      expect(within(form).getByText('choose at least one event')).toBeInTheDocument();
      expect(within(notify).getByRole('textbox', { name: 'User or group' })).toHaveAccessibleDescription(
        'no such group',
      );
      expect(screen.queryByTestId('maestro-rule-form-problems')).toBeNull();
      expect(screen.getByTestId('location')).toHaveTextContent('/maestro/jobs/rules/new');
    },
    FORM_TEST_TIMEOUT,
  );

  it(
    'edits a rule without showing or sending its stored signing secret, and adds a job to start',
    async () => {
      const rule = makeRule();
      const api = fakeJobsApi({
        getRule: jest.fn(async () => rule),
        listJobs: jest.fn(async () => ({ jobs: [makeJob({ id: 'j9', name: 'Cleanup' })] })),
      });
      await renderMaestroPage(maestro(), '/maestro/jobs/rules/rule1/edit', withJobsApi(api));
      const form = await screen.findByTestId('maestro-rule-form');
      await waitFor(() => expect(within(form).getByRole('textbox', { name: 'Name' })).toHaveValue('Prod server down'));
      expect(within(form).getByRole('checkbox', { name: 'Deactivated' })).toBeChecked();
      expect(within(form).getByLabelText('Values')).toHaveValue(['production']);
      const webhook = within(form).getByTestId('maestro-rule-action-0');
      expect(within(webhook).getByLabelText(/^Signing secret/)).toHaveValue('');
      expect(within(webhook).getByLabelText(/^Signing secret/)).toHaveAccessibleDescription(
        'stored: leave empty to keep',
      );

      await user.click(within(form).getByRole('button', { name: 'Add job start' }));
      await user.selectOptions(within(form).getByLabelText('Job'), 'j9');
      await user.click(screen.getByTestId('maestro-rule-save'));
      await waitFor(() => expect(api.updateRule).toHaveBeenCalledTimes(1));
      const [id, input] = api.updateRule.mock.calls[0] as [string, EventRuleInput];
      expect(id).toBe('rule1');
      expect(input.conditions).toEqual(rule.conditions);
      expect(input.actions).toEqual([
        {
          type: 'webhook',
          webhook: {
            method: 'POST',
            url: 'https://hooks.example.com/down',
            signature: { header: 'X-Maestro-Signature-256' },
          },
        },
        { type: 'notify', to: { type: 'owner' }, severity: 'normal' },
        { type: 'job', jobId: 'j9' },
      ]);
      await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/maestro/jobs/rules/rule1'));
    },
    FORM_TEST_TIMEOUT,
  );
});
