import { Fragment, ReactNode, useState } from 'react';
import type { WebhookExchange } from '@maestro/plugin-maestro-common';
import IconButton from '@material-ui/core/IconButton';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { WebhookExchangeView } from './WebhookExchangeView';

/**
 * A row of a log (a job's runs, a rule's deliveries) that opens onto the webhook call it made, when it made one:
 * a first cell with the toggle, then `children` (the row's other cells); open, a row under it spans `colSpan`
 * cells with the request and the answer.
 */
export function WebhookExchangeRow(props: {
  exchange?: WebhookExchange;
  testId: string;
  status: string;
  colSpan: number;
  children: ReactNode;
}) {
  const { exchange } = props;
  const [open, setOpen] = useState(false);
  return (
    <Fragment>
      <TableRow data-testid={props.testId} data-status={props.status}>
        <TableCell padding="checkbox">
          {exchange && (
            <IconButton
              size="small"
              aria-label={open ? 'Hide the webhook call' : 'Show the webhook call'}
              aria-expanded={open}
              onClick={() => setOpen(o => !o)}
            >
              {open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
            </IconButton>
          )}
        </TableCell>
        {props.children}
      </TableRow>
      {open && exchange && (
        <TableRow>
          <TableCell colSpan={props.colSpan}>
            <WebhookExchangeView exchange={exchange} />
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
}
