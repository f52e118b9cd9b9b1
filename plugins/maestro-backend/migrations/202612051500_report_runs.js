// @ts-check

/**
 * Asynchronous report runs (issue #13, "Long runs"): a run of a saved report in one export format, claimed by one
 * backend replica (`claimed_by`, `heartbeat_at`), with its progress and outcome; the file it wrote is kept in
 * `maestro_report_run_chunks` (1 MiB binary chunks in order) so that every replica can serve it, until the run
 * expires (`expires_at`, maestro.reports.runs.retention).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_report_runs', table => {
    table.comment('Asynchronous runs of saved reports and their outcome');
    table.string('id', 36).primary().notNullable().comment('uuid');
    table.string('report_id', 36).notNullable();
    table.string('report_name', 128).notNullable().comment('The name when asked for (names the file)');
    table.text('definition').notNullable().comment('JSON: the definition when asked for (the run exports it)');
    table.string('format', 16).notNullable();
    table.string('as_of', 32).nullable();
    table.string('requested_by', 255).notNullable().comment('Entity ref (or service subject) of the requester');
    table.string('requested_at', 32).notNullable();
    table.string('status', 16).notNullable().comment('queued, running, succeeded, failed');
    table.string('claimed_by', 128).nullable().comment('The replica and claim running it');
    table.string('heartbeat_at', 32).nullable().comment('Last sign of life of the running replica');
    table.string('started_at', 32).nullable();
    table.string('finished_at', 32).nullable();
    table.bigInteger('records_read').notNullable().defaultTo(0).comment('Progress: inventory records read');
    table.bigInteger('rows').nullable().comment('Rows in the file, once succeeded');
    table.bigInteger('bytes').notNullable().defaultTo(0).comment('Bytes of the file written so far');
    table.integer('chunks').notNullable().defaultTo(0);
    table.text('error').nullable();
    table.string('expires_at', 32).nullable().comment('Set when it ends: its file is deleted then');
    table.string('expired_at', 32).nullable().comment('When the retention deleted its file');
    table.index(['report_id', 'requested_at'], 'maestro_report_runs_report_idx');
    table.index(['status', 'requested_at'], 'maestro_report_runs_status_idx');
    table.index(['expires_at'], 'maestro_report_runs_expiry_idx');
  });
  await knex.schema.createTable('maestro_report_run_chunks', table => {
    table.comment('The files of report runs, in chunks of at most 1 MiB');
    table.string('run_id', 36).notNullable();
    table.integer('seq').notNullable().comment('0, 1, 2 … in file order');
    table.binary('data').notNullable();
    table.primary(['run_id', 'seq']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_report_run_chunks');
  await knex.schema.dropTable('maestro_report_runs');
};
