import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Content,
  ContentHeader,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ReportKindFields, SavedReport } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { maestroApiRef } from '../../api';
import { describeApiError, FieldProblem } from '../../shared/apiErrors';
import { useMaestroPaths } from '../../shared/paths';
import { HopEditor } from './HopEditor';
import {
  definitionOf,
  fieldsOf,
  formStateOf,
  hopAfter,
  MAX_HOPS,
  MIN_HOPS,
  newFormState,
  filterRowProblems,
  nextKinds,
  PIVOT_DEFAULT_COLUMNS,
  RecordsRead,
  replaceHop,
  ReportFormState,
} from './reportFormState';

interface SaveFailure {
  title: string;
  message: string;
  /** The `field: problem` pairs of a 400. */
  problems: FieldProblem[];
}

/** What a failed save says: the backend's 400 message (it names the field), or that someone changed the report. */
function saveFailure(error: unknown): SaveFailure {
  const failure = describeApiError(error);
  if (failure.status === 409) {
    return {
      title: 'Someone changed this report since you opened it',
      message: `Reload the report and apply your change again (${failure.message})`,
      problems: [],
    };
  }
  if (failure.status === 400) {
    return { title: 'The report is not valid', message: failure.message, problems: failure.problems };
  }
  if (failure.status === 403) return { title: 'Not allowed', message: failure.message, problems: [] };
  return { title: 'Saving failed', message: failure.message, problems: [] };
}

/** What each part of the form (single or pivot) is given: the kinds, the draft, a way to change it, the 400's problems. */
interface PartProps {
  kinds: ReportKindFields[];
  state: ReportFormState;
  set: (patch: Partial<ReportFormState>) => void;
  problems: FieldProblem[];
}

/** The single report's part of the form: kind, filters, columns, sort and which records it reads. */
function SingleFields(props: PartProps) {
  const { kinds, state, set, problems } = props;
  const fields = fieldsOf(kinds, state.single.kind);
  return (
    <>
      <HopEditor
        kinds={kinds}
        kindOptions={kinds.map(k => k.kind)}
        hop={state.single}
        kindLabel="Kind"
        idPrefix="report-single"
        defaultColumns="the default columns"
        filterProblems={filterRowProblems(problems, '')}
        onChange={single => set({ single, ...(single.kind !== state.single.kind ? { sortField: '' } : {}) })}
      />
      <Box display="flex" mt={2} flexWrap="wrap">
        <TextField
          select
          id="report-sort"
          label="Sort by"
          value={state.sortField}
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          onChange={e => set({ sortField: e.target.value })}
          style={{ minWidth: 220, marginRight: 8 }}
        >
          <option value="">(store order)</option>
          {fields.map(f => (
            <option key={f.path} value={f.path}>
              {f.path}
            </option>
          ))}
        </TextField>
        <TextField
          select
          id="report-direction"
          label="Direction"
          value={state.sortDirection}
          SelectProps={{ native: true }}
          onChange={e => set({ sortDirection: e.target.value as 'asc' | 'desc' })}
          style={{ minWidth: 140, marginRight: 8 }}
        >
          <option value="asc">ascending</option>
          <option value="desc">descending</option>
        </TextField>
        <TextField
          select
          id="report-records"
          label="Records"
          value={state.records}
          SelectProps={{ native: true }}
          onChange={e => set({ records: e.target.value as RecordsRead })}
          style={{ minWidth: 220 }}
        >
          <option value="active">active records</option>
          <option value="inactive">inactive (deleted) records</option>
          <option value="both">active and inactive records</option>
        </TextField>
      </Box>
    </>
  );
}

