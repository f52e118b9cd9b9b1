import { useEffect, useState } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router-dom';
import {
  Content,
  ContentHeader,
  EmptyState,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import CloseIcon from '@material-ui/icons/Close';
import type { DiscoveryRemovalConfirmation } from '@maestro/plugin-maestro-common';
import { DiscoveryConnectionView, DiscoverySyncRequest, maestroApiRef } from '../../api';
import { describeApiError } from '../../shared/apiErrors';
import { useMaestroPaths } from '../../shared/paths';
import { CardMessage, ConnectionCard } from './ConnectionCard';
import { ConnectionWizard } from './ConnectionWizard';
import { useDiscoveryConnections } from './useDiscoveryConnections';

/** The dialog asking to confirm the deletion of a connection. */
function DeleteDialog(props: { connection: DiscoveryConnectionView; onCancel: () => void; onDeleted: () => void }) {
  const { connection, onCancel, onDeleted } = props;
  const api = useApi(maestroApiRef);
  const [working, setWorking] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const confirm = async () => {
    setWorking(true);
    setFailure(undefined);
    try {
      await api.deleteDiscoveryConnection(connection.id);
      onDeleted();
    } catch (error) {
      const described = describeApiError(error);
      setFailure(
        described.status === 403
          ? 'Not deleted: you may not manage discovery connections.'
          : `Not deleted: ${described.message}`,
      );
      setWorking(false);
    }
  };
  return (
    <Dialog open onClose={working ? undefined : onCancel} aria-labelledby="maestro-discovery-delete-title">
      <DialogTitle id="maestro-discovery-delete-title">Delete connection {connection.id}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Discovery stops for {connection.title ?? connection.id} and its stored credentials are deleted. The records it
          discovered stay in the inventory as they are: they are no longer updated, nor deactivated, by discovery.
        </DialogContentText>
        {failure && (
          <Typography color="error" role="alert" variant="body2">
            {failure}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={working}>
          Cancel
        </Button>
        <Button onClick={confirm} disabled={working} color="secondary" variant="contained">
          Delete connection
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The message for a refused or failed "sync now". */
function syncFailure(error: unknown): string {
  const described = describeApiError(error);
  if (described.status === 403) return 'Sync not requested: you may not manage discovery connections.';
  return `Sync not requested: ${described.message}`;
}

/**
 * The Discovery tab: the discovery connections (or, at `discovery/:id`, one of them) with the status of their
 * lists, "Sync now", "Confirm removal" of a held removal, and the wizard to add or edit a connection. Refreshed
 * by the `maestro:discovery` signals (sent to each connection's owner and the configured readers), every 5 s while a
 * task runs, and every 30 s otherwise.
 */
export function DiscoveryPage() {
  const { id } = useParams();
  const api = useApi(maestroApiRef);
  const paths = useMaestroPaths();
  const navigate = useNavigate();
  const { items, error, loading, refresh, put, remove } = useDiscoveryConnections(id);
  const [wizard, setWizard] = useState<{ connection?: DiscoveryConnectionView } | undefined>();
  const [deleting, setDeleting] = useState<DiscoveryConnectionView | undefined>();
  const [notice, setNotice] = useState<{ text: string; connectionId?: string } | undefined>();
  const [pending, setPending] = useState<Record<string, string[]>>({});
  const [messages, setMessages] = useState<Record<string, CardMessage | undefined>>({});
  // re-render now and then, so that "last run 2 min ago" stays true between refreshes
  const [, setTick] = useState(0);
  useEffect(() => {
    const interval = setInterval(() => setTick(t => t + 1), 30_000);
    return () => clearInterval(interval);
  }, []);

  const sync = async (
    connection: DiscoveryConnectionView,
    list?: string,
    confirmRemovals?: DiscoveryRemovalConfirmation,
  ) => {
    const key = list ?? '';
    setPending(p => ({ ...p, [connection.id]: [...(p[connection.id] ?? []), key] }));
    setMessages(m => ({ ...m, [connection.id]: undefined }));
    try {
      const body: DiscoverySyncRequest = {};
      if (list) body.list = list;
      if (confirmRemovals) body.confirmRemovals = confirmRemovals;
      const result = await api.syncDiscoveryConnection(connection.id, body);
      const titles = result.requested.map(l => connection.lists.find(x => x.id === l)?.title ?? l);
      let text = titles.length ? `Sync requested: ${titles.join(', ')}.` : 'Nothing to sync: no list is enabled.';
      if (confirmRemovals) {
        const title = connection.lists.find(x => x.id === list)?.title ?? list;
        text = `Removal confirmed: ${title} runs again and deactivates up to ${confirmRemovals.atMost} records in ${confirmRemovals.region}.`;
      }
      setMessages(m => ({ ...m, [connection.id]: { severity: 'info', text } }));
      await refresh();
    } catch (e) {
      setMessages(m => ({ ...m, [connection.id]: { severity: 'error', text: syncFailure(e) } }));
    } finally {
      setPending(p => ({ ...p, [connection.id]: (p[connection.id] ?? []).filter(k => k !== key) }));
    }
  };

  const notFound = !!id && !!error && describeApiError(error).status === 404;
  return (
    <Content>
      <ContentHeader
        title={id ? `Discovery: ${id}` : 'Discovery'}
        description="Connections to cloud accounts whose resources Maestro discovers"
      >
        <Button variant="contained" color="primary" startIcon={<AddIcon />} onClick={() => setWizard({})}>
          Add connection
        </Button>
      </ContentHeader>
      {id && (
        <Box mb={2}>
          <Link component={RouterLink} to={paths.discovery}>
            All connections
          </Link>
        </Box>
      )}
      {notice && (
        <Typography role="status" data-testid="maestro-discovery-notice" style={{ marginBottom: 16 }}>
          {notice.text}
          {notice.connectionId && (
            <>
              {' '}
              <Link component={RouterLink} to={paths.discoveryConnection(notice.connectionId)}>
                {notice.connectionId}
              </Link>
            </>
          )}
          <IconButton size="small" aria-label="Dismiss" onClick={() => setNotice(undefined)}>
            <CloseIcon fontSize="small" />
          </IconButton>
        </Typography>
      )}
      {notFound && (
        <WarningPanel severity="warning" title={`No discovery connection '${id}'`} defaultExpanded>
          <Typography>
            It may have been deleted. See{' '}
            <Link component={RouterLink} to={paths.discovery}>
              all connections
            </Link>
            .
          </Typography>
        </WarningPanel>
      )}
      {error && !notFound && !items && <ResponseErrorPanel error={error} />}
      {error && !notFound && items && (
        <Typography color="error" variant="body2" role="alert" style={{ marginBottom: 16 }}>
          Could not refresh: {describeApiError(error).message}
        </Typography>
      )}
      {loading && <Progress />}
      {items && items.length === 0 && !id && (
        <EmptyState
          missing="content"
          title="No discovery connection yet"
          description="Add a connection to an AWS account or an OpenStack project: Maestro then keeps its servers, volumes, networks, databases… in the inventory."
        />
      )}
      {!notFound &&
        items?.map(connection => (
          <Box key={connection.id} mb={3}>
            <ConnectionCard
              connection={connection}
              pending={pending[connection.id] ?? []}
              message={messages[connection.id]}
              linkToPage={!id}
              onSync={list => sync(connection, list)}
              onConfirmRemoval={(list, confirmation) => sync(connection, list, confirmation)}
              onEdit={() => setWizard({ connection })}
              onDelete={() => setDeleting(connection)}
            />
          </Box>
        ))}
      {wizard && (
        <ConnectionWizard
          connection={wizard.connection}
          onClose={() => setWizard(undefined)}
          onSaved={saved => {
            const created = !wizard.connection;
            setWizard(undefined);
            put(saved);
            setNotice({
              text: created ? 'Created connection' : 'Saved connection',
              connectionId: saved.id,
            });
            if (created && id && saved.id !== id) navigate(paths.discoveryConnection(saved.id));
          }}
        />
      )}
      {deleting && (
        <DeleteDialog
          connection={deleting}
          onCancel={() => setDeleting(undefined)}
          onDeleted={() => {
            const deletedId = deleting.id;
            setDeleting(undefined);
            remove(deletedId);
            setNotice({ text: `Deleted connection ${deletedId}; the records it discovered stay in the inventory.` });
            if (id) navigate(paths.discovery);
          }}
        />
      )}
    </Content>
  );
}
