import type { ReactNode } from 'react';
import { Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type { PagedLog } from './usePagedLog';

/** A line of a settings summary (a job's, an event rule's): a label and its value. */
export function Setting(props: { label: string; children: ReactNode; testId?: string; labelWidth?: number }) {
  return (
    <Box display="flex" py={0.5} data-testid={props.testId}>
      <Typography variant="body2" color="textSecondary" style={{ minWidth: props.labelWidth ?? 180 }}>
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Box>
  );
}

/** A refused action of a page (run, delete, redeliver), above its summary; nothing while there is none. */
export function ActionErrorPanel(props: { error?: string; title: string; testId: string }) {
  if (!props.error) return null;
  return (
    <Box mb={2} data-testid={props.testId}>
      <WarningPanel severity="error" title={props.title} defaultExpanded>
        <Typography>{props.error}</Typography>
      </WarningPanel>
    </Box>
  );
}

/** A page's log under its heading: the read's error, progress until the first page came, then `children`. */
export function PagedLogSection(props: {
  title: string;
  log: Pick<PagedLog<unknown>, 'items' | 'error'>;
  children: ReactNode;
}) {
  const { log } = props;
  return (
    <Box mt={3}>
      <Typography variant="h6" gutterBottom>
        {props.title}
      </Typography>
      {log.error && <ResponseErrorPanel error={log.error} />}
      {!log.items && !log.error && <Progress />}
      {props.children}
    </Box>
  );
}

/** The button under a log that reads its next older page, while older entries remain (`Older runs`). */
export function OlderEntriesButton(props: {
  log: Pick<PagedLog<unknown>, 'hasOlder' | 'loadingOlder' | 'loadOlder'>;
  label: string;
}) {
  const { hasOlder, loadingOlder, loadOlder } = props.log;
  if (!hasOlder) return null;
  return (
    <Box mt={1}>
      <Button size="small" variant="outlined" onClick={loadOlder} disabled={loadingOlder}>
        {props.label}
      </Button>
    </Box>
  );
}
