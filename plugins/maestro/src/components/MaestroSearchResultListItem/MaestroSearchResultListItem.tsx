import type { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import type { SearchDocument } from '@backstage/plugin-search-common';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';
import type { ResultHighlight } from '@backstage/plugin-search-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';

/** A document of the Maestro collator (type `maestro`); fields it may lack are shown as absent. */
type MaestroDocument = SearchDocument & {
  kind?: string;
  datacenter?: string;
  environment?: string;
  ip?: string;
};

/** Props of {@link MaestroSearchResultListItem}. @public */
export interface MaestroSearchResultListItemProps {
  result?: SearchDocument;
  highlight?: ResultHighlight;
  icon?: ReactNode;
  rank?: number;
}

/**
 * A search result of type `maestro` (a server, database, load balancer… of the Maestro inventory): its title linking
 * to its catalog page, its identifiers, and chips for kind, datacenter, environment and IP.
 *
 * @public
 */
export function MaestroSearchResultListItem(props: MaestroSearchResultListItemProps) {
  const { highlight, icon } = props;
  const result = props.result as MaestroDocument | undefined;
  if (!result) return null;
  const chips = [
    ['Kind', result.kind],
    ['Datacenter', result.datacenter],
    ['Environment', result.environment],
    ['IP', result.ip],
  ].filter((chip): chip is [string, string] => !!chip[1]);
  const highlighted = (field: 'title' | 'text', fallback: string) =>
    highlight?.fields[field] ? (
      <HighlightedSearchResultText
        text={highlight.fields[field]}
        preTag={highlight.preTag}
        postTag={highlight.postTag}
      />
    ) : (
      fallback
    );
  return (
    <Box display="flex" data-testid="maestro-search-result">
      {icon && <ListItemIcon>{icon}</ListItemIcon>}
      <Box flexWrap="wrap">
        <ListItemText
          style={{ width: '100%', wordBreak: 'break-all', marginBottom: 8 }}
          primaryTypographyProps={{ variant: 'h6' }}
          primary={
            <Link noTrack to={result.location}>
              {highlighted('title', result.title)}
            </Link>
          }
          secondary={
            <Typography component="span" variant="body2" color="textSecondary">
              {highlighted('text', result.text)}
            </Typography>
          }
        />
        <Box mb={1}>
          {chips.map(([label, value]) => (
            <Chip key={label} size="small" label={`${label}: ${value}`} style={{ marginRight: 4 }} />
          ))}
        </Box>
      </Box>
    </Box>
  );
}
