// @ts-check

/**
 * Maestro settings: the services catalog, option lists and pre-defined regions, one JSON value per key, with an
 * optimistic-concurrency version.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_settings', table => {
    table.comment('Maestro settings, one JSON value per key');
    table.string('key', 64).primary().notNullable();
    table.text('value').notNullable();
    table.integer('version').notNullable();
    table.string('updated_at', 32).notNullable();
    table.string('updated_by', 255).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_settings');
};
