import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { BusinessGraphEdge, BusinessGraphNode, GraphComparison, SavedGraph } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { graphsApiRef } from '../../api/GraphsApi';
import { describeApiError } from '../../shared/apiErrors';

/** An ISO time of a `datetime-local` input's value, undefined when empty. */
const isoOf = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** Regenerates a graph from the current inventory, or as of a date (empty: now). */
export function RegenerateDialog(props: {
  graphId: string;
  open: boolean;
  onClose: () => void;
  onDone: (graph: SavedGraph) => void;
}) {
  const api = useApi(graphsApiRef);
  const [asOf, setAsOf] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      props.onDone(await api.regenerateGraph(props.graphId, { asOf: isoOf(asOf) }));
    } catch (e) {
      setError(describeApiError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={props.open} onClose={props.onClose} aria-labelledby="regenerate-title">
      <DialogTitle id="regenerate-title">Regenerate the graph</DialogTitle>
      <DialogContent>
        <Typography variant="body2">From the current inventory, or from its history as of a date.</Typography>
        <TextField
          id="graph-as-of"
          label="As of"
          type="datetime-local"
          value={asOf}
          onChange={e => setAsOf(e.target.value)}
          InputLabelProps={{ shrink: true }}
          helperText="Empty: now"
          margin="dense"
          fullWidth
        />
        {error && (
          <Typography color="error" role="alert">
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button color="primary" variant="contained" onClick={run} disabled={busy}>
          {asOf ? 'Regenerate as of this date' : 'Regenerate now'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function ChangeList<T>(props: { title: string; items: T[]; text: (item: T) => string }) {
  return (
    <Box role="region" aria-label={props.title} mb={1}>
      <Typography variant="subtitle2">
        {props.title} ({props.items.length})
      </Typography>
      <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 200, overflowY: 'auto' }}>
        {props.items.slice(0, 500).map(item => (
          <li key={props.text(item)}>
            <Typography variant="body2">{props.text(item)}</Typography>
          </li>
        ))}
      </ul>
    </Box>
  );
}

const nodeText = (node: BusinessGraphNode) => `${node.title ?? node.name} (${node.kind})`;
const edgeText = (edge: BusinessGraphEdge) =>
  `${edge.source} → ${edge.target} · ${edge.kind}${edge.protocol ? ` · ${edge.protocol}` : ''}`;

/** Compares a graph at two dates (`to` empty: now): nodes and edges added and removed. */
export function CompareDialog(props: { graphId: string; open: boolean; onClose: () => void }) {
  const api = useApi(graphsApiRef);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [result, setResult] = useState<GraphComparison>();
  const [error, setError] = useState<string>();
  const compare = async () => {
    setError(undefined);
    setResult(undefined);
    const fromIso = isoOf(from);
    if (!fromIso) {
      setError('from: choose a date');
      return;
    }
    try {
      setResult(await api.compareGraph(props.graphId, { from: fromIso, to: isoOf(to) }));
    } catch (e) {
      setError(describeApiError(e).message);
    }
  };
  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="md" fullWidth aria-labelledby="compare-title">
      <DialogTitle id="compare-title">Compare two dates</DialogTitle>
      <DialogContent>
        <Box display="flex" style={{ gap: 12 }} alignItems="center">
          <TextField
            id="graph-from"
            label="From"
            type="datetime-local"
            value={from}
            onChange={e => setFrom(e.target.value)}
            InputLabelProps={{ shrink: true }}
            margin="dense"
          />
          <TextField
            id="graph-to"
            label="To"
            type="datetime-local"
            value={to}
            onChange={e => setTo(e.target.value)}
            InputLabelProps={{ shrink: true }}
            helperText="Empty: now"
            margin="dense"
          />
          <Button variant="contained" color="primary" onClick={compare}>
            Compare
          </Button>
        </Box>
        {error && (
          <Typography color="error" role="alert">
            {error}
          </Typography>
        )}
        {result && (
          <Box mt={2}>
            <Typography variant="body2" gutterBottom>
              {result.counts.from.nodes} nodes, {result.counts.from.edges} edges on{' '}
              {new Date(result.from).toLocaleString()} → {result.counts.to.nodes} nodes, {result.counts.to.edges} edges{' '}
              {result.to === 'now' ? 'now' : `on ${new Date(result.to).toLocaleString()}`}
            </Typography>
            <Grid container spacing={2}>
              <Grid item xs={12} md={6}>
                <ChangeList title="Nodes added" items={result.nodes.added} text={nodeText} />
                <ChangeList title="Nodes removed" items={result.nodes.removed} text={nodeText} />
              </Grid>
              <Grid item xs={12} md={6}>
                <ChangeList title="Edges added" items={result.edges.added} text={edgeText} />
                <ChangeList title="Edges removed" items={result.edges.removed} text={edgeText} />
              </Grid>
            </Grid>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
