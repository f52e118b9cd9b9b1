import { useState } from 'react';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { maestroApiRef, ReportComparison } from '../../api';
import { isoToLocal, localToIso } from '../ReportForm/filterDrafts';
import { cellText } from './columnFilters';

/** A table of compared rows; for changed rows, the changed columns and each change as before → after. */
function ComparedRows(props: { title: string; comparison: ReportComparison; kind: 'added' | 'removed' | 'changed' }) {
  const { title, comparison, kind } = props;
  const rows = comparison[kind] as Array<{
    id: string;
    values: unknown[];
    before?: unknown[];
    changedColumns?: string[];
  }>;
  return (
    <Box mt={2} data-testid={`compare-${kind}`}>
      <Typography variant="h6">
        {title} ({comparison.counts[kind]})
      </Typography>
      {rows.length > 0 && (
        <Table size="small">
          <TableHead>
            <TableRow>
              {comparison.columns.map(c => (
                <TableCell key={c}>{c}</TableCell>
              ))}
              {kind === 'changed' && <TableCell>changed</TableCell>}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(row => (
              <TableRow key={row.id}>
                {row.values.map((v, i) => {
                  const changed = row.before && row.changedColumns?.includes(comparison.columns[i]);
                  return (
                    <TableCell key={i} style={changed ? { fontWeight: 600 } : undefined}>
                      {changed ? `${cellText(row.before![i])} → ${cellText(v)}` : cellText(v)}
                    </TableCell>
                  );
                })}
                {kind === 'changed' && <TableCell>{row.changedColumns?.join(', ')}</TableCell>}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}

/**
 * The Compare page of a single report: the result at `from` against the result at `to` (empty: now), with the
 * counts and the rows added, removed and changed (with the changed columns).
 */
export function ReportCompare(props: { reportId: string; type: 'single' | 'pivot' }) {
  const api = useApi(maestroApiRef);
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const [from, setFrom] = useState(isoToLocal(monthAgo));
  const [to, setTo] = useState('');
  const [comparison, setComparison] = useState<ReportComparison>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(false);
  if (props.type === 'pivot') return <Typography>Comparing two dates is available for single reports.</Typography>;

  const compare = async () => {
    setLoading(true);
    setError(undefined);
    try {
      setComparison(
        await api.compareReport(props.reportId, { from: localToIso(from), ...(to ? { to: localToIso(to) } : {}) }),
      );
    } catch (e) {
      setError(e as Error);
    } finally {
      setLoading(false);
    }
  };
  const c = comparison?.counts;
  return (
    <Box>
      <Box display="flex" alignItems="flex-end" mb={2}>
        <TextField
          id="report-compare-from"
          label="From"
          type="datetime-local"
          value={from}
          InputLabelProps={{ shrink: true }}
          onChange={e => setFrom(e.target.value)}
          style={{ marginRight: 8 }}
        />
        <TextField
          id="report-compare-to"
          label="To (empty: now)"
          type="datetime-local"
          value={to}
          InputLabelProps={{ shrink: true }}
          onChange={e => setTo(e.target.value)}
          style={{ marginRight: 8 }}
        />
        <Button variant="contained" color="primary" onClick={compare} disabled={loading || !from}>
          Compare
        </Button>
      </Box>
      {error && <ResponseErrorPanel error={error} />}
      {comparison && c && (
        <InfoCard
          title={`${new Date(comparison.from).toLocaleString()} → ${
            comparison.to === 'now' ? 'now' : new Date(comparison.to).toLocaleString()
          }`}
        >
          <Typography data-testid="compare-counts">
            {c.before} rows before, {c.after} after: {c.added} added, {c.removed} removed, {c.changed} changed,{' '}
            {c.unchanged} unchanged
          </Typography>
          <ComparedRows title="Added" comparison={comparison} kind="added" />
          <ComparedRows title="Removed" comparison={comparison} kind="removed" />
          <ComparedRows title="Changed" comparison={comparison} kind="changed" />
        </InfoCard>
      )}
    </Box>
  );
}
