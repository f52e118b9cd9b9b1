import { DEPENDENCY_PROTOCOLS, DependencyTarget } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { RefPicker } from '../RecordForm/RefPicker';

/**
 * A dependency's target and protocol: an autocomplete over the inventory's applications (a Resource's ref may be
 * typed, `resource:default/queue`) and a protocol select (none allowed).
 */
export function DependencyTargetFields(props: {
  id: string;
  value: DependencyTarget;
  onChange: (value: DependencyTarget) => void;
  disabled?: boolean;
  /** A problem the backend reported with this target (shown under it). */
  error?: string;
}) {
  const { id, value, onChange, disabled, error } = props;
  return (
    <Box display="flex" style={{ gap: 8 }} alignItems="flex-start">
      <Box flexGrow={1}>
        <RefPicker
          id={`${id}-target`}
          label="Target application"
          kind="Component"
          value={value.ref}
          onChange={ref => onChange({ ...value, ref })}
          disabled={disabled}
          error={!!error}
          helperText={error ?? 'Search applications by name, or type a ref'}
        />
      </Box>
      <TextField
        id={`${id}-protocol`}
        select
        label="Protocol"
        value={value.protocol ?? ''}
        onChange={e =>
          onChange({
            ref: value.ref,
            ...(e.target.value ? { protocol: e.target.value as DependencyTarget['protocol'] } : {}),
          })
        }
        disabled={disabled}
        variant="outlined"
        margin="dense"
        style={{ minWidth: 140 }}
        SelectProps={{ inputProps: { 'aria-label': 'Protocol' } }}
      >
        <MenuItem value="">
          <em>none</em>
        </MenuItem>
        {DEPENDENCY_PROTOCOLS.map(p => (
          <MenuItem key={p} value={p}>
            {p}
          </MenuItem>
        ))}
      </TextField>
    </Box>
  );
}
