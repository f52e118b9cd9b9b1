import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_MAESTRO_RECORD_ID,
  ChangeEntry,
} from '@maestro/plugin-maestro-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { maestroApiRef } from '../../api';

/** Names the spec fields that differ between two versions of a record. */
export function changedFields(change: ChangeEntry): string[] {
  const before = (change.before ?? {}) as Record<string, any>;
  const after = (change.after ?? {}) as Record<string, any>;
  const fields = new Set<string>();
  for (const key of ['title', 'owner', 'active']) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) fields.add(key);
  }
  const keys = new Set([...Object.keys(before.spec ?? {}), ...Object.keys(after.spec ?? {})]);
  for (const key of keys) {
    if (JSON.stringify(before.spec?.[key]) !== JSON.stringify(after.spec?.[key])) {
      fields.add(`spec.${key}`);
    }
  }
  return [...fields].sort();
}

const historyColumns: TableColumn<ChangeEntry>[] = [
  { title: 'When', field: 'at', render: c => new Date(c.at).toLocaleString() },
  { title: 'Action', field: 'action' },
  { title: 'Who', field: 'actor' },
  { title: 'Version', render: c => c.after?.version ?? '' },
  {
    title: 'Changed',
    render: c => (c.action === 'create' ? 'created' : changedFields(c).join(', ')),
  },
  { title: 'Reason', field: 'reason' },
];

/**
 * Entity tab for Maestro entities: the store record behind the entity and its change history.
 * @public
 */
export function EntityMaestroContent() {
  const { entity } = useEntity();
  const api = useApi(maestroApiRef);
  const id = entity.metadata.annotations?.[ANNOTATION_MAESTRO_RECORD_ID];
  const { value, loading, error } = useAsync(async () => {
    if (!id) return undefined;
    const [record, history] = await Promise.all([api.getRecord(id), api.getHistory(id)]);
    return { record, history: history.items };
  }, [api, id]);

  if (!id) {
    return (
      <Typography>
        This entity has no {ANNOTATION_MAESTRO_RECORD_ID} annotation: it is not managed by Maestro.
      </Typography>
    );
  }
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  const { record, history } = value;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <InfoCard title="Inventory record">
          <StructuredMetadataTable
            metadata={{
              id: record.id,
              kind: record.kind,
              version: record.version,
              status: record.active ? 'active' : 'inactive',
              source: record.source,
              'created by': `${record.createdBy} at ${new Date(record.createdAt).toLocaleString()}`,
              'updated by': `${record.updatedBy} at ${new Date(record.updatedAt).toLocaleString()}`,
            }}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Specification">
          <StructuredMetadataTable metadata={record.spec as Record<string, any>} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <Table<ChangeEntry>
          title="History"
          columns={historyColumns}
          data={history}
          options={{ search: false, paging: history.length > 20, pageSize: 20 }}
        />
      </Grid>
    </Grid>
  );
}
