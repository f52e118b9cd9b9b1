import { useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_MAESTRO_RECORD_ID,
  ChangeEntry,
  diffRecords,
  InventoryRecord,
} from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import RefreshIcon from '@material-ui/icons/Refresh';
import RestoreIcon from '@material-ui/icons/RestoreFromTrash';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { maestroApiRef } from '../../api';
import { describeApiError, failureTitle } from '../../shared/apiErrors';
import { ChangeDetails } from '../ChangeDetails';
import { ManageDependencies } from '../DependencyMaker/ManageDependencies';
import { RecordForm } from '../RecordForm';
import { WatchButton } from '../Subscriptions';

/** Paths of the fields that differ between the two versions of a change (`spec.cpu`, `owner`, `active`). */
export function changedFields(change: ChangeEntry): string[] {
  return diffRecords(change.before, change.after).map(c => c.path);
}

const historyColumns: TableColumn<ChangeEntry>[] = [
  { title: 'When', field: 'at', render: c => new Date(c.at).toLocaleString() },
  { title: 'Action', field: 'action' },
  { title: 'Who', field: 'actor' },
  { title: 'Version', render: c => c.after?.version ?? '' },
  {
    title: 'Changed',
    render: c => <ChangeDetails change={c} />,
  },
  { title: 'Reason', field: 'reason' },
];

/**
 * Confirmation of a delete (soft delete: the record becomes inactive) or a restore, with an optional reason.
 * Errors of the backend (409 stale version or already inactive, 400…) are shown in the dialog.
 */
