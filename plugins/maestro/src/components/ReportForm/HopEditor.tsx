import type { ChangeEvent } from 'react';
import type { ReportKindFields } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { FilterRows } from './FilterRows';
import { fieldsOf, HopDraft } from './reportFormState';

const selectedValues = (e: ChangeEvent<any>): string[] =>
  Array.from((e.target as HTMLSelectElement).selectedOptions ?? []).map(o => o.value);

/**
 * A kind, its filters and its columns: the single report's kind, or one hop of a pivot (whose kind is chosen among
 * `kindOptions`, the kinds the previous hop links to). Changing the kind clears the filters and columns.
 */
export function HopEditor(props: {
  kinds: ReportKindFields[];
  kindOptions: string[];
  hop: HopDraft;
  onChange: (hop: HopDraft) => void;
  /** "Kind", or "Hop 2 kind" in a pivot. */
  kindLabel: string;
  /** Prefix of the inputs' ids (labels need them). */
  idPrefix: string;
  /** What is shown when no column is chosen: "the default columns", or "name". */
  defaultColumns: string;
  /** The backend's problems with the filter rows, by index. */
  filterProblems?: Map<number, string>;
}) {
  const { kinds, kindOptions, hop, onChange, kindLabel, idPrefix, defaultColumns, filterProblems } = props;
  const fields = fieldsOf(kinds, hop.kind);
  return (
    <Box>
      <TextField
        select
        id={`${idPrefix}-kind`}
        label={kindLabel}
        value={hop.kind}
        SelectProps={{ native: true }}
        onChange={e => onChange({ kind: e.target.value, filters: [], columns: [] })}
        style={{ minWidth: 220, marginBottom: 16 }}
      >
        {kindOptions.map(kind => (
          <option key={kind} value={kind}>
            {kind}
          </option>
        ))}
      </TextField>
      <Typography variant="subtitle2">Filters</Typography>
      <FilterRows
        problems={filterProblems}
        idPrefix={`${idPrefix}-filter`}
        fields={fields}
        filters={hop.filters}
        onChange={filters => onChange({ ...hop, filters })}
      />
      <Box mt={2}>
        <TextField
          select
          id={`${idPrefix}-columns`}
          label={`Columns (none chosen: ${defaultColumns})`}
          value={hop.columns}
          SelectProps={{ native: true, multiple: true, inputProps: { size: 6 } }}
          InputLabelProps={{ shrink: true }}
          helperText="Ctrl/⌘-click to choose several; in the order of the kind's fields"
          onChange={e => onChange({ ...hop, columns: selectedValues(e) })}
          style={{ minWidth: 360 }}
        >
          {fields.map(f => (
            <option key={f.path} value={f.path}>
              {f.path}
            </option>
          ))}
        </TextField>
      </Box>
    </Box>
  );
}
