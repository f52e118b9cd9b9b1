import { REPORT_EXPORT_FORMATS, ReportExportFormat, SavedReport } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { DiscoveryConnectionView } from '../../api';
import type { SortedProblems } from '../../shared/fieldProblems';
import { JOB_TEMPLATE_ROOTS, WebhookFields } from '../WebhookFields';
import type { JobDraft } from './jobFormState';

/** What a part of the job form is given: the draft, a way to change it, and the last refusal's problems. */
interface PartProps {
  draft: JobDraft;
  set: (patch: Partial<JobDraft>) => void;
  problems: SortedProblems;
}

/** A note under a picker whose choices could not be read. */
function Unreadable(props: { what: string; error?: Error }) {
  if (!props.error) return null;
  return (
    <Typography variant="caption" color="error" display="block">
      The {props.what} could not be read: {props.error.message}
    </Typography>
  );
}

/** A discovery job: the connection (from the discovery connections) and which of its lists (none: every enabled one). */
export function DiscoveryJobFields(props: PartProps & { connections?: DiscoveryConnectionView[]; loadError?: Error }) {
  const { draft, set, problems, connections = [], loadError } = props;
  const connection = connections.find(c => c.id === draft.connectionId);
  const toggleList = (list: string, on: boolean) =>
    set({ lists: on ? [...draft.lists, list] : draft.lists.filter(l => l !== list) });
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <TextField
        select
        id="job-discovery-connection"
        label="Connection"
        required
        value={draft.connectionId}
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        onChange={e => set({ connectionId: e.target.value, lists: [] })}
        style={{ maxWidth: 420 }}
        error={!!problems.at('config.connectionId')}
        helperText={problems.at('config.connectionId')}
      >
        <option value="">(choose a connection)</option>
        {draft.connectionId && !connection && <option value={draft.connectionId}>{draft.connectionId}</option>}
        {connections.map(c => (
          <option key={c.id} value={c.id}>
            {c.title ? `${c.title} (${c.id})` : c.id}
          </option>
        ))}
      </TextField>
      <Unreadable what="discovery connections" error={loadError} />
      {connection && (
        <Box>
          <FormLabel component="legend">Lists (none chosen: every enabled list)</FormLabel>
          {connection.lists.map(list => (
            <FormControlLabel
              key={list.id}
              control={
                <Checkbox
                  checked={draft.lists.includes(list.id)}
                  onChange={e => toggleList(list.id, e.target.checked)}
                />
              }
              label={`${list.title}${list.enabled ? '' : ' (disabled)'}`}
            />
          ))}
        </Box>
      )}
      {problems.at('config.lists') && (
        <Typography variant="caption" color="error">
          {problems.at('config.lists')}
        </Typography>
      )}
    </Box>
  );
}

/**
 * A report job: the saved report, the export format, and where the export goes: a webhook (the same fields as a
 * webhook job) or a notification to users and groups.
 */
export function ReportJobFields(props: PartProps & { reports?: SavedReport[]; loadError?: Error }) {
  const { draft, set, problems, reports = [], loadError } = props;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        <TextField
          select
          id="job-report"
          label="Report"
          required
          value={draft.reportId}
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          onChange={e => set({ reportId: e.target.value })}
          style={{ minWidth: 320 }}
          error={!!problems.at('config.reportId')}
          helperText={problems.at('config.reportId')}
        >
          <option value="">(choose a report)</option>
          {draft.reportId && !reports.some(r => r.id === draft.reportId) && (
            <option value={draft.reportId}>{draft.reportId}</option>
          )}
          {reports.map(report => (
            <option key={report.id} value={report.id}>
              {report.name}
            </option>
          ))}
        </TextField>
        <TextField
          select
          id="job-report-format"
          label="Format"
          value={draft.format}
          SelectProps={{ native: true }}
          onChange={e => set({ format: e.target.value as ReportExportFormat })}
          style={{ minWidth: 140 }}
          error={!!problems.at('config.format')}
          helperText={problems.at('config.format')}
        >
          {REPORT_EXPORT_FORMATS.map(format => (
            <option key={format} value={format}>
              {format}
            </option>
          ))}
        </TextField>
      </Box>
      <Unreadable what="saved reports" error={loadError} />
      <FormLabel component="legend">Deliver the export by</FormLabel>
      <RadioGroup
        row
        aria-label="Deliver the export by"
        value={draft.deliveryType}
        onChange={e => set({ deliveryType: e.target.value as JobDraft['deliveryType'] })}
      >
        <FormControlLabel value="notification" control={<Radio />} label="Notification" />
        <FormControlLabel value="webhook" control={<Radio />} label="Webhook" />
      </RadioGroup>
      {problems.at('config.delivery') && (
        <Typography variant="caption" color="error">
          {problems.at('config.delivery')}
        </Typography>
      )}
      {draft.deliveryType === 'notification' ? (
        <TextField
          id="job-report-recipients"
          label="Recipients"
          required
          value={draft.recipients}
          placeholder="group:default/platform, user:default/alice"
          onChange={e => set({ recipients: e.target.value })}
          error={!!problems.at('config.delivery.recipients')}
          helperText={problems.at('config.delivery.recipients') ?? 'User and group refs, separated by commas'}
        />
      ) : (
        <WebhookFields
          idPrefix="job-delivery"
          draft={draft.deliveryWebhook}
          onChange={deliveryWebhook => set({ deliveryWebhook })}
          templateRoots={JOB_TEMPLATE_ROOTS}
          problemAt={path => problems.at(`config.delivery.webhook.${path}`)}
        />
      )}
    </Box>
  );
}
