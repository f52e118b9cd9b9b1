import type { Knex } from 'knex';
import { describeEachDatabase } from '../__testUtils__/databases';
import { RunStatusColumns, RunStatusTable } from './RunStatusTable';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

type Key = { job_id: string };
interface Row extends RunStatusColumns, Key {
  note: string | null;
}

/** A status table of a job type of its own (issue 15's jobs will have theirs), with one column of its own. */
async function createTable(knex: Knex) {
  await knex.schema.createTable('test_job_status', table => {
    table.string('job_id').primary();
    table.string('status').notNullable();
    table.string('run_id');
    table.string('started_at');
    table.string('finished_at');
    table.integer('duration_ms');
    table.integer('failures').notNullable().defaultTo(0);
    table.string('requested_at');
    table.text('note');
  });
  return new RunStatusTable<Key, Row>({ db: knex, table: 'test_job_status', key: ['job_id'] });
}

describeEachDatabase('RunStatusTable', (databases, databaseId) => {
  it('records a request, the start of a run (serving the request) and its end, one row per job', async () => {
    const knex = await databases.init(databaseId);
    const rows = await createTable(knex);
    const key = { job_id: 'a' };
    expect(await rows.get(key)).toBeUndefined();

    await rows.request(key, at(0), { note: 'asked' });
    expect(await rows.get(key)).toMatchObject({
      job_id: 'a',
      status: 'never',
      failures: 0,
      requested_at: at(0),
      note: 'asked',
    });

    await rows.begin(key, { runId: 'run-1', startedAt: at(1_000) }, { note: null });
    expect(await rows.get(key)).toMatchObject({
      status: 'running',
      run_id: 'run-1',
      started_at: at(1_000),
      requested_at: null,
      note: null,
    });

    await knex.transaction(tx =>
      rows.upsert(key, { status: 'success', finished_at: at(3_000), duration_ms: 2_000 }, tx),
    );
    expect(await rows.get(key)).toMatchObject({
      status: 'success',
      run_id: 'run-1',
      started_at: at(1_000),
      finished_at: at(3_000),
    });
    expect(Number((await rows.get(key))!.duration_ms)).toBe(2_000);

    await rows.begin({ job_id: 'b' }, { runId: 'run-2', startedAt: at(0) });
    expect((await rows.list({})).map(r => [r.job_id, r.status]).sort()).toEqual([
      ['a', 'success'],
      ['b', 'running'],
    ]);
    await rows.remove({ job_id: 'a' });
    expect((await rows.list({})).map(r => r.job_id)).toEqual(['b']);
  });

  it('is due after a request, before the first run, or once the interval passed since the last start', async () => {
    const knex = await databases.init(databaseId);
    const rows = await createTable(knex);
    const key = { job_id: 'a' };
    const due = async (now: number) =>
      RunStatusTable.isDue(await rows.get(key), { now: T0 + now, intervalMs: 60_000, tickMs: 30_000 });
    expect(await due(0)).toBe(true); // never ran
    await rows.begin(key, { runId: 'run-1', startedAt: at(0) });
    expect(await due(30_000)).toBe(false);
    expect(await due(45_000)).toBe(true); // the tick nearest the due time
    await rows.request(key, at(31_000));
    expect(await due(31_000)).toBe(true);
  });

  it('counts consecutive failures, back to none after a run that did not fail', () => {
    const row = (failures: number) => ({ failures } as RunStatusColumns);
    expect(RunStatusTable.failuresAfter(undefined, true)).toBe(1);
    expect(RunStatusTable.failuresAfter(row(2), true)).toBe(3);
    expect(RunStatusTable.failuresAfter(row(2), false)).toBe(0);
  });
});
