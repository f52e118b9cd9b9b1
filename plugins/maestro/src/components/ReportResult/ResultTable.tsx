import { memo, useEffect, useMemo, useState } from 'react';
import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ReportField, ReportFilter, ReportKindFields } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { maestroApiRef, ReportResults } from '../../api';
import { DebouncedTextField } from '../../shared/DebouncedTextField';
import { useLatestRequest } from '../../shared/useLatestRequest';
import { cellText, columnField, columnFilter, columnGroups } from './columnFilters';

/** Page sizes the table offers; the first is the default. */
export const RESULT_PAGE_SIZES = [50, 100, 500];

/** A run of the report as the table made it: its answer and when. */
export interface ReportRun {
  result: ReportResults;
  at: Date;
}

/** The filter input of a column, fitting its field's type; nothing for a column of unknown type. */
function ColumnFilterInput(props: { column: string; field?: ReportField; onChange: (value: string) => void }) {
  const { column, field, onChange } = props;
  const label = `Filter ${column}`;
  if (!field) return null;
  if (field.type === 'enum' || field.type === 'boolean') {
    const values = field.type === 'boolean' ? ['true', 'false'] : field.values ?? [];
    return (
      <TextField
        select
        size="small"
        defaultValue=""
        SelectProps={{ native: true }}
        inputProps={{ 'aria-label': label }}
        onChange={e => onChange(e.target.value)}
      >
        <option value="">(any)</option>
        {values.map(v => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </TextField>
    );
  }
  return (
    <DebouncedTextField
      size="small"
      type={field.type === 'date' ? 'date' : 'text'}
      placeholder={field.type === 'date' ? undefined : 'filter'}
      inputProps={{ 'aria-label': label }}
      onValueChange={onChange}
    />
  );
}

/** The rows of a page; memoised so that typing in a filter does not redraw them. */
const ResultRows = memo(function ResultRowsOfPage(props: { result: ReportResults }) {
  const rows = props.result.rows as Array<{ id?: string; ids?: string[]; values: unknown[] }>;
  return (
    <TableBody>
      {rows.length === 0 && (
        <TableRow>
          <TableCell colSpan={Math.max(1, props.result.columns.length)}>
            <Typography variant="body2" color="textSecondary">
              No row matches{props.result.asOf ? ' at that time' : ''}.
            </Typography>
          </TableCell>
        </TableRow>
      )}
      {rows.map((row, r) => (
        <TableRow key={row.id ?? row.ids?.join('/') ?? r} data-testid="report-row">
          {row.values.map((value, i) => (
            <TableCell key={i}>{cellText(value)}</TableCell>
          ))}
        </TableRow>
      ))}
    </TableBody>
  );
});

/**
 * A report's result, a page at a time from the server (`offset`, `limit`: only the page is ever loaded): sort by a
 * column header (single reports: the server sorts), a filter per column sent as report filters, page sizes 50 /
 * 100 / 500, the total count. A pivot's headers are grouped by hop. `onRun` hears of every answer (the Info tab).
 */
export function ResultTable(props: {
  reportId: string;
  /** The report fields of every kind (for the column filters' types); empty until loaded. */
  kinds: ReportKindFields[];
  asOf?: string;
  onRun?: (run: ReportRun) => void;
}) {
  const { reportId, kinds, asOf, onRun } = props;
  const api = useApi(maestroApiRef);
  const [offset, setOffset] = useState(0);
  const [limit, setLimit] = useState(RESULT_PAGE_SIZES[0]);
  const [sort, setSort] = useState<{ field: string; direction: 'asc' | 'desc' }>();
  const [filterText, setFilterText] = useState<Record<string, string>>({});

  // the single report's kind (its columns are the kind's field paths) and the report's type come with the answer:
  // the first page is asked for at once, without waiting for the report's definition
  const [shape, setShape] = useState<{ type: 'single' | 'pivot'; kind?: string }>();
  const kind = shape?.kind;
  const filters = useMemo(
    () =>
      Object.entries(filterText)
        .map(([column, value]) => columnFilter(column, columnField(kinds, column, kind), value))
        .filter((f): f is ReportFilter => !!f),
    [filterText, kinds, kind],
  );
  const sortParam = sort ? `${sort.direction === 'desc' ? '-' : ''}${sort.field}` : undefined;
  const query = { offset, limit, asOf, sort: sortParam, filters };
  const {
    value: result,
    loading,
    error,
  } = useLatestRequest(JSON.stringify([reportId, query]), signal => api.getReportResults(reportId, query, { signal }));
  useEffect(() => {
    if (!result) return;
    setShape(s => {
      const next = { type: result.report.type, kind: 'kind' in result ? result.kind : undefined };
      return s && s.type === next.type && s.kind === next.kind ? s : next;
    });
    onRun?.({ result, at: new Date() });
  }, [result, onRun]);
  const type = shape?.type ?? 'single';
  // a new as-of starts at the first page (as do a new sort and filter, below)
  useEffect(() => setOffset(0), [asOf]);

  const columns = result?.columns ?? [];
  const toggleSort = (column: string) => {
    setOffset(0);
    setSort(s => {
      if (!s || s.field !== column) return { field: column, direction: 'asc' };
      return s.direction === 'asc' ? { field: column, direction: 'desc' } : undefined;
    });
  };
  const setFilter = (column: string) => (value: string) => {
    setOffset(0);
    setFilterText(f => ({ ...f, [column]: value }));
  };

  return (
    <Box>
      {error && <ResponseErrorPanel error={error} />}
      <Box height={4}>{loading && <LinearProgress />}</Box>
      {result && (
        <>
          <Typography variant="body2" data-testid="report-total">
            {result.totalCount.toLocaleString('en-US')} rows{asOf ? ` as of ${new Date(asOf).toLocaleString()}` : ''}
          </Typography>
          <Box style={{ overflowX: 'auto' }}>
            <Table size="small" aria-label="Report result">
              <TableHead>
                {type === 'pivot' && (
                  <TableRow>
                    {columnGroups(columns).map((g, i) => (
                      <TableCell key={i} colSpan={g.span} align="center" style={{ fontWeight: 600 }}>
                        {g.kind}
                      </TableCell>
                    ))}
                  </TableRow>
                )}
                <TableRow>
                  {columns.map(column => (
                    <TableCell key={column} style={{ whiteSpace: 'nowrap' }}>
                      {type === 'single' ? (
                        <TableSortLabel
                          active={sort?.field === column}
                          direction={sort?.field === column ? sort.direction : 'asc'}
                          onClick={() => toggleSort(column)}
                        >
                          {column}
                        </TableSortLabel>
                      ) : (
                        column.slice(column.indexOf('.') + 1)
                      )}
                    </TableCell>
                  ))}
                </TableRow>
                <TableRow>
                  {columns.map(column => (
                    <TableCell key={column}>
                      <ColumnFilterInput
                        column={column}
                        field={columnField(kinds, column, kind)}
                        onChange={setFilter(column)}
                      />
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <ResultRows result={result} />
            </Table>
          </Box>
          <TablePagination
            component="div"
            count={result.totalCount}
            page={Math.floor(offset / limit)}
            rowsPerPage={limit}
            rowsPerPageOptions={RESULT_PAGE_SIZES}
            onPageChange={(_, page) => setOffset(page * limit)}
            onRowsPerPageChange={e => {
              setLimit(Number(e.target.value));
              setOffset(0);
            }}
          />
        </>
      )}
    </Box>
  );
}
