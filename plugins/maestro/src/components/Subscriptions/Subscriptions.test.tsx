import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { Subscription, SubscriptionInput } from '@maestro/plugin-maestro-common';
import { subscriptionsApiRef, type SubscriptionsApi } from '../../api';
import { responseError } from '../../__testUtils__/maestroTestUtils';
import { SubscriptionsSection } from './SubscriptionsSection';

jest.setTimeout(120_000);
import { WatchButton } from './WatchButton';

/** A fake backend holding subscriptions in memory (the caller is jane, in group platform). */
function fakeSubscriptions(initial: Subscription[] = []) {
  let list = [...initial];
  let next = 1;
  const api: jest.Mocked<SubscriptionsApi> = {
    listSubscriptions: jest.fn(async (query?: { entityRef?: string }) => ({
      subscriptions: list.filter(
        s => !query?.entityRef || (s.target.type === 'entity' && s.target.entityRef === query.entityRef),
      ),
    })),
    createSubscription: jest.fn(async (input: SubscriptionInput) => {
      if (input.target.type === 'kind' && input.target.kind === 'Server' && input.target.environment === 'bad env') {
        throw responseError(400, 'target.environment: must be an environment name such as production');
      }
      const created: Subscription = {
        id: `s${next++}`,
        subscriber: input.subscriber ?? 'user:default/jane',
        target: input.target,
        events: input.events ?? ['changes', 'deactivations', 'discoveryFailures'],
        delivery: input.delivery ?? 'immediate',
        createdAt: '2026-12-06T10:00:00Z',
        createdBy: 'user:default/jane',
        updatedAt: '2026-12-06T10:00:00Z',
      };
      list.push(created);
      return created;
    }),
    updateSubscription: jest.fn(async (id, changes) => {
      list = list.map(s => (s.id === id ? { ...s, ...changes } : s));
      return list.find(s => s.id === id)!;
    }),
    deleteSubscription: jest.fn(async id => {
      list = list.filter(s => s.id !== id);
    }),
  };
  return api;
}

const render = (api: SubscriptionsApi, element: JSX.Element) =>
  renderInTestApp(<TestApiProvider apis={[[subscriptionsApiRef, api]]}>{element}</TestApiProvider>);

const teamWatch: Subscription = {
  id: 'g1',
  subscriber: 'group:default/platform',
  target: { type: 'entity', entityRef: 'server:default/web-01' },
  events: ['changes'],
  delivery: 'daily',
  createdAt: '2026-12-06T09:00:00Z',
  createdBy: 'user:default/alice',
  updatedAt: '2026-12-06T09:00:00Z',
};

describe('WatchButton', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('watches a record in the daily digest, then changes it and unwatches', async () => {
    const api = fakeSubscriptions([teamWatch]);
    await render(api, <WatchButton entityRef="server:default/web-01" />);
    expect(await screen.findByText('Watched by group:default/platform')).toBeInTheDocument();

    await user.click(await screen.findByRole('button', { name: 'Watch' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByLabelText('Delivery'));
    await user.click(screen.getByRole('option', { name: 'Daily digest' }));
    await user.click(within(dialog).getByLabelText('Discovery failures'));
    await user.click(within(dialog).getByRole('button', { name: 'Watch' }));
    expect(api.createSubscription).toHaveBeenCalledWith({
      target: { type: 'entity', entityRef: 'server:default/web-01' },
      events: ['changes', 'deactivations'],
      delivery: 'daily',
    });
    const watching = await screen.findByRole('button', { name: 'Watching · daily digest' });

    await user.click(watching);
    await user.click(within(screen.getByRole('dialog')).getByLabelText('Delivery'));
    await user.click(screen.getByRole('option', { name: 'Immediately' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Save' }));
    expect(api.updateSubscription).toHaveBeenCalledWith('s1', {
      events: ['changes', 'deactivations'],
      delivery: 'immediate',
    });
    await user.click(await screen.findByRole('button', { name: 'Watching · immediately' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Unwatch' }));
    expect(api.deleteSubscription).toHaveBeenCalledWith('s1');
    // the list is read again: the record is no longer watched by jane (role queries are slow on this tree: by text)
    await waitFor(() => expect(api.listSubscriptions).toHaveBeenCalledTimes(4));
    await waitFor(() => expect(screen.getByText('Watch', { selector: 'button *' })).toBeInTheDocument(), {
      timeout: 10_000,
    });
  });

  it('shows nothing when the app has no subscriptions API', async () => {
    await renderInTestApp(<WatchButton entityRef="server:default/web-01" />);
    expect(screen.queryByRole('button', { name: 'Watch' })).not.toBeInTheDocument();
  });
});

describe('SubscriptionsSection', () => {
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it("lists mine and my groups', adds a kind subscription, changes delivery and deletes", async () => {
    const api = fakeSubscriptions([teamWatch]);
    await render(api, <SubscriptionsSection />);
    const section = await screen.findByTestId('maestro-settings-subscriptions');
    expect(await within(section).findByText('server:default/web-01')).toBeInTheDocument();

    await user.type(within(section).getByLabelText('Datacenter (optional)'), 'aws-prod');
    await user.type(within(section).getByLabelText('Environment (optional)'), 'bad env');
    await user.click(within(section).getByRole('button', { name: 'Add subscription' }));
    expect(await within(section).findByRole('alert')).toHaveTextContent('target.environment');
    await user.clear(within(section).getByLabelText('Environment (optional)'));
    await user.type(within(section).getByLabelText('Environment (optional)'), 'production');
    await user.click(within(section).getByRole('button', { name: 'Add subscription' }));
    expect(api.createSubscription).toHaveBeenLastCalledWith({
      target: { type: 'kind', kind: 'Server', datacenter: 'aws-prod', environment: 'production' },
      events: ['changes', 'deactivations', 'discoveryFailures'],
      delivery: 'immediate',
    });
    expect(await within(section).findByText('Server records in aws-prod, production')).toBeInTheDocument();

    await user.click(within(section).getByLabelText('Watch'));
    await user.click(screen.getByRole('option', { name: 'Everything owned' }));
    await user.type(within(section).getByLabelText('For'), 'group:default/platform');
    await user.click(within(section).getByRole('button', { name: 'Add subscription' }));
    expect(api.createSubscription).toHaveBeenLastCalledWith(
      expect.objectContaining({ subscriber: 'group:default/platform', target: { type: 'owned' } }),
    );
    expect(await within(section).findByText('Everything owned')).toBeInTheDocument();

    await user.click(within(section).getByLabelText('Delivery of server:default/web-01 for group:default/platform'));
    await user.click(screen.getByRole('option', { name: 'Immediately' }));
    expect(api.updateSubscription).toHaveBeenCalledWith('g1', { delivery: 'immediate' });

    await user.click(
      within(section).getByRole('button', {
        name: 'Delete subscription Server records in aws-prod, production for user:default/jane',
      }),
    );
    await waitFor(() =>
      expect(within(section).queryByText('Server records in aws-prod, production')).not.toBeInTheDocument(),
    );
    expect(api.deleteSubscription).toHaveBeenCalledWith('s1');
  });
});
