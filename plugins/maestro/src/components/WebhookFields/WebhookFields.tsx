import { WEBHOOK_METHODS, WebhookMethod } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import { DEFAULT_SIGNATURE_HEADER, HeaderDraft, newHeaderDraft, WebhookDraft } from './webhookDraft';

/** A root of the body template's context, and what it holds. */
export interface TemplateRoot {
  name: string;
  description: string;
}

/** The roots a job's webhook body sees. */
export const JOB_TEMPLATE_ROOTS: TemplateRoot[] = [
  { name: 'job', description: 'the job (id, name, owner, type…)' },
  { name: 'run', description: 'this run (id, trigger, queuedAt, startedBy…)' },
  { name: 'now', description: 'the time of the call, ISO 8601' },
];

/** The roots a rule's webhook body sees. */
export const RULE_TEMPLATE_ROOTS: TemplateRoot[] = [
  { name: 'rule', description: 'the rule (id, name, owner)' },
  { name: 'event', description: 'the change (event, actor, at, record with its kind, name, spec…)' },
  { name: 'delivery', description: 'this delivery (id, attempt)' },
];

const STORED_SECRET = 'stored: leave empty to keep';

/** One request header: name, value, and whether the value is a secret (sealed, never shown again). */
function HeaderRow(props: {
  id: string;
  header: HeaderDraft;
  problem?: string;
  onChange: (header: HeaderDraft) => void;
  onRemove: () => void;
}) {
  const { id, header, problem, onChange, onRemove } = props;
  const set = (patch: Partial<HeaderDraft>) => onChange({ ...header, ...patch });
  return (
    <Box data-testid="maestro-webhook-header-row">
      <Box display="flex" alignItems="flex-end" flexWrap="wrap" style={{ gap: 8 }}>
        <TextField
          id={`${id}-name`}
          label="Header"
          value={header.name}
          onChange={e => set({ name: e.target.value })}
          style={{ minWidth: 200 }}
        />
        <TextField
          id={`${id}-value`}
          label="Value"
          type={header.secret ? 'password' : 'text'}
          autoComplete="off"
          value={header.value}
          placeholder={header.stored ? '••••••••' : undefined}
          helperText={header.stored ? STORED_SECRET : undefined}
          onChange={e => set({ value: e.target.value })}
          style={{ minWidth: 260 }}
        />
        <FormControlLabel
          control={<Checkbox checked={header.secret} onChange={e => set({ secret: e.target.checked })} />}
          label="Secret"
        />
        <IconButton aria-label="Remove header" onClick={onRemove}>
          <DeleteIcon />
        </IconButton>
      </Box>
      {problem && (
        <Typography variant="caption" color="error">
          {problem}
        </Typography>
      )}
    </Box>
  );
}

/**
 * The fields of a webhook, for a job, a report job's delivery and a rule's action: method, URL, request headers
 * (a secret one is sealed: a stored value is never shown, and left empty it is kept), the body template with the
 * roots its context holds, content type, the HMAC-SHA256 signature (header and secret, likewise write-only), the
 * statuses that count as success and the timeout. `problemAt` answers the backend's problem with a field, by its
 * path under the webhook (`url`, `headers[1]`, `signature`).
 */