/** A pivot's hops, in order: hop 1 any kind, each next one among the kinds the previous links to. */
function PivotFields(props: PartProps) {
  const { kinds, state, set, problems } = props;
  const { hops } = state;
  const next = hops.length ? hopAfter(kinds, hops[hops.length - 1].kind) : undefined;
  return (
    <>
      {hops.map((hop, i) => (
        <Box key={i} mb={2} p={2} border={1} borderColor="divider" borderRadius={4} data-testid={`report-hop-${i + 1}`}>
          <Typography variant="subtitle1">Hop {i + 1}</Typography>
          <HopEditor
            kinds={kinds}
            kindOptions={
              i === 0 ? kinds.filter(k => k.links.length).map(k => k.kind) : nextKinds(kinds, hops[i - 1].kind)
            }
            hop={hop}
            kindLabel={`Hop ${i + 1} kind`}
            idPrefix={`report-hop-${i + 1}`}
            defaultColumns={PIVOT_DEFAULT_COLUMNS.join(', ')}
            filterProblems={filterRowProblems(problems, `hops[${i}].`)}
            onChange={h => set({ hops: replaceHop(kinds, hops, i, h) })}
          />
        </Box>
      ))}
      <Button
        variant="outlined"
        disabled={hops.length >= MAX_HOPS || !next}
        onClick={() => next && set({ hops: [...hops, next] })}
        style={{ marginRight: 8 }}
      >
        Add hop
      </Button>
      <Button variant="outlined" disabled={hops.length <= MIN_HOPS} onClick={() => set({ hops: hops.slice(0, -1) })}>
        Remove last hop
      </Button>
      {hops.length < MIN_HOPS && (
        <Typography color="error">
          A pivot needs {MIN_HOPS} to {MAX_HOPS} hops: add one.
        </Typography>
      )}
    </>
  );
}

/**
 * The report form (`reports/new`, `reports/:id/edit`): name, description, type; a single report's kind, typed
 * filters, columns, sort and records; or a pivot's hops. Saving posts the definition (or puts it with the version
 * read) and opens the result; a refusal is shown beside the form with the backend's message.
 */
export function ReportForm() {
  const api = useApi(maestroApiRef);
  const paths = useMaestroPaths();
  const navigate = useNavigate();
  const { id } = useParams();
  const [kinds, setKinds] = useState<ReportKindFields[]>();
  const [saved, setSaved] = useState<SavedReport>();
  const [state, setState] = useState<ReportFormState>();
  const [loadError, setLoadError] = useState<Error>();
  const [failure, setFailure] = useState<SaveFailure>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    (async () => {
      const { kinds: catalogue } = await api.getReportFields();
      const report = id ? await api.getReport(id) : undefined;
      if (!live) return;
      setKinds(catalogue);
      setSaved(report);
      setState(report ? formStateOf(catalogue, report) : newFormState(catalogue));
    })().catch(e => live && setLoadError(e));
    return () => {
      live = false;
    };
  }, [api, id]);

  if (loadError)
    return (
      <Content>
        <ResponseErrorPanel error={loadError} />
      </Content>
    );
  if (!kinds || !state) return <Progress />;

  const set = (patch: Partial<ReportFormState>) => setState(s => (s ? { ...s, ...patch } : s));
  const save = async () => {
    setSaving(true);
    setFailure(undefined);
    try {
      const definition = definitionOf(kinds, state);
      const result = saved
        ? await api.updateReport(saved.id, { ...definition, version: saved.version })
        : await api.createReport(definition);
      navigate(paths.report(result.id));
    } catch (error) {
      setFailure(saveFailure(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Content>
      <ContentHeader title={saved ? `Edit report: ${saved.name}` : 'New report'} />
      <InfoCard>
        <Box display="flex" flexWrap="wrap" mb={2}>
          <TextField
            id="report-name"
            label="Name"
            required
            value={state.name}
            onChange={e => set({ name: e.target.value })}
            style={{ minWidth: 300, marginRight: 8 }}
          />
          <TextField
            id="report-description"
            label="Description"
            value={state.description}
            onChange={e => set({ description: e.target.value })}
            style={{ minWidth: 400, marginRight: 8 }}
          />
          <TextField
            select
            id="report-type"
            label="Type"
            value={state.type}
            SelectProps={{ native: true }}
            onChange={e => set({ type: e.target.value as 'single' | 'pivot' })}
            style={{ minWidth: 200 }}
          >
            <option value="single">single (one kind)</option>
            <option value="pivot">pivot (along relations)</option>
          </TextField>
        </Box>
        {state.type === 'single' ? (
          <SingleFields kinds={kinds} state={state} set={set} problems={failure?.problems ?? []} />
        ) : (
          <PivotFields kinds={kinds} state={state} set={set} problems={failure?.problems ?? []} />
        )}
        {failure && (
          <Box mt={2} data-testid="report-form-error">
            <WarningPanel severity="error" title={failure.title} defaultExpanded>
              <Typography>{failure.message}</Typography>
            </WarningPanel>
          </Box>
        )}
        <Box mt={3}>
          <Button variant="contained" color="primary" onClick={save} disabled={saving} style={{ marginRight: 8 }}>
            Save and run
          </Button>
          <Button onClick={() => navigate(saved ? paths.report(saved.id) : paths.reports)}>Cancel</Button>
        </Box>
      </InfoCard>
    </Content>
  );
}
