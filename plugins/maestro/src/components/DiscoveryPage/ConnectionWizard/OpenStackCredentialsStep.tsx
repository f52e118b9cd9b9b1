import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import Typography from '@material-ui/core/Typography';
import type { DiscoveryConnectionView, DiscoveryProviderList } from '../../../api';
import { apiCallsText } from '../discoveryFormat';
import { stepOfField } from './connectionDraft';
import { CopyHeading } from './CopyHeading';
import { NoSecretsNotice } from './NoSecretsNotice';
import type { OpenStackDraft, OpenStackInterface } from './openStackDraft';
import { fieldId, useWizardFields, WizardSecretField, WizardSelectField, WizardTextField } from './wizardFields';
import { useWizardStyles } from './wizardStyles';

/** The OpenStack fields that have an input (the problems of others are listed above the step). */
const OPENSTACK_INPUTS = [
  'authUrl',
  'apiVersion',
  'username',
  'userId',
  'password',
  'userDomainId',
  'userDomainName',
  'projectId',
  'projectName',
  'projectDomainId',
  'projectDomainName',
  'interface',
  'caBundle',
  'insecure',
].map(f => `openstack.${f}`);

const INTERFACES: Array<{ value: OpenStackInterface; label: string }> = [
  { value: 'public', label: 'public (default)' },
  { value: 'internal', label: 'internal' },
  { value: 'admin', label: 'admin' },
];

/** Props of {@link OpenStackCredentialsStep}. */
export interface OpenStackCredentialsStepProps {
  draft: OpenStackDraft;
  /** Changes the OpenStack draft, and clears the problems of the fields changed. */
  onChange: (change: Partial<OpenStackDraft>) => void;
  /** The connection edited; absent when creating one. */
  connection?: DiscoveryConnectionView;
  canStoreSecrets: boolean;
  /** The provider's lists: the API calls they make, which the project role must allow. */
  lists: DiscoveryProviderList[];
  /** What the last copy did, if anything. */
  copied?: string;
  onCopy: (text: string, what: string) => void;
}

/**
 * The credentials of an OpenStack connection: Keystone v3, password authentication scoped to one project (the
 * password write-only), the TLS settings, and the read-only API calls the project role must allow, to copy.
 */
