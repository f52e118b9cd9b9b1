import type { ChangeEvent } from 'react';
import type { ReportField } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import { FilterDraft, newDraft, operatorsFor, valueInputFor } from './filterDrafts';

/** Labels of the operators, as a person reads them. */
export const OPERATOR_LABELS: Record<string, string> = {
  eq: 'equals',
  ne: 'not equals',
  oneOf: 'one of',
  noneOf: 'none of',
  contains: 'contains',
  notContains: 'does not contain',
  startsWith: 'starts with',
  endsWith: 'ends with',
  regex: 'matches regex',
  exists: 'is set',
  missing: 'is not set',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  between: 'between',
  is: 'is',
  after: 'after',
  before: 'before',
  last: 'in the last',
  anyOf: 'any of',
  allOf: 'all of',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
  hasKey: 'has key',
  keyEquals: 'key equals',
};

const selectedValues = (e: ChangeEvent<HTMLSelectElement | any>): string[] =>
  Array.from((e.target as HTMLSelectElement).selectedOptions ?? []).map(o => o.value);

const inputStyle = { minWidth: 180, marginRight: 8 };

/** The value input fitting a filter row's operator and field type. */
function ValueInput(props: {
  id: string;
  draft: FilterDraft;
  field?: ReportField;
  onChange: (d: FilterDraft) => void;
}) {
  const { id, draft, field, onChange } = props;
  const set = (patch: Partial<FilterDraft>) => onChange({ ...draft, ...patch });
  const text = (label: string, key: 'text' | 'text2', type = 'text', placeholder?: string) => (
    <TextField
      id={`${id}-${key}`}
      label={label}
      type={type}
      value={draft[key]}
      placeholder={placeholder}
      InputLabelProps={type === 'datetime-local' ? { shrink: true } : undefined}
      onChange={e => set({ [key]: e.target.value })}
      style={inputStyle}
    />
  );
  switch (valueInputFor(field, draft.op)) {
    case 'none':
      return null;
    case 'boolean':
      return (
        <TextField
          select
          id={`${id}-boolean`}
          label="Value"
          value={draft.text}
          SelectProps={{ native: true }}
          onChange={e => set({ text: e.target.value })}
          style={inputStyle}
        >
          <option value="true">true</option>
          <option value="false">false</option>
        </TextField>
      );
    case 'multi':
      return (
        <TextField
          select
          id={`${id}-values`}
          label="Values"
          value={draft.chosen}
          SelectProps={{ native: true, multiple: true }}
          InputLabelProps={{ shrink: true }}
          onChange={e => set({ chosen: selectedValues(e) })}
          style={inputStyle}
        >
          {(field?.values ?? []).map(v => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </TextField>
      );
    case 'keyValue':
      return (
        <>
          {text('Tag key', 'text')}
          {text('Tag value', 'text2')}
        </>
      );
    case 'list':
      return text('Values (comma-separated)', 'text');
    case 'number':
      return text('Value', 'text', 'number');
    case 'numberRange':
      return (
        <>
          {text('From', 'text', 'number')}
          {text('To', 'text2', 'number')}
        </>
      );
    case 'date':
      return text('Date', 'text', 'datetime-local');
    case 'dateRange':
      return (
        <>
          {text('From', 'text', 'datetime-local')}
          {text('To', 'text2', 'datetime-local')}
        </>
      );
    case 'duration':
      return text('Duration', 'text', 'text', '7d (h, d, w, m, y)');
    default:
      return text('Value', 'text');
  }
}

/** A row with another operator: the value is kept when the value input stays the same, cleared otherwise. */
function withOperator(draft: FilterDraft, field: ReportField | undefined, op: string): FilterDraft {
  const next = { ...draft, op: op as FilterDraft['op'] };
  if (valueInputFor(field, op) === valueInputFor(field, draft.op)) return next;
  return { ...next, text: op === 'is' ? 'true' : '', text2: '', chosen: [] };
}

/**
 * The filter rows of a kind: per row a field (any of the kind's fields), an operator its type allows, and a value
 * input fitting both. Changing the field resets the operator and value.
 */
export function FilterRows(props: {
  /** Prefix of the inputs' ids (labels need them). */
  idPrefix: string;
  fields: ReportField[];
  filters: FilterDraft[];
  onChange: (filters: FilterDraft[]) => void;
  /** The backend's problem with a row, by the row's index (from the last refused save). */
  problems?: Map<number, string>;
}) {
  const { idPrefix, fields, filters, onChange, problems } = props;
  const fieldOf = (path: string) => fields.find(f => f.path === path);
  const replace = (i: number, draft: FilterDraft) => onChange(filters.map((d, j) => (j === i ? draft : d)));
  return (
    <Box>
      {filters.map((draft, i) => {
        const field = fieldOf(draft.field);
        return (
          <Box key={i} mb={1}>
            <Box display="flex" alignItems="flex-end" flexWrap="wrap" data-testid="report-filter-row">
              <TextField
                select
                id={`${idPrefix}-${i}-field`}
                label="Field"
                value={draft.field}
                SelectProps={{ native: true }}
                onChange={e => replace(i, newDraft(fieldOf(e.target.value)))}
                style={inputStyle}
              >
                {fields.map(f => (
                  <option key={f.path} value={f.path}>
                    {f.path}
                  </option>
                ))}
              </TextField>
              <TextField
                select
                id={`${idPrefix}-${i}-op`}
                label="Operator"
                value={draft.op}
                SelectProps={{ native: true }}
                onChange={e => replace(i, withOperator(draft, field, e.target.value))}
                style={{ minWidth: 140, marginRight: 8 }}
              >
                {operatorsFor(field).map(op => (
                  <option key={op} value={op}>
                    {OPERATOR_LABELS[op] ?? op}
                  </option>
                ))}
              </TextField>
              <ValueInput id={`${idPrefix}-${i}`} draft={draft} field={field} onChange={d => replace(i, d)} />
              <IconButton aria-label="Remove filter" onClick={() => onChange(filters.filter((_, j) => j !== i))}>
                <DeleteIcon />
              </IconButton>
            </Box>
            {problems?.get(i) && (
              <Typography variant="caption" color="error" data-testid="report-filter-problem">
                {problems.get(i)}
              </Typography>
            )}
          </Box>
        );
      })}
      <Button size="small" variant="outlined" onClick={() => onChange([...filters, newDraft(fields[0])])}>
        Add filter
      </Button>
    </Box>
  );
}
