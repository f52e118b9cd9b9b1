import type { JobSchedule } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { SortedProblems } from '../../shared/fieldProblems';
import type { JobDraft } from './jobFormState';

/** Time zones offered while typing (any IANA zone may be typed). */
export const SUGGESTED_TIME_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
];

/** The browser's own time zone, offered first when it is not already in the suggestions. */
function timeZoneSuggestions(): string[] {
  let own: string | undefined;
  try {
    own = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    own = undefined;
  }
  return own && !SUGGESTED_TIME_ZONES.includes(own) ? [own, ...SUGGESTED_TIME_ZONES] : SUGGESTED_TIME_ZONES;
}

/**
 * When a job runs: every N minutes, on a cron expression in a time zone (typed, with suggestions), or only when
 * started (run now, a chain, an event rule).
 */
export function ScheduleFields(props: {
  draft: JobDraft;
  set: (patch: Partial<JobDraft>) => void;
  problems: SortedProblems;
}) {
  const { draft, set, problems } = props;
  return (
    <Box>
      <FormLabel component="legend">Schedule</FormLabel>
      <RadioGroup
        row
        aria-label="Schedule"
        value={draft.scheduleType}
        onChange={e => set({ scheduleType: e.target.value as JobSchedule['type'] })}
      >
        <FormControlLabel value="interval" control={<Radio />} label="Interval" />
        <FormControlLabel value="cron" control={<Radio />} label="Cron" />
        <FormControlLabel value="manual" control={<Radio />} label="Manual only" />
      </RadioGroup>
      {problems.at('schedule') && (
        <Typography variant="caption" color="error" display="block">
          {problems.at('schedule')}
        </Typography>
      )}
      {draft.scheduleType === 'interval' && (
        <TextField
          id="job-schedule-minutes"
          label="Every (minutes)"
          type="number"
          value={draft.minutes}
          inputProps={{ min: 1 }}
          onChange={e => set({ minutes: e.target.value })}
          error={!!problems.at('schedule.minutes')}
          helperText={problems.at('schedule.minutes') ?? 'At least 1'}
        />
      )}
      {draft.scheduleType === 'cron' && (
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
          <TextField
            id="job-schedule-expression"
            label="Cron expression"
            required
            value={draft.expression}
            placeholder="0 3 * * *"
            onChange={e => set({ expression: e.target.value })}
            inputProps={{ style: { fontFamily: 'monospace' }, spellCheck: false }}
            style={{ minWidth: 260 }}
            error={!!problems.at('schedule.expression')}
            helperText={
              problems.at('schedule.expression') ??
              'minute hour day-of-month month day-of-week (a 6th field first for seconds)'
            }
          />
          <TextField
            id="job-schedule-time-zone"
            label="Time zone"
            value={draft.timeZone}
            placeholder="UTC"
            onChange={e => set({ timeZone: e.target.value })}
            inputProps={{ list: 'job-time-zones', spellCheck: false }}
            style={{ minWidth: 240 }}
            error={!!problems.at('schedule.timeZone')}
            helperText={problems.at('schedule.timeZone') ?? 'An IANA zone (Europe/Paris); empty: UTC'}
          />
          <datalist id="job-time-zones">
            {timeZoneSuggestions().map(zone => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </Box>
      )}
      {draft.scheduleType === 'manual' && (
        <Typography variant="body2" color="textSecondary">
          Runs only when started: run now, a chain from another job, or an event rule.
        </Typography>
      )}
    </Box>
  );
}
