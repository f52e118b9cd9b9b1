import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import type { DiscoveryConnectionView } from '../../../api';
import { ConnectionReview } from './ConnectionReview';
import { STEPS } from './connectionDraft';
import { CredentialsStep } from './CredentialsStep';
import { GeneralStep } from './GeneralStep';
import { ListsStep } from './ListsStep';
import { RegionsStep } from './RegionsStep';
import { useConnectionWizard } from './useConnectionWizard';
import { WizardFieldsProvider } from './wizardFields';
import { useWizardStyles } from './wizardStyles';

/** Props of {@link ConnectionWizard}. */
export interface ConnectionWizardProps {
  /** The connection to edit (an API-defined one); absent to create one. */
  connection?: DiscoveryConnectionView;
  onClose: () => void;
  /** Called with the connection the backend returned after a successful create or update. */
  onSaved: (connection: DiscoveryConnectionView) => void;
}

/**
 * The "Add connection" wizard (and its edit form), a dialog of four steps: the connection (provider, id, title,
 * datacenter, owner), the regions, the credentials (AWS: with the IAM policy to grant; OpenStack: Keystone v3
 * password authentication, with the API calls the project role must allow), the lists to run and how often,
 * with a review of the whole (never a secret). Problems the backend reports (400) are shown next to the fields
 * they name; the dialog stays open. Mount it when it opens: it starts from the connection (or empty) each time.
 */
export function ConnectionWizard(props: ConnectionWizardProps) {
  const { connection, onClose, onSaved } = props;
  const classes = useWizardStyles();
  const wizard = useConnectionWizard({ connection, onSaved });
  const { editing, draft, step, problems, failure, saving, providers, lists, stepOf } = wizard;

  // problems of fields on other steps than the one shown, listed at the top
  const elsewhere = Object.entries(problems.byField).filter(([field]) => stepOf(field) !== step);

  const stepContent = () => {
    switch (step) {
      case 0:
        return (
          <GeneralStep draft={draft} set={wizard.set} editing={editing} onProviderChange={wizard.chooseProvider} />
        );
      case 1:
        return (
          <RegionsStep
            draft={draft}
            set={wizard.set}
            input={wizard.regionInput}
            onInputChange={wizard.setRegionInput}
            onInputKeyDown={wizard.onRegionKeyDown}
            onInputCommit={wizard.commitRegionInput}
            offered={wizard.offered}
          />
        );
      case 2:
        return (
          <CredentialsStep
            draft={draft}
            set={wizard.set}
            setOpenStack={wizard.setOpenStack}
            connection={connection}
            canStoreSecrets={wizard.canStoreSecrets}
            lists={lists}
            policy={wizard.policy}
            copied={wizard.copied}
            onCopy={wizard.copy}
          />
        );
      default:
        return (
          <>
            <ListsStep draft={draft} set={wizard.set} lists={lists} listsError={providers.error} />
            <ConnectionReview draft={draft} secretKept={editing && !!connection?.hasSecret} />
          </>
        );
    }
  };

  const last = step === STEPS.length - 1;
  const title = editing ? `Edit connection ${connection!.id}` : 'Add a discovery connection';
  return (
    <Dialog
      open
      onClose={saving ? undefined : onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="maestro-discovery-wizard-title"
    >
      <DialogTitle id="maestro-discovery-wizard-title">{title}</DialogTitle>
      <DialogContent dividers>
        <Stepper activeStep={step} alternativeLabel style={{ padding: '0 0 16px' }}>
          {STEPS.map((label, i) => (
            <Step key={label} completed={i < step}>
              <StepLabel error={Object.keys(problems.byField).some(f => stepOf(f) === i)}>{label}</StepLabel>
            </Step>
          ))}
        </Stepper>
        {(failure || elsewhere.length > 0 || problems.general.length > 0) && (
          <Box className={classes.alert} role="alert" data-testid="maestro-discovery-wizard-error">
            {failure && <Typography variant="body2">{failure}</Typography>}
            {problems.general.map(message => (
              <Typography key={message} variant="body2">
                {message}
              </Typography>
            ))}
            {elsewhere.map(([field, message]) => (
              <Typography key={field} variant="body2">
                {STEPS[stepOf(field)]} step, {field}: {message}
              </Typography>
            ))}
          </Box>
        )}
        {providers.loading && (
          <Typography variant="body2" color="textSecondary">
            Loading the providers…
          </Typography>
        )}
        <WizardFieldsProvider problems={problems.byField} saving={saving}>
          {stepContent()}
        </WizardFieldsProvider>
      </DialogContent>
      <DialogActions>
        {saving && (
          <Typography variant="body2" color="textSecondary" role="status">
            Saving…
          </Typography>
        )}
        <Button onClick={onClose} disabled={saving}>
          Cancel
        </Button>
        <Button onClick={() => wizard.goTo(step - 1)} disabled={saving || step === 0}>
          Back
        </Button>
        {last ? (
          <Button variant="contained" color="primary" onClick={wizard.submit} disabled={saving || !providers.value}>
            {editing ? 'Save connection' : 'Create connection'}
          </Button>
        ) : (
          <Button variant="contained" color="primary" onClick={wizard.next} disabled={saving}>
            Next
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
