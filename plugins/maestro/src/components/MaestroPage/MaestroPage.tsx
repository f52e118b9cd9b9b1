import { useCallback, useMemo, useState } from 'react';
import {
  Content,
  ContentHeader,
  Header,
  Page,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { InventoryRecord, MAESTRO_KINDS } from '@maestro/plugin-maestro-common';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActionArea from '@material-ui/core/CardActionArea';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import CloseIcon from '@material-ui/icons/Close';
import useAsync from 'react-use/esm/useAsync';
import { maestroApiRef } from '../../api';
import { RecordForm } from '../RecordForm';

const columns: TableColumn<InventoryRecord>[] = [
  {
    title: 'Name',
    field: 'name',
    render: r => (
      <EntityRefLink
        entityRef={{ kind: r.kind, namespace: 'default', name: r.name }}
        title={r.title ?? r.name}
      />
    ),
  },
  { title: 'Kind', field: 'kind' },
  {
    title: 'Owner',
    field: 'owner',
    render: r => <EntityRefLink entityRef={r.owner} defaultKind="group" />,
  },
  { title: 'Source', field: 'source' },
  { title: 'Version', field: 'version', type: 'numeric' },
  {
    title: 'Updated',
    field: 'updatedAt',
    render: r => new Date(r.updatedAt).toLocaleString(),
  },
];

/** Totals per kind; a click filters the table below by that kind. */
function KindTotals(props: {
  selected?: string;
  onSelect: (kind?: string) => void;
  /** Changed to load the totals again. */
  refresh: number;
}) {
  const api = useApi(maestroApiRef);
  const { refresh } = props;
  const { value, loading, error } = useAsync(() => api.getSummary(), [api, refresh]);
  if (error) return <ResponseErrorPanel error={error} />;
  const counts = new Map((value?.kinds ?? []).map(k => [k.kind, k]));
  return (
    <Grid container spacing={2}>
      {Object.values(MAESTRO_KINDS).map(def => {
        const count = counts.get(def.kind);
        const selected = props.selected === def.kind;
        return (
          <Grid item xs={6} sm={4} md={2} key={def.kind}>
            <Card variant="outlined" raised={selected} data-testid={`maestro-total-${def.kind}`}>
              <CardActionArea onClick={() => props.onSelect(selected ? undefined : def.kind)}>
                <CardContent>
                  <Typography variant="overline">{def.plural}</Typography>
                  <Typography variant="h4">{loading ? '…' : count?.active ?? 0}</Typography>
                  {count?.inactive ? (
                    <Typography variant="caption">{count.inactive} inactive</Typography>
                  ) : null}
                </CardContent>
              </CardActionArea>
            </Card>
          </Grid>
        );
      })}
    </Grid>
  );
}

/** Kind selector and "Create" button; opens the record form for the selected kind. */
function CreateRecord(props: { defaultKind?: string; onCreated: (record: InventoryRecord) => void }) {
  const [kind, setKind] = useState<string>(props.defaultKind ?? 'Server');
  const [open, setOpen] = useState(false);
  return (
    <>
      <TextField
        id="maestro-create-kind"
        select
        label="Kind"
        value={kind}
        onChange={e => setKind(e.target.value)}
        SelectProps={{ native: true }}
        variant="outlined"
        margin="dense"
        style={{ minWidth: 160, marginRight: 8 }}
      >
        {Object.keys(MAESTRO_KINDS).map(k => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </TextField>
      <Button
        variant="contained"
        color="primary"
        startIcon={<AddIcon />}
        onClick={() => setOpen(true)}
        style={{ marginTop: 4 }}
      >
        Create
      </Button>
      <RecordForm
        open={open}
        kind={kind}
        onClose={() => setOpen(false)}
        onSaved={record => {
          setOpen(false);
          props.onCreated(record);
        }}
      />
    </>
  );
}

/**
 * The Maestro home page: totals per kind and the inventory table (server-side paging, sorting and search).
 * @public
 */
export function MaestroPage() {
  const api = useApi(maestroApiRef);
  const [kind, setKind] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [refresh, setRefresh] = useState(0);
  const [created, setCreated] = useState<InventoryRecord | undefined>();

  const data = useCallback(
    async (query: { page: number; pageSize: number; search: string; orderBy?: TableColumn<InventoryRecord>; orderDirection: string }) => {
      try {
        const field = query.orderBy?.field as string | undefined;
        const result = await api.listRecords({
          kind,
          q: query.search || undefined,
          orderBy: field === 'name' || field === 'kind' || field === 'updatedAt' ? field : undefined,
          order: query.orderDirection === 'desc' ? 'desc' : 'asc',
          offset: query.page * query.pageSize,
          limit: query.pageSize,
        });
        setError(undefined);
        return { data: result.items, page: query.page, totalCount: result.totalCount };
      } catch (e) {
        setError(e as Error);
        return { data: [], page: 0, totalCount: 0 };
      }
    },
    [api, kind],
  );
  const title = useMemo(
    () => (kind ? `Inventory: ${MAESTRO_KINDS[kind]?.plural ?? kind}` : 'Inventory'),
    [kind],
  );

  return (
    <Page themeId="tool">
      <Header title="Maestro" subtitle="Multi-cloud infrastructure inventory" />
      <Content>
        <ContentHeader title="Overview">
          <CreateRecord
            defaultKind={kind}
            onCreated={record => {
              setCreated(record);
              setRefresh(r => r + 1);
            }}
          />
        </ContentHeader>
        {created && (
          <Typography role="status" data-testid="maestro-created" style={{ marginBottom: 16 }}>
            Created {created.kind}{' '}
            <EntityRefLink
              entityRef={{ kind: created.kind, namespace: 'default', name: created.name }}
              title={created.name}
            />
            <IconButton size="small" aria-label="Dismiss" onClick={() => setCreated(undefined)}>
              <CloseIcon fontSize="small" />
            </IconButton>
          </Typography>
        )}
        <KindTotals selected={kind} onSelect={setKind} refresh={refresh} />
        <div style={{ height: 24 }} />
        {error && <ResponseErrorPanel error={error} />}
        <Table<InventoryRecord>
          key={`${kind ?? 'all'}/${refresh}`}
          title={title}
          columns={columns}
          data={data as any}
          options={{ search: true, paging: true, pageSize: 20, pageSizeOptions: [20, 50, 100], debounceInterval: 300 }}
        />
      </Content>
    </Page>
  );
}
