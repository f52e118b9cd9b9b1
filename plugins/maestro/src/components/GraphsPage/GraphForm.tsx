import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Content, ContentHeader, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { BusinessGraphEntry, GraphDefinition } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { graphsApiRef } from '../../api/GraphsApi';
import { describeApiError, FieldProblem } from '../../shared/apiErrors';
import { useMaestroPaths } from '../../shared/paths';
import { RefPicker } from '../RecordForm/RefPicker';

/** The form's entry choice. */
export type EntryType = 'system' | 'client' | 'applications';

/** The depth limits of a graph. */
export const GRAPH_DEPTH = { min: 1, max: 50, default: 10 };

/** The fields of the form, as the backend names them in a 400. */
const FIELDS = ['name', 'description', 'entry', 'depth', 'layers'] as const;
type Field = (typeof FIELDS)[number];

/** The problems of each field (`entry.system` and `entry.applications[1]` are the entry's), and the others. */
export function problemsByField(problems: FieldProblem[]): {
  byField: Partial<Record<Field, string>>;
  other: string[];
} {
  const byField: Partial<Record<Field, string>> = Object.create(null);
  const other: string[] = [];
  for (const problem of problems) {
    const field = FIELDS.find(
      f => problem.field === f || problem.field.startsWith(`${f}.`) || problem.field.startsWith(`${f}[`),
    );
    if (field) byField[field] = byField[field] ? `${byField[field]}; ${problem.message}` : problem.message;
    else other.push(problem.field ? `${problem.field}: ${problem.message}` : problem.message);
  }
  return { byField, other };
}

/**
 * A new business graph (`graphs/new`): the entry (a system, a client or applications, offered from the inventory
 * while typing; a catalog-only entity's ref can be typed), the depth, the layers, a name and a description.
 * Saved with `POST /graphs`, then its page opens; the backend's 400 is shown on the fields it names.
 */
export function GraphForm() {
  const api = useApi(graphsApiRef);
  const paths = useMaestroPaths();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [entryType, setEntryType] = useState<EntryType>('system');
  const [system, setSystem] = useState('');
  const [client, setClient] = useState('');
  const [applications, setApplications] = useState<string[]>([]);
  const [depth, setDepth] = useState(String(GRAPH_DEPTH.default));
  const [infrastructure, setInfrastructure] = useState(true);
  const [business, setBusiness] = useState(true);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<{ byField: Partial<Record<Field, string>>; other: string[] }>({
    byField: {},
    other: [],
  });

  const entry = (): BusinessGraphEntry => {
    if (entryType === 'system') return { system: system.trim() };
    if (entryType === 'client') return { client: client.trim() };
    return { applications };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const depthNumber = Number(depth);
    if (!Number.isInteger(depthNumber) || depthNumber < GRAPH_DEPTH.min || depthNumber > GRAPH_DEPTH.max) {
      setProblems({
        byField: { depth: `must be a whole number from ${GRAPH_DEPTH.min} to ${GRAPH_DEPTH.max}` },
        other: [],
      });
      return;
    }
    const definition: GraphDefinition = {
      name: name.trim(),
      entry: entry(),
      depth: depthNumber,
      layers: { infrastructure, business },
    };
    if (description.trim()) definition.description = description.trim();
    setSaving(true);
    setProblems({ byField: {}, other: [] });
    try {
      const saved = await api.createGraph(definition);
      navigate(paths.graph(saved.id));
    } catch (e) {
      const failure = describeApiError(e);
      setProblems(
        failure.problems.length ? problemsByField(failure.problems) : { byField: {}, other: [failure.message] },
      );
      setSaving(false);
    }
  };

  const { byField, other } = problems;
  return (
    <Content>
      <ContentHeader title="New business graph" />
      <form onSubmit={submit} noValidate aria-label="New business graph">
        <Box maxWidth={720} display="flex" flexDirection="column" style={{ gap: 12 }}>
          {other.length > 0 && (
            <WarningPanel severity="error" title="The graph could not be saved" defaultExpanded>
              {other.map(text => (
                <Typography key={text}>{text}</Typography>
              ))}
            </WarningPanel>
          )}
          <TextField
            id="graph-name"
            label="Name"
            value={name}
            onChange={e => setName(e.target.value)}
            required
            variant="outlined"
            margin="dense"
            error={!!byField.name}
            helperText={byField.name}
          />
          <TextField
            id="graph-description"
            label="Description"
            value={description}
            onChange={e => setDescription(e.target.value)}
            variant="outlined"
            margin="dense"
            multiline
            minRows={2}
            error={!!byField.description}
            helperText={byField.description}
          />
          <FormLabel component="legend">Entry</FormLabel>
          <RadioGroup
            row
            aria-label="Entry"
            value={entryType}
            onChange={e => setEntryType(e.target.value as EntryType)}
          >
            <FormControlLabel value="system" control={<Radio />} label="A system" />
            <FormControlLabel value="client" control={<Radio />} label="A client" />
            <FormControlLabel value="applications" control={<Radio />} label="Applications" />
          </RadioGroup>
          {entryType === 'system' && (
            <RefPicker
              id="graph-entry-system"
              label="System"
              kind="System"
              value={system}
              onChange={setSystem}
              required
              error={!!byField.entry}
              helperText={byField.entry ?? "The graph starts at the system's entry applications"}
            />
          )}
          {entryType === 'client' && (
            <RefPicker
              id="graph-entry-client"
              label="Client"
              kind="Client"
              value={client}
              onChange={setClient}
              required
              error={!!byField.entry}
              helperText={byField.entry ?? 'The graph starts at the entry applications of the systems serving it'}
            />
          )}
          {entryType === 'applications' && (
            <RefPicker
              id="graph-entry-applications"
              label="Applications"
              kind="Component"
              multiple
              value={applications}
              onChange={setApplications}
              required
              error={!!byField.entry}
              helperText={byField.entry ?? 'The graph starts at these applications'}
            />
          )}
          <TextField
            id="graph-depth"
            label="Depth"
            type="number"
            value={depth}
            onChange={e => setDepth(e.target.value)}
            variant="outlined"
            margin="dense"
            inputProps={{ min: GRAPH_DEPTH.min, max: GRAPH_DEPTH.max }}
            error={!!byField.depth}
            helperText={byField.depth ?? `Dependency hops from the entries (${GRAPH_DEPTH.min}–${GRAPH_DEPTH.max})`}
          />
          <Box>
            <FormControlLabel
              control={<Checkbox checked={infrastructure} onChange={e => setInfrastructure(e.target.checked)} />}
              label="Infrastructure (servers, databases, load balancers, volumes)"
            />
            <FormControlLabel
              control={<Checkbox checked={business} onChange={e => setBusiness(e.target.checked)} />}
              label="Business (systems and clients)"
            />
            {byField.layers && <Typography color="error">{byField.layers}</Typography>}
          </Box>
          <Box display="flex" style={{ gap: 8 }}>
            <Button type="submit" variant="contained" color="primary" disabled={saving}>
              {saving ? 'Generating…' : 'Create graph'}
            </Button>
            <Button onClick={() => navigate(paths.graphs)}>Cancel</Button>
          </Box>
        </Box>
      </form>
    </Content>
  );
}
