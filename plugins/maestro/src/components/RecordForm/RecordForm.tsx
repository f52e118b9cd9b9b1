import { FormEvent, ReactNode, useCallback, useMemo, useState } from 'react';
import { WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  CreateRecordRequest,
  InventoryRecord,
  MAESTRO_KINDS,
  UpdateRecordRequest,
} from '@maestro/plugin-maestro-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { maestroApiRef } from '../../api';
import { describeApiError, failureTitle } from '../../shared/apiErrors';
import { DEFAULT_OWNER } from '../../shared/defaultOwner';
import { sortProblems } from '../../shared/fieldProblems';
import { useMaestroSettings } from '../../shared/useOptionLists';
import { useFieldHints } from './fieldHints';
import { buildSpec, FieldValue, shownPathsOf, specFieldsOf, toFieldValue, toFormPath } from './specFields';
import { fieldId, SpecInput } from './SpecInput';

/** Props of {@link RecordForm}. */
export interface RecordFormProps {
  /** Whether the dialog is shown. */
  open: boolean;
  /** Kind of the record, a key of `MAESTRO_KINDS` (e.g. `Server`). */
  kind: string;
  /** The record to edit; absent to create a new one. */
  record?: InventoryRecord;
  onClose: () => void;
  /** Called with the record the backend returned, after a successful create or update. */
  onSaved: (record: InventoryRecord) => void;
}

interface Alert {
  title: string;
  message?: string;
  /** Problems no field of the form shows (`field: message`). */
  problems?: string[];
}

const TOP_FIELDS = ['name', 'title', 'owner', 'reason'] as const;

/** The spec fields the form edits: all of the kind's. */
const formFieldsOf = (kind: string) => specFieldsOf(MAESTRO_KINDS[kind]?.specSchema ?? {});
type TopField = (typeof TOP_FIELDS)[number];

function initialState(kind: string, record?: InventoryRecord) {
  const fields = formFieldsOf(kind);
  const spec = (record?.spec ?? {}) as Record<string, any>;
  const values: Record<string, FieldValue> = {};
  for (const field of fields) values[field.name] = toFieldValue(field, spec[field.name]);
  return {
    fields,
    top: {
      name: record?.name ?? '',
      title: record?.title ?? '',
      owner: record ? record.owner : DEFAULT_OWNER,
      reason: '',
    } as Record<TopField, string>,
    values,
  };
}

