import { useEffect, useState } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { GraphView } from '@maestro/plugin-maestro-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { graphsApiRef } from '../../api/GraphsApi';
import { GraphCanvas, ImpactPanel, useNodeImpact } from '../GraphCanvas';

/** Dependency hops drawn around the entity. */
export const NEIGHBOURHOOD_DEPTH = 2;

/** The kinds whose entity pages have the Dependencies tab. */
export const DEPENDENCY_TAB_KINDS = ['component', 'system', 'server'];

/**
 * The Dependencies tab of a Component, System or Server: the graph around the entity (two hops,
 * `GET /graphs/neighbourhood`) with the graph page's interactions; the impact of a node is computed from the
 * drawing.
 */
export function EntityDependenciesContent() {
  const { entity } = useEntity();
  const api = useApi(graphsApiRef);
  const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const [view, setView] = useState<GraphView>();
  const [error, setError] = useState<Error>();
  const impact = useNodeImpact(view);

  useEffect(() => {
    setView(undefined);
    setError(undefined);
    api.getNeighbourhood(ref, { depth: NEIGHBOURHOOD_DEPTH }).then(setView, setError);
  }, [api, ref]);

  if (error) return <ResponseErrorPanel error={error} />;
  if (!view) return <Progress />;
  if (view.nodes.length === 0)
    return <Typography>Nothing depends on {entity.metadata.name} and it needs nothing.</Typography>;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} lg={impact.selected ? 9 : 12}>
        <GraphCanvas view={view} height="65vh" onNodeClick={impact.select} highlight={impact.highlight} />
        <Typography variant="caption" color="textSecondary">
          {view.metrics.nodes} nodes, {view.metrics.edges} edges within {NEIGHBOURHOOD_DEPTH} hops. Click a node for its
          impact; its name opens its page.
        </Typography>
      </Grid>
      {impact.selected && (
        <Grid item xs={12} lg={3}>
          <ImpactPanel
            node={impact.selected}
            impact={impact.impact}
            entityHref={impact.entityHref}
            nameOf={impact.nameOf}
            onClose={() => impact.select(undefined)}
          />
        </Grid>
      )}
    </Grid>
  );
}
