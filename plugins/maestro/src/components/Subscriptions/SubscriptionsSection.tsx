import { useState } from 'react';
import { InfoCard, ResponseErrorPanel, Table, type TableColumn } from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import {
  MAESTRO_KIND_NAMES,
  type Subscription,
  type SubscriptionDelivery,
  type SubscriptionTarget,
} from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { subscriptionsApiRef, type SubscriptionsApi } from '../../api';
import { describeApiError } from '../../shared/apiErrors';
import {
  DEFAULT_CHOICE,
  DELIVERY_LABELS,
  describeTarget,
  EVENT_LABELS,
  SubscriptionFields,
  type SubscriptionChoice,
} from './SubscriptionFields';

/** The add form's draft: what to watch (a kind with filters, or everything owned), for whom, and how. */
interface Draft extends SubscriptionChoice {
  what: 'kind' | 'owned';
  kind: string;
  datacenter: string;
  environment: string;
  subscriber: string;
}

const EMPTY: Draft = {
  ...DEFAULT_CHOICE,
  what: 'kind',
  kind: 'Server',
  datacenter: '',
  environment: '',
  subscriber: '',
};

function targetOf(draft: Draft): SubscriptionTarget {
  if (draft.what === 'owned') return { type: 'owned' };
  return {
    type: 'kind',
    kind: draft.kind,
    ...(draft.datacenter.trim() ? { datacenter: draft.datacenter.trim() } : {}),
    ...(draft.environment.trim() ? { environment: draft.environment.trim() } : {}),
  };
}

/**
 * Maestro → Settings → Subscriptions: the signed-in user's subscriptions and their groups', each with its delivery
 * (changed in place) and a delete button, and a form to watch a kind (in a datacenter and/or environment) or
 * everything owned, for the user or one of their groups. Records are watched from their own page (Watch). Nothing
 * when the app has no subscriptions API.
 */
export function SubscriptionsSection() {
  const api = useApiHolder().get(subscriptionsApiRef);
  return api ? <Subscriptions api={api} /> : null;
}

function Subscriptions(props: { api: SubscriptionsApi }) {
  const { api } = props;
  const state = useAsyncRetry(() => api.listSubscriptions(), [api]);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [working, setWorking] = useState(false);
  const [failure, setFailure] = useState<string>();

  const run = async (action: () => Promise<unknown>, after?: () => void) => {
    setWorking(true);
    setFailure(undefined);
    try {
      await action();
      after?.();
      state.retry();
    } catch (error) {
      setFailure(describeApiError(error).message);
    } finally {
      setWorking(false);
    }
  };
  const add = () =>
    run(
      () =>
        api.createSubscription({
          ...(draft.subscriber.trim() ? { subscriber: draft.subscriber.trim() } : {}),
          target: targetOf(draft),
          events: draft.events,
          delivery: draft.delivery,
        }),
      () => setDraft(EMPTY),
    );

  const columns: TableColumn<Subscription>[] = [
    { title: 'Subscriber', field: 'subscriber' },
    { title: 'Watches', render: s => describeTarget(s.target) },
    { title: 'Events', render: s => s.events.map(e => EVENT_LABELS[e]).join(', ') },
    {
      title: 'Delivery',
      render: s => (
        <TextField
          select
          value={s.delivery}
          inputProps={{ 'aria-label': `Delivery of ${describeTarget(s.target)} for ${s.subscriber}` }}
          onChange={e => run(() => api.updateSubscription(s.id, { delivery: e.target.value as SubscriptionDelivery }))}
          disabled={working}
        >
          {Object.entries(DELIVERY_LABELS).map(([key, label]) => (
            <MenuItem key={key} value={key}>
              {label}
            </MenuItem>
          ))}
        </TextField>
      ),
    },
    {
      title: '',
      render: s => (
        <IconButton
          aria-label={`Delete subscription ${describeTarget(s.target)} for ${s.subscriber}`}
          onClick={() => run(() => api.deleteSubscription(s.id))}
          disabled={working}
        >
          <DeleteIcon />
        </IconButton>
      ),
    },
  ];

  return (
    <div data-testid="maestro-settings-subscriptions">
      <InfoCard
        title="Subscriptions"
        subheader="Backstage notifications about Maestro records, for you and your groups. Watch one record from its page."
      >
        {state.error && <ResponseErrorPanel error={state.error} />}
        <Table<Subscription>
          title={`${state.value?.subscriptions.length ?? 0} subscriptions`}
          columns={columns}
          data={state.value?.subscriptions ?? []}
          isLoading={state.loading}
          options={{ search: false, paging: false, toolbar: false }}
          localization={{ body: { emptyDataSourceMessage: 'You watch nothing yet.' } }}
        />
        <Box mt={3} display="flex" flexDirection="column" style={{ gap: 12 }}>
          <Typography variant="h6">Add a subscription</Typography>
          <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
            <TextField
              id="maestro-subscription-what"
              select
              label="Watch"
              value={draft.what}
              onChange={e => setDraft({ ...draft, what: e.target.value as Draft['what'] })}
              style={{ minWidth: 180 }}
            >
              <MenuItem value="kind">A kind</MenuItem>
              <MenuItem value="owned">Everything owned</MenuItem>
            </TextField>
            {draft.what === 'kind' && (
              <>
                <TextField
                  id="maestro-subscription-kind"
                  select
                  label="Kind"
                  value={draft.kind}
                  onChange={e => setDraft({ ...draft, kind: e.target.value })}
                  style={{ minWidth: 160 }}
                >
                  {MAESTRO_KIND_NAMES.map(kind => (
                    <MenuItem key={kind} value={kind}>
                      {kind}
                    </MenuItem>
                  ))}
                </TextField>
                <TextField
                  id="maestro-subscription-datacenter"
                  label="Datacenter (optional)"
                  value={draft.datacenter}
                  onChange={e => setDraft({ ...draft, datacenter: e.target.value })}
                />
                <TextField
                  id="maestro-subscription-environment"
                  label="Environment (optional)"
                  value={draft.environment}
                  onChange={e => setDraft({ ...draft, environment: e.target.value })}
                />
              </>
            )}
            <TextField
              id="maestro-subscription-subscriber"
              label="For"
              placeholder="you"
              helperText="Empty: you; or one of your groups (group:default/platform)"
              value={draft.subscriber}
              onChange={e => setDraft({ ...draft, subscriber: e.target.value })}
            />
          </Box>
          <SubscriptionFields
            value={draft}
            onChange={c => setDraft({ ...draft, ...c })}
            idPrefix="maestro-subscription"
          />
          {failure && (
            <Typography color="error" role="alert">
              {failure}
            </Typography>
          )}
          <Box>
            <Button variant="contained" color="primary" onClick={add} disabled={working || draft.events.length === 0}>
              Add subscription
            </Button>
          </Box>
        </Box>
      </InfoCard>
    </div>
  );
}
