import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Content, ContentHeader, ResponseErrorPanel, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ChangeAction, ChangeEntry, MAESTRO_KINDS } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { HistoryQuery, maestroApiRef } from '../../api';
import { DebouncedTextField } from '../../shared/DebouncedTextField';
import { RecordLink } from '../../shared/RefLink';
import { ChangeDetails } from '../ChangeDetails';

/** Changes loaded per request ("Load more" asks for the next ones). */
export const HISTORY_PAGE_SIZE = 50;

const ACTIONS: ChangeAction[] = ['create', 'update', 'delete', 'restore'];

interface HistoryFilters {
  kind: string;
  actor: string;
  action: string;
  /** `datetime-local` input values (local time), or ''. */
  from: string;
  to: string;
}

/** A `datetime-local` value (local time, `2026-01-31T12:00`) as an ISO-8601 UTC time; undefined when empty. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

function historyQuery(filters: HistoryFilters): HistoryQuery {
  return {
    kind: filters.kind || undefined,
    actor: filters.actor || undefined,
    action: (filters.action || undefined) as ChangeAction | undefined,
    from: localInputToIso(filters.from),
    to: localInputToIso(filters.to),
  };
}

const columns: TableColumn<ChangeEntry>[] = [
  {
    title: 'When',
    field: 'at',
    width: '12%',
    render: c => new Date(c.at).toLocaleString(),
  },
  { title: 'Action', field: 'action', width: '7%' },
  { title: 'Who', field: 'actor', width: '15%' },
  {
    title: 'Record',
    field: 'name',
    width: '16%',
    render: c => (
      <>
        <Typography variant="caption" display="block" color="textSecondary">
          {c.kind}
        </Typography>
        <RecordLink record={{ kind: c.kind, name: c.name, spec: (c.after ?? c.before)?.spec }} />
      </>
    ),
  },
  { title: 'Reason', field: 'reason', width: '15%' },
  { title: 'Changes', render: c => <ChangeDetails change={c} /> },
];

interface Feed {
  items: ChangeEntry[];
  loading: boolean;
  error?: Error;
  /** True when the last request returned less than a page: nothing older matches. */
  done: boolean;
}

/**
 * The global change feed, newest first: filters on kind, actor, action and time, and "Load more" for older
 * changes (the next request asks for changes before the last seq shown).
 */
export function HistoryPage() {
  const api = useApi(maestroApiRef);
  const [filters, setFilters] = useState<HistoryFilters>({ kind: '', actor: '', action: '', from: '', to: '' });
  const [feed, setFeed] = useState<Feed>({ items: [], loading: true, done: false });
  const latest = useRef(0);
  const query = useMemo(() => historyQuery(filters), [filters]);
  const set = (key: keyof HistoryFilters) => (value: string) => setFilters(f => ({ ...f, [key]: value }));

  /** Loads a page of changes after `shown`; an answer to an older request is dropped. */
  const load = useCallback(
    async (q: HistoryQuery, shown: ChangeEntry[]) => {
      const id = ++latest.current;
      setFeed(f => ({ ...f, items: shown, loading: true, error: undefined }));
      try {
        const { items } = await api.searchHistory({ ...q, limit: HISTORY_PAGE_SIZE });
        if (id !== latest.current) return;
        setFeed({ items: [...shown, ...items], loading: false, done: items.length < HISTORY_PAGE_SIZE });
      } catch (error) {
        if (id !== latest.current) return;
        setFeed(f => ({ ...f, loading: false, error: error as Error }));
      }
    },
    [api],
  );

  useEffect(() => {
    load(query, []);
  }, [load, query]);

  const last = feed.items[feed.items.length - 1];
  const loadMore = () => {
    if (last) load({ ...query, before: last.seq }, feed.items);
  };

  const inputStyle = { minWidth: 170, marginRight: 8 };
  return (
    <Content>
      <ContentHeader title="History" description="Every change to the inventory, newest first" />
      <Box display="flex" flexWrap="wrap" alignItems="flex-start" mb={2}>
        <TextField
          id="maestro-history-kind"
          select
          label="Kind"
          value={filters.kind}
          onChange={e => set('kind')(e.target.value)}
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          variant="outlined"
          margin="dense"
          style={inputStyle}
        >
          <option value="">(all kinds)</option>
          {Object.keys(MAESTRO_KINDS).map(k => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </TextField>
        <DebouncedTextField
          id="maestro-history-actor"
          label="Who"
          placeholder="user:default/jane"
          variant="outlined"
          margin="dense"
          style={{ ...inputStyle, minWidth: 220 }}
          onValueChange={set('actor')}
        />
        <TextField
          id="maestro-history-action"
          select
          label="Action"
          value={filters.action}
          onChange={e => set('action')(e.target.value)}
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          variant="outlined"
          margin="dense"
          style={inputStyle}
        >
          <option value="">(all actions)</option>
          {ACTIONS.map(a => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </TextField>
        <TextField
          id="maestro-history-from"
          label="From"
          type="datetime-local"
          value={filters.from}
          onChange={e => set('from')(e.target.value)}
          InputLabelProps={{ shrink: true }}
          variant="outlined"
          margin="dense"
          style={inputStyle}
        />
        <TextField
          id="maestro-history-to"
          label="To"
          type="datetime-local"
          value={filters.to}
          onChange={e => set('to')(e.target.value)}
          InputLabelProps={{ shrink: true }}
          variant="outlined"
          margin="dense"
          style={inputStyle}
        />
      </Box>
      {feed.error && <ResponseErrorPanel error={feed.error} />}
      <Table<ChangeEntry>
        title={`Changes (${feed.items.length}${feed.done ? '' : '+'} shown)`}
        columns={columns}
        data={feed.items}
        isLoading={feed.loading && feed.items.length === 0}
        options={{ search: false, paging: false, sorting: false, padding: 'dense' }}
        emptyContent={
          <Box p={2}>
            <Typography color="textSecondary">{feed.loading ? 'Loading…' : 'No changes match.'}</Typography>
          </Box>
        }
      />
      <Box mt={2} display="flex" alignItems="center" style={{ gap: 16 }}>
        <Button variant="outlined" color="primary" onClick={loadMore} disabled={feed.loading || feed.done || !last}>
          {feed.loading && feed.items.length > 0 ? 'Loading…' : 'Load more'}
        </Button>
        {feed.done && feed.items.length > 0 && (
          <Typography variant="body2" color="textSecondary">
            That is every change matching the filters.
          </Typography>
        )}
      </Box>
    </Content>
  );
}
