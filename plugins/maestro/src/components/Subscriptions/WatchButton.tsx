import { useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import type { Subscription } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import VisibilityIcon from '@material-ui/icons/Visibility';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { subscriptionsApiRef, type SubscriptionsApi } from '../../api';
import { describeApiError } from '../../shared/apiErrors';
import { DEFAULT_CHOICE, DELIVERY_LABELS, SubscriptionFields, type SubscriptionChoice } from './SubscriptionFields';

/**
 * Watch / Watching on a record's page: whether the signed-in user watches the record (`GET /subscriptions?entityRef=`
 * answers their own and their groups' subscriptions: a user subscription among them is theirs), a dialog to watch it
 * (immediately or in the daily digest; changes, deactivations, discovery failures), change that, or unwatch. The
 * groups of the user watching it are named beside the button. Nothing when the app has no subscriptions API.
 */
export function WatchButton(props: { entityRef: string }) {
  const api = useApiHolder().get(subscriptionsApiRef);
  return api ? <Watch api={api} entityRef={props.entityRef} /> : null;
}

function Watch(props: { api: SubscriptionsApi; entityRef: string }) {
  const { api, entityRef } = props;
  const state = useAsyncRetry(() => api.listSubscriptions({ entityRef }), [api, entityRef]);
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<SubscriptionChoice>(DEFAULT_CHOICE);
  const [working, setWorking] = useState(false);
  const [failure, setFailure] = useState<string>();
  const subscriptions = state.value?.subscriptions ?? [];
  const mine: Subscription | undefined = subscriptions.find(s => s.subscriber.startsWith('user:'));
  const groups = subscriptions.filter(s => s !== mine).map(s => s.subscriber);

  const show = () => {
    setChoice(mine ? { events: mine.events, delivery: mine.delivery } : DEFAULT_CHOICE);
    setFailure(undefined);
    setOpen(true);
  };
  const run = async (action: () => Promise<unknown>) => {
    setWorking(true);
    setFailure(undefined);
    try {
      await action();
      setOpen(false);
      state.retry();
    } catch (error) {
      setFailure(describeApiError(error).message);
    } finally {
      setWorking(false);
    }
  };
  const save = () =>
    run(() =>
      mine
        ? api.updateSubscription(mine.id, choice)
        : api.createSubscription({ target: { type: 'entity', entityRef }, ...choice }),
    );

  return (
    <>
      <Button
        variant={mine ? 'contained' : 'outlined'}
        color="primary"
        startIcon={<VisibilityIcon />}
        onClick={show}
        disabled={state.loading || !!state.error}
        title={state.error ? `Subscriptions unavailable: ${state.error.message}` : undefined}
      >
        {mine ? `Watching · ${DELIVERY_LABELS[mine.delivery].toLowerCase()}` : 'Watch'}
      </Button>
      {groups.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          Watched by {groups.join(', ')}
        </Typography>
      )}
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="maestro-watch-title">
        <DialogTitle id="maestro-watch-title">
          {mine ? 'Watching' : 'Watch'} {entityRef}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            Backstage notifications about this record: at once, or gathered into one digest a day.
          </DialogContentText>
          <SubscriptionFields value={choice} onChange={setChoice} idPrefix="maestro-watch" disabled={working} />
          {failure && (
            <Box mt={2}>
              <Typography color="error" role="alert">
                {failure}
              </Typography>
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          {mine && (
            <Button onClick={() => run(() => api.deleteSubscription(mine.id))} disabled={working}>
              Unwatch
            </Button>
          )}
          <Button onClick={() => setOpen(false)} disabled={working}>
            Cancel
          </Button>
          <Button color="primary" variant="contained" onClick={save} disabled={working || choice.events.length === 0}>
            {mine ? 'Save' : 'Watch'}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
