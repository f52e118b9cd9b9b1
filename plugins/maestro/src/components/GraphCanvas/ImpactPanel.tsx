import { Link as RouterLink } from 'react-router-dom';
import type { GraphViewNode, ImpactItem, NodeImpact, ServerFailureImpact } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { IMPACT_COLOURS } from './graphColours';

/** Items listed at most per list (the count says how many there are). */
export const IMPACT_LISTED = 200;

function ImpactList(props: { title: string; colour: string; items: ImpactItem[]; nameOf: (key: string) => string }) {
  const { title, colour, items, nameOf } = props;
  return (
    <Box mb={1} role="region" aria-label={title}>
      <Typography variant="subtitle2" style={{ borderLeft: `4px solid ${colour}`, paddingLeft: 6 }}>
        {title} ({items.length})
      </Typography>
      {items.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          None
        </Typography>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 220, overflowY: 'auto' }}>
          {items.slice(0, IMPACT_LISTED).map(item => (
            <li key={item.key}>
              <Typography variant="body2">
                {nameOf(item.key)}{' '}
                <Typography component="span" variant="caption" color="textSecondary">
                  {item.kind} · {item.depth === 1 ? 'direct' : `${item.depth} hops`}
                </Typography>
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
}

/** Props of {@link ImpactPanel}. */
export interface ImpactPanelProps {
  node: GraphViewNode;
  impact?: NodeImpact;
  serverImpact?: ServerFailureImpact;
  /** The node's entity page, when it has one. */
  entityHref?: string;
  error?: string;
  nameOf: (key: string) => string;
  onClose: () => void;
}

/**
 * The impact analysis of the selected node: who is affected if it fails (upstream), what it needs (downstream),
 * and for a server what breaks if it fails, grouped.
 */
export function ImpactPanel(props: ImpactPanelProps) {
  const { node, impact, serverImpact, nameOf } = props;
  return (
    <Paper variant="outlined" style={{ padding: 12 }} aria-label="Impact analysis" role="complementary">
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="h6">
          Impact of {node.title ?? node.name}{' '}
          <Typography component="span" variant="caption" color="textSecondary">
            {node.kind}
            {node.missing ? ' · no record' : ''}
          </Typography>
        </Typography>
        <Box>
          {props.entityHref && (
            <Button size="small" component={RouterLink} to={props.entityHref}>
              Open entity page
            </Button>
          )}
          <Button size="small" onClick={props.onClose}>
            Clear
          </Button>
        </Box>
      </Box>
      {props.error && (
        <Typography color="error" variant="body2">
          {props.error}
        </Typography>
      )}
      {!impact && !props.error && <Typography variant="body2">Reading the impact…</Typography>}
      {impact && (
        <>
          <ImpactList
            title="Affected if it fails (upstream)"
            colour={IMPACT_COLOURS.upstream}
            items={impact.upstream}
            nameOf={nameOf}
          />
          <ImpactList
            title="What it needs (downstream)"
            colour={IMPACT_COLOURS.downstream}
            items={impact.downstream}
            nameOf={nameOf}
          />
        </>
      )}
      {serverImpact && (
        <Box mt={1}>
          <Typography variant="subtitle1">What breaks if this server fails</Typography>
          <ImpactList title="Applications" colour="#e65100" items={serverImpact.applications} nameOf={nameOf} />
          <ImpactList title="Infrastructure" colour="#6a1b9a" items={serverImpact.infrastructure} nameOf={nameOf} />
          <ImpactList title="Systems" colour="#2e7d32" items={serverImpact.systems} nameOf={nameOf} />
          <ImpactList title="Clients" colour="#ad1457" items={serverImpact.clients} nameOf={nameOf} />
        </Box>
      )}
    </Paper>
  );
}
