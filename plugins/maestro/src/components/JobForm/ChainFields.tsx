import type { MaestroJob } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import type { ChainDraft } from './jobFormState';

/** A job picker: a native select of the jobs, with "none" first. Shared by chains and rules' "start a job". */
export function JobPicker(props: {
  id: string;
  label: string;
  value: string;
  jobs: MaestroJob[];
  onChange: (jobId: string) => void;
  noneLabel?: string;
  error?: string;
  helperText?: string;
}) {
  const { id, label, value, jobs, onChange, noneLabel, error, helperText } = props;
  const known = !value || jobs.some(job => job.id === value);
  return (
    <TextField
      select
      id={id}
      label={label}
      value={value}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      onChange={e => onChange(e.target.value)}
      style={{ minWidth: 280 }}
      error={!!error}
      helperText={error ?? helperText}
    >
      {noneLabel !== undefined && <option value="">{noneLabel}</option>}
      {!known && <option value={value}>{value} (not listed)</option>}
      {jobs.map(job => (
        <option key={job.id} value={job.id}>
          {job.name}
          {job.builtIn ? ' (built-in)' : ''}
        </option>
      ))}
    </TextField>
  );
}

/** One chain: the job started after a run ends (succeeded, or failed), and the delay before it. */
export function ChainFields(props: {
  id: string;
  /** "On success", "On failure". */
  label: string;
  chain: ChainDraft;
  /** The jobs that may be chained (every job but this one). */
  jobs: MaestroJob[];
  onChange: (chain: ChainDraft) => void;
  problem?: string;
}) {
  const { id, label, chain, jobs, onChange, problem } = props;
  return (
    <Box display="flex" flexWrap="wrap" alignItems="flex-start" style={{ gap: 8 }}>
      <JobPicker
        id={`${id}-job`}
        label={`${label}, start`}
        value={chain.jobId}
        jobs={jobs}
        noneLabel="(no job)"
        onChange={jobId => onChange({ ...chain, jobId })}
        error={problem}
      />
      {chain.jobId && (
        <TextField
          id={`${id}-delay`}
          label={`${label}, after (seconds)`}
          type="number"
          value={chain.delaySeconds}
          inputProps={{ min: 0, max: 86400 }}
          onChange={e => onChange({ ...chain, delaySeconds: e.target.value })}
          helperText="0–86400"
          style={{ minWidth: 200 }}
        />
      )}
    </Box>
  );
}
