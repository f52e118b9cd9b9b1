import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import {
  Content,
  ContentHeader,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { SavedGraph } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { graphsApiRef } from '../../api/GraphsApi';
import { describeApiError } from '../../shared/apiErrors';
import { saveFile } from '../../shared/saveFile';
import { GraphCanvas, ImpactPanel, useNodeImpact } from '../GraphCanvas';
import { entryText } from '../GraphsPage/entryText';
import { GraphMetrics } from './GraphMetrics';
import { CompareDialog, RegenerateDialog } from './GraphTimeDialogs';
import { ShareDialog } from './ShareDialog';

type Open = 'regenerate' | 'compare' | 'share' | undefined;

/**
 * A saved graph's page (`graphs/:id`): the drawing with its interactions and the impact analysis of the node
 * clicked, its metrics, and the actions: regenerate (now or as of a date), compare two dates, export SVG / PNG,
 * share.
 */
export function GraphPage() {
  const { id = '' } = useParams();
  const api = useApi(graphsApiRef);
  const [graph, setGraph] = useState<SavedGraph>();
  const [error, setError] = useState<Error>();
  const [actionError, setActionError] = useState<string>();
  const [open, setOpen] = useState<Open>();
  const impact = useNodeImpact(graph?.view, id);

  useEffect(() => {
    setGraph(undefined);
    setError(undefined);
    api.getGraph(id).then(setGraph, setError);
  }, [api, id]);

  const download = async (format: 'svg' | 'png') => {
    setActionError(undefined);
    try {
      const file = await api.exportGraph(id, format);
      saveFile(file.blob, file.fileName);
    } catch (e) {
      setActionError(describeApiError(e).message);
    }
  };

  if (error) {
    return (
      <Content>
        <ResponseErrorPanel error={error} />
      </Content>
    );
  }
  if (!graph) return <Progress />;
  const view = graph.view;
  return (
    <Content>
      <ContentHeader title={graph.name} description={graph.description}>
        <Box display="flex" style={{ gap: 8 }}>
          <Button variant="outlined" onClick={() => setOpen('regenerate')}>
            Regenerate
          </Button>
          <Button variant="outlined" onClick={() => setOpen('compare')}>
            Compare
          </Button>
          <Button variant="outlined" onClick={() => download('svg')}>
            Export SVG
          </Button>
          <Button variant="outlined" onClick={() => download('png')}>
            Export PNG
          </Button>
          <Button variant="contained" color="primary" onClick={() => setOpen('share')}>
            Share
          </Button>
        </Box>
      </ContentHeader>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {entryText(graph.entry)} · depth {graph.depth} · {graph.nodeCount} nodes, {graph.edgeCount} edges · generated{' '}
        {new Date(graph.generatedAt).toLocaleString()}
        {graph.asOf ? ` from the inventory as of ${new Date(graph.asOf).toLocaleString()}` : ''}
      </Typography>
      {actionError && (
        <WarningPanel severity="error" title="The action failed" defaultExpanded>
          <Typography>{actionError}</Typography>
        </WarningPanel>
      )}
      {graph.status === 'failed' && (
        <WarningPanel severity="error" title="The last generation failed" defaultExpanded>
          <Typography>{graph.error ?? 'No reason given'}</Typography>
        </WarningPanel>
      )}
      {view && (
        <Grid container spacing={2}>
          <Grid item xs={12} lg={impact.selected ? 9 : 12}>
            <GraphCanvas view={view} height="70vh" onNodeClick={impact.select} highlight={impact.highlight} />
            <Typography variant="caption" color="textSecondary">
              Click a node for its impact; its name (or a double-click) opens its entity page; hover an edge for its
              protocol.
            </Typography>
          </Grid>
          {impact.selected && (
            <Grid item xs={12} lg={3}>
              <ImpactPanel
                node={impact.selected}
                impact={impact.impact}
                serverImpact={impact.serverImpact}
                error={impact.error}
                entityHref={impact.entityHref}
                nameOf={impact.nameOf}
                onClose={() => impact.select(undefined)}
              />
            </Grid>
          )}
          <Grid item xs={12}>
            <InfoCard title="Metrics">
              <GraphMetrics metrics={view.metrics} />
            </InfoCard>
          </Grid>
        </Grid>
      )}
      <RegenerateDialog
        graphId={id}
        open={open === 'regenerate'}
        onClose={() => setOpen(undefined)}
        onDone={() => {
          setOpen(undefined);
          // read again: the answer of a regeneration may come without the view
          api.getGraph(id).then(setGraph, e => setActionError(describeApiError(e).message));
        }}
      />
      <CompareDialog graphId={id} open={open === 'compare'} onClose={() => setOpen(undefined)} />
      <ShareDialog graphId={id} graphName={graph.name} open={open === 'share'} onClose={() => setOpen(undefined)} />
    </Content>
  );
}