export function OpenStackCredentialsStep(props: OpenStackCredentialsStepProps) {
  const { draft: o, onChange: setOpenStack, connection, canStoreSecrets, lists, copied, onCopy } = props;
  const classes = useWizardStyles();
  const { problems, problemOf, saving } = useWizardFields();
  const kept = !!connection?.hasSecret;
  const apiCalls = apiCallsText(lists);
  // problems of OpenStack fields without an input of their own, listed on top
  const unplaced = Object.entries(problems).filter(
    ([field]) => stepOfField(field, 'openstack') === 2 && !OPENSTACK_INPUTS.includes(field),
  );
  return (
    <>
      {!canStoreSecrets && (
        <NoSecretsNotice>
          a connection created here cannot hold the OpenStack password it authenticates with. Define the connection in
          app-config with its password from the environment, or configure the key.
        </NoSecretsNotice>
      )}
      {unplaced.length > 0 && (
        <Box role="alert">
          {unplaced.map(([field, message]) => (
            <Typography key={field} color="error" variant="body2">
              {field}: {message}
            </Typography>
          ))}
        </Box>
      )}
      <Box className={classes.pair}>
        <WizardTextField
          name="openstack.authUrl"
          label="Auth URL"
          value={o.authUrl}
          onChange={authUrl => setOpenStack({ authUrl })}
          required
          placeholder="https://keystone.example.com:5000/v3"
          hint="The Keystone (identity) endpoint; /v3 is added when missing."
        />
        <WizardTextField
          name="openstack.apiVersion"
          label="API version"
          value="v3"
          onChange={() => undefined}
          readOnly
          hint="Keystone v3 only (v2.0 was removed upstream)."
        />
      </Box>
      <Box className={classes.pair}>
        <WizardTextField
          name="openstack.username"
          label="Username"
          value={o.username}
          onChange={username => setOpenStack({ username })}
          required={!o.userId.trim()}
          hint="A user with a read-only role on the project."
        />
        <WizardSecretField
          name="openstack.password"
          label="Password"
          value={o.password}
          onChange={password => setOpenStack({ password })}
          required={!kept}
          canStore={canStoreSecrets}
          stored={kept}
          storedHint="A password is stored: leave empty to keep it (it is asked again when the auth URL or the user changes)."
          storedPlaceholder
        />
      </Box>
      <Box className={classes.pair}>
        <WizardTextField
          name="openstack.userDomainId"
          label="User domain ID"
          value={o.userDomainId}
          onChange={userDomainId => setOpenStack({ userDomainId })}
          placeholder="default"
          hint="Domain of the user; empty: default."
        />
        <WizardTextField
          name="openstack.projectId"
          label="Project ID"
          value={o.projectId}
          onChange={projectId => setOpenStack({ projectId })}
          required={!o.projectName.trim()}
          hint="The project to discover; or leave empty and give its name below."
        />
      </Box>
      <Box className={classes.pair}>
        <WizardTextField
          name="openstack.projectName"
          label="Project name"
          value={o.projectName}
          onChange={projectName => setOpenStack({ projectName })}
          hint="Instead of the project id, with the project domain."
        />
        <WizardTextField
          name="openstack.projectDomainId"
          label="Project domain ID"
          value={o.projectDomainId}
          onChange={projectDomainId => setOpenStack({ projectDomainId })}
          hint="With a project name; empty: the user’s domain."
        />
      </Box>

      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        Advanced
      </Typography>
      <Box className={classes.pair}>
        <WizardSelectField
          name="openstack.interface"
          label="Interface"
          value={o.interface}
          onChange={value => setOpenStack({ interface: value })}
          options={INTERFACES}
          hint="Endpoints of the service catalog to call."
        />
        <WizardTextField
          name="openstack.userId"
          label="User ID"
          value={o.userId}
          onChange={userId => setOpenStack({ userId })}
          hint="Instead of the username and its domain."
        />
      </Box>
      <Box className={classes.pair}>
        <WizardTextField
          name="openstack.userDomainName"
          label="User domain name"
          value={o.userDomainName}
          onChange={userDomainName => setOpenStack({ userDomainName })}
          hint="Instead of the user domain id."
        />
        <WizardTextField
          name="openstack.projectDomainName"
          label="Project domain name"
          value={o.projectDomainName}
          onChange={projectDomainName => setOpenStack({ projectDomainName })}
          hint="Instead of the project domain id."
        />
      </Box>
      <WizardTextField
        name="openstack.caBundle"
        label="CA bundle"
        value={o.caBundle}
        onChange={caBundle => setOpenStack({ caBundle })}
        rows={4}
        placeholder="-----BEGIN CERTIFICATE-----"
        hint="PEM of the CA(s) that signed the cloud’s certificates (a private CA); replaces the system CAs."
      />
      <FormControl error={!!problemOf('openstack.insecure')} disabled={saving} fullWidth>
        <FormControlLabel
          control={
            <Checkbox
              id={fieldId('openstack.insecure')}
              checked={o.insecure}
              onChange={e => setOpenStack({ insecure: e.target.checked })}
            />
          }
          label="Skip TLS verification"
        />
        <FormHelperText
          className={problemOf('openstack.insecure') ? undefined : classes.warning}
          role={o.insecure ? 'note' : undefined}
        >
          {problemOf('openstack.insecure') ??
            'Not recommended: the certificates are not checked, so anyone on the way can pose as the cloud and read the password. Give the CA bundle instead.'}
        </FormHelperText>
      </FormControl>

      <CopyHeading
        id="maestro-discovery-api-calls-title"
        title="Read-only API calls the credentials need"
        copied={copied}
        onCopy={() => onCopy(apiCalls, 'calls')}
        disabled={!apiCalls}
      />
      <Typography variant="body2" color="textSecondary">
        Every call only reads: the <code>reader</code> role on the project suffices (or <code>member</code> on clouds
        whose policies predate the reader role); no admin role is needed.
      </Typography>
      {apiCalls && (
        <pre
          className={classes.policy}
          data-testid="maestro-discovery-api-calls"
          aria-labelledby="maestro-discovery-api-calls-title"
        >
          {apiCalls}
        </pre>
      )}
    </>
  );
}
