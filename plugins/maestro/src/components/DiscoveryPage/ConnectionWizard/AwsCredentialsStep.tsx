import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import type { DiscoveryConnectionView } from '../../../api';
import { describeApiError } from '../../../shared/apiErrors';
import { AWS_CREDENTIAL_MODES } from './awsCredentialModes';
import type { ChangeDraft, ConnectionDraft, CredentialsMode } from './connectionDraft';
import { CopyHeading } from './CopyHeading';
import { NoSecretsNotice } from './NoSecretsNotice';
import { useWizardFields, WizardFieldProblem, WizardSecretField, WizardTextField } from './wizardFields';
import { useWizardStyles } from './wizardStyles';

/** Props of {@link AwsCredentialsStep}. */
export interface AwsCredentialsStepProps {
  draft: ConnectionDraft;
  set: ChangeDraft;
  /** The connection edited; absent when creating one. */
  connection?: DiscoveryConnectionView;
  canStoreSecrets: boolean;
  /** The read-only IAM policy the credentials need, as JSON text (or why it could not be loaded). */
  policy: { value?: string; error?: Error };
  /** What the last copy did, if anything. */
  copied?: string;
  onCopy: (text: string, what: string) => void;
}

/**
 * The credentials of an AWS connection: static keys (the secret write-only), a role to assume, or the backend's
 * own identity; the endpoint override; and the read-only IAM policy to grant, to copy.
 */
export function AwsCredentialsStep(props: AwsCredentialsStepProps) {
  const { draft, set, connection, canStoreSecrets, policy, copied, onCopy } = props;
  const editing = !!connection;
  const classes = useWizardStyles();
  const { saving } = useWizardFields();
  // the external id is write-only: say when one is kept
  const externalIdHint = connection?.aws?.hasExternalId
    ? 'An external id is stored: leave empty to keep it (it is dropped when the role changes).'
    : undefined;
  // the static mode is offered when a secret can be stored, or kept by a connection that already holds one
  const modes = AWS_CREDENTIAL_MODES.filter(
    m => m.mode !== 'static' || canStoreSecrets || (editing && draft.mode === 'static'),
  );
  return (
    <>
      {!canStoreSecrets && (
        <NoSecretsNotice>
          a connection created here cannot hold a secret access key. It can use the backend’s own identity (a role or
          account your operator allow-listed in maestro.discovery.aws.backendIdentity), or define the connection in
          app-config with its keys from the environment.
        </NoSecretsNotice>
      )}
      <FormControl component="fieldset" disabled={saving} fullWidth>
        <FormLabel component="legend">Credentials</FormLabel>
        <RadioGroup
          aria-label="Credentials"
          name="maestro-discovery-credentials"
          value={draft.mode}
          onChange={e => set({ mode: e.target.value as CredentialsMode }, 'aws')}
        >
          {modes.map(m => (
            <FormControlLabel key={m.mode} value={m.mode} control={<Radio />} label={m.label} />
          ))}
        </RadioGroup>
        <FormHelperText>{AWS_CREDENTIAL_MODES.find(m => m.mode === draft.mode)?.help}</FormHelperText>
      </FormControl>
      <WizardFieldProblem name="aws" />
      {draft.mode === 'static' && (
        <>
          <WizardTextField
            name="aws.accessKeyId"
            label="Access key id"
            value={draft.accessKeyId}
            onChange={accessKeyId => set({ accessKeyId }, 'aws.accessKeyId')}
            required
            hint="AKIA…"
          />
          <WizardSecretField
            name="aws.secretAccessKey"
            label="Secret access key"
            value={draft.secretAccessKey}
            onChange={secretAccessKey => set({ secretAccessKey }, 'aws.secretAccessKey')}
            required={!editing}
            canStore={canStoreSecrets}
            // without an encryption key the field stays refused, even with a secret stored
            stored={canStoreSecrets && editing && !!connection?.hasSecret}
            storedHint="A secret is stored: leave empty to keep it."
          />
          <WizardTextField
            name="aws.roleArn"
            label="Role ARN to assume (optional)"
            value={draft.roleArn}
            onChange={roleArn => set({ roleArn }, 'aws.roleArn')}
            hint="arn:aws:iam::<account>:role/<name>, assumed with the keys above."
          />
          {draft.roleArn.trim() && (
            <WizardTextField
              name="aws.externalId"
              label="External id"
              value={draft.externalId}
              onChange={externalId => set({ externalId }, 'aws.externalId')}
              hint={externalIdHint}
            />
          )}
        </>
      )}
      {draft.mode === 'role' && (
        <>
          <WizardTextField
            name="aws.roleArn"
            label="Role ARN"
            value={draft.roleArn}
            onChange={roleArn => set({ roleArn }, 'aws.roleArn')}
            required
            hint="arn:aws:iam::<account>:role/<name>"
          />
          <WizardTextField
            name="aws.externalId"
            label="External id"
            value={draft.externalId}
            onChange={externalId => set({ externalId }, 'aws.externalId')}
            hint={externalIdHint ?? 'When the role’s trust policy asks for one.'}
          />
          <WizardTextField
            name="aws.accountId"
            label="Account id (optional)"
            value={draft.accountId}
            onChange={accountId => set({ accountId }, 'aws.accountId')}
            hint="Take the base credentials from this account of the Backstage AWS integration."
          />
        </>
      )}
      {draft.mode === 'chain' && (
        <WizardTextField
          name="aws.accountId"
          label="Account id (optional)"
          value={draft.accountId}
          onChange={accountId => set({ accountId }, 'aws.accountId')}
          hint="12 digits: use this account of the Backstage AWS integration; empty: the default credential chain."
        />
      )}

      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        Advanced
      </Typography>
      <WizardTextField
        name="endpoint"
        label="Endpoint"
        value={draft.endpoint}
        onChange={endpoint => set({ endpoint }, 'endpoint')}
        hint="Override of the AWS endpoints (a VPC endpoint, LocalStack, a simulator); empty: AWS."
      />

      <CopyHeading
        id="maestro-discovery-policy-title"
        title="Read-only IAM policy the credentials need"
        copied={copied}
        onCopy={() => onCopy(policy.value ?? '', 'policy')}
        disabled={!policy.value}
      />
      {policy.error && (
        <Typography color="error" variant="body2">
          Could not load the policy: {describeApiError(policy.error).message}
        </Typography>
      )}
      {policy.value && (
        <pre className={classes.policy} data-testid="maestro-discovery-policy">
          {policy.value}
        </pre>
      )}
    </>
  );
}
