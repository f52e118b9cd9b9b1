import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeMaestroApi, renderMaestroPage, responseError } from '../../__testUtils__/maestroTestUtils';
import { fakeJobsApi, makeDelivery, withJobsApi } from '../../__testUtils__/jobFixtures';

describe('RulePage', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('shows the rule and its delivery log: the change, status, attempts, error and the webhook call', async () => {
    const api = fakeJobsApi({
      listDeliveries: jest.fn(async () => ({
        deliveries: [
          makeDelivery(),
          makeDelivery({
            id: 'd2',
            actionIndex: 1,
            actionType: 'notify',
            status: 'delivered',
            attempts: 1,
            lastError: undefined,
            webhook: undefined,
            deliveredAt: '2026-12-01T09:00:01.000Z',
          }),
        ],
      })),
    });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs/rules/rule1', withJobsApi(api));
    expect(await screen.findByTestId('maestro-rule-conditions')).toHaveTextContent(
      'kind Server, filter environment = production',
    );
    expect(screen.getByTestId('maestro-rule-actions')).toHaveTextContent(
      '1. webhook POST https://hooks.example.com/down',
    );
    expect(screen.getByTestId('maestro-rule-actions')).toHaveTextContent('2. notify owner');

    const log = await screen.findByTestId('maestro-rule-deliveries');
    const failed = await within(log).findByTestId('maestro-delivery-d1');
    expect(api.listDeliveries).toHaveBeenCalledWith('rule1', { status: undefined, limit: 50, before: undefined });
    expect(within(failed).getByRole('link', { name: 'web-01' })).toHaveAttribute(
      'href',
      '/catalog/default/server/web-01',
    );
    expect(failed).toHaveTextContent('deactivated');
    expect(failed).toHaveTextContent('by user:default/bob');
    expect(within(failed).getByTestId('maestro-delivery-status-d1')).toHaveTextContent('failed');
    expect(failed).toHaveTextContent('5');
    expect(failed).toHaveTextContent('unexpected status 503');
    expect(within(log).getByTestId('maestro-delivery-d2')).toHaveTextContent('delivered');

    await user.click(within(failed).getByRole('button', { name: 'Show the webhook call' }));
    expect(within(log).getByTestId('maestro-webhook-request')).toHaveTextContent('X-Maestro-Delivery: d1');
    expect(within(log).getByTestId('maestro-webhook-request')).toHaveTextContent('{"server":"web-01"}');
    expect(within(log).getByTestId('maestro-webhook-response')).toHaveTextContent('HTTP 503');
    expect(within(log).getByTestId('maestro-webhook-response')).toHaveTextContent('busy');
  });

  it('redelivers a delivery: it shows pending again, with the same id', async () => {
    const api = fakeJobsApi({
      listDeliveries: jest.fn(async () => ({ deliveries: [makeDelivery()] })),
      redeliver: jest.fn(async () =>
        makeDelivery({
          status: 'pending',
          attempts: 0,
          nextAttemptAt: '2026-12-01T10:00:00.000Z',
          lastError: undefined,
        }),
      ),
    });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs/rules/rule1', withJobsApi(api));
    const button = await screen.findByTestId('maestro-redeliver-d1');
    await user.click(button);
    await waitFor(() => expect(api.redeliver).toHaveBeenCalledWith('rule1', 'd1'));
    await waitFor(() => expect(screen.getByTestId('maestro-delivery-status-d1')).toHaveTextContent('pending'));
    expect(screen.getAllByTestId(/^maestro-delivery-d/)).toHaveLength(1);
    // a pending delivery cannot be redelivered again until it ends
    expect(screen.getByTestId('maestro-redeliver-d1')).toBeDisabled();
  });

  it('narrows the log to a status, and shows a refused redelivery', async () => {
    const api = fakeJobsApi({
      listDeliveries: jest.fn(async () => ({ deliveries: [makeDelivery()] })),
      redeliver: jest.fn(async () => {
        throw responseError(403, 'maestro.rule.update is required');
      }),
    });
    await renderMaestroPage(fakeMaestroApi(), '/maestro/jobs/rules/rule1', withJobsApi(api));
    await screen.findByTestId('maestro-delivery-d1');
    await user.selectOptions(screen.getByLabelText('Status'), 'failed');
    await waitFor(() =>
      expect(api.listDeliveries).toHaveBeenLastCalledWith('rule1', { status: 'failed', limit: 50, before: undefined }),
    );
    await user.click(await screen.findByTestId('maestro-redeliver-d1'));
    expect(await screen.findByTestId('maestro-rule-action-error')).toHaveTextContent('maestro.rule.update is required');
  });
});
