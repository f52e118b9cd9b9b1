// @ts-check

/**
 * Saved report definitions (issue #13): a single-kind report or a pivot over related kinds, its definition as JSON
 * text, an optimistic-concurrency version, and a soft delete (`deleted_at`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_reports', table => {
    table.comment('Saved report definitions');
    table.string('id', 36).primary().notNullable().comment('uuid');
    table.string('name', 128).notNullable();
    table.string('type', 16).notNullable().comment('single or pivot');
    table.text('definition').notNullable().comment('JSON: the validated definition');
    table.string('owner', 255).notNullable().comment('Entity ref of the creator');
    table.string('created_by', 255).notNullable();
    table.string('updated_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.integer('version').notNullable();
    table.string('deleted_at', 32).nullable();
    table.index(['deleted_at', 'created_at'], 'maestro_reports_list_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_reports');
};
