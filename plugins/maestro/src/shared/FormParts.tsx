import { FormEvent, ReactNode, useState } from 'react';
import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { describeApiError } from './apiErrors';
import { SortedProblems, sortProblems } from './fieldProblems';

/** A refused save: its title and its problems sorted to the fields shown. */
export interface FormRefusal {
  title: string;
  problems: SortedProblems;
}

/**
 * What a form shows of a failed save: `Not allowed` for a 403, else `failedTitle`; the problems sorted to
 * `shownPaths`, or, when the answer names no field, its whole message above the form.
 */
export function refusalOf(error: unknown, failedTitle: string, shownPaths: string[]): FormRefusal {
  const failure = describeApiError(error);
  return {
    title: failure.status === 403 ? 'Not allowed' : failedTitle,
    problems: failure.problems.length
      ? sortProblems(failure.problems, shownPaths)
      : { at: () => undefined, other: [failure.message] },
  };
}

/**
 * The save of a form: `submit(save, failedTitle, shownPaths)` makes its submit handler, which runs `save` (that
 * posts and opens what it saved) with `saving` set, and on a failure keeps the refusal ({@link refusalOf}) for the
 * fields and the panel above them and lets the form be submitted again.
 */
export function useFormSave() {
  const [refusal, setRefusal] = useState<FormRefusal>();
  const [saving, setSaving] = useState(false);
  const submit =
    (save: () => Promise<void>, failedTitle: string, shownPaths: () => string[]) => async (event: FormEvent) => {
      event.preventDefault();
      setSaving(true);
      setRefusal(undefined);
      try {
        await save();
      } catch (e) {
        setRefusal(refusalOf(e, failedTitle, shownPaths()));
        setSaving(false);
      }
    };
  return { refusal, saving, submit };
}

/** The problems of a refused save that no shown field takes, above the form (nothing when there are none). */
export function FormRefusalPanel(props: { refusal?: FormRefusal; testId: string }) {
  const { refusal, testId } = props;
  if (!refusal || refusal.problems.other.length === 0) return null;
  return (
    <div data-testid={testId}>
      <WarningPanel severity="error" title={refusal.title} defaultExpanded>
        {refusal.problems.other.map(text => (
          <Typography key={text}>{text}</Typography>
        ))}
      </WarningPanel>
    </div>
  );
}

/** The part of a draft {@link NameOwnerFields} edits. */
export interface NameOwnerDraft {
  name: string;
  owner: string;
  enabled: boolean;
  description: string;
}

/**
 * The first fields of a saved thing's form (a job, an event rule): Name, Owner, whatever `children` adds to that
 * row, the Enabled switch, and below them the Description. Ids are `<idPrefix>-name` and so on.
 */
export function NameOwnerFields(props: {
  idPrefix: string;
  draft: NameOwnerDraft;
  set: (patch: Partial<NameOwnerDraft>) => void;
  fieldProps: (path: string, help?: string) => { error: boolean; helperText?: string };
  /** The help under Owner: who it is for this thing. */
  ownerHelp: string;
  children?: ReactNode;
}) {
  const { idPrefix, draft, set, fieldProps } = props;
  return (
    <>
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        <TextField
          id={`${idPrefix}-name`}
          label="Name"
          required
          value={draft.name}
          onChange={e => set({ name: e.target.value })}
          style={{ minWidth: 300 }}
          {...fieldProps('name')}
        />
        <TextField
          id={`${idPrefix}-owner`}
          label="Owner"
          value={draft.owner}
          onChange={e => set({ owner: e.target.value })}
          style={{ minWidth: 300 }}
          {...fieldProps('owner', props.ownerHelp)}
        />
        {props.children}
        <FormControlLabel
          control={<Switch checked={draft.enabled} onChange={e => set({ enabled: e.target.checked })} />}
          label="Enabled"
        />
      </Box>
      <TextField
        id={`${idPrefix}-description`}
        label="Description"
        value={draft.description}
        multiline
        onChange={e => set({ description: e.target.value })}
        {...fieldProps('description')}
      />
    </>
  );
}

/** A form's last row: the submit button (disabled while saving) and Cancel. */
export function SaveCancelButtons(props: {
  saving: boolean;
  saveLabel: string;
  saveTestId: string;
  onCancel: () => void;
}) {
  return (
    <Box display="flex" style={{ gap: 8 }}>
      <Button type="submit" variant="contained" color="primary" disabled={props.saving} data-testid={props.saveTestId}>
        {props.saveLabel}
      </Button>
      <Button onClick={props.onCancel}>Cancel</Button>
    </Box>
  );
}
