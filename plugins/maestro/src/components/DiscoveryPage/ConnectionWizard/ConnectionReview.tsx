import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { ConnectionDraft } from './connectionDraft';
import { reviewRows } from './reviewRows';
import { useWizardStyles } from './wizardStyles';

/** The review of the whole connection, on the last step under its lists: what is sent, never a secret. */
export function ConnectionReview(props: {
  draft: ConnectionDraft;
  /** The connection edited holds a secret, which an empty field keeps. */
  secretKept: boolean;
}) {
  const classes = useWizardStyles();
  return (
    <>
      <Typography variant="subtitle2" style={{ marginTop: 24 }} id="maestro-discovery-review-title">
        Review
      </Typography>
      <Table
        size="small"
        className={classes.review}
        aria-labelledby="maestro-discovery-review-title"
        data-testid="maestro-discovery-review"
      >
        <TableBody>
          {reviewRows(props.draft, props.secretKept).map(([label, value]) => (
            <TableRow key={label}>
              <TableCell component="th" scope="row">
                {label}
              </TableCell>
              <TableCell>{value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
