import { useEffect, useRef, useState } from 'react';
import { Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ReportRun } from '@maestro/plugin-maestro-common';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { maestroApiRef } from '../../api';
import { describeApiError } from '../../shared/apiErrors';
import { saveFile } from '../../shared/saveFile';
import type { ReportRunsState } from './useReportRuns';

const STATUS_COLOURS: Record<ReportRun['status'], string> = {
  queued: '#757575',
  running: '#1565c0',
  succeeded: '#2e7d32',
  failed: '#c62828',
};

/** A size in bytes as people read it (1.4 MB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const when = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '—');

/** The Download button of a succeeded run: the file fetched with the user's token, then saved. */
function DownloadButton(props: { run: ReportRun; onError: (message?: string) => void }) {
  const api = useApi(maestroApiRef);
  const [busy, setBusy] = useState(false);
  const { run } = props;
  const download = async () => {
    setBusy(true);
    props.onError(undefined);
    try {
      const file = await api.downloadReportRun(run.id);
      saveFile(file.blob, file.fileName);
    } catch (e) {
      const failure = describeApiError(e);
      props.onError(
        failure.status === 410
          ? `${run.fileName} has expired: the retention deleted it. Run the report again.`
          : `Download of ${run.fileName} failed: ${failure.message}`,
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      size="small"
      variant="outlined"
      color="primary"
      onClick={download}
      disabled={busy || run.expired}
      style={{ whiteSpace: 'nowrap' }}
    >
      {busy ? 'Downloading…' : 'Download'}
    </Button>
  );
}

/**
 * The Runs tab: the caller's background runs of a report, newest first, with each one's status, progress
 * (records read), rows, file size, times, expiry and error, and a Download button once it succeeded. The run named
 * by `highlight` (the notification's `?run=` link) is marked and scrolled to.
 */
export function ReportRunsPanel(props: { runs: ReportRunsState; highlight?: string }) {
  const { items, error, signalled } = props.runs;
  const [downloadError, setDownloadError] = useState<string>();
  const highlighted = useRef<HTMLTableRowElement | null>(null);
  const found = !!items?.some(run => run.id === props.highlight);
  useEffect(() => {
    if (found) highlighted.current?.scrollIntoView?.({ block: 'center' });
  }, [found]);

  if (error && !items) return <ResponseErrorPanel error={error} />;
  if (!items) return <Progress />;
  return (
    <>
      {downloadError && (
        <WarningPanel severity="error" title="Download failed" defaultExpanded>
          <Typography>{downloadError}</Typography>
        </WarningPanel>
      )}
      {error && <ResponseErrorPanel error={error} title="The runs could not be refreshed" />}
      {props.highlight && !found && (
        <Typography color="textSecondary">
          Run {props.highlight} is not among your runs of this report (it may have been forgotten).
        </Typography>
      )}
      {items.length === 0 ? (
        <Typography data-testid="report-runs-empty">
          No background runs yet: use "Run in background…" to write this report to a file on the server.
        </Typography>
      ) : (
        <Table size="small" data-testid="report-runs">
          <TableHead>
            <TableRow>
              {[
                'Status',
                'Format',
                'As of',
                'Records read',
                'Rows',
                'Size',
                'Requested',
                'Finished',
                'Expires',
                '',
              ].map(h => (
                <TableCell key={h} style={{ whiteSpace: 'nowrap' }}>
                  {h}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(run => {
              const isHighlighted = run.id === props.highlight;
              return (
                <TableRow
                  key={run.id}
                  ref={isHighlighted ? highlighted : undefined}
                  selected={isHighlighted}
                  data-testid={`report-run-${run.id}`}
                  data-status={run.status}
                  data-highlighted={isHighlighted ? 'true' : undefined}
                >
                  <TableCell>
                    <Chip
                      size="small"
                      label={run.status}
                      style={{ backgroundColor: STATUS_COLOURS[run.status], color: '#fff' }}
                    />
                    {run.error && (
                      <Typography variant="caption" color="error" display="block" data-testid="report-run-error">
                        {run.error}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>{run.format.toUpperCase()}</TableCell>
                  <TableCell>{run.asOf ? when(run.asOf) : 'now'}</TableCell>
                  <TableCell data-testid="report-run-records-read">
                    {run.progress.recordsRead.toLocaleString('en-US')}
                  </TableCell>
                  <TableCell>{run.rows === undefined ? '—' : run.rows.toLocaleString('en-US')}</TableCell>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>{formatBytes(run.bytes)}</TableCell>
                  <TableCell>{when(run.requestedAt)}</TableCell>
                  <TableCell>{when(run.finishedAt)}</TableCell>
                  <TableCell>{run.expired ? 'expired' : when(run.expiresAt)}</TableCell>
                  <TableCell>
                    {run.status === 'succeeded' && <DownloadButton run={run} onError={setDownloadError} />}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      <Typography variant="caption" color="textSecondary" component="p" style={{ marginTop: 8 }}>
        {signalled
          ? 'Progress arrives live (signals); your runs only.'
          : 'Progress is read every 2 seconds while a run is under way; your runs only.'}{' '}
        A file is kept until its expiry time, then deleted.
      </Typography>
    </>
  );
}
