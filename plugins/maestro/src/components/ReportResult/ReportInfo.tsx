import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import type { ReportFilter, SavedReport } from '@maestro/plugin-maestro-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { ReportRun } from './ResultTable';

/** A filter as a person reads it, beside the JSON the backend receives. */
const filterText = (f: ReportFilter) =>
  `${f.field} ${f.op}${f.value === undefined ? '' : ` ${JSON.stringify(f.value)}`}`;

const list = (items: string[]) => (items.length ? items.join(', ') : '(default columns)');

/**
 * The Info page of a result: the definition (kind or hops, filters as sent, columns, sort) and the last run (its
 * duration, records scanned, rows, as-of, who ran it and when).
 */
export function ReportInfo(props: { report: SavedReport; run?: ReportRun; user?: string }) {
  const { report, run, user } = props;
  const definition = report.definition;
  const definitionRows: Record<string, unknown> =
    definition.type === 'pivot'
      ? {
          type: 'pivot',
          hops: definition.hops.map(
            (h, i) =>
              `${i + 1}. ${h.kind}: filters ${
                h.filters.length ? h.filters.map(filterText).join('; ') : '(none)'
              }; columns ${list(h.columns)}`,
          ),
        }
      : {
          type: 'single',
          kind: definition.kind,
          filters: definition.filters.length ? definition.filters.map(filterText) : '(none)',
          columns: list(definition.columns),
          sort: definition.sort ? `${definition.sort.field} ${definition.sort.direction}` : '(store order)',
        };
  const filtersSent =
    definition.type === 'pivot' ? definition.hops.map(h => ({ kind: h.kind, filters: h.filters })) : definition.filters;
  const result = run?.result;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={6}>
        <InfoCard title="Definition">
          <StructuredMetadataTable
            metadata={{
              name: report.name,
              ...(definition.description ? { description: definition.description } : {}),
              ...definitionRows,
              owner: report.owner,
              'updated by': `${report.updatedBy}, ${new Date(report.updatedAt).toLocaleString()} (version ${
                report.version
              })`,
            }}
          />
          <Typography variant="subtitle2" style={{ marginTop: 16 }}>
            Filters as sent
          </Typography>
          <pre data-testid="report-filters-json" style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>
            {JSON.stringify(filtersSent, null, 2)}
          </pre>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Last run">
          {result ? (
            <StructuredMetadataTable
              metadata={{
                rows: result.totalCount.toLocaleString('en-US'),
                'records scanned':
                  result.scanned === undefined ? '(not counted for a pivot)' : result.scanned.toLocaleString('en-US'),
                duration: `${result.durationMs} ms`,
                'as of': result.asOf ? new Date(result.asOf).toLocaleString() : 'now',
                'run by': user ?? '(unknown)',
                'run at': run.at.toLocaleString(),
              }}
            />
          ) : (
            <Typography>Not run yet: open the Table.</Typography>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}