function RecordFormBody(props: Omit<RecordFormProps, 'open'>) {
  const { kind, record, onClose, onSaved } = props;
  const api = useApi(maestroApiRef);
  const initial = useMemo(() => initialState(kind, record), [kind, record]);
  const { fields } = initial;
  const settings = useMaestroSettings();
  const [top, setTop] = useState(initial.top);
  const [values, setValues] = useState(initial.values);
  const hints = useFieldHints(kind, settings, values);
  const setValue = useCallback(
    (name: string, value: FieldValue) => setValues(prev => ({ ...prev, [name]: value })),
    [],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<Alert | undefined>();
  const [saving, setSaving] = useState(false);
  const editing = !!record;

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (saving) return;
    const { spec, problems, rowsSent } = buildSpec(fields, values);
    const name = top.name.trim();
    const owner = top.owner.trim();
    const title = top.title.trim();
    const reason = top.reason.trim();
    if (!editing && !name) problems.name = 'is required';
    if (!owner) problems.owner = 'is required';
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      setAlert({ title: 'Some fields need attention', message: 'See the fields marked in red.' });
      return;
    }

    setAlert(undefined);
    setSaving(true);
    try {
      let saved: InventoryRecord;
      if (record) {
        const request: UpdateRecordRequest = { version: record.version, owner, spec };
        // an emptied title is sent as '' so that it is cleared; an absent one stays absent
        if (title || record.title) request.title = title;
        if (reason) request.reason = reason;
        saved = await api.updateRecord(record.id, request);
      } else {
        const request: CreateRecordRequest = { kind, name, owner, spec };
        if (title) request.title = title;
        if (reason) request.reason = reason;
        saved = await api.createRecord(request);
      }
      onSaved(saved);
    } catch (error) {
      setSaving(false);
      const failure = describeApiError(error);
      if (failure.status === 400) {
        // each problem under the field (or row) it names, the backend's row numbers turned into the form's
        const shown = [...TOP_FIELDS.filter(f => f !== 'name' || !editing), ...shownPathsOf(fields, values)];
        const named = failure.problems.map(p => ({ ...p, field: toFormPath(p.field, rowsSent) }));
        const sorted = sortProblems(named, shown);
        const placed: Record<string, string> = {};
        for (const path of shown) {
          const text = sorted.at(path);
          if (text) placed[path] = text;
        }
        setErrors(placed);
        let message: string | undefined;
        if (sorted.other.length === 0) message = 'See the fields marked in red.';
        else if (Object.keys(placed).length > 0) message = 'See also the fields marked in red.';
        setAlert({ title: failureTitle(failure), message, problems: sorted.other });
        return;
      }
      if (failure.status === 409) {
        const nameProblem = failure.problems.find(p => p.field === 'name');
        setErrors(nameProblem && !editing ? { name: nameProblem.message } : {});
      }
      setAlert({ title: failureTitle(failure), message: failure.message });
    }
  };

  const setTopField = (key: TopField) => (e: { target: { value: string } }) =>
    setTop(prev => ({ ...prev, [key]: e.target.value }));

  const topInput = (key: TopField, label: string, extra: Record<string, unknown> = {}): ReactNode => (
    <TextField
      id={fieldId(key)}
      label={label}
      value={top[key]}
      onChange={setTopField(key)}
      error={!!errors[key]}
      disabled={saving}
      fullWidth
      variant="outlined"
      margin="dense"
      {...extra}
      helperText={errors[key] ?? (extra.helperText as ReactNode)}
    />
  );

  return (
    <form onSubmit={submit} noValidate>
      <DialogTitle id="maestro-record-form-title">
        {editing ? `Edit ${kind} ${record!.name}` : `Create a ${kind}`}
      </DialogTitle>
      <DialogContent dividers>
        {alert && (
          <WarningPanel severity="error" title={alert.title} defaultExpanded>
            {alert.message && <Typography>{alert.message}</Typography>}
            {alert.problems && alert.problems.length > 0 && (
              <ul data-testid="maestro-record-form-problems">
                {alert.problems.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            )}
          </WarningPanel>
        )}
        {!MAESTRO_KINDS[kind] && <Typography color="error">Unknown kind {kind}.</Typography>}
        <Grid container spacing={2}>
          <Grid item xs={12} sm={6}>
            {topInput('name', 'Name', {
              required: !editing,
              InputProps: { readOnly: editing },
              helperText: editing ? 'The name cannot be changed' : 'Letters, digits and -_. (at most 63 characters)',
            })}
          </Grid>
          <Grid item xs={12} sm={6}>
            {topInput('title', 'Title', { helperText: 'Display name (optional)' })}
          </Grid>
          <Grid item xs={12} sm={6}>
            {topInput('owner', 'Owner', {
              required: true,
              helperText: 'Entity ref of the owning group or user',
            })}
          </Grid>
          <Grid item xs={12} sm={6}>
            {topInput('reason', 'Reason', { helperText: 'Kept in the history (optional)' })}
          </Grid>
          <Grid item xs={12}>
            <Typography variant="subtitle2">Specification</Typography>
          </Grid>
          {fields.map(field => (
            <Grid item xs={12} sm={field.fields || field.type === 'json' ? 12 : 6} key={field.name}>
              <SpecInput
                field={field}
                value={values[field.name]}
                errors={errors}
                disabled={saving}
                hints={hints}
                onChange={setValue}
              />
            </Grid>
          ))}
        </Grid>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={saving}>
          Cancel
        </Button>
        <Button type="submit" color="primary" variant="contained" disabled={saving}>
          {editing ? 'Save' : 'Create'}
        </Button>
      </DialogActions>
    </form>
  );
}

/**
 * Dialog to create or edit a record of one kind, with fields generated from the kind's spec schema. Problems
 * the backend reports (`field: problem; …`) are shown under their fields, or at the top for the others.
 */
export function RecordForm(props: RecordFormProps) {
  const { open, ...rest } = props;
  return (
    <Dialog open={open} onClose={props.onClose} maxWidth="md" fullWidth aria-labelledby="maestro-record-form-title">
      <RecordFormBody key={`${rest.kind}/${rest.record?.id ?? 'new'}/${rest.record?.version ?? 0}`} {...rest} />
    </Dialog>
  );
}
