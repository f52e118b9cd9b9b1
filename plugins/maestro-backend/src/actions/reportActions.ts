import { InputError } from '@backstage/errors';
import type { ReportFilter, ReportSort } from '@maestro/plugin-maestro-common';
import { maestroInventoryReadPermission, maestroReportReadPermission } from '@maestro/plugin-maestro-common';
import { actorOf } from '../records/InventoryService';
import { reportSourceAt, runSavedReport } from '../reports/savedReportRun';
import { ActionGroup, pageOf, READ_ONLY, readInput, requirePermissions, savedIdOf } from './actionSupport';

/** At most this many rows answered by `run-report` (the REST API pages up to 1000; an assistant's context less). */
const MAX_ROWS = 200;

/**
 * The report actions, with `maestro.report.read` (and `maestro.inventory.read` to run one, as
 * `GET /reports/:id/results`): the saved reports, and a run of one with extra filters, now or as of a time. Runs
 * are audited (`report-run`) like the route's.
 */
export const registerReportActions: ActionGroup = (registry, options) => {
  const { reports, store, auditor } = options;

  registry.register({
    name: 'list-reports',
    title: 'List saved Maestro reports',
    description:
      'Lists the saved inventory reports: id, name, type (single: one kind; pivot: across related kinds) and ' +
      'definition (kind, filters, columns). Run one with `run-report`.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          offset: z.number().optional().describe('Reports to skip (default 0).'),
          limit: z.number().optional().describe('Reports per page, 1 to 500 (default 50).'),
        }),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              type: z.string(),
              definition: z.unknown(),
              owner: z.string(),
              updatedAt: z.string(),
              version: z.number(),
            }),
          ),
          totalCount: z.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      await requirePermissions(options, credentials, maestroReportReadPermission);
      const { offset, limit } = pageOf(readInput(input), 500);
      return { output: await reports.list({ offset, limit }) };
    },
  });

  registry.register({
    name: 'run-report',
    title: 'Run a saved Maestro report',
    description: [
      'Runs a saved report (by id or name) over the inventory now, or as it was at `asOf`, with optional extra',
      'filters and sort, and answers its columns and a page of rows (each row: the record id, or ids along a pivot,',
      `and one value per column), at most ${MAX_ROWS} rows, with totalCount for all rows.`,
      'A filter is { field, op, value }: e.g. { "field": "spec.environment", "op": "eq", "value": "production" },',
      '{ "field": "spec.cpu", "op": "gt", "value": 4 }; ops include eq, ne, contains, regex, gt, lt, between,',
      'oneOf, exists, missing, last ("7d"). In a pivot report a filter field names its kind: Server.spec.environment.',
    ].join(' '),
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          report: z.string().describe('The saved report: its id or its name (see `list-reports`).'),
          filters: z
            .array(
              z.object({
                field: z.string().describe('A field path: name, owner, active, spec.<field>…'),
                op: z.string().describe('The operator, e.g. eq, contains, gt, oneOf, exists.'),
                value: z.unknown().optional().describe('The value the operator compares with (none for exists).'),
              }),
            )
            .optional()
            .describe("Filters added to the report's own."),
          sort: z
            .object({ field: z.string(), direction: z.enum(['asc', 'desc']).optional() })
            .optional()
            .describe("Sort instead of the report's own (single reports only)."),
          asOf: z.string().optional().describe('Run against the inventory as it was at this ISO-8601 time.'),
          offset: z.number().optional().describe('Rows to skip (default 0).'),
          limit: z.number().optional().describe(`Rows to answer, 1 to ${MAX_ROWS} (default 50).`),
        }),
      output: z =>
        z.object({
          report: z.object({ id: z.string(), name: z.string(), type: z.string(), version: z.number() }),
          asOf: z.string().optional(),
          columns: z.array(z.string()),
          rows: z.array(
            z.object({ id: z.string().optional(), ids: z.array(z.string()).optional(), values: z.array(z.unknown()) }),
          ),
          totalCount: z.number(),
          durationMs: z.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      await requirePermissions(options, credentials, maestroReportReadPermission, maestroInventoryReadPermission);
      const q = readInput({ ...input, filters: undefined, sort: undefined });
      const name = q.string('report');
      if (!name) throw new InputError('report: is required (the id or name of a saved report)');
      const offset = q.integer('offset', { min: 0 }) ?? 0;
      const limit = q.integer('limit', { min: 1, max: MAX_ROWS }) ?? 50;
      const asOf = q.timestamp('asOf');
      const report = await reports.get(await savedIdOf(reports, name, 'report'));
      const catalog = options.catalog;
      const event = await auditor.createEvent({
        eventId: 'report-run',
        severityLevel: 'medium',
        meta: { id: report.id, action: 'run-report', actor: actorOf(credentials), ...(asOf ? { asOf } : {}) },
      });
      try {
        const source = await reportSourceAt(store, asOf, catalog && (() => catalog(credentials)));
        const result = await runSavedReport(report, source, {
          filters: (input.filters ?? []) as ReportFilter[],
          sort: input.sort && ({ direction: 'asc', ...input.sort } as ReportSort),
          offset,
          limit,
          charts: false,
        });
        await event.success({ meta: { totalCount: result.rows.length, durationMs: result.durationMs } });
        return {
          output: {
            report: { id: report.id, name: report.name, type: report.type, version: report.version },
            ...(asOf ? { asOf } : {}),
            columns: result.columns,
            rows: result.rows.slice(offset, offset + limit),
            totalCount: result.rows.length,
            durationMs: result.durationMs,
          },
        };
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  });
};
