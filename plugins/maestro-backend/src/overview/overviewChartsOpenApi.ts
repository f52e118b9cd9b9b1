import { errorResponses } from '../schema/openApiShared';

/** The OpenAPI path of the overview charts (assembled into the document by src/schema/openapi.ts). */
export const overviewChartsPaths = {
  '/overview/charts': {
    get: {
      operationId: 'getOverviewCharts',
      description:
        'The automatic charts of the whole inventory (servers per provider, region, instance type, OS, environment; ' +
        'applications per family, deploy type, system; most depended-on applications; services installed; clients ' +
        'and entry applications per system; volumes by size …), each { id, title, chart } with chart a ReportChart. ' +
        'Active records, and the catalog entities Maestro did not write. Needs maestro.inventory.read.',
      parameters: [
        {
          name: 'refresh',
          in: 'query',
          schema: { type: 'string', enum: ['true', 'false'] },
          description: "Draw the charts again instead of answering the caller's charts of the last minute",
        },
      ],
      responses: {
        '200': {
          description:
            '{ charts: [{ id, title, chart: { field, type, points: [{ label, count }], missing } }], durationMs, ' +
            'computedAt }',
        },
        ...errorResponses,
        '503': { description: 'The catalog could not be read (its git-defined applications and systems count)' },
      },
    },
  },
};
