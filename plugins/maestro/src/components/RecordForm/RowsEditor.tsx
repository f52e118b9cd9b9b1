import Button from '@material-ui/core/Button';
import FormHelperText from '@material-ui/core/FormHelperText';
import Grid, { GridSize } from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import { FieldHint, fieldId, LeafInput } from './LeafInput';
import type { FieldRow, FieldValue, SpecField } from './specFields';

const useStyles = makeStyles(theme => ({
  box: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1, 1.5),
    margin: theme.spacing(1, 0, 0.5),
    minWidth: 0,
  },
  legend: { padding: theme.spacing(0, 0.5) },
  row: { borderBottom: `1px dashed ${theme.palette.divider}`, paddingBottom: theme.spacing(0.5) },
  remove: { marginTop: theme.spacing(1) },
}));

/** Props of {@link RowsEditor}. */
export interface RowsEditorProps {
  /** A `rows`, `map` or `group` field. */
  field: SpecField;
  /** Path of its value (`spec.storage`); each sub-field's is `spec.storage[1].sizeGb` (or `spec.os.base`). */
  path: string;
  value: FieldValue;
  /** Problems by field path. */
  errors: Record<string, string>;
  /** Hints by sub-field (`storage.volume`), see {@link FieldHint}. */
  hints: Record<string, FieldHint>;
  disabled: boolean;
  onChange: (value: FieldValue) => void;
}

/** Columns a narrow sub-field takes (a checkbox, a number); the others share what is left of 11 (1 is the remove button). */
const NARROW: Partial<Record<SpecField['type'], number>> = { boolean: 2, integer: 2, number: 2 };

/**
 * The widths of a row's sub-fields: checkboxes and numbers narrow, the others sharing the rest; what the sharing
 * leaves over goes to the picker of a record (its refs are long), else to the last field.
 */
function widthsOf(fields: SpecField[], hintOf: (sub: SpecField) => FieldHint | undefined): GridSize[] {
  const wide = fields.filter(f => !NARROW[f.type]);
  const rest = 11 - fields.reduce((sum, f) => sum + (NARROW[f.type] ?? 0), 0);
  const share = wide.length ? Math.max(3, Math.floor(rest / wide.length)) : 0;
  const favoured = wide.find(f => hintOf(f)?.refKind) ?? wide[wide.length - 1];
  const leftover = Math.max(0, rest - share * wide.length);
  return fields.map(f => (NARROW[f.type] ?? (f === favoured ? share + leftover : share)) as GridSize);
}

/** The sub-fields of one row (or of a group), side by side. */
function SubFields(
  props: RowsEditorProps & { row: FieldRow; rowPath: string; rowName: string; onRow: (row: FieldRow) => void },
) {
  const { field, row, rowPath, rowName, errors, hints, disabled, onRow } = props;
  const fields = field.fields!;
  const hintOf = (sub: SpecField) => hints[`${field.name}.${sub.name}`];
  const widths = widthsOf(fields, hintOf);
  return (
    <>
      {fields.map((sub, i) => (
        <Grid item xs={12} sm={widths[i]} key={sub.name}>
          <LeafInput
            field={sub}
            path={`${rowPath}.${sub.name}`}
            label={sub.name}
            ariaLabel={`${rowName} ${sub.name}`}
            value={row[sub.name]}
            error={errors[`${rowPath}.${sub.name}`]}
            disabled={disabled}
            hint={hintOf(sub)}
            compact
            onChange={next => onRow({ ...row, [sub.name]: next })}
          />
        </Grid>
      ))}
    </>
  );
}

const emptyRow = (field: SpecField): FieldRow =>
  Object.fromEntries(field.fields!.map(f => [f.name, f.type === 'boolean' ? undefined : '']));

/**
 * The editor of a spec field made of sub-fields, driven by its schema: rows of sub-fields with add and remove
 * (a list of objects, such as a server's storage; or the key/value entries of a map, such as tags), or the
 * sub-fields of one object side by side (a `group`, such as `os`). Each sub-field shows its own problems
 * (`spec.storage[1].sizeGb`), a row those about the row, the box those about the whole field.
 */
export function RowsEditor(props: RowsEditorProps) {
  const { field, path, value, errors, disabled, onChange } = props;
  const classes = useStyles();
  const id = fieldId(path);
  const fieldError = errors[path];
  const legend = (
    <Typography component="legend" variant="subtitle2" className={classes.legend}>
      {field.name}
      {field.required ? ' *' : ''}
    </Typography>
  );

  if (field.type === 'group') {
    const row = (value && !Array.isArray(value) && typeof value === 'object' ? value : {}) as FieldRow;
    return (
      <fieldset id={id} className={classes.box} aria-describedby={fieldError ? `${id}-helper-text` : undefined}>
        {legend}
        <Grid container spacing={1}>
          <SubFields {...props} row={row} rowPath={path} rowName={field.name} onRow={onChange} />
        </Grid>
        {fieldError && (
          <FormHelperText error id={`${id}-helper-text`}>
            {fieldError}
          </FormHelperText>
        )}
      </fieldset>
    );
  }

  const rows = Array.isArray(value) ? value : [];
  const setRow = (i: number) => (row: FieldRow) => onChange(rows.map((r, j) => (j === i ? row : r)));
  return (
    <fieldset id={id} className={classes.box} aria-describedby={fieldError ? `${id}-helper-text` : undefined}>
      {legend}
      {field.description && (
        <Typography variant="caption" color="textSecondary">
          {field.description}
        </Typography>
      )}
      {rows.map((row, i) => {
        const rowPath = `${path}[${i}]`;
        const rowName = `${field.name} ${i + 1}`;
        return (
          <div key={i} role="group" aria-label={rowName} className={classes.row}>
            <Grid container spacing={1} alignItems="flex-start">
              <SubFields {...props} row={row} rowPath={rowPath} rowName={rowName} onRow={setRow(i)} />
              <Grid item xs="auto">
                <IconButton
                  aria-label={`Remove ${rowName}`}
                  size="small"
                  className={classes.remove}
                  disabled={disabled}
                  onClick={() => onChange(rows.filter((_, j) => j !== i))}
                >
                  <DeleteIcon fontSize="small" />
                </IconButton>
              </Grid>
            </Grid>
            {errors[rowPath] && <FormHelperText error>{errors[rowPath]}</FormHelperText>}
          </div>
        );
      })}
      <Button
        size="small"
        color="primary"
        startIcon={<AddIcon />}
        disabled={disabled}
        onClick={() => onChange([...rows, emptyRow(field)])}
      >
        {field.type === 'map' ? `Add an entry to ${field.name}` : `Add a row to ${field.name}`}
      </Button>
      {fieldError && (
        <FormHelperText error id={`${id}-helper-text`}>
          {fieldError}
        </FormHelperText>
      )}
    </fieldset>
  );
}
