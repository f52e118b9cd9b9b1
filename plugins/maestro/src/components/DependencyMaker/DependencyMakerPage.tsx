import { ReactNode, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Content, InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import type { DependencyTarget, InventoryRecord } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { RefPicker } from '../RecordForm/RefPicker';
import { DependencyTargetFields } from './DependencyTargetFields';
import { DependencyTree, visibleRefs } from './DependencyTree';
import {
  addDependency,
  draftEntryApplications,
  keyOfRef,
  MakerDraft,
  PendingChange,
  pendingChanges,
  removeDependency,
  setEntryApplications,
} from './makerDraft';
import { CommitFailure, PendingChanges } from './PendingChanges';
import { useRecordIndex } from './useRecordIndex';

/** What the maker shows, for a graph pane beside its tree. */
export interface MakerGraphView {
  /** The entry's ref (a system or an application). */
  entry: string;
  /** The records read so far, by key (`component:default/orders`; null: not an active Maestro record). */
  records: ReadonlyMap<string, InventoryRecord | null>;
  /** The unsaved edits (per record id, its new dependency or entry application list). */
  draft: MakerDraft;
  pending: PendingChange[];
}

/** Props of {@link DependencyMakerPage}. */
export interface DependencyMakerPageProps {
  /**
   * The graph pane, right of the tree (the business graph canvas, once it exists). Without it the pane shows a
   * short summary.
   */
  renderGraphPane?: (view: MakerGraphView, onAddDependency: (record: InventoryRecord) => void) => ReactNode;
}

/** Picks the entry: a system (its entry applications) or an application, searched in the inventory. */
function EntryPicker(props: { entry: string; onOpen: (ref: string) => void }) {
  const [kind, setKind] = useState(
    props.entry.toLocaleLowerCase('en-US').startsWith('system:') ? 'System' : 'Component',
  );
  const [ref, setRef] = useState(props.entry);
  return (
    <Box display="flex" style={{ gap: 8 }} alignItems="flex-start">
      <TextField
        id="maker-entry-kind"
        select
        label="Entry"
        value={kind}
        onChange={e => {
          setKind(e.target.value);
          setRef('');
        }}
        variant="outlined"
        margin="dense"
        style={{ minWidth: 150 }}
      >
        <MenuItem value="System">A system</MenuItem>
        <MenuItem value="Component">An application</MenuItem>
      </TextField>
      <Box flexGrow={1}>
        <RefPicker
          id="maker-entry"
          label={kind === 'System' ? 'System' : 'Application'}
          kind={kind}
          value={ref}
          onChange={setRef}
          helperText="Search by name, or type a ref"
        />
      </Box>
      <Button
        variant="contained"
        color="primary"
        style={{ marginTop: 10 }}
        disabled={!ref.trim()}
        onClick={() =>
          props.onOpen(ref.includes(':') ? ref.trim() : `${kind.toLocaleLowerCase('en-US')}:default/${ref.trim()}`)
        }
      >
        Open
      </Button>
    </Box>
  );
}

/** The "+" of an application: a target and a protocol, added to the draft. */
function AddDependencyDialog(props: {
  record: InventoryRecord;
  onAdd: (target: DependencyTarget) => void;
  onClose: () => void;
}) {
  const [target, setTarget] = useState<DependencyTarget>({ ref: '' });
  return (
    <Dialog open onClose={props.onClose} maxWidth="sm" fullWidth aria-labelledby="maker-add-title">
      <DialogTitle id="maker-add-title">Add a dependency to {props.record.name}</DialogTitle>
      <DialogContent>
        <DependencyTargetFields id="maker-add" value={target} onChange={setTarget} />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={!target.ref.trim()}
          onClick={() => props.onAdd({ ...target, ref: target.ref.trim() })}
        >
          Add
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * The dependency maker (`/maestro/dependencies?entry=…`): pick a system or an application; its applications show as
 * a tree, level by level; "+" adds a dependency, "×" removes one, a system's entry applications are edited above the
 * tree; the unsaved changes are listed and committed together, with a reason, as one change of every record touched.
 * The right column holds the unsaved changes and a graph pane (`renderGraphPane`).
 */
export function DependencyMakerPage(props: DependencyMakerPageProps) {
  const [params, setParams] = useSearchParams();
  const entry = params.get('entry') ?? '';
  const { byKey, resolve, reload, failure } = useRecordIndex();
  const [draft, setDraft] = useState<MakerDraft>(new Map());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [adding, setAdding] = useState<InventoryRecord | undefined>();
  const [commitFailure, setCommitFailure] = useState<CommitFailure | undefined>();

  const entryKey = entry ? keyOfRef(entry) : undefined;
  const entryRecord = entryKey ? byKey.get(entryKey) : undefined;
  const isSystem = entryRecord?.kind === 'System';
  const roots: DependencyTarget[] = useMemo(() => {
    if (!entryRecord) return [];
    return isSystem ? draftEntryApplications(draft, entryRecord).map(ref => ({ ref })) : [{ ref: entry }];
  }, [entryRecord, isSystem, draft, entry]);
  const refs = [...(entry ? [entry] : []), ...visibleRefs({ roots, records: byKey, draft, expanded })];
  const refsKey = refs.join('\n');
  useEffect(() => {
    resolve(refsKey ? refsKey.split('\n') : []);
  }, [refsKey, resolve]);
  // the first level opens with its dependencies shown
  const rootKeys = roots.map(r => keyOfRef(r.ref) ?? r.ref).join('\n');
  useEffect(() => {
    setExpanded(prev => new Set([...prev, ...(rootKeys ? rootKeys.split('\n') : [])]));
  }, [rootKeys]);

  const recordsById = useMemo(
    () => new Map([...byKey.values()].filter((r): r is InventoryRecord => !!r).map(r => [r.id, r])),
    [byKey],
  );
  const pending = useMemo(() => pendingChanges(draft, recordsById), [draft, recordsById]);
  const restart = () => {
    setDraft(new Map());
    setCommitFailure(undefined);
    reload();
  };
  const toggle = (key: string) =>
    setExpanded(prev => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <EntryPicker key={entry} entry={entry} onOpen={ref => setParams({ entry: ref })} />
        </Grid>
        <Grid item xs={12} md={7}>
          <InfoCard title={entry ? `Applications of ${entry}` : 'Applications'}>
            {failure && <ResponseErrorPanel error={failure} />}
            {!entry && <Typography color="textSecondary">Pick a system or an application to start.</Typography>}
            {entry && entryRecord === null && (
              <Typography color="error">No active system or application {entry} in the Maestro inventory.</Typography>
            )}
            {isSystem && entryRecord && (
              <Box mb={2}>
                <RefPicker
                  id="maker-entry-applications"
                  label="Entry applications"
                  kind="Component"
                  multiple
                  value={draftEntryApplications(draft, entryRecord)}
                  onChange={list => setDraft(d => setEntryApplications(d, entryRecord, list))}
                  helperText={
                    commitFailure?.byRecord.get(entryRecord.id) ??
                    'The applications through which the system is entered'
                  }
                  error={!!commitFailure?.byRecord.get(entryRecord.id)}
                />
              </Box>
            )}
            {entryRecord && (
              <DependencyTree
                roots={roots}
                records={byKey}
                draft={draft}
                expanded={expanded}
                onToggle={toggle}
                onAdd={setAdding}
                onRemove={(record, key) => setDraft(d => removeDependency(d, record, key))}
                problems={commitFailure?.byRecord ?? new Map()}
              />
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={5}>
          <PendingChanges
            pending={pending}
            onDiscard={() => {
              setDraft(new Map());
              setCommitFailure(undefined);
            }}
            onCommitted={restart}
            onReload={restart}
            onFailure={setCommitFailure}
          />
          <Box mt={3} data-testid="maker-graph-pane">
            {props.renderGraphPane ? (
              props.renderGraphPane({ entry, records: byKey, draft, pending }, setAdding)
            ) : (
              <InfoCard title="Summary">
                <Typography variant="body2">
                  {recordsById.size} record(s) read; {pending.length} with unsaved changes. The graph of this entry
                  shows here once the graph pane is plugged in.
                </Typography>
              </InfoCard>
            )}
          </Box>
        </Grid>
      </Grid>
      {adding && (
        <AddDependencyDialog
          record={adding}
          onClose={() => setAdding(undefined)}
          onAdd={target => {
            setDraft(d => addDependency(d, adding, target));
            setExpanded(prev => new Set([...prev, keyOfRef(`${adding.kind}:default/${adding.name}`) ?? '']));
            setAdding(undefined);
          }}
        />
      )}
    </Content>
  );
}
