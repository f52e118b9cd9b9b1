import { useCallback, useEffect, useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { Content, ContentHeader } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { SavedReport } from '@maestro/plugin-maestro-common';
import Button from '@material-ui/core/Button';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { maestroApiRef } from '../../api';
import { describeApiError } from '../../shared/apiErrors';
import { useMaestroPaths } from '../../shared/paths';
import { ConfirmDeleteDialog, NewestOfNote, SavedListStatus } from '../../shared/SavedListParts';

/** Reports listed (the backend's largest page): newest first. */
export const REPORTS_LISTED = 500;

/** The kind of a single report, or a pivot's hops (`Datacenter → Server`). */
export function reportKinds(report: SavedReport): string {
  const definition = report.definition;
  return definition.type === 'pivot' ? definition.hops.map(h => h.kind).join(' → ') : definition.kind;
}

/**
 * The saved reports (`reports`): name, type, kind or hops, owner and last update, with actions to run, edit,
 * duplicate and delete (after a confirmation), and a button to create one.
 */
export function ReportsPage() {
  const api = useApi(maestroApiRef);
  const paths = useMaestroPaths();
  const navigate = useNavigate();
  const [list, setList] = useState<{ items: SavedReport[]; totalCount: number }>();
  const [error, setError] = useState<Error>();
  const [actionError, setActionError] = useState<string>();
  const [deleting, setDeleting] = useState<SavedReport>();

  const load = useCallback(() => {
    api
      .listReports({ limit: REPORTS_LISTED })
      .then(setList)
      .catch(e => setError(e));
  }, [api]);
  useEffect(load, [load]);

  const act = async (action: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await action();
      load();
    } catch (e) {
      setActionError(describeApiError(e).message);
    }
  };

  const confirmDelete = async () => {
    const report = deleting;
    setDeleting(undefined);
    if (report) await act(() => api.deleteReport(report.id, { version: report.version }));
  };

  return (
    <Content>
      <ContentHeader title="Reports" description="Saved reports over the inventory: run them now or as of any date">
        <Button variant="contained" color="primary" component={RouterLink} to={paths.newReport}>
          New report
        </Button>
      </ContentHeader>
      <SavedListStatus
        error={error}
        actionError={actionError}
        actionTitle="The action failed"
        loaded={!!list}
        empty={!!list && list.items.length === 0}
        emptyText='No report yet: create one with "New report".'
      />
      {list && list.items.length > 0 && (
        <Table size="small" aria-label="Reports">
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Kind / hops</TableCell>
              <TableCell>Owner</TableCell>
              <TableCell>Updated</TableCell>
              <TableCell>Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {list.items.map(report => (
              <TableRow key={report.id}>
                <TableCell>
                  <Link component={RouterLink} to={paths.report(report.id)}>
                    {report.name}
                  </Link>
                </TableCell>
                <TableCell>{report.type}</TableCell>
                <TableCell>{reportKinds(report)}</TableCell>
                <TableCell>{report.owner}</TableCell>
                <TableCell>{new Date(report.updatedAt).toLocaleString()}</TableCell>
                <TableCell>
                  <Button size="small" onClick={() => navigate(paths.report(report.id))}>
                    Run
                  </Button>
                  <Button size="small" onClick={() => navigate(paths.editReport(report.id))}>
                    Edit
                  </Button>
                  <Button size="small" onClick={() => act(() => api.duplicateReport(report.id))}>
                    Duplicate
                  </Button>
                  <Button size="small" onClick={() => setDeleting(report)}>
                    Delete
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {list && <NewestOfNote shown={list.items.length} total={list.totalCount} noun="reports" />}
      <ConfirmDeleteDialog
        what={deleting && `the report ${deleting.name}`}
        consequence="The report's definition is deleted; the inventory is not touched."
        onCancel={() => setDeleting(undefined)}
        onConfirm={confirmDelete}
      />
    </Content>
  );
}
