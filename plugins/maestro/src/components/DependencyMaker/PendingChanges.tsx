import { useState } from 'react';
import { InfoCard, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Badge from '@material-ui/core/Badge';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { maestroApiRef } from '../../api';
import { ApiFailure, describeApiError } from '../../shared/apiErrors';
import { changeIndexOf, commitRequest, PendingChange } from './makerDraft';

/** How a failed commit is shown: a 409 (records changed by someone else), problems by record, or a message. */
export interface CommitFailure {
  failure: ApiFailure;
  /** Problems the backend named a change for, by record id. */
  byRecord: Map<string, string>;
}

/** Reads a failed commit: a 400's `changes[i]…` problems go to the record of change i. */
export function commitFailureOf(error: unknown, pending: PendingChange[]): CommitFailure {
  const failure = describeApiError(error);
  const byRecord = new Map<string, string>();
  if (failure.status === 400 || failure.status === 404) {
    const problems = failure.problems.length ? failure.problems : [{ field: '', message: failure.message }];
    for (const problem of problems) {
      const index = changeIndexOf(problem.field);
      const record = index === undefined ? undefined : pending[index]?.record;
      if (record)
        byRecord.set(record.id, `${problem.field.replace(/^changes\[\d+\]\.?/, '') || 'change'}: ${problem.message}`);
    }
  }
  return { failure, byRecord };
}

/**
 * The maker's unsaved changes (added / removed per record, a count badge), "Discard", and "Commit" with the required
 * reason: one `POST /dependencies/commit` for all of them. A 409 names the records someone else changed and offers to
 * reload; a 400 is shown beside the change it names (through `onFailure`) and here.
 */
export function PendingChanges(props: {
  pending: PendingChange[];
  onDiscard: () => void;
  onCommitted: () => void;
  onReload: () => void;
  onFailure: (failure: CommitFailure | undefined) => void;
}) {
  const { pending, onDiscard, onCommitted, onReload, onFailure } = props;
  const api = useApi(maestroApiRef);
  const [reason, setReason] = useState('');
  const [allowCycles, setAllowCycles] = useState(false);
  const [working, setWorking] = useState(false);
  const [failure, setFailure] = useState<CommitFailure | undefined>();
  const [reasonMissing, setReasonMissing] = useState(false);

  const commit = async () => {
    if (!reason.trim()) {
      setReasonMissing(true);
      return;
    }
    setReasonMissing(false);
    setWorking(true);
    setFailure(undefined);
    onFailure(undefined);
    try {
      await api.commitDependencies(commitRequest(pending, reason, allowCycles));
      setReason('');
      setAllowCycles(false);
      onCommitted();
    } catch (error) {
      const read = commitFailureOf(error, pending);
      setFailure(read);
      onFailure(read);
    } finally {
      setWorking(false);
    }
  };

  const title = (
    <Badge badgeContent={pending.length} color="secondary" data-testid="maker-pending-count">
      <span style={{ paddingRight: 12 }}>Unsaved changes</span>
    </Badge>
  );
  const conflict = failure?.failure.status === 409;
  return (
    <InfoCard title={title}>
      {failure && (
        <WarningPanel
          severity="error"
          title={conflict ? 'Someone else changed these records: nothing was committed' : 'Not committed'}
          defaultExpanded
        >
          <Typography data-testid="maker-commit-error">{failure.failure.message}</Typography>
          {conflict && (
            <Button variant="outlined" onClick={onReload} style={{ marginTop: 8 }}>
              Reload (drops your unsaved changes)
            </Button>
          )}
        </WarningPanel>
      )}
      {pending.length === 0 ? (
        <Typography color="textSecondary">No unsaved changes.</Typography>
      ) : (
        <ul aria-label="Unsaved changes" style={{ paddingLeft: 20 }}>
          {pending.map(p => (
            <li key={p.record.id}>
              <Typography component="span" style={{ fontWeight: 500 }}>
                {p.record.name}
              </Typography>
              {p.added.length > 0 && <Typography component="span"> + {p.added.join(', ')}</Typography>}
              {p.removed.length > 0 && <Typography component="span"> − {p.removed.join(', ')}</Typography>}
              {p.changed.length > 0 && <Typography component="span"> ~ {p.changed.join(', ')}</Typography>}
              {failure?.byRecord.get(p.record.id) && (
                <Typography variant="body2" color="error">
                  {failure.byRecord.get(p.record.id)}
                </Typography>
              )}
            </li>
          ))}
        </ul>
      )}
      <TextField
        id="maker-commit-reason"
        label="Reason"
        required
        value={reason}
        onChange={e => setReason(e.target.value)}
        error={reasonMissing}
        helperText={reasonMissing ? 'A reason is required' : "Kept in each changed record's history"}
        disabled={working || pending.length === 0}
        fullWidth
        variant="outlined"
        margin="dense"
        inputProps={{ maxLength: 500 }}
      />
      <FormControlLabel
        control={<Checkbox checked={allowCycles} onChange={e => setAllowCycles(e.target.checked)} />}
        label="Allow dependency cycles"
        disabled={working || pending.length === 0}
      />
      <Box display="flex" style={{ gap: 8 }} justifyContent="flex-end">
        <Button onClick={onDiscard} disabled={working || pending.length === 0}>
          Discard
        </Button>
        <Button color="primary" variant="contained" onClick={commit} disabled={working || pending.length === 0}>
          Commit
        </Button>
      </Box>
    </InfoCard>
  );
}
