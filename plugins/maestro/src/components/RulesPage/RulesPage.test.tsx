import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeMaestroApi, renderMaestroPage } from '../../__testUtils__/maestroTestUtils';
import { fakeJobsApi, makeJob, makeRule, withJobsApi } from '../../__testUtils__/jobFixtures';

const rules = () => [
  makeRule(),
  makeRule({
    id: 'rule2',
    name: 'Owner changes',
    enabled: false,
    events: ['changed'],
    actor: 'person',
    conditions: { changedFields: ['owner'] },
    actions: [{ type: 'job', jobId: 'j9' }],
    pendingDeliveries: 0,
    failedDeliveries: 0,
  }),
];

describe('RulesPage', () => {
  it('lists the rules with their events, conditions and actions in words and their delivery counts', async () => {
    const api = fakeJobsApi({
      listRules: jest.fn(async () => ({ rules: rules() })),
      listJobs: jest.fn(async () => ({ jobs: [makeJob({ id: 'j9', name: 'Cleanup' })] })),
    });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs/rules', withJobsApi(api));
    const table = await screen.findByTestId('maestro-rules-table');
    const down = within(table).getByTestId('maestro-rule-row-Prod server down');
    expect(within(down).getByRole('link', { name: 'Prod server down' })).toHaveAttribute(
      'href',
      '/maestro/jobs/rules/rule1',
    );
    expect(down).toHaveTextContent('deactivated');
    expect(within(down).getByTestId('maestro-rule-conditions')).toHaveTextContent(
      'kind Server, filter environment = production',
    );
    expect(within(down).getByTestId('maestro-rule-actions')).toHaveTextContent(
      'webhook POST https://hooks.example.com/down, notify owner',
    );
    expect(within(down).getByTestId('maestro-rule-pending')).toHaveTextContent('1');
    expect(within(down).getByTestId('maestro-rule-failed')).toHaveTextContent('2');
    const owner = within(table).getByTestId('maestro-rule-row-Owner changes');
    expect(within(owner).getByTestId('maestro-rule-conditions')).toHaveTextContent('changed owner, by a person');
    await waitFor(() =>
      expect(within(owner).getByTestId('maestro-rule-actions')).toHaveTextContent('start job Cleanup'),
    );
    expect(within(owner).getByRole('checkbox', { name: 'Enabled: Owner changes' })).not.toBeChecked();
  });

  it('switches a rule off by saving it whole without its secrets, and deletes one after a confirmation', async () => {
    const user = userEvent.setup({ delay: null });
    const api = fakeJobsApi({ listRules: jest.fn(async () => ({ rules: rules() })) });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs/rules', withJobsApi(api));
    await user.click(await screen.findByRole('checkbox', { name: 'Enabled: Prod server down' }));
    await waitFor(() => expect(api.updateRule).toHaveBeenCalledTimes(1));
    expect(api.updateRule).toHaveBeenCalledWith('rule1', {
      name: 'Prod server down',
      enabled: false,
      owner: 'group:default/platform',
      events: ['deactivated'],
      actor: 'any',
      conditions: { kinds: ['Server'], filters: [{ field: 'spec.environment', op: 'oneOf', value: ['production'] }] },
      actions: [
        {
          type: 'webhook',
          webhook: {
            method: 'POST',
            url: 'https://hooks.example.com/down',
            signature: { header: 'X-Maestro-Signature-256' },
          },
        },
        { type: 'notify', to: { type: 'owner' }, severity: 'normal' },
      ],
    });

    const row = screen.getByTestId('maestro-rule-row-Owner changes');
    await user.click(within(row).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Delete the event rule Owner changes?')).toBeInTheDocument();
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(api.deleteRule).toHaveBeenCalledWith('rule2'));
    await waitFor(() => expect(api.listRules).toHaveBeenCalledTimes(2));
  });
});
