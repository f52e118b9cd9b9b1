import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useWizardStyles } from './wizardStyles';

/** Says that the backend has no encryption key, so {children}: what a connection created here cannot do. */
export function NoSecretsNotice(props: { children: ReactNode }) {
  const classes = useWizardStyles();
  return (
    <Box className={classes.notice} role="note" data-testid="maestro-discovery-no-secrets">
      <Typography variant="body2">
        <strong>Secrets cannot be stored</strong>: the backend has no encryption key (maestro.discovery.encryptionKey),
        so {props.children}
      </Typography>
    </Box>
  );
}
