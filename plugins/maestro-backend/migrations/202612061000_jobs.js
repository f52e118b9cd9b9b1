// @ts-check

/**
 * User-defined jobs (issue #15): `maestro_jobs` holds each job (webhook, discovery, report) and the built-in
 * history retention, with its schedule, chains, limits and counters; `maestro_job_runs` holds every run, queued,
 * claimed by one backend replica (`claimed_by`, `heartbeat_at`) and ended with its outcome. Runs of the built-in
 * discovery jobs (`discovery:<connection>:<list>`, which have no row in `maestro_jobs`) are logged here too.
 *
 * The dispatcher finds due jobs through (enabled, next_run_at); workers find queued runs through
 * (status, not_before); a job's log is read newest first through (job_id, queued_at).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_jobs', table => {
    table.comment('Scheduled jobs: user-defined (webhook, discovery, report) and the built-in history retention');
    table.string('id', 64).primary().notNullable().comment('uuid, or the id of a built-in job');
    table.string('name', 128).notNullable();
    table.string('type', 32).notNullable().comment('webhook, discovery, report, history-retention');
    table.boolean('enabled').notNullable().defaultTo(true);
    table.boolean('built_in').notNullable().defaultTo(false);
    table.string('owner', 255).notNullable().comment('User or group ref notified on failures and recovery');
    table.text('description').nullable();
    table.text('schedule').notNullable().comment('JSON: { type: interval | cron | manual, … }');
    table.text('config').notNullable().comment("JSON: the type's configuration, webhook secrets sealed");
    table.integer('max_executions').notNullable().defaultTo(0).comment('0 = no limit');
    table.integer('disable_after_failures').notNullable().defaultTo(3).comment('0 = never');
    table.text('on_success').nullable().comment('JSON: { jobId, delaySeconds }');
    table.text('on_failure').nullable().comment('JSON: { jobId, delaySeconds }');
    table.integer('total_runs').notNullable().defaultTo(0).comment('Runs queued so far (every trigger)');
    table.integer('consecutive_failures').notNullable().defaultTo(0);
    table.boolean('failing_notified').notNullable().defaultTo(false).comment('The owner was told it was disabled');
    table.string('disabled_reason', 255).nullable().comment('Why the job disabled itself');
    table.string('next_run_at', 32).nullable().comment('Next scheduled run; null when manual or disabled');
    table.string('last_run_id', 36).nullable();
    table.string('created_at', 32).notNullable();
    table.string('created_by', 255).notNullable();
    table.string('updated_at', 32).notNullable();
    table.string('updated_by', 255).notNullable();
    table.index(['enabled', 'next_run_at'], 'maestro_jobs_due_idx');
  });
  await knex.schema.createTable('maestro_job_runs', table => {
    table.comment('Runs of jobs: queued, claimed by one replica, ended with their outcome');
    table.string('id', 36).primary().notNullable().comment('uuid');
    table.string('job_id', 255).notNullable();
    table.string('trigger', 16).notNullable().comment('schedule, manual, chain, rule');
    table.string('status', 16).notNullable().comment('queued, running, succeeded, failed');
    table.string('queued_at', 32).notNullable();
    table.string('not_before', 32).notNullable().comment('Not claimed before this time (a chain delay)');
    table.string('claimed_by', 128).nullable().comment('The replica and claim running it');
    table.string('heartbeat_at', 32).nullable().comment('Last sign of life of the running replica');
    table.string('started_at', 32).nullable();
    table.string('finished_at', 32).nullable();
    table.integer('duration_ms').nullable();
    table.text('error').nullable();
    table.string('started_by', 255).nullable().comment('The run that chained it, the rule delivery, or the user');
    table.text('webhook').nullable().comment('JSON: the webhook exchange (request, status, first 4 KB of the body)');
    table.text('summary').nullable();
    table.index(['status', 'not_before'], 'maestro_job_runs_queue_idx');
    table.index(['job_id', 'queued_at'], 'maestro_job_runs_log_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_job_runs');
  await knex.schema.dropTable('maestro_jobs');
};
