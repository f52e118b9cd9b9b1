import { PassThrough } from 'node:stream';
import { mockServices } from '@backstage/backend-test-utils';
import { parse } from 'csv-parse/sync';
import { describeEachDatabase, migrateTestDatabase } from '../__testUtils__/databases';
import { KnexInventoryStore } from '../records/KnexInventoryStore';
import { ExportFormat, exportReport } from './reportExport';
import { SingleReportQuery, storeRecordSource } from './singleReport';

jest.setTimeout(60_000);

const ctx = { actor: 'user:default/alice' };

describeEachDatabase('single report exports', (databases, databaseId) => {
  async function exported(query: SingleReportQuery, format: ExportFormat) {
    const knex = await migrateTestDatabase(await databases.init(databaseId));
    const store = await KnexInventoryStore.create({ database: mockServices.database({ knex }) });
    const servers = Array.from({ length: 7 }, (_, i) => ({
      kind: 'Server',
      name: `srv-${i}`,
      owner: 'group:default/platform',
      spec: {
        hostname: i === 3 ? '=HYPERLINK("http://evil")' : `srv-${i}.example.com`,
        cpu: 10 - i,
        environment: i % 2 ? 'staging' : 'production, "eu"',
        services: i < 2 ? [{ name: 'nginx' }, { name: 'node' }] : [],
      },
    }));
    await store.upsertRecords(servers, ctx);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', chunk => chunks.push(chunk));
    const definition = {
      name: 'servers',
      type: 'single' as const,
      kind: query.kind,
      filters: query.filters ?? [],
      columns: query.columns!,
      ...(query.sort ? { sort: { field: query.sort.field, direction: query.sort.direction ?? 'asc' } } : {}),
    };
    const count = await exportReport(definition, storeRecordSource(store, 3), format, out);
    out.end();
    return { count, text: Buffer.concat(chunks).toString('utf8') };
  }
  const query: SingleReportQuery = {
    kind: 'Server',
    filters: [{ field: 'spec.cpu', op: 'gte', value: 5 }],
    columns: ['name', 'spec.hostname', 'spec.cpu', 'spec.environment', 'spec.services.name'],
    sort: { field: 'spec.cpu' },
  };

  it('writes CSV a CSV reader reads back: header, every row sorted, quoting, lists, formulas defused', async () => {
    const { count, text } = await exported(query, 'csv');
    expect(count).toBe(6);
    const rows: string[][] = parse(text);
    expect(rows[0]).toEqual(['name', 'spec.hostname', 'spec.cpu', 'spec.environment', 'spec.services.name']);
    expect(rows.slice(1).map(r => r[0])).toEqual(['srv-5', 'srv-4', 'srv-3', 'srv-2', 'srv-1', 'srv-0']);
    expect(rows[6]).toEqual(['srv-0', 'srv-0.example.com', '10', 'production, "eu"', 'nginx; node']);
    expect(rows[3][1]).toBe('\'=HYPERLINK("http://evil")');
  });

  it('writes JSON (an array) and NDJSON (a line per row) with the columns as keys', async () => {
    const json = JSON.parse((await exported(query, 'json')).text);
    expect(json).toHaveLength(6);
    expect(json[5]).toEqual({
      id: expect.any(String),
      name: 'srv-0',
      'spec.hostname': 'srv-0.example.com',
      'spec.cpu': 10,
      'spec.environment': 'production, "eu"',
      'spec.services.name': ['nginx', 'node'],
    });
    const { text, count } = await exported({ ...query, sort: undefined, columns: ['name', 'spec.cpu'] }, 'ndjson');
    const lines = text
      .trim()
      .split('\n')
      .map(line => JSON.parse(line));
    expect(count).toBe(6);
    // without a sort, rows stream in the order the store reads them (id order), page by page
    expect(lines.map(l => l.id)).toEqual([...lines.map(l => l.id)].sort());
    expect(lines.map(l => l.name).sort()).toEqual(['srv-0', 'srv-1', 'srv-2', 'srv-3', 'srv-4', 'srv-5']);
    expect(
      JSON.parse((await exported({ ...query, filters: [{ field: 'spec.cpu', op: 'gt', value: 99 }] }, 'json')).text),
    ).toEqual([]);
  });
});
