import { Link as RouterLink } from 'react-router-dom';
import { Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Switch from '@material-ui/core/Switch';
import TableCell from '@material-ui/core/TableCell';
import Typography from '@material-ui/core/Typography';

/**
 * The confirmation of a delete in a list of saved things (reports, graphs): open while `name` is set; says what
 * goes and what stays.
 */
export function ConfirmDeleteDialog(props: {
  /** What is deleted, as the title names it: `the report Weekly servers`. */
  what?: string;
  consequence: string;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  return (
    <Dialog open={!!props.what} onClose={props.onCancel}>
      <DialogTitle>Delete {props.what}?</DialogTitle>
      <DialogContent>
        <Typography>{props.consequence}</Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button color="secondary" onClick={props.onConfirm}>
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Says that a list shows only the newest of more (nothing when it shows them all). */
export function NewestOfNote(props: { shown: number; total: number; noun: string }) {
  if (props.total <= props.shown) return null;
  return (
    <Typography variant="caption">
      The newest {props.shown} of {props.total} {props.noun}.
    </Typography>
  );
}

/** What a list of saved things shows above its table: the load error, a failed action, progress, or "none yet". */
export function SavedListStatus(props: {
  error?: Error;
  actionError?: string;
  actionTitle: string;
  loaded: boolean;
  empty: boolean;
  emptyText: string;
}) {
  return (
    <>
      {props.error && <ResponseErrorPanel error={props.error} />}
      {props.actionError && (
        <WarningPanel severity="error" title={props.actionTitle} defaultExpanded>
          <Typography>{props.actionError}</Typography>
        </WarningPanel>
      )}
      {!props.loaded && !props.error && <Progress />}
      {props.loaded && props.empty && <Typography>{props.emptyText}</Typography>}
    </>
  );
}

/** A row's enable switch, named for the row (`Enabled: <name>`) and disabled while the row is busy. */
export function EnabledSwitchCell(props: {
  name: string;
  enabled: boolean;
  busy: boolean;
  onToggle: (enabled: boolean) => void;
  /** Why the switch cannot be used here (shown as its tooltip); the switch is then read-only. */
  readOnlyBecause?: string;
}) {
  return (
    <TableCell padding="checkbox" title={props.readOnlyBecause}>
      <Switch
        checked={props.enabled}
        disabled={props.busy || !!props.readOnlyBecause}
        onChange={e => props.onToggle(e.target.checked)}
        inputProps={{ 'aria-label': `Enabled: ${props.name}` }}
        color="primary"
      />
    </TableCell>
  );
}

/** A row's Edit (a link to its form) and Delete (disabled while the row is busy) buttons. */
export function EditDeleteButtons(props: { editTo: string; busy: boolean; onDelete: () => void }) {
  return (
    <>
      <Button size="small" component={RouterLink} to={props.editTo}>
        Edit
      </Button>
      <Button size="small" onClick={props.onDelete} disabled={props.busy}>
        Delete
      </Button>
    </>
  );
}
