import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import TextField from '@material-ui/core/TextField';
import { RefPicker, splitRefs } from './RefPicker';
import type { FieldValue, SpecField } from './specFields';

/** The id of a field's input (`spec.storage[1].sizeGb` → `maestro-record-spec-storage-1--sizeGb`). */
export const fieldId = (key: string) => `maestro-record-${key.replace(/[^\w-]/g, '-')}`;

/** What the form knows about a field beyond its schema: where its values come from. */
export interface FieldHint {
  /** The field holds refs to records of this kind (a Maestro kind): edited with a picker searching them. */
  refKind?: string;
  /** Shows the facts of the chosen record (a volume's size and type) under the picker. */
  showChosenFacts?: boolean;
  /** Values offered while typing (from the settings); others may still be typed. */
  suggestions?: string[];
  /** The values to pick from (a select, e.g. the services catalog); a stored value outside them stays offered. */
  choices?: string[];
}

/** Props of {@link LeafInput}. */
export interface LeafInputProps {
  field: SpecField;
  /** Path of the field's value (`spec.storage[1].sizeGb`): its input's id, and where its problems are found. */
  path: string;
  /** Visible label. */
  label: string;
  /** Accessible name, when the label is not enough (a row's sub-field: `storage 2 sizeGb`). */
  ariaLabel?: string;
  value: FieldValue;
  error?: string;
  disabled: boolean;
  hint?: FieldHint;
  /** A sub-field of a row: no help text but its description and problems (the row's columns are narrow). */
  compact?: boolean;
  onChange: (value: FieldValue) => void;
}

function hintOf(field: SpecField): string | undefined {
  switch (field.type) {
    case 'list':
      return 'Values separated by commas';
    case 'json':
      return field.jsonShape === 'array' ? 'JSON list, e.g. [{…}]' : 'JSON object, e.g. {…}';
    default:
      return field.description;
  }
}

function Picker(props: LeafInputProps & { refKind: string; choices?: string[] }) {
  const { field, path, label, ariaLabel, value, error, disabled, refKind, onChange } = props;
  const text = typeof value === 'string' ? value : '';
  const picker = {
    id: fieldId(path),
    label,
    ariaLabel,
    kind: refKind,
    required: field.required,
    disabled,
    error: !!error,
    choices: props.choices?.map(choice => ({ ref: choice, label: choice })),
  };
  if (field.type === 'list') {
    const what = props.choices
      ? 'Pick from the list or type a value'
      : `${refKind} records: search by name, or type a ref`;
    return (
      <RefPicker
        {...picker}
        multiple
        value={splitRefs(text)}
        // kept as the list fields' text (refs hold no comma), which buildSpec turns into a list
        onChange={refs => onChange(refs.join(', '))}
        helperText={error ?? `${what} and press Enter`}
      />
    );
  }
  return (
    <RefPicker
      {...picker}
      value={text}
      onChange={onChange}
      showChosenFacts={props.hint?.showChosenFacts}
      helperText={
        error ?? field.description ?? (props.compact ? undefined : `A ${refKind}: search by name, or type a ref`)
      }
    />
  );
}

/** The input of one single-value field: text, number, select, checkbox, record picker, or JSON text. */
export function LeafInput(props: LeafInputProps) {
  const { field, path, label, ariaLabel, value, error, disabled, hint } = props;
  const onChange = props.onChange;
  const id = fieldId(path);

  const pickable = field.type === 'string' || (field.type === 'list' && field.itemType === 'string');
  if (hint?.refKind && pickable) return <Picker {...props} refKind={hint.refKind} />;
  if (field.type === 'list' && field.itemType === 'string' && hint?.suggestions) {
    return <Picker {...props} refKind={label} choices={hint.suggestions} />;
  }

  if (field.type === 'boolean') {
    return (
      <FormControl error={!!error} required={field.required} disabled={disabled}>
        <FormControlLabel
          label={label}
          control={
            <Checkbox
              id={id}
              checked={value === true}
              onChange={e => onChange(e.target.checked)}
              color="primary"
              inputProps={{ 'aria-label': ariaLabel }}
            />
          }
        />
        {(error || field.description) && (
          <FormHelperText id={`${id}-helper-text`}>{error ?? field.description}</FormHelperText>
        )}
      </FormControl>
    );
  }

  const text = typeof value === 'string' ? value : '';
  const common = {
    id,
    label,
    value: text,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
    required: field.required,
    error: !!error,
    helperText: error ?? hintOf(field),
    disabled,
    fullWidth: true,
    variant: 'outlined' as const,
    margin: 'dense' as const,
  };

  const options = field.type === 'enum' ? field.options! : hint?.choices;
  if (options) {
    // a stored value the list does not hold (the catalog changed since) stays offered
    const offered = text && !options.includes(text) ? [...options, text] : options;
    return (
      <TextField
        {...common}
        select
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        inputProps={{ 'aria-label': ariaLabel }}
      >
        <option value="">{field.required ? '' : '(none)'}</option>
        {offered.map(option => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </TextField>
    );
  }
  if (field.type === 'integer' || field.type === 'number') {
    const step = field.type === 'integer' ? 1 : 'any';
    return <TextField {...common} type="number" inputProps={{ step, 'aria-label': ariaLabel }} />;
  }
  if (field.type === 'json') {
    return <TextField {...common} multiline minRows={3} inputProps={{ spellCheck: false }} />;
  }
  if (field.type === 'string' && hint?.suggestions?.length) {
    const listId = `${id}-suggestions`;
    return (
      <>
        <TextField {...common} inputProps={{ list: listId, autoComplete: 'off', 'aria-label': ariaLabel }} />
        <datalist id={listId}>
          {hint.suggestions.map(option => (
            <option key={option} value={option} />
          ))}
        </datalist>
      </>
    );
  }
  return <TextField {...common} inputProps={{ 'aria-label': ariaLabel }} />;
}
