import type { ChangeEvent } from 'react';
import type { ReportKindFields } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { fieldPropsOf, SortedProblems } from '../../shared/fieldProblems';
import { FilterRows } from '../ReportForm/FilterRows';
import { fieldsOf } from '../ReportForm/reportFormState';
import { filtersApply, RuleDraft } from './ruleFormState';

const selectedValues = (e: ChangeEvent<any>): string[] =>
  Array.from((e.target as HTMLSelectElement).selectedOptions ?? []).map(o => o.value);

/**
 * The conditions written as comma-separated lists (refs, field names): each one's draft field (`conditions.<field>`
 * in a refusal), id, label, placeholder and help.
 */
const COMMA_LISTS = [
  {
    field: 'owners',
    id: 'rule-owners',
    label: 'Owners',
    placeholder: 'group:default/platform',
    help: 'Owner refs separated by commas; empty: any owner',
  },
  {
    field: 'datacenters',
    id: 'rule-datacenters',
    label: 'Datacenters',
    placeholder: 'datacenter:default/aws-prod',
    help: 'Datacenter refs separated by commas; empty: any datacenter',
  },
  {
    field: 'changedFields',
    id: 'rule-changed-fields',
    label: 'Changed fields',
    placeholder: 'owner, spec.environment',
    help: 'Only changes of one of these fields; empty: any change',
  },
] as const;

/**
 * What a change must match: kinds, owners, datacenters, changed fields, and filters in the reports' language over
 * the fields of the one kind chosen (the report form's filter rows).
 */
export function RuleConditionsFields(props: {
  kinds: ReportKindFields[];
  draft: RuleDraft;
  set: (patch: Partial<RuleDraft>) => void;
  problems: SortedProblems;
}) {
  const { kinds, draft, set, problems } = props;
  const fieldProps = fieldPropsOf(problems);
  const filterProblems = new Map<number, string>();
  draft.filters.forEach((_, i) => {
    const problem = problems.at(`conditions.filters[${i}]`);
    if (problem) filterProblems.set(i, problem);
  });
  const setKinds = (chosen: string[]) =>
    // the filters are over one kind's fields: another kind starts them afresh
    set({ kinds: chosen, filters: chosen.length === 1 && chosen[0] === draft.kinds[0] ? draft.filters : [] });
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        <TextField
          select
          id="rule-kinds"
          label="Kinds"
          value={draft.kinds}
          SelectProps={{ native: true, multiple: true, inputProps: { size: 6 } }}
          InputLabelProps={{ shrink: true }}
          onChange={e => setKinds(selectedValues(e))}
          style={{ minWidth: 220 }}
          {...fieldProps('conditions.kinds', 'None chosen: any kind; Ctrl/⌘-click for several')}
        >
          {kinds.map(k => (
            <option key={k.kind} value={k.kind}>
              {k.kind}
            </option>
          ))}
        </TextField>
        <Box display="flex" flexDirection="column" flexGrow={1} style={{ gap: 8 }}>
          {COMMA_LISTS.map(list => (
            <TextField
              key={list.field}
              id={list.id}
              label={list.label}
              value={draft[list.field]}
              placeholder={list.placeholder}
              onChange={e => set({ [list.field]: e.target.value })}
              {...fieldProps(`conditions.${list.field}`, list.help)}
            />
          ))}
        </Box>
      </Box>
      <Typography variant="subtitle2">Filters</Typography>
      {filtersApply(draft) ? (
        <FilterRows
          idPrefix="rule-filter"
          fields={fieldsOf(kinds, draft.kinds[0])}
          filters={draft.filters}
          onChange={filters => set({ filters })}
          problems={filterProblems}
        />
      ) : (
        <Typography variant="body2" color="textSecondary">
          Choose exactly one kind to filter on its fields (read after the change).
        </Typography>
      )}
      {problems.at('conditions.filters') && (
        <Typography variant="caption" color="error">
          {problems.at('conditions.filters')}
        </Typography>
      )}
    </Box>
  );
}
