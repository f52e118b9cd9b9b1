import { useState } from 'react';
import { InfoCard, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { DependencyTarget, InventoryRecord } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import CloseIcon from '@material-ui/icons/Close';
import { maestroApiRef } from '../../api';
import { ApiFailure, describeApiError } from '../../shared/apiErrors';
import { DependencyTargetFields } from './DependencyTargetFields';
import { storedDependencies } from './makerDraft';

const same = (a: DependencyTarget[], b: DependencyTarget[]) =>
  JSON.stringify(a.map(d => [d.ref, d.protocol ?? ''])) === JSON.stringify(b.map(d => [d.ref, d.protocol ?? '']));

/**
 * "Manage dependencies" of one application (its own entity page): a small table of its dependencies (target
 * autocomplete, protocol, remove), committed with a reason through the dependency maker's commit route. A problem
 * the backend names for a row is shown under it; a 409 (someone else changed the record) offers to reload.
 */
export function ManageDependencies(props: { record: InventoryRecord; onCommitted: () => void }) {
  const { record, onCommitted } = props;
  const api = useApi(maestroApiRef);
  const stored = storedDependencies(record);
  const [rows, setRows] = useState<DependencyTarget[]>(stored);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [working, setWorking] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | undefined>();
  const [rowProblems, setRowProblems] = useState<Map<number, string>>(new Map());
  const filled = rows.map((row, index) => ({ row, index })).filter(({ row }) => row.ref.trim() !== '');
  const dirty = !same(
    filled.map(f => f.row),
    stored,
  );

  const commit = async () => {
    if (!reason.trim()) {
      setReasonMissing(true);
      return;
    }
    setReasonMissing(false);
    setWorking(true);
    setFailure(undefined);
    setRowProblems(new Map());
    try {
      await api.commitDependencies({
        reason: reason.trim(),
        changes: [
          {
            id: record.id,
            version: record.version,
            dependencies: filled.map(f => ({ ...f.row, ref: f.row.ref.trim() })),
          },
        ],
      });
      onCommitted();
    } catch (error) {
      const read = describeApiError(error);
      const placed = new Map<number, string>();
      for (const problem of read.problems) {
        const match = /^changes\[0\]\.dependencies\[(\d+)\]/.exec(problem.field);
        const sent = match ? filled[Number(match[1])] : undefined;
        if (sent) placed.set(sent.index, problem.message);
      }
      setRowProblems(placed);
      setFailure(read);
      setWorking(false);
    }
  };

  return (
    <InfoCard title="Manage dependencies">
      {failure && (
        <WarningPanel
          severity="error"
          title={failure.status === 409 ? 'This record changed since it was loaded: nothing was saved' : 'Not saved'}
          defaultExpanded
        >
          <Typography data-testid="manage-dependencies-error">{failure.message}</Typography>
          {failure.status === 409 && (
            <Button variant="outlined" onClick={onCommitted} style={{ marginTop: 8 }}>
              Reload
            </Button>
          )}
        </WarningPanel>
      )}
      {rows.length === 0 && <Typography color="textSecondary">No dependencies.</Typography>}
      {rows.map((row, i) => (
        <Box key={i} display="flex" alignItems="flex-start" style={{ gap: 4 }} data-testid={`dependency-row-${i}`}>
          <Box flexGrow={1}>
            <DependencyTargetFields
              id={`manage-dependency-${i}`}
              value={row}
              onChange={next => setRows(list => list.map((r, j) => (j === i ? next : r)))}
              disabled={working}
              error={rowProblems.get(i)}
            />
          </Box>
          <IconButton
            aria-label={`Remove the dependency on ${row.ref || 'this target'}`}
            onClick={() => setRows(list => list.filter((_, j) => j !== i))}
            disabled={working}
            style={{ marginTop: 8 }}
          >
            <CloseIcon />
          </IconButton>
        </Box>
      ))}
      <Button startIcon={<AddIcon />} onClick={() => setRows(list => [...list, { ref: '' }])} disabled={working}>
        Add a dependency
      </Button>
      <Box display="flex" style={{ gap: 8 }} alignItems="flex-start" mt={1}>
        <TextField
          id="manage-dependencies-reason"
          label="Reason"
          required
          value={reason}
          onChange={e => setReason(e.target.value)}
          error={reasonMissing}
          helperText={reasonMissing ? 'A reason is required' : 'Kept in the history'}
          disabled={working || !dirty}
          variant="outlined"
          margin="dense"
          style={{ flexGrow: 1 }}
          inputProps={{ maxLength: 500 }}
        />
        <Button onClick={() => setRows(stored)} disabled={working || !dirty} style={{ marginTop: 12 }}>
          Discard
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={commit}
          disabled={working || !dirty}
          style={{ marginTop: 12 }}
        >
          Commit
        </Button>
      </Box>
    </InfoCard>
  );
}
