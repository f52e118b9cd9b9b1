import { useEffect, useMemo, useState } from 'react';
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { GraphView, InventoryRecord } from '@maestro/plugin-maestro-common';
import Typography from '@material-ui/core/Typography';
import { graphsApiRef } from '../../api/GraphsApi';
import { GraphCanvas } from '../GraphCanvas';
import type { MakerGraphView } from './DependencyMakerPage';
import { keyOfRef } from './makerDraft';
import { overlayDraft } from './makerGraphOverlay';

/**
 * The dependency maker's graph: the entry's business graph as saved (`POST /graphs/preview`, laid out by the
 * server) with the unsaved changes drawn over it. A click on an application opens its "add a dependency" form, as
 * its "+" in the tree does. Read again when the records change (after a commit).
 */
export function MakerGraphPane(props: MakerGraphView & { onAddDependency: (record: InventoryRecord) => void }) {
  const { entry, records, draft, onAddDependency } = props;
  const api = useApi(graphsApiRef);
  const [view, setView] = useState<GraphView>();
  const [error, setError] = useState<Error>();
  const entryKey = keyOfRef(entry) ?? entry;
  const entryRecord = records.get(entryKey);
  // the versions of the records read: a commit (then a reload) changes them, and the graph is read again
  const fingerprint = [...records.values()].map(r => (r ? `${r.id}@${r.version}` : '')).join(',');
  useEffect(() => {
    if (!entryRecord) return;
    setError(undefined);
    const definition =
      entryRecord.kind === 'System'
        ? { name: 'maker', entry: { system: entryKey } }
        : { name: 'maker', entry: { applications: [entryKey] } };
    api.previewGraph({ ...definition, depth: 10 }).then(setView, setError);
  }, [api, entryKey, entryRecord, fingerprint]);
  const byId = useMemo(
    () => new Map([...records.values()].filter((r): r is InventoryRecord => !!r).map(r => [r.id, r])),
    [records],
  );
  const drawn = useMemo(() => view && overlayDraft(view, draft, byId), [view, draft, byId]);

  if (!entryRecord) return null;
  return (
    <InfoCard title="Graph (with the unsaved changes)">
      {error && <ResponseErrorPanel error={error} />}
      {!drawn && !error && <Progress />}
      {drawn && (
        <>
          <Typography variant="body2" color="textSecondary">
            Click an application to add a dependency to it.
          </Typography>
          <GraphCanvas
            view={drawn}
            height={420}
            onNodeClick={node => {
              const record = records.get(node.key);
              if (record && (record.kind === 'Component' || record.kind === 'Resource')) onAddDependency(record);
            }}
          />
        </>
      )}
    </InfoCard>
  );
}
