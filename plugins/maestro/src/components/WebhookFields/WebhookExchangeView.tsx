import type { WebhookExchange } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatDuration } from '../DiscoveryPage/discoveryFormat';

const useStyles = makeStyles(theme => ({
  pre: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 4,
    padding: theme.spacing(1),
    margin: 0,
    maxHeight: 320,
    overflow: 'auto',
  },
}));

/**
 * One webhook call as a log keeps it: the request (method, URL, headers with secret values masked by the backend,
 * body) and the response (status and the first 4 KB of the body, said when truncated), or why none came.
 */
export function WebhookExchangeView(props: { exchange: WebhookExchange; testId?: string }) {
  const { exchange, testId } = props;
  const classes = useStyles();
  const headers = Object.entries(exchange.request.headers ?? {})
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 16 }} data-testid={testId ?? 'maestro-webhook-exchange'}>
      <Box flex="1 1 360px" minWidth={0}>
        <Typography variant="subtitle2">Request</Typography>
        <pre className={classes.pre} data-testid="maestro-webhook-request">
          {`${exchange.request.method} ${exchange.request.url}\n${headers}`}
          {exchange.request.body !== undefined ? `\n\n${exchange.request.body}` : ''}
        </pre>
      </Box>
      <Box flex="1 1 360px" minWidth={0}>
        <Typography variant="subtitle2">
          Response{' '}
          <Typography component="span" variant="caption" color="textSecondary">
            {formatDuration(exchange.durationMs)}
          </Typography>
        </Typography>
        {exchange.error && (
          <Typography variant="body2" color="error" data-testid="maestro-webhook-error">
            {exchange.error}
          </Typography>
        )}
        {exchange.status !== undefined ? (
          <pre className={classes.pre} data-testid="maestro-webhook-response">
            {`HTTP ${exchange.status}`}
            {exchange.responseBody ? `\n\n${exchange.responseBody}` : ''}
          </pre>
        ) : (
          <Typography variant="body2" color="textSecondary">
            No response.
          </Typography>
        )}
        {exchange.responseTruncated && (
          <Typography variant="caption" color="textSecondary" data-testid="maestro-webhook-truncated">
            truncated: the first 4 KB of the body are kept
          </Typography>
        )}
      </Box>
    </Box>
  );
}
