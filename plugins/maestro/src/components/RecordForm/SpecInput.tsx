import { memo } from 'react';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import TextField from '@material-ui/core/TextField';
import { RefPicker, splitRefs } from './RefPicker';
import type { FieldValue, SpecField } from './specFields';

/** The id of a field's input (`spec.os.family` → `maestro-record-spec-os-family`). */
export const fieldId = (key: string) => `maestro-record-${key.replace(/[^\w-]/g, '-')}`;

/**
 * The input of one spec field. Memoized, with a stable `onChange`: a keystroke re-renders its own field, not the
 * twenty others of the form.
 */
export const SpecInput = memo(function SpecFieldInput(props: {
  field: SpecField;
  value: FieldValue;
  error?: string;
  disabled: boolean;
  /** Values offered while typing (from the settings' option lists); others may still be typed. */
  suggestions?: string[];
  /** The field holds refs to entities of this kind (a Maestro kind): edited with a picker. */
  refKind?: string;
  onChange: (name: string, value: FieldValue) => void;
}) {
  const { field, value, error, disabled, suggestions, refKind } = props;
  const onChange = (next: FieldValue) => props.onChange(field.name, next);
  const id = fieldId(`spec.${field.name}`);

  if (refKind && (field.type === 'string' || (field.type === 'list' && field.itemType === 'string'))) {
    const picker = {
      id,
      label: field.name,
      kind: refKind,
      required: field.required,
      disabled,
      error: !!error,
    };
    const text = typeof value === 'string' ? value : '';
    if (field.type === 'list') {
      return (
        <RefPicker
          {...picker}
          multiple
          value={splitRefs(text)}
          // kept as the list fields' text (refs hold no comma), which buildSpec turns into a list
          onChange={refs => onChange(refs.join(', '))}
          helperText={error ?? `${refKind} records: search by name, or type a ref and press Enter`}
        />
      );
    }
    return (
      <RefPicker
        {...picker}
        value={text}
        onChange={onChange}
        helperText={error ?? field.description ?? `A ${refKind}: search by name, or type a ref`}
      />
    );
  }

  const hint = (() => {
    switch (field.type) {
      case 'list':
        return 'Values separated by commas';
      case 'json':
        return field.jsonShape === 'array' ? 'JSON list, e.g. [{…}]' : 'JSON object, e.g. {…}';
      default:
        return field.description;
    }
  })();

  if (field.type === 'boolean') {
    return (
      <FormControl error={!!error} required={field.required} disabled={disabled}>
        <FormControlLabel
          label={field.name}
          control={
            <Checkbox id={id} checked={value === true} onChange={e => onChange(e.target.checked)} color="primary" />
          }
        />
        {(error || field.description) && (
          <FormHelperText id={`${id}-helper-text`}>{error ?? field.description}</FormHelperText>
        )}
      </FormControl>
    );
  }

  const common = {
    id,
    label: field.name,
    value: typeof value === 'string' ? value : '',
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
    required: field.required,
    error: !!error,
    helperText: error ?? hint,
    disabled,
    fullWidth: true,
    variant: 'outlined' as const,
    margin: 'dense' as const,
  };

  if (field.type === 'enum') {
    return (
      <TextField {...common} select SelectProps={{ native: true }} InputLabelProps={{ shrink: true }}>
        <option value="">{field.required ? '' : '(none)'}</option>
        {field.options!.map(option => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </TextField>
    );
  }
  if (field.type === 'integer' || field.type === 'number') {
    return <TextField {...common} type="number" inputProps={{ step: field.type === 'integer' ? 1 : 'any' }} />;
  }
  if (field.type === 'json') {
    return <TextField {...common} multiline minRows={3} inputProps={{ spellCheck: false }} />;
  }
  if (field.type === 'string' && suggestions?.length) {
    const listId = `${id}-suggestions`;
    return (
      <>
        <TextField {...common} inputProps={{ list: listId, autoComplete: 'off' }} />
        <datalist id={listId}>
          {suggestions.map(option => (
            <option key={option} value={option} />
          ))}
        </datalist>
      </>
    );
  }
  return <TextField {...common} />;
});
