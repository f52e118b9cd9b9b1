import { memo, useCallback, useMemo, useState } from 'react';
import { Link as RouterLink, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Content, ContentHeader, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  findMaestroKind,
  InventoryRecord,
  MAESTRO_KINDS,
  MaestroKindDefinition,
  searchMatchOf,
} from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import LinearProgress from '@material-ui/core/LinearProgress';
import Link from '@material-ui/core/Link';
import Paper from '@material-ui/core/Paper';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { ListRecordsQuery, maestroApiRef, RecordOrderBy } from '../../api';
import { CreatedNotice } from '../../shared/CreatedNotice';
import { DebouncedTextField } from '../../shared/DebouncedTextField';
import { useMaestroPaths } from '../../shared/paths';
import { useLatestRequest } from '../../shared/useLatestRequest';
import { useOptionLists } from '../../shared/useOptionLists';
import { CreateRecord } from '../CreateRecord';
import { columnsOf, KIND_FILTERS, RecordColumn, SpecFilter } from './kindColumns';

const useStyles = makeStyles({
  // the table fills the height left under the header; only its rows scroll
  content: { minHeight: 0 },
  // one line per record: long values widen the table, which then scrolls sideways
  table: {
    '& th, & td': { whiteSpace: 'nowrap', paddingTop: 6, paddingBottom: 6 },
  },
});

/** Page sizes offered; the table only ever holds one page. */
export const PAGE_SIZES = [50, 100, 500];

/** The rows of one page; memoized so that typing in the search box or a filter does not re-render them. */
const RecordRows = memo(function RecordRowsOfPage(props: {
  columns: RecordColumn[];
  items: InventoryRecord[];
  loading: boolean;
  /** The search the items answer: the row says why a record matched when its name does not show it. */
  search?: string;
}) {
  const { columns, items, loading, search } = props;
  if (items.length === 0) {
    return (
      <TableRow>
        <TableCell colSpan={columns.length}>
          <Typography color="textSecondary" align="center">
            {loading ? 'Loading…' : 'No records match'}
          </Typography>
        </TableCell>
      </TableRow>
    );
  }
  return (
    <>
      {items.map(record => (
        <TableRow key={record.id} hover data-testid="maestro-record-row">
          {columns.map((column, index) => (
            <TableCell key={column.id} align={column.numeric ? 'right' : 'left'}>
              {column.render(record)}
              {index === 0 && <SearchMatch record={record} search={search} />}
            </TableCell>
          ))}
        </TableRow>
      ))}
    </>
  );
});

/** Under a record's name: the identifier or tag the search matched, when the name and title do not show it. */
function SearchMatch(props: { record: InventoryRecord; search?: string }) {
  const match = searchMatchOf(props.record, props.search);
  return match ? (
    <Typography variant="caption" color="textSecondary" display="block" data-testid="maestro-search-match">
      {match}
    </Typography>
  ) : null;
}

