import { KeyboardEvent, ReactNode, useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CancelIcon from '@material-ui/icons/Cancel';
import useAsync from 'react-use/esm/useAsync';
import type { DiscoveryProvider, ProviderRegions } from '@maestro/plugin-maestro-common';
import { DiscoveryConnectionView, DiscoveryProviderList, maestroApiRef } from '../../../api';
import { describeApiError } from '../../../shared/apiErrors';
import {
  ConnectionDraft,
  CredentialsMode,
  draftOf,
  emptyDraft,
  listDraftOf,
  offeredRegions,
  OpenStackDraft,
  OpenStackInterface,
  openStackRequestOf,
  openStackUserChanged,
  requestOf,
  splitRegions,
  STEPS,
  stepOfField,
} from './connectionDraft';
import {
  apiCallsText,
  openStackProject,
  openStackUser,
  parseDiscoveryProblems,
  providerLabel,
  PROVIDERS,
} from '../discoveryFormat';

const useStyles = makeStyles(theme => ({
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

/** Problems of the last submit (or of Next): by field, and those naming none. */
interface Problems {
  byField: Record<string, string>;
  general: string[];
}

const NO_PROBLEMS: Problems = { byField: {}, general: [] };

/** Field ids, stable for labels and tests. */
const fieldId = (name: string) => `maestro-discovery-${name.replace(/[^\w-]/g, '-')}`;

/** What the checks of a step need to know besides the draft. */
interface CheckContext {
  /** The connection edited; absent when creating one. */
  connection?: DiscoveryConnectionView;
  canStoreSecrets: boolean;
}

/** Problems of the OpenStack credentials: the user, the project and, unless one is kept, the password. */
function checkOpenStack(o: OpenStackDraft, context: CheckContext): Record<string, string> {
  const problems: Record<string, string> = {};
  const { connection, canStoreSecrets } = context;
  if (!o.authUrl.trim()) problems['openstack.authUrl'] = 'is required';
  if (!o.username.trim() && !o.userId.trim()) problems['openstack.username'] = 'is required (or a user id)';
  if (!o.projectId.trim() && !o.projectName.trim()) problems['openstack.projectId'] = 'is required (or a project name)';
  if (!o.password) {
    const kept = !!connection?.hasSecret;
    if (!canStoreSecrets && !kept) {
      problems['openstack.password'] = 'cannot be stored: no encryption key is configured';
    } else if (!kept) {
      problems['openstack.password'] = 'is required';
    } else if (openStackUserChanged(o, connection)) {
      problems['openstack.password'] = 'is required when the auth URL or the user changes';
    }
  }
  return problems;
}

/** Problems a step has before the next one is shown (the backend checks everything again). */
function checkStep(step: number, draft: ConnectionDraft, context: CheckContext): Record<string, string> {
  const editing = !!context.connection;
  const problems: Record<string, string> = {};
  if (step === 0) {
    if (!draft.id.trim()) problems.id = 'is required';
    if (!draft.owner.trim()) problems.owner = 'is required';
  } else if (step === 1) {
    if (draft.regions.length === 0) problems.regions = 'add at least one region';
  } else if (step === 2) {
    if (draft.provider === 'openstack') return checkOpenStack(draft.openstack, context);
    if (draft.mode === 'static') {
      if (!draft.accessKeyId.trim()) problems['aws.accessKeyId'] = 'is required with static keys';
      if (!editing && !draft.secretAccessKey) problems['aws.secretAccessKey'] = 'is required with static keys';
    } else if (draft.mode === 'role' && !draft.roleArn.trim()) {
      problems['aws.roleArn'] = 'is required to assume a role';
    }
  }
  return problems;
}

/** The credential modes, as offered (the static one only when a secret can be stored). */
const MODES: Array<{ mode: CredentialsMode; label: string; help: string }> = [
  {
    mode: 'static',
    label: 'Static access keys',
    help: 'An IAM user’s access key id and secret access key; the secret is stored encrypted and never shown again.',
  },
  {
    mode: 'role',
    label: 'Assume an IAM role',
    help: 'The backend’s own credentials (the Backstage AWS integration, or the default credential chain) assume this role: only for role ARNs your operator allow-lists (maestro.discovery.aws.backendIdentity.roleArns); with static keys above, any role they may assume.',
  },
  {
    mode: 'chain',
    label: 'Backstage AWS integration or default credential chain',
    help: 'The backend’s own identity: with an account id, that account’s credentials in the Backstage AWS integration (aws.accounts in app-config); without, the SDK’s default credential chain. Only for accounts your operator allow-lists (maestro.discovery.aws.backendIdentity.accounts); otherwise define the connection in app-config.',
  },
];

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

/** What the review shows of a secret: never the secret itself. */
function secretState(typed: string, kept: boolean): string {
  if (typed) return '••• (will be stored encrypted)';
  return kept ? 'unchanged' : 'none';
}

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
  const editing = !!connection;
  const classes = useStyles();
  const api = useApi(maestroApiRef);

  const providers = useAsync(() => api.getDiscoveryProviders(), [api]);
  const [draft, setDraft] = useState<ConnectionDraft>(() => (connection ? draftOf(connection) : emptyDraft(true)));
  const provider = draft.provider;
  const policy = useAsync(
    async () => (provider === 'aws' ? JSON.stringify(await api.getAwsDiscoveryPolicy(), null, 2) : undefined),
    [api, provider],
  );
  const regionSetting = useAsync(async () => {
    const { items } = await api.getSettings();
    return items.find(s => s.key === 'regions')?.value as ProviderRegions | undefined;
  }, [api]);

  const canStoreSecrets = providers.value?.canStoreSecrets ?? true;
  const context: CheckContext = { connection, canStoreSecrets };
  // the external id is write-only: say when one is kept
  const externalIdHint = connection?.aws?.hasExternalId
    ? 'An external id is stored: leave empty to keep it (it is dropped when the role changes).'
    : undefined;
  // once the providers are known: without a place for secrets, a new connection starts on a non-secret mode
  const [modeChecked, setModeChecked] = useState(editing);
  if (!modeChecked && providers.value) {
    setModeChecked(true);
    if (!providers.value.canStoreSecrets && draft.mode === 'static') setDraft(d => ({ ...d, mode: 'role' }));
  }
  const [step, setStep] = useState(0);
  const [regionInput, setRegionInput] = useState('');
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [failure, setFailure] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [copied, setCopied] = useState<string | undefined>();

  const lists: DiscoveryProviderList[] = useMemo(
    () => providers.value?.items.find(p => p.provider === draft.provider)?.lists ?? [],
    [providers.value, draft.provider],
  );
  const offered = offeredRegions(regionSetting.value, draft.provider);
  const apiCalls = apiCallsText(lists);
  // the static mode is offered when a secret can be stored, or kept by a connection that already holds one
  const modes = MODES.filter(m => m.mode !== 'static' || canStoreSecrets || (editing && draft.mode === 'static'));

  const set = (change: Partial<ConnectionDraft>, ...fields: string[]) => {
    setDraft(d => ({ ...d, ...change }));
    if (fields.some(f => problems.byField[f])) {
      setProblems(p => ({
        ...p,
        byField: Object.fromEntries(Object.entries(p.byField).filter(([f]) => !fields.includes(f))),
      }));
    }
  };
  const setOpenStack = (change: Partial<OpenStackDraft>) => {
    const fields = Object.keys(change).map(f => `openstack.${f}`);
    // the backend names the user by the username, the project by the project id, whichever was left out
    if ('userId' in change) fields.push('openstack.username');
    if ('projectName' in change) fields.push('openstack.projectId');
    set({ openstack: { ...draft.openstack, ...change } }, ...fields, 'openstack');
  };
  const chooseProvider = (chosen: DiscoveryProvider) => {
    if (chosen === draft.provider) return;
    // the regions and the lists' settings of one provider mean nothing to another
    set({ provider: chosen, regions: [], lists: {} }, 'provider', 'regions', 'lists');
    setRegionInput('');
    setCopied(undefined);
  };
  const stepOf = (field: string) => stepOfField(field, draft.provider);
  const error = (field: string) => problems.byField[field];
  const helper = (field: string, hint?: ReactNode) => error(field) ?? hint;

  // ---- regions: chips, typed (Enter, comma, space) or picked among the settings' regions
  const regionsWith = (text: string) => {
    const added = splitRegions(text).filter(r => !draft.regions.includes(r));
    return added.length ? [...draft.regions, ...added] : draft.regions;
  };
  const commitRegionInput = () => {
    if (!regionInput.trim()) return draft.regions;
    const regions = regionsWith(regionInput);
    set({ regions }, 'regions');
    setRegionInput('');
    return regions;
  };
  const onRegionKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      commitRegionInput();
    } else if (e.key === 'Backspace' && !regionInput && draft.regions.length) {
      set({ regions: draft.regions.slice(0, -1) }, 'regions');
    }
  };

  const goTo = (next: number) => {
    setStep(next);
    setFailure(undefined);
  };
  const next = () => {
    const current = step === 1 ? { ...draft, regions: commitRegionInput() } : draft;
    const found = checkStep(step, current, context);
    if (Object.keys(found).length) {
      setProblems(p => ({ ...p, byField: { ...p.byField, ...found } }));
      return;
    }
    goTo(step + 1);
  };

  const submit = async () => {
    const current = { ...draft, regions: commitRegionInput() };
    // the steps' own checks first: show the first step with a problem
    for (let s = 0; s < STEPS.length; s++) {
      const found = checkStep(s, current, context);
      if (Object.keys(found).length) {
        setProblems({ byField: found, general: [] });
        setStep(s);
        return;
      }
    }
    setSaving(true);
    setFailure(undefined);
    setProblems(NO_PROBLEMS);
    try {
      const request = requestOf(current, lists);
      const saved = connection
        ? await api.updateDiscoveryConnection(connection.id, { ...request, version: connection.version ?? 0 })
        : await api.createDiscoveryConnection(request);
      onSaved(saved);
    } catch (e) {
      const described = describeApiError(e);
      const parsed = described.status === 400 || described.status === 409 ? parseDiscoveryProblems(described.message) : [];
      const byField: Record<string, string> = {};
      const general: string[] = [];
      for (const p of parsed) {
        if (p.field && stepOf(p.field) >= 0) byField[p.field] = byField[p.field] ? `${byField[p.field]}; ${p.message}` : p.message;
        else general.push(p.field ? `${p.field}: ${p.message}` : p.message);
      }
      setProblems({ byField, general });
      const steps = Object.keys(byField).map(stepOf);
      if (steps.length) setStep(Math.min(...steps));
      if (described.status === 409 && !byField.id) {
        setFailure(
          editing
            ? `Not saved: ${described.message}. Close the wizard and open it again to edit the current version.`
            : `Not saved: ${described.message}`,
        );
      } else if (described.status === 403) {
        setFailure('Not saved: you may not manage discovery connections.');
      } else if (described.status === 400 || described.status === 409) {
        setFailure(`Not saved: the backend found ${parsed.length === 1 ? 'a problem' : `${parsed.length} problems`}.`);
      } else {
        setFailure(`Not saved: ${described.message}`);
      }
    } finally {
      setSaving(false);
    }
  };

  const copy = async (text: string, what: string) => {
    try {
      await window.navigator.clipboard.writeText(text);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied(`Could not copy: select the ${what} and copy it by hand.`);
    }
  };

  // problems of fields on other steps than the one shown, listed at the top
  const elsewhere = Object.entries(problems.byField).filter(([field]) => stepOf(field) !== step);
  // problems of OpenStack fields without an input of their own, listed on the credentials step
  const unplaced = Object.entries(problems.byField).filter(
    ([field]) => stepOf(field) === 2 && draft.provider === 'openstack' && !OPENSTACK_INPUTS.includes(field),
  );

  const textField = (
    name: string,
    label: string,
    value: string,
    onChange: (value: string) => void,
    extra: {
      hint?: ReactNode;
      required?: boolean;
      type?: string;
      placeholder?: string;
      disabled?: boolean;
      /** Keep the label above the input, so that the placeholder shows. */
      shrink?: boolean;
      readOnly?: boolean;
      rows?: number;
    } = {},
  ) => (
    <TextField
      id={fieldId(name)}
      label={label}
      value={value}
      onChange={e => onChange(e.target.value)}
      error={!!error(name)}
      helperText={helper(name, extra.hint)}
      required={extra.required}
      type={extra.type}
      placeholder={extra.placeholder}
      disabled={saving || extra.disabled}
      autoComplete={extra.type === 'password' ? 'new-password' : 'off'}
      InputLabelProps={extra.shrink ? { shrink: true } : undefined}
      InputProps={extra.readOnly ? { readOnly: true } : undefined}
      multiline={!!extra.rows}
      minRows={extra.rows}
      fullWidth
      variant="outlined"
      margin="dense"
    />
  );

  /** A native select in the wizard's style, with the field's error or hint under it. */
  const selectField = <T extends string>(
    name: string,
    label: string,
    value: T,
    onChange: (value: T) => void,
    options: ReadonlyArray<{ value: T; label: string }>,
    extra: { hint?: ReactNode; disabled?: boolean } = {},
  ) => (
    <TextField
      id={fieldId(name)}
      select
      label={label}
      value={value}
      onChange={e => onChange(e.target.value as T)}
      SelectProps={{ native: true }}
      error={!!error(name)}
      helperText={helper(name, extra.hint)}
      disabled={saving || extra.disabled}
      fullWidth
      variant="outlined"
      margin="dense"
    >
      {options.map(option => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </TextField>
  );

  const noSecretsNotice = (text: ReactNode) => (
    <Box className={classes.notice} role="note" data-testid="maestro-discovery-no-secrets">
      <Typography variant="body2">
        <strong>Secrets cannot be stored</strong>: the backend has no encryption key
        (maestro.discovery.encryptionKey), so {text}
      </Typography>
    </Box>
  );

  // ---- the OpenStack credentials: Keystone v3, password authentication scoped to one project
  const openStackCredentials = () => {
    const o = draft.openstack;
    const kept = editing && !!connection?.hasSecret;
    let passwordHint = 'Stored encrypted; never shown again.';
    if (!canStoreSecrets && !kept) passwordHint = 'Cannot be stored: no encryption key is configured.';
    else if (kept) passwordHint = 'A password is stored: leave empty to keep it (it is asked again when the auth URL or the user changes).';
    return (
      <>
        {!canStoreSecrets &&
          noSecretsNotice(
            <>
              a connection created here cannot hold the OpenStack password it authenticates with. Define the
              connection in app-config with its password from the environment, or configure the key.
            </>,
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
          {textField('openstack.authUrl', 'Auth URL', o.authUrl, authUrl => setOpenStack({ authUrl }), {
            required: true,
            placeholder: 'https://keystone.example.com:5000/v3',
            hint: 'The Keystone (identity) endpoint; /v3 is added when missing.',
          })}
          {textField('openstack.apiVersion', 'API version', 'v3', () => undefined, {
            readOnly: true,
            hint: 'Keystone v3 only (v2.0 was removed upstream).',
          })}
        </Box>
        <Box className={classes.pair}>
          {textField('openstack.username', 'Username', o.username, username => setOpenStack({ username }), {
            required: !o.userId.trim(),
            hint: 'A user with a read-only role on the project.',
          })}
          {textField(
            'openstack.password',
            'Password',
            o.password,
            password => setOpenStack({ password }),
            {
              type: 'password',
              required: !kept,
              disabled: !canStoreSecrets && !kept,
              placeholder: kept ? 'stored — leave empty to keep' : undefined,
              shrink: kept || undefined,
              hint: passwordHint,
            },
          )}
        </Box>
        <Box className={classes.pair}>
          {textField('openstack.userDomainId', 'User domain ID', o.userDomainId, userDomainId =>
            setOpenStack({ userDomainId }), { placeholder: 'default', hint: 'Domain of the user; empty: default.' })}
          {textField('openstack.projectId', 'Project ID', o.projectId, projectId => setOpenStack({ projectId }), {
            required: !o.projectName.trim(),
            hint: 'The project to discover; or leave empty and give its name below.',
          })}
        </Box>
        <Box className={classes.pair}>
          {textField('openstack.projectName', 'Project name', o.projectName, projectName =>
            setOpenStack({ projectName }), { hint: 'Instead of the project id, with the project domain.' })}
          {textField('openstack.projectDomainId', 'Project domain ID', o.projectDomainId, projectDomainId =>
            setOpenStack({ projectDomainId }), { hint: 'With a project name; empty: the user’s domain.' })}
        </Box>

        <Typography variant="subtitle2" style={{ marginTop: 16 }}>
          Advanced
        </Typography>
        <Box className={classes.pair}>
          {selectField('openstack.interface', 'Interface', o.interface, value => setOpenStack({ interface: value }), INTERFACES, {
            hint: 'Endpoints of the service catalog to call.',
          })}
          {textField('openstack.userId', 'User ID', o.userId, userId => setOpenStack({ userId }), {
            hint: 'Instead of the username and its domain.',
          })}
        </Box>
        <Box className={classes.pair}>
          {textField('openstack.userDomainName', 'User domain name', o.userDomainName, userDomainName =>
            setOpenStack({ userDomainName }), { hint: 'Instead of the user domain id.' })}
          {textField('openstack.projectDomainName', 'Project domain name', o.projectDomainName, projectDomainName =>
            setOpenStack({ projectDomainName }), { hint: 'Instead of the project domain id.' })}
        </Box>
        {textField('openstack.caBundle', 'CA bundle', o.caBundle, caBundle => setOpenStack({ caBundle }), {
          rows: 4,
          placeholder: '-----BEGIN CERTIFICATE-----',
          hint: 'PEM of the CA(s) that signed the cloud’s certificates (a private CA); replaces the system CAs.',
        })}
        <FormControl error={!!error('openstack.insecure')} disabled={saving} fullWidth>
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
          <FormHelperText className={error('openstack.insecure') ? undefined : classes.warning} role={o.insecure ? 'note' : undefined}>
            {helper(
              'openstack.insecure',
              'Not recommended: the certificates are not checked, so anyone on the way can pose as the cloud and read the password. Give the CA bundle instead.',
            )}
          </FormHelperText>
        </FormControl>

        <Box display="flex" alignItems="center" mt={2}>
          <Typography variant="subtitle2" style={{ flex: 1 }} id="maestro-discovery-api-calls-title">
            Read-only API calls the credentials need
          </Typography>
          {copied && (
            <Typography variant="body2" color="textSecondary" role="status" style={{ marginRight: 8 }}>
              {copied}
            </Typography>
          )}
          <Button size="small" onClick={() => copy(apiCalls, 'calls')} disabled={!apiCalls}>
            Copy
          </Button>
        </Box>
        <Typography variant="body2" color="textSecondary">
          Every call only reads: the <code>reader</code> role on the project suffices (or <code>member</code> on
          clouds whose policies predate the reader role); no admin role is needed.
        </Typography>
        {apiCalls && (
          <pre className={classes.policy} data-testid="maestro-discovery-api-calls" aria-labelledby="maestro-discovery-api-calls-title">
            {apiCalls}
          </pre>
        )}
      </>
    );
  };

  // ---- the review, on the last step: what is sent, never a secret
  const reviewRows = (): Array<[string, string]> => {
    const kept = editing && !!connection?.hasSecret;
    const rows: Array<[string, string]> = [
      ['Provider', providerLabel(draft.provider)],
      ['Connection', draft.title.trim() ? `${draft.id.trim()} · ${draft.title.trim()}` : draft.id.trim()],
      ['Datacenter', draft.datacenter.trim() || draft.id.trim()],
      ['Regions', draft.regions.join(', ')],
      ['Owner', draft.owner.trim()],
    ];
    if (draft.provider === 'openstack') {
      const o = openStackRequestOf(draft.openstack);
      let tls = 'verified with the system CAs';
      if (o.insecure) tls = 'NOT verified';
      else if (o.caBundle) tls = 'verified with the CA bundle';
      rows.push(
        ['Auth URL', `${o.authUrl} (Keystone v3)`],
        ['User', openStackUser(o)],
        ['Password', secretState(draft.openstack.password, kept)],
        ['Project', openStackProject(o)],
        ['Interface', o.interface ?? 'public'],
        ['TLS', tls],
      );
    } else {
      rows.push(['Credentials', MODES.find(m => m.mode === draft.mode)?.label ?? '']);
      if (draft.mode === 'static') {
        rows.push(['Access key id', draft.accessKeyId.trim()], ['Secret access key', secretState(draft.secretAccessKey, kept)]);
      }
      if (draft.mode !== 'chain' && draft.roleArn.trim()) rows.push(['Role', draft.roleArn.trim()]);
      if (draft.mode !== 'static' && draft.accountId.trim()) rows.push(['Account id', draft.accountId.trim()]);
      if (draft.endpoint.trim()) rows.push(['Endpoint', draft.endpoint.trim()]);
    }
    return rows;
  };

  const stepContent = () => {
    switch (step) {
      case 0:
        return (
          <>
            {selectField(
              'provider',
              'Provider',
              draft.provider,
              chooseProvider,
              PROVIDERS.map(p => ({ value: p.provider, label: p.label })),
              { hint: editing ? 'The provider cannot change.' : undefined, disabled: editing },
            )}
            {textField('id', 'Connection id', draft.id, id => set({ id }, 'id'), {
              required: true,
              disabled: editing,
              hint: editing
                ? 'The id cannot change.'
                : `Lower-case letters, digits and dashes (${draft.provider}-prod); names the connection for good.`,
            })}
            {textField('title', 'Title', draft.title, title => set({ title }, 'title'), {
              hint: `Shown in the list, e.g. ${draft.provider === 'openstack' ? 'Production cloud' : 'Production account'}.`,
            })}
            {textField('datacenter', 'Datacenter', draft.datacenter, datacenter => set({ datacenter }, 'datacenter'), {
              placeholder: draft.id || undefined,
              hint: `Name of the Datacenter record the discovered resources are placed in (created when missing); empty: ${
                draft.id.trim() || 'the connection id'
              }.`,
            })}
            {textField('owner', 'Owner', draft.owner, owner => set({ owner }, 'owner'), {
              required: true,
              hint: 'Entity ref of the group that owns the discovered records and is told when discovery fails.',
            })}
          </>
        );
      case 1:
        return (
          <>
            <Box className={classes.chips} data-testid="maestro-discovery-selected-regions">
              {draft.regions.length === 0 && (
                <Typography variant="body2" color="textSecondary">
                  No region yet.
                </Typography>
              )}
              {draft.regions.map(region => (
                <Chip
                  key={region}
                  label={region}
                  color="primary"
                  disabled={saving}
                  onDelete={() => set({ regions: draft.regions.filter(r => r !== region) }, 'regions')}
                  deleteIcon={<CancelIcon aria-label={`Remove ${region}`} />}
                />
              ))}
            </Box>
            <TextField
              id={fieldId('regions')}
              label="Regions"
              value={regionInput}
              onChange={e => setRegionInput(e.target.value)}
              onKeyDown={onRegionKeyDown}
              onBlur={() => commitRegionInput()}
              error={!!error('regions')}
              helperText={helper(
                'regions',
                draft.provider === 'openstack'
                  ? 'Type a region as the Keystone catalog names it (RegionOne) and press Enter; several at once: separate them with commas.'
                  : 'Type a region (eu-west-1) and press Enter; several at once: separate them with commas.',
              )}
              disabled={saving}
              autoComplete="off"
              fullWidth
              variant="outlined"
              margin="dense"
            />
            {offered.length > 0 && (
              <>
                <Typography variant="subtitle2" style={{ marginTop: 16 }}>
                  Regions from the Maestro settings
                </Typography>
                <Box className={classes.chips}>
                  {offered.map(region => {
                    const selected = draft.regions.includes(region.id);
                    return (
                      <Chip
                        key={region.id}
                        label={region.name ? `${region.id} · ${region.name}` : region.id}
                        variant={selected ? 'default' : 'outlined'}
                        color={selected ? 'primary' : 'default'}
                        clickable
                        disabled={saving}
                        aria-pressed={selected}
                        aria-label={`${selected ? 'Remove' : 'Add'} region ${region.id}`}
                        onClick={() =>
                          set(
                            {
                              regions: selected
                                ? draft.regions.filter(r => r !== region.id)
                                : [...draft.regions, region.id],
                            },
                            'regions',
                          )
                        }
                      />
                    );
                  })}
                </Box>
              </>
            )}
          </>
        );
      case 2:
        if (draft.provider === 'openstack') return openStackCredentials();
        return (
          <>
            {!canStoreSecrets &&
              noSecretsNotice(
                <>
                  a connection created here cannot hold a secret access key. It can use the backend’s own identity (a
                  role or account your operator allow-listed in maestro.discovery.aws.backendIdentity), or define the
                  connection in app-config with its keys from the environment.
                </>,
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
              <FormHelperText>{MODES.find(m => m.mode === draft.mode)?.help}</FormHelperText>
            </FormControl>
            {error('aws') && (
              <Typography color="error" variant="body2" role="alert">
                {error('aws')}
              </Typography>
            )}
            {draft.mode === 'static' && (
              <>
                {textField('aws.accessKeyId', 'Access key id', draft.accessKeyId, accessKeyId =>
                  set({ accessKeyId }, 'aws.accessKeyId'), { required: true, hint: 'AKIA…' })}
                {textField(
                  'aws.secretAccessKey',
                  'Secret access key',
                  draft.secretAccessKey,
                  secretAccessKey => set({ secretAccessKey }, 'aws.secretAccessKey'),
                  {
                    type: 'password',
                    required: !editing,
                    disabled: !canStoreSecrets,
                    hint: (() => {
                      if (!canStoreSecrets) return 'Cannot be stored: no encryption key is configured.';
                      if (editing && connection?.hasSecret) return 'A secret is stored: leave empty to keep it.';
                      return 'Stored encrypted; never shown again.';
                    })(),
                  },
                )}
                {textField('aws.roleArn', 'Role ARN to assume (optional)', draft.roleArn, roleArn =>
                  set({ roleArn }, 'aws.roleArn'), { hint: 'arn:aws:iam::<account>:role/<name>, assumed with the keys above.' })}
                {draft.roleArn.trim() &&
                  textField('aws.externalId', 'External id', draft.externalId, externalId =>
                    set({ externalId }, 'aws.externalId'), { hint: externalIdHint })}
              </>
            )}
            {draft.mode === 'role' && (
              <>
                {textField('aws.roleArn', 'Role ARN', draft.roleArn, roleArn => set({ roleArn }, 'aws.roleArn'), {
                  required: true,
                  hint: 'arn:aws:iam::<account>:role/<name>',
                })}
                {textField('aws.externalId', 'External id', draft.externalId, externalId =>
                  set({ externalId }, 'aws.externalId'), { hint: externalIdHint ?? 'When the role’s trust policy asks for one.' })}
                {textField('aws.accountId', 'Account id (optional)', draft.accountId, accountId =>
                  set({ accountId }, 'aws.accountId'), {
                  hint: 'Take the base credentials from this account of the Backstage AWS integration.',
                })}
              </>
            )}
            {draft.mode === 'chain' &&
              textField('aws.accountId', 'Account id (optional)', draft.accountId, accountId =>
                set({ accountId }, 'aws.accountId'), {
                hint: '12 digits: use this account of the Backstage AWS integration; empty: the default credential chain.',
              })}

            <Typography variant="subtitle2" style={{ marginTop: 16 }}>
              Advanced
            </Typography>
            {textField('endpoint', 'Endpoint', draft.endpoint, endpoint => set({ endpoint }, 'endpoint'), {
              hint: 'Override of the AWS endpoints (a VPC endpoint, LocalStack, a simulator); empty: AWS.',
            })}

            <Box display="flex" alignItems="center" mt={2}>
              <Typography variant="subtitle2" style={{ flex: 1 }} id="maestro-discovery-policy-title">
                Read-only IAM policy the credentials need
              </Typography>
              {copied && (
                <Typography variant="body2" color="textSecondary" role="status" style={{ marginRight: 8 }}>
                  {copied}
                </Typography>
              )}
              <Button size="small" onClick={() => copy(policy.value ?? '', 'policy')} disabled={!policy.value}>
                Copy
              </Button>
            </Box>
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
      default:
        return (
          <>
            {error('lists') && (
              <Typography color="error" variant="body2" role="alert">
                {error('lists')}
              </Typography>
            )}
            {providers.error && (
              <Typography color="error" variant="body2" role="alert">
                Could not load the provider’s lists: {describeApiError(providers.error).message}
              </Typography>
            )}
            <Table size="small" aria-label="Lists">
              <TableHead>
                <TableRow>
                  <TableCell>List</TableCell>
                  <TableCell>Every (minutes)</TableCell>
                  <TableCell>{draft.provider === 'openstack' ? 'API calls' : 'IAM actions'}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {lists.map(list => {
                  const setting = listDraftOf(draft, list);
                  const setList = (change: Partial<typeof setting>, field: string) =>
                    set({ lists: { ...draft.lists, [list.id]: { ...setting, ...change } } }, field, `lists.${list.id}`);
                  const minutesField = `lists.${list.id}.frequencyMinutes`;
                  const listError = error(`lists.${list.id}`) ?? error(`lists.${list.id}.enabled`);
                  return (
                    <TableRow key={list.id} data-testid={`maestro-discovery-wizard-list-${list.id}`}>
                      <TableCell>
                        <FormControlLabel
                          control={
                            <Checkbox
                              checked={setting.enabled}
                              onChange={e => setList({ enabled: e.target.checked }, `lists.${list.id}.enabled`)}
                              disabled={saving}
                            />
                          }
                          label={list.title}
                        />
                        {list.global && (
                          <Typography variant="caption" color="textSecondary" display="block">
                            Global: crawled once, not per region
                          </Typography>
                        )}
                        {listError && (
                          <Typography variant="caption" color="error" display="block">
                            {listError}
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell style={{ width: 170 }}>
                        <TextField
                          id={fieldId(`list-${list.id}-minutes`)}
                          type="number"
                          value={setting.minutes}
                          onChange={e => setList({ minutes: e.target.value }, minutesField)}
                          inputProps={{ min: 1, max: 10080, 'aria-label': `Minutes between runs of ${list.title}` }}
                          error={!!error(minutesField)}
                          helperText={error(minutesField) ?? `default ${list.defaultFrequencyMinutes}`}
                          disabled={saving || !setting.enabled}
                          variant="outlined"
                          margin="dense"
                          size="small"
                        />
                      </TableCell>
                      <TableCell>
                        <Typography variant="caption">{list.iamActions.join(', ')}</Typography>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
            <Typography variant="subtitle2" style={{ marginTop: 24 }} id="maestro-discovery-review-title">
              Review
            </Typography>
            <Table size="small" className={classes.review} aria-labelledby="maestro-discovery-review-title" data-testid="maestro-discovery-review">
              <TableBody>
                {reviewRows().map(([label, value]) => (
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
  };

  const last = step === STEPS.length - 1;
  const title = editing ? `Edit connection ${connection!.id}` : 'Add a discovery connection';
  return (
    <Dialog open onClose={saving ? undefined : onClose} maxWidth="md" fullWidth aria-labelledby="maestro-discovery-wizard-title">
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
        {stepContent()}
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
        <Button onClick={() => goTo(step - 1)} disabled={saving || step === 0}>
          Back
        </Button>
        {last ? (
          <Button variant="contained" color="primary" onClick={submit} disabled={saving || !providers.value}>
            {editing ? 'Save connection' : 'Create connection'}
          </Button>
        ) : (
          <Button variant="contained" color="primary" onClick={next} disabled={saving}>
            Next
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