function ActivationDialog(props: {
  action: 'delete' | 'restore' | 'revert';
  record: InventoryRecord;
  /** With `revert`: the history entry whose version to bring back. */
  change?: ChangeEntry;
  onClose: () => void;
  onDone: () => void;
}) {
  const { action, record, change, onClose, onDone } = props;
  const api = useApi(maestroApiRef);
  const [reason, setReason] = useState('');
  const [working, setWorking] = useState(false);
  const [failure, setFailure] = useState<ReturnType<typeof describeApiError> | undefined>();
  const labels = { delete: 'Delete', restore: 'Restore', revert: 'Revert' } as const;
  const label = labels[action];

  const confirm = async () => {
    setWorking(true);
    setFailure(undefined);
    const options = { version: record.version, reason: reason.trim() || undefined };
    try {
      if (action === 'delete') {
        await api.deleteRecord(record.id, options);
      } else if (action === 'restore') {
        await api.restoreRecord(record.id, options);
      } else {
        await api.revertRecord(record.id, { ...options, seq: change!.seq });
      }
      onDone();
    } catch (error) {
      setWorking(false);
      setFailure(describeApiError(error));
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="maestro-activation-title" maxWidth="sm" fullWidth>
      <DialogTitle id="maestro-activation-title">
        {label} {record.kind} {record.name}?
      </DialogTitle>
      <DialogContent>
        {failure && (
          <WarningPanel severity="error" title={failureTitle(failure)} defaultExpanded>
            <Typography>{failure.message}</Typography>
          </WarningPanel>
        )}
        <DialogContentText>
          {action === 'delete' &&
            'The record becomes inactive and its entity leaves the catalog. It stays in the store with its history and can be restored.'}
          {action === 'restore' && 'The record becomes active again and its entity returns to the catalog.'}
          {action === 'revert' &&
            `Title, owner and spec go back to version ${change?.after?.version} (${
              change ? new Date(change.at).toLocaleString() : ''
            }). This is recorded as a new update.`}
        </DialogContentText>
        <TextField
          id="maestro-activation-reason"
          label="Reason"
          value={reason}
          onChange={e => setReason(e.target.value)}
          helperText="Kept in the history (optional)"
          disabled={working}
          fullWidth
          variant="outlined"
          margin="dense"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={working}>
          Cancel
        </Button>
        <Button
          onClick={confirm}
          disabled={working}
          color={action === 'delete' ? 'secondary' : 'primary'}
          variant="contained"
        >
          {label}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * Entity tab for Maestro entities: the store record behind the entity and its change history.
 * @public
 */
export function EntityMaestroContent() {
  const { entity } = useEntity();
  const api = useApi(maestroApiRef);
  const id = entity.metadata.annotations?.[ANNOTATION_MAESTRO_RECORD_ID];
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    if (!id) return undefined;
    const [record, history] = await Promise.all([api.getRecord(id), api.getHistory(id)]);
    return { record, history: history.items };
  }, [api, id]);
  const [dialog, setDialog] = useState<'edit' | 'delete' | 'restore' | undefined>();
  const [revertTo, setRevertTo] = useState<ChangeEntry | undefined>();

  if (!id) {
    return (
      <Typography>
        This entity has no {ANNOTATION_MAESTRO_RECORD_ID} annotation: it is not managed by Maestro.
      </Typography>
    );
  }
  // while reloading after a change, the previous value stays on screen
  if (loading && (!value || value.record.id !== id)) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  const { record, history } = value;
  const done = () => {
    setDialog(undefined);
    setRevertTo(undefined);
    retry();
  };
  const columns: TableColumn<ChangeEntry>[] = [
    ...historyColumns,
    {
      title: '',
      render: c =>
        c.after && c.after.version !== record.version && c.action !== 'delete' && c.action !== 'restore' ? (
          <Button size="small" onClick={() => setRevertTo(c)} disabled={loading}>
            Revert to this
          </Button>
        ) : null,
    },
  ];

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Button
            variant="outlined"
            color="primary"
            startIcon={<EditIcon />}
            onClick={() => setDialog('edit')}
            disabled={loading}
          >
            Edit
          </Button>
          {record.active ? (
            <Button
              variant="outlined"
              startIcon={<DeleteIcon />}
              onClick={() => setDialog('delete')}
              disabled={loading}
            >
              Delete
            </Button>
          ) : (
            <Button
              variant="outlined"
              startIcon={<RestoreIcon />}
              onClick={() => setDialog('restore')}
              disabled={loading}
            >
              Restore
            </Button>
          )}
          <Button startIcon={<RefreshIcon />} onClick={retry} disabled={loading}>
            Reload
          </Button>
          <WatchButton entityRef={`${record.kind.toLowerCase()}:default/${record.name}`} />
          {!record.active && (
            <Typography variant="body2" color="textSecondary">
              This record is inactive (deleted): restore it to bring its entity back to the catalog.
            </Typography>
          )}
        </Box>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Inventory record">
          <StructuredMetadataTable
            metadata={{
              id: record.id,
              kind: record.kind,
              version: record.version,
              status: record.active ? 'active' : 'inactive',
              source: record.source,
              'created by': `${record.createdBy} at ${new Date(record.createdAt).toLocaleString()}`,
              'updated by': `${record.updatedBy} at ${new Date(record.updatedAt).toLocaleString()}`,
            }}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Specification">
          <StructuredMetadataTable metadata={record.spec as Record<string, any>} />
        </InfoCard>
      </Grid>
      {record.active && (record.kind === 'Component' || record.kind === 'Resource') && (
        <Grid item xs={12}>
          <ManageDependencies key={`${record.id}/${record.version}`} record={record} onCommitted={retry} />
        </Grid>
      )}
      <Grid item xs={12}>
        <Table<ChangeEntry>
          title="History"
          columns={columns}
          data={history}
          options={{ search: false, paging: history.length > 20, pageSize: 20 }}
        />
      </Grid>
      <RecordForm
        open={dialog === 'edit'}
        kind={record.kind}
        record={record}
        onClose={() => setDialog(undefined)}
        onSaved={done}
      />
      {revertTo && (
        <ActivationDialog
          action="revert"
          record={record}
          change={revertTo}
          onClose={() => setRevertTo(undefined)}
          onDone={done}
        />
      )}
      {(dialog === 'delete' || dialog === 'restore') && (
        <ActivationDialog action={dialog} record={record} onClose={() => setDialog(undefined)} onDone={done} />
      )}
    </Grid>
  );
}
