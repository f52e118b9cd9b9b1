import type { RuleDelivery, RuleDeliveryStatus } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ReplayIcon from '@material-ui/icons/Replay';
import { OlderEntriesButton } from '../../shared/DetailPageParts';
import type { PagedLog } from '../../shared/usePagedLog';
import { RecordLink } from '../../shared/RefLink';
import { relativeTime } from '../DiscoveryPage/discoveryFormat';
import { localTime } from '../JobsPage/jobFormat';
import { isUnderWay, StatusChip } from '../JobsPage/StatusChip';
import { WebhookExchangeRow } from '../WebhookFields';

/** The statuses the log can be narrowed to ('' : every delivery). */
const STATUS_FILTERS: Array<RuleDeliveryStatus | ''> = ['', 'pending', 'delivering', 'delivered', 'failed'];

/** One delivery: the change, the action, its status and attempts; a webhook delivery opens onto its last call. */
function DeliveryRow(props: { delivery: RuleDelivery; redelivering: boolean; onRedeliver: () => void }) {
  const { delivery, redelivering, onRedeliver } = props;
  const { change } = delivery;
  return (
    <WebhookExchangeRow
      exchange={delivery.webhook}
      testId={`maestro-delivery-${delivery.id}`}
      status={delivery.status}
      colSpan={10}
    >
      <TableCell>
        <Typography variant="caption" color="textSecondary" display="block">
          {change.kind}
        </Typography>
        <RecordLink record={{ kind: change.kind, name: change.name }} />
      </TableCell>
      <TableCell>
        {change.event}
        <Typography variant="caption" color="textSecondary" display="block">
          by {change.actor}
        </Typography>
      </TableCell>
      <TableCell title={localTime(change.at)}>{relativeTime(change.at)}</TableCell>
      <TableCell>
        {delivery.actionIndex + 1}. {delivery.actionType}
      </TableCell>
      <TableCell>
        <StatusChip status={delivery.status} testId={`maestro-delivery-status-${delivery.id}`} />
      </TableCell>
      <TableCell align="right">{delivery.attempts}</TableCell>
      <TableCell title={localTime(delivery.nextAttemptAt)}>
        {delivery.nextAttemptAt && isUnderWay(delivery.status) ? relativeTime(delivery.nextAttemptAt) : ''}
        {delivery.deliveredAt && (
          <Typography variant="caption" color="textSecondary" display="block">
            delivered {relativeTime(delivery.deliveredAt)}
          </Typography>
        )}
      </TableCell>
      <TableCell style={{ maxWidth: 360 }}>
        {delivery.lastError && (
          <Typography variant="body2" color="error">
            {delivery.lastError}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <Button
          size="small"
          startIcon={<ReplayIcon />}
          onClick={onRedeliver}
          disabled={redelivering || isUnderWay(delivery.status)}
          data-testid={`maestro-redeliver-${delivery.id}`}
        >
          Redeliver
        </Button>
      </TableCell>
    </WebhookExchangeRow>
  );
}

/**
 * A rule's delivery log, newest first, narrowed to a status if asked: each delivery's change (record linked, event,
 * actor, time), action, status, attempts, next attempt, last error and webhook call, with Redeliver (the same
 * delivery id, so the receiver can tell a repeat) and "Older deliveries" while more remain.
 */
export function DeliveryLog(props: {
  log: PagedLog<RuleDelivery>;
  status: RuleDeliveryStatus | '';
  onStatus: (status: RuleDeliveryStatus | '') => void;
  redelivering?: string;
  onRedeliver: (delivery: RuleDelivery) => void;
}) {
  const { log, status, onStatus, redelivering, onRedeliver } = props;
  const { items } = log;
  return (
    <Box data-testid="maestro-rule-deliveries">
      <TextField
        select
        id="rule-deliveries-status"
        label="Status"
        value={status}
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        onChange={e => onStatus(e.target.value as RuleDeliveryStatus | '')}
        style={{ minWidth: 180, marginBottom: 8 }}
      >
        {STATUS_FILTERS.map(s => (
          <option key={s} value={s}>
            {s || 'every status'}
          </option>
        ))}
      </TextField>
      {items && items.length === 0 && <Typography>No delivery{status ? ` ${status}` : ''} yet.</Typography>}
      {items && items.length > 0 && (
        <Table size="small" aria-label="Deliveries">
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox" />
              <TableCell>Record</TableCell>
              <TableCell>Change</TableCell>
              <TableCell>When</TableCell>
              <TableCell>Action</TableCell>
              <TableCell>Status</TableCell>
              <TableCell align="right">Attempts</TableCell>
              <TableCell>Next attempt</TableCell>
              <TableCell>Last error</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(delivery => (
              <DeliveryRow
                key={delivery.id}
                delivery={delivery}
                redelivering={redelivering === delivery.id}
                onRedeliver={() => onRedeliver(delivery)}
              />
            ))}
          </TableBody>
        </Table>
      )}
      <OlderEntriesButton log={log} label="Older deliveries" />
    </Box>
  );
}