export function WebhookFields(props: {
  /** Prefix of the inputs' ids (labels need them); unique in the page. */
  idPrefix: string;
  draft: WebhookDraft;
  onChange: (draft: WebhookDraft) => void;
  templateRoots: TemplateRoot[];
  problemAt: (path: string) => string | undefined;
}) {
  const { idPrefix, draft, onChange, templateRoots, problemAt } = props;
  const set = (patch: Partial<WebhookDraft>) => onChange({ ...draft, ...patch });
  const setHeader = (i: number, header: HeaderDraft) =>
    set({ headers: draft.headers.map((h, j) => (j === i ? header : h)) });
  const problem = (path: string) => ({ error: !!problemAt(path), helperText: problemAt(path) });
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }} data-testid={`${idPrefix}-webhook`}>
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        <TextField
          select
          id={`${idPrefix}-method`}
          label="Method"
          value={draft.method}
          SelectProps={{ native: true }}
          onChange={e => set({ method: e.target.value as WebhookMethod })}
          style={{ minWidth: 120 }}
          {...problem('method')}
        >
          {WEBHOOK_METHODS.map(method => (
            <option key={method} value={method}>
              {method}
            </option>
          ))}
        </TextField>
        <TextField
          id={`${idPrefix}-url`}
          label="URL"
          required
          value={draft.url}
          placeholder="https://hooks.example.com/maestro"
          onChange={e => set({ url: e.target.value })}
          style={{ flexGrow: 1, minWidth: 360 }}
          error={!!problemAt('url')}
          helperText={problemAt('url') ?? 'Checked against the egress policy when saved and on every call'}
        />
      </Box>
      <Typography variant="subtitle2">Headers</Typography>
      {draft.headers.map((header, i) => (
        <HeaderRow
          key={i}
          id={`${idPrefix}-header-${i}`}
          header={header}
          problem={problemAt(`headers[${i}]`)}
          onChange={h => setHeader(i, h)}
          onRemove={() => set({ headers: draft.headers.filter((_, j) => j !== i) })}
        />
      ))}
      {problemAt('headers') && (
        <Typography variant="caption" color="error">
          {problemAt('headers')}
        </Typography>
      )}
      <Box>
        <Button size="small" variant="outlined" onClick={() => set({ headers: [...draft.headers, newHeaderDraft()] })}>
          Add header
        </Button>
      </Box>
      <TextField
        id={`${idPrefix}-body`}
        label="Body template"
        multiline
        minRows={4}
        variant="outlined"
        value={draft.bodyTemplate}
        onChange={e => set({ bodyTemplate: e.target.value })}
        inputProps={{ style: { fontFamily: 'monospace' }, spellCheck: false }}
        error={!!problemAt('bodyTemplate')}
        helperText={
          problemAt('bodyTemplate') ?? (
            <span data-testid={`${idPrefix}-template-help`}>
              {'{{ path }}'} inserts a value, {'{{ path | json }}'} inserts it JSON-encoded (build JSON bodies with it),{' '}
              {'\\{{'} writes a literal {'{{'}. Roots:{' '}
              {templateRoots.map((root, i) => (
                <span key={root.name}>
                  {i > 0 ? '; ' : ''}
                  <code>{root.name}</code> ({root.description})
                </span>
              ))}
              .
            </span>
          )
        }
      />
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        <TextField
          id={`${idPrefix}-content-type`}
          label="Content type"
          value={draft.contentType}
          placeholder="application/json"
          onChange={e => set({ contentType: e.target.value })}
          style={{ minWidth: 220 }}
          {...problem('contentType')}
        />
        <TextField
          id={`${idPrefix}-expected-status`}
          label="Expected status codes"
          value={draft.expectedStatus}
          placeholder="any 2xx"
          onChange={e => set({ expectedStatus: e.target.value })}
          style={{ minWidth: 220 }}
          error={!!problemAt('expectedStatus')}
          helperText={problemAt('expectedStatus') ?? 'Separated by commas; empty: any 2xx'}
        />
        <TextField
          id={`${idPrefix}-timeout`}
          label="Timeout (seconds)"
          type="number"
          value={draft.timeoutSeconds}
          placeholder="10"
          inputProps={{ min: 1, max: 60 }}
          onChange={e => set({ timeoutSeconds: e.target.value })}
          style={{ minWidth: 160 }}
          error={!!problemAt('timeoutSeconds')}
          helperText={problemAt('timeoutSeconds') ?? '1–60, default 10'}
        />
      </Box>
      <FormControlLabel
        control={<Checkbox checked={draft.signed} onChange={e => set({ signed: e.target.checked })} />}
        label="Sign the body (HMAC-SHA256)"
      />
      {draft.signed && (
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
          <TextField
            id={`${idPrefix}-signature-header`}
            label="Signature header"
            value={draft.signatureHeader}
            placeholder={DEFAULT_SIGNATURE_HEADER}
            onChange={e => set({ signatureHeader: e.target.value })}
            style={{ minWidth: 260 }}
            helperText="Carries sha256=<hex of HMAC-SHA256(secret, body)>"
          />
          <TextField
            id={`${idPrefix}-signature-secret`}
            label="Signing secret"
            type="password"
            autoComplete="new-password"
            required={!draft.secretStored}
            value={draft.signatureSecret}
            placeholder={draft.secretStored ? '••••••••' : undefined}
            onChange={e => set({ signatureSecret: e.target.value })}
            style={{ minWidth: 260 }}
            error={!!problemAt('signature')}
            helperText={
              problemAt('signature') ?? (draft.secretStored ? STORED_SECRET : 'Sealed when saved, never shown again')
            }
          />
        </Box>
      )}
    </Box>
  );
}
