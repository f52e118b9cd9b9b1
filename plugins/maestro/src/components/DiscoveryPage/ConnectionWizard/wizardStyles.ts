import { makeStyles } from '@material-ui/core/styles';

/** The styles of the wizard's dialog and steps (one sheet, shared by them all). */
export const useWizardStyles = makeStyles(theme => ({
  policy: {
    maxHeight: 240,
    overflow: 'auto',
    margin: 0,
    padding: theme.spacing(1.5),
    fontSize: '0.8rem',
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5), margin: theme.spacing(1, 0) },
  notice: {
    padding: theme.spacing(1.5),
    marginBottom: theme.spacing(2),
    borderLeft: `4px solid ${theme.palette.warning?.main ?? theme.palette.secondary.main}`,
    backgroundColor: theme.palette.background.default,
  },
  alert: {
    padding: theme.spacing(1.5),
    marginBottom: theme.spacing(2),
    borderLeft: `4px solid ${theme.palette.error.main}`,
    backgroundColor: theme.palette.background.default,
  },
  pair: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))',
    columnGap: theme.spacing(2),
  },
  warning: { color: theme.palette.warning?.dark ?? theme.palette.error.main },
  review: { '& th': { width: 200, color: theme.palette.text.secondary, verticalAlign: 'top' } },
}));
