import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { REPORT_EXPORT_FORMATS, ReportExportFormat, ReportRun } from '@maestro/plugin-maestro-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { maestroApiRef } from '../../api';
import { describeApiError } from '../../shared/apiErrors';

/**
 * "Run in background…": a dialog choosing the file's format, run as of the page's time (`asOf`, else now), that
 * queues the run (`POST /reports/:id/runs`) and hands it to `onStarted`. The backend's refusal (a format the report
 * cannot be written in, a pruned time) is shown in the dialog.
 */
export function RunInBackground(props: { reportId: string; asOf?: string; onStarted: (run: ReportRun) => void }) {
  const api = useApi(maestroApiRef);
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<ReportExportFormat>('csv');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const run = await api.startReportRun(props.reportId, { format, ...(props.asOf ? { asOf: props.asOf } : {}) });
      setOpen(false);
      props.onStarted(run);
    } catch (e) {
      setError(describeApiError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        variant="outlined"
        onClick={() => {
          setError(undefined);
          setOpen(true);
        }}
        style={{ marginLeft: 8 }}
      >
        Run in background…
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="run-in-background-title">
        <DialogTitle id="run-in-background-title">Run in background</DialogTitle>
        <DialogContent>
          <Typography variant="body2" paragraph>
            The server writes the whole result to a file; follow it in the Runs tab and download it there. You are
            notified when it ends.
          </Typography>
          <TextField
            select
            id="run-format"
            label="Format"
            value={format}
            onChange={e => setFormat(e.target.value as ReportExportFormat)}
            fullWidth
          >
            {REPORT_EXPORT_FORMATS.map(f => (
              <MenuItem key={f} value={f}>
                {f.toUpperCase()}
              </MenuItem>
            ))}
          </TextField>
          <Typography variant="body2" style={{ marginTop: 16 }} data-testid="run-as-of">
            As of: {props.asOf ? new Date(props.asOf).toLocaleString() : 'now'}
          </Typography>
          {error && (
            <Typography color="error" role="alert" style={{ marginTop: 16 }}>
              {error}
            </Typography>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button color="primary" variant="contained" onClick={start} disabled={busy}>
            {busy ? 'Starting…' : 'Start'}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
