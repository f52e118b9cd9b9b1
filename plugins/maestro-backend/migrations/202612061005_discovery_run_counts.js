// @ts-check

/**
 * The count of runs of each discovery task (connection × list), so that the Jobs page shows the built-in discovery
 * jobs with their run counts like user-defined jobs (issue #15).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('maestro_discovery_status', table => {
    table.integer('runs').notNullable().defaultTo(0).comment('Runs started so far');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('maestro_discovery_status', table => {
    table.dropColumn('runs');
  });
};
