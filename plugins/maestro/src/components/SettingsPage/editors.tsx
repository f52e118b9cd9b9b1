import { KeyboardEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import CancelIcon from '@material-ui/icons/Cancel';
import DeleteIcon from '@material-ui/icons/Delete';

let nextRowKey = 0;
/** A key for a new row of an editable table (React keys must survive edits and removals). */
export const rowKey = () => `row-${++nextRowKey}`;

/** Leaves out the properties whose value is an empty string or list. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== '' && !(Array.isArray(v) && v.length === 0)),
  ) as T;
}

/** Values separated by commas, trimmed, without empties or repeats (`'a, b,,a'` → `['a', 'b']`). */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map(v => v.trim())
        .filter(Boolean),
    ),
  ];
}

/** The list as comma-separated text, for an input. */
export const joinList = (values?: string[]) => (values ?? []).join(', ');

/** A list of names as chips: × removes one; the input adds one or several (comma-separated) with Enter or Add. */
export function ChipListEditor(props: {
  id: string;
  label: string;
  values: string[];
  disabled?: boolean;
  onChange: (values: string[]) => void;
}) {
  const { id, label, values, disabled, onChange } = props;
  const [input, setInput] = useState('');
  const add = () => {
    const added = splitList(input).filter(v => !values.includes(v));
    if (added.length) onChange([...values, ...added]);
    setInput('');
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      add();
    }
  };
  return (
    <Box mb={2} data-testid={id}>
      <Typography variant="subtitle2">{label}</Typography>
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }} my={1}>
        {values.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            (empty)
          </Typography>
        )}
        {values.map(value => (
          <Chip
            key={value}
            label={value}
            size="small"
            disabled={disabled}
            onDelete={() => onChange(values.filter(v => v !== value))}
            deleteIcon={<CancelIcon aria-label={`Remove ${value}`} />}
          />
        ))}
      </Box>
      <Box display="flex" alignItems="center">
        <TextField
          id={`${id}-input`}
          label={`Add to ${label.toLocaleLowerCase('en-US')}`}
          value={input}
          onChange={e => setInput(e.target.value)}
          onKeyDown={onKeyDown}
          disabled={disabled}
          helperText="Several at once: separate them with commas"
          variant="outlined"
          margin="dense"
          size="small"
        />
        <Button
          startIcon={<AddIcon />}
          onClick={add}
          disabled={disabled || !input.trim()}
          style={{ marginLeft: 8 }}
          aria-label={`Add ${label.toLocaleLowerCase('en-US')}`}
        >
          Add
        </Button>
      </Box>
    </Box>
  );
}

/** A row of text inputs with a remove button, for the editable tables of the settings. */
export function RowInputs<T extends Record<string, string>>(props: {
  row: T;
  fields: Array<{ key: keyof T & string; label: string; width?: number; helperText?: string }>;
  idPrefix: string;
  disabled?: boolean;
  removeLabel: string;
  onChange: (row: T) => void;
  onRemove: () => void;
}) {
  const { row, fields, idPrefix, disabled, removeLabel, onChange, onRemove } = props;
  return (
    <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
      {fields.map(f => (
        <TextField
          key={f.key}
          id={`${idPrefix}-${f.key}`}
          label={f.label}
          value={row[f.key]}
          onChange={e => onChange({ ...row, [f.key]: e.target.value })}
          disabled={disabled}
          variant="outlined"
          margin="dense"
          size="small"
          style={{ flex: f.width ?? 1 }}
        />
      ))}
      <IconButton aria-label={removeLabel} onClick={onRemove} disabled={disabled} style={{ marginTop: 8 }}>
        <DeleteIcon />
      </IconButton>
    </Box>
  );
}
