import { makeStyles } from '@material-ui/core/styles';

/** The styles of a connection card and its task rows (one sheet: the status chips' classes name their status). */
export const useConnectionCardStyles = makeStyles(theme => ({
  label: { color: theme.palette.text.secondary, fontSize: '0.75rem', textTransform: 'uppercase' },
  code: { fontFamily: 'monospace', fontSize: '0.85rem', wordBreak: 'break-all' },
  countPart: { whiteSpace: 'nowrap', display: 'inline-block' },
  status_never: {},
  status_running: { backgroundColor: theme.palette.info?.main ?? theme.palette.primary.main, color: '#fff' },
  status_success: { backgroundColor: theme.palette.success?.main ?? '#2e7d32', color: '#fff' },
  status_empty: { backgroundColor: theme.palette.grey[500], color: '#fff' },
  status_error: { backgroundColor: theme.palette.error.main, color: '#fff' },
  // the run worked, but a removal waits for an operator: stands out without reading as a failure
  status_held: { backgroundColor: theme.palette.warning?.main ?? '#ed6c02', color: '#fff' },
  // not a failure: the cloud has no such service (no Octavia…); neutral, like empty
  status_unavailable: { backgroundColor: theme.palette.grey[300], color: theme.palette.grey[900] },
  actions: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), alignItems: 'center' },
  details: { maxWidth: 420 },
  // short columns (Enabled, Every, Last run, Duration, the Sync button) never wrap inside a word
  table: {
    '& th, & td': { whiteSpace: 'nowrap' },
    '& td:nth-child(1), & td:nth-child(7), & td:nth-child(8)': { whiteSpace: 'normal' },
  },
}));