function FilterInput(props: {
  filter: SpecFilter;
  value: string;
  options?: readonly string[];
  onChange: (value: string) => void;
}) {
  const { filter, value, options, onChange } = props;
  const id = `maestro-filter-${filter.field}`;
  const common = {
    id,
    label: filter.label,
    variant: 'outlined' as const,
    margin: 'dense' as const,
    style: { minWidth: 160, marginRight: 8 },
  };
  if (!options) {
    return <DebouncedTextField {...common} initialValue={value} onValueChange={onChange} helperText="Exact value" />;
  }
  const values = value && !options.includes(value) ? [...options, value] : options;
  return (
    <TextField
      {...common}
      select
      value={value}
      onChange={e => onChange(e.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
    >
      <option value="">(any)</option>
      {values.map(option => (
        <option key={option} value={option}>
          {option}
        </option>
      ))}
    </TextField>
  );
}

interface TableState {
  q: string;
  filters: Record<string, string>;
  includeInactive: boolean;
  orderBy: RecordOrderBy;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const INITIAL_STATE: TableState = {
  q: '',
  filters: {},
  includeInactive: false,
  orderBy: 'name',
  order: 'asc',
  page: 0,
  pageSize: PAGE_SIZES[0],
};

/** The table's first state, with the search (`q`) and filters (`spec.<field>`) given in the page's URL. */
function initialState(params: URLSearchParams): TableState {
  const filters: Record<string, string> = {};
  params.forEach((value, key) => {
    if (key.startsWith('spec.') && value) filters[key.slice('spec.'.length)] = value;
  });
  return { ...INITIAL_STATE, q: params.get('q')?.trim() ?? '', filters };
}

/** The query of `GET /records` for the table's state. */
export function recordsQuery(kind: string, state: TableState): ListRecordsQuery {
  const filters = Object.fromEntries(Object.entries(state.filters).filter(([, v]) => v !== ''));
  return {
    kind,
    q: state.q || undefined,
    active: state.includeInactive ? 'all' : undefined,
    orderBy: state.orderBy,
    order: state.order,
    offset: state.page * state.pageSize,
    limit: state.pageSize,
    filters: Object.keys(filters).length ? filters : undefined,
  };
}

/** The inventory of one kind: kind-specific columns, server-side paging, sorting, search and filters. */
function KindInventory(props: { definition: MaestroKindDefinition }) {
  const { definition } = props;
  const { kind } = definition;
  const api = useApi(maestroApiRef);
  const navigate = useNavigate();
  const paths = useMaestroPaths();
  const classes = useStyles();
  const optionLists = useOptionLists();
  const [searchParams] = useSearchParams();
  // links may preset the search and filters: `?q=web&spec.environment=production`
  const [state, setState] = useState<TableState>(() => initialState(searchParams));
  const [refresh, setRefresh] = useState(0);
  const [created, setCreated] = useState<InventoryRecord | undefined>();

  const columns = useMemo(() => columnsOf(kind), [kind]);
  const filters = KIND_FILTERS[kind] ?? [];
  const query = useMemo(() => recordsQuery(kind, state), [kind, state]);
  const { value, loading, error } = useLatestRequest(`${JSON.stringify(query)}#${refresh}`, signal =>
    api.listRecords(query, { signal }).then(page => ({ ...page, search: query.q })),
  );
  const items = value?.items ?? [];
  const totalCount = value?.totalCount ?? 0;

  /** Changes what is shown, back to the first page. */
  const update = useCallback((change: Partial<TableState>) => setState(s => ({ ...s, page: 0, ...change })), []);
  const setSearch = useCallback((q: string) => update({ q }), [update]);
  const setFilter = useCallback(
    (field: string, v: string) => setState(s => ({ ...s, page: 0, filters: { ...s.filters, [field]: v } })),
    [],
  );
  const sortBy = (column: RecordColumn) =>
    setState(s => ({
      ...s,
      page: 0,
      orderBy: column.orderBy!,
      order: s.orderBy === column.orderBy && s.order === 'asc' ? 'desc' : 'asc',
    }));

  return (
    <Content stretch className={classes.content}>
      <ContentHeader title={`Inventory: ${definition.plural}`}>
        <CreateRecord
          kind={kind}
          onKindChange={k => navigate(paths.inventory(k))}
          onCreated={record => {
            setCreated(record);
            setRefresh(r => r + 1);
          }}
        />
      </ContentHeader>
      <CreatedNotice record={created} onDismiss={() => setCreated(undefined)} />
      <Box display="flex" flexWrap="wrap" alignItems="flex-start" mb={1}>
        <DebouncedTextField
          id="maestro-inventory-search"
          label="Search"
          placeholder="Name, hostname, IP, provider id, tag…"
          type="search"
          variant="outlined"
          margin="dense"
          style={{ minWidth: 260, marginRight: 8 }}
          initialValue={state.q}
          onValueChange={setSearch}
        />
        {filters.map(filter => (
          <FilterInput
            key={filter.field}
            filter={filter}
            value={state.filters[filter.field] ?? ''}
            options={filter.optionList ? optionLists[filter.optionList] : filter.options}
            onChange={v => setFilter(filter.field, v)}
          />
        ))}
        <FormControlLabel
          style={{ marginTop: 8 }}
          control={
            <Switch
              color="primary"
              checked={state.includeInactive}
              onChange={e => update({ includeInactive: e.target.checked })}
            />
          }
          label="Inactive too"
        />
      </Box>
      {error && <ResponseErrorPanel error={error} />}
      <Paper
        variant="outlined"
        style={{ flex: '1 1 0', minHeight: 360, display: 'flex', flexDirection: 'column', overflow: 'hidden' }}
      >
        <LinearProgress
          variant={loading ? 'indeterminate' : 'determinate'}
          value={100}
          style={{ visibility: loading ? 'visible' : 'hidden' }}
          aria-hidden={!loading}
        />
        {/* strict containment: typing in the search box or a filter never lays the page's rows out again */}
        <TableContainer style={{ flex: '1 1 0', minHeight: 0, overflow: 'auto', contain: 'strict' }}>
          <Table stickyHeader size="small" className={classes.table} aria-label={definition.plural}>
            <TableHead>
              <TableRow>
                {columns.map(column => (
                  <TableCell
                    key={column.id}
                    align={column.numeric ? 'right' : 'left'}
                    sortDirection={state.orderBy === column.orderBy ? state.order : false}
                  >
                    {column.orderBy ? (
                      <TableSortLabel
                        active={state.orderBy === column.orderBy}
                        direction={state.orderBy === column.orderBy ? state.order : 'asc'}
                        onClick={() => sortBy(column)}
                      >
                        {column.title}
                      </TableSortLabel>
                    ) : (
                      column.title
                    )}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              <RecordRows
                columns={columns}
                items={items}
                loading={items.length === 0 && loading}
                search={value?.search}
              />
            </TableBody>
          </Table>
        </TableContainer>
        <TablePagination
          component="div"
          count={totalCount}
          page={totalCount === 0 ? 0 : state.page}
          rowsPerPage={state.pageSize}
          rowsPerPageOptions={PAGE_SIZES}
          labelDisplayedRows={({ from, to, count }) => `${from}–${to} of ${count.toLocaleString('en-US')}`}
          onPageChange={(_e, page) => setState(s => ({ ...s, page }))}
          onRowsPerPageChange={e => update({ pageSize: Number(e.target.value) })}
        />
      </Paper>
    </Content>
  );
}

/** The page of `inventory/:kind`: the inventory table of the kind named in the URL (`server`, `database`…). */
export function KindInventoryPage() {
  const { kind = '' } = useParams();
  const paths = useMaestroPaths();
  const definition = findMaestroKind(kind);
  if (!definition) {
    return (
      <Content>
        <WarningPanel severity="warning" title={`Maestro holds no kind '${kind}'`} defaultExpanded>
          <Typography>
            Inventories:{' '}
            {Object.values(MAESTRO_KINDS).map((d, i) => (
              <span key={d.kind}>
                {i > 0 && ', '}
                <Link component={RouterLink} to={paths.inventory(d.kind)}>
                  {d.plural}
                </Link>
              </span>
            ))}
          </Typography>
        </WarningPanel>
      </Content>
    );
  }
  // a new kind starts from a fresh table (first page, no search, no filters)
  return <KindInventory key={definition.kind} definition={definition} />;
}
