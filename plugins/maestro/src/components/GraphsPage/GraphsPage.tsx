import { useCallback, useEffect, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Content, ContentHeader } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { SavedGraphSummary } from '@maestro/plugin-maestro-common';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { graphsApiRef } from '../../api/GraphsApi';
import { describeApiError } from '../../shared/apiErrors';
import { useMaestroPaths } from '../../shared/paths';
import { ConfirmDeleteDialog, NewestOfNote, SavedListStatus } from '../../shared/SavedListParts';
import { entryText } from './entryText';

/** Graphs listed (one page of the backend's largest). */
export const GRAPHS_LISTED = 500;

const when = (iso: string) => new Date(iso).toLocaleString();

/** A time, and who under it. */
function WhenWhoCell(props: { at: string; by: string }) {
  return (
    <TableCell>
      {when(props.at)}
      <Typography variant="caption" display="block" color="textSecondary">
        {props.by}
      </Typography>
    </TableCell>
  );
}

/**
 * The saved business graphs (`graphs`): status, name, entry, size, last update and creation, with delete (after
 * a confirmation) and a button to create one.
 */
export function GraphsPage() {
  const api = useApi(graphsApiRef);
  const paths = useMaestroPaths();
  const [list, setList] = useState<{ items: SavedGraphSummary[]; totalCount: number }>();
  const [error, setError] = useState<Error>();
  const [actionError, setActionError] = useState<string>();
  const [deleting, setDeleting] = useState<SavedGraphSummary>();

  const load = useCallback(() => {
    api
      .listGraphs({ limit: GRAPHS_LISTED })
      .then(setList)
      .catch(e => setError(e));
  }, [api]);
  useEffect(load, [load]);

  const confirmDelete = async () => {
    const graph = deleting;
    setDeleting(undefined);
    if (!graph) return;
    setActionError(undefined);
    try {
      await api.deleteGraph(graph.id);
      load();
    } catch (e) {
      setActionError(describeApiError(e).message);
    }
  };

  return (
    <Content>
      <ContentHeader title="Business graphs" description="Applications, their dependencies, infrastructure and clients">
        <Button variant="contained" color="primary" component={RouterLink} to={paths.newGraph}>
          New graph
        </Button>
      </ContentHeader>
      <SavedListStatus
        error={error}
        actionError={actionError}
        actionTitle="The graph could not be deleted"
        loaded={!!list}
        empty={!!list && list.items.length === 0}
        emptyText='No graph yet: create one with "New graph".'
      />
      {list && list.items.length > 0 && (
        <Table size="small" aria-label="Business graphs">
          <TableHead>
            <TableRow>
              <TableCell>Status</TableCell>
              <TableCell>Name</TableCell>
              <TableCell>Entry</TableCell>
              <TableCell align="right">Nodes / edges</TableCell>
              <TableCell>Updated</TableCell>
              <TableCell>Created</TableCell>
              <TableCell>Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {list.items.map(graph => (
              <TableRow key={graph.id}>
                <TableCell>
                  <Chip
                    size="small"
                    label={graph.status}
                    color={graph.status === 'ready' ? 'primary' : 'secondary'}
                    title={graph.error}
                  />
                </TableCell>
                <TableCell>
                  <Link component={RouterLink} to={paths.graph(graph.id)}>
                    {graph.name}
                  </Link>
                  {graph.asOf && (
                    <Typography variant="caption" display="block" color="textSecondary">
                      as of {when(graph.asOf)}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{entryText(graph.entry)}</TableCell>
                <TableCell align="right">
                  {graph.nodeCount} / {graph.edgeCount}
                </TableCell>
                <WhenWhoCell at={graph.updatedAt} by={graph.updatedBy} />
                <WhenWhoCell at={graph.createdAt} by={graph.createdBy} />
                <TableCell>
                  <Button size="small" onClick={() => setDeleting(graph)}>
                    Delete
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {list && <NewestOfNote shown={list.items.length} total={list.totalCount} noun="graphs" />}
      <ConfirmDeleteDialog
        what={deleting && `the graph ${deleting.name}`}
        consequence="The graph and its share links are deleted; the inventory is not touched."
        onCancel={() => setDeleting(undefined)}
        onConfirm={confirmDelete}
      />
    </Content>
  );
}
