import { createContext, ReactNode, useContext, useMemo } from 'react';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';

/** Field ids, stable for labels and tests (`aws.roleArn` → `maestro-discovery-aws-roleArn`). */
export const fieldId = (name: string) => `maestro-discovery-${name.replace(/[^\w-]/g, '-')}`;

/** What every field of the wizard needs to know besides its value: the problems by field, and a save running. */
interface WizardFieldState {
  /** The problems of the last Next or save, by the field the backend (or the step's checks) named. */
  problems: Record<string, string>;
  /** True while the connection is saved: every input is disabled. */
  saving: boolean;
}

const WizardFieldContext = createContext<WizardFieldState>({ problems: {}, saving: false });

/** Gives the wizard's fields the problems to show under them and whether a save runs. */
export function WizardFieldsProvider(props: WizardFieldState & { children: ReactNode }) {
  const { problems, saving, children } = props;
  const value = useMemo(() => ({ problems, saving }), [problems, saving]);
  return <WizardFieldContext.Provider value={value}>{children}</WizardFieldContext.Provider>;
}

/**
 * The problems by field, the problem of one field (or undefined), and whether a save runs: for the inputs that
 * are not one of the fields below.
 */
export function useWizardFields() {
  const { problems, saving } = useContext(WizardFieldContext);
  return { problems, problemOf: (field: string): string | undefined => problems[field], saving };
}

/** Props of {@link WizardTextField}. */
export interface WizardTextFieldProps {
  /** The field as the API names it (`aws.accessKeyId`): its id, and the key of its problem. */
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Shown under the input when it has no problem. */
  hint?: ReactNode;
  required?: boolean;
  type?: string;
  placeholder?: string;
  disabled?: boolean;
  /** Keep the label above the input, so that the placeholder shows. */
  shrink?: boolean;
  readOnly?: boolean;
  /** Several lines (a PEM bundle): the rows shown at least. */
  rows?: number;
}

/** A text input in the wizard's style, with the field's problem (or its hint) under it. */
export function WizardTextField(props: WizardTextFieldProps) {
  const { name, label, value, onChange, hint, required, type, placeholder, disabled, shrink, readOnly, rows } = props;
  const { problemOf, saving } = useWizardFields();
  return (
    <TextField
      id={fieldId(name)}
      label={label}
      value={value}
      onChange={e => onChange(e.target.value)}
      error={!!problemOf(name)}
      helperText={problemOf(name) ?? hint}
      required={required}
      type={type}
      placeholder={placeholder}
      disabled={saving || disabled}
      autoComplete={type === 'password' ? 'new-password' : 'off'}
      InputLabelProps={shrink ? { shrink: true } : undefined}
      InputProps={readOnly ? { readOnly: true } : undefined}
      multiline={!!rows}
      minRows={rows}
      fullWidth
      variant="outlined"
      margin="dense"
    />
  );
}

/** A native select in the wizard's style, with the field's problem (or its hint) under it. */
export function WizardSelectField<T extends string>(props: {
  name: string;
  label: string;
  value: T;
  onChange: (value: T) => void;
  options: ReadonlyArray<{ value: T; label: string }>;
  hint?: ReactNode;
  disabled?: boolean;
}) {
  const { name, label, value, onChange, options, hint, disabled } = props;
  const { problemOf, saving } = useWizardFields();
  return (
    <TextField
      id={fieldId(name)}
      select
      label={label}
      value={value}
      onChange={e => onChange(e.target.value as T)}
      SelectProps={{ native: true }}
      error={!!problemOf(name)}
      helperText={problemOf(name) ?? hint}
      disabled={saving || disabled}
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
}

/**
 * A write-only secret (a secret access key, a password): typed, never read from the API. With one stored, empty
 * keeps it; without an encryption key on the backend, nothing can be typed (unless one is stored).
 */
export function WizardSecretField(props: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** A secret is stored that an empty field keeps. */
  stored: boolean;
  /** Whether the backend can store a secret (it has an encryption key). */
  canStore: boolean;
  /** The hint while one is stored ("A secret is stored: leave empty to keep it."). */
  storedHint: string;
  required?: boolean;
  /** While one is stored, say so in the empty input ("stored — leave empty to keep"). */
  storedPlaceholder?: boolean;
}) {
  const { name, label, value, onChange, stored, canStore, storedHint, required, storedPlaceholder } = props;
  let hint = 'Stored encrypted; never shown again.';
  if (!canStore && !stored) hint = 'Cannot be stored: no encryption key is configured.';
  else if (stored) hint = storedHint;
  const marked = stored && !!storedPlaceholder;
  return (
    <WizardTextField
      name={name}
      label={label}
      value={value}
      onChange={onChange}
      type="password"
      required={required}
      disabled={!canStore && !stored}
      placeholder={marked ? 'stored — leave empty to keep' : undefined}
      shrink={marked || undefined}
      hint={hint}
    />
  );
}

/** The problem of a field that has no input of its own (`aws`, `lists`), as an alert; nothing without one. */
export function WizardFieldProblem(props: { name: string }) {
  const { problemOf } = useWizardFields();
  const problem = problemOf(props.name);
  if (!problem) return null;
  return (
    <Typography color="error" variant="body2" role="alert">
      {problem}
    </Typography>
  );
}
