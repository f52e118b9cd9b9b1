// @ts-check

/**
 * Saved business graphs (issue #14): a definition (entry, depth, layers) as JSON text, the status of its last
 * generation (ready or failed, with the error), that generation's counts and its whole view (nodes with their
 * places, edges with their paths, metrics) as JSON text, the inventory time it showed (`as_of`, when not the
 * current one), and an optimistic-concurrency version. Deletes are hard deletes. The list reads every column but
 * `view` (a view can be megabytes).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_graphs', table => {
    table.comment('Saved business graphs and their last generation');
    table.string('id', 36).primary().notNullable().comment('uuid');
    table.string('name', 255).notNullable();
    table.text('description').nullable();
    table.text('definition').notNullable().comment('JSON: the validated definition (entry, depth, layers)');
    table.string('status', 16).notNullable().comment('ready or failed: how the last generation went');
    table.text('error').nullable().comment('Why the last generation failed');
    table.integer('node_count').notNullable().defaultTo(0);
    table.integer('edge_count').notNullable().defaultTo(0);
    table.text('view', 'longtext').nullable().comment('JSON: the GraphView of the last successful generation');
    table.string('as_of', 32).nullable().comment('The inventory time the view shows, when not the current one');
    table.string('generated_at', 32).notNullable();
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_by', 255).notNullable();
    table.string('updated_at', 32).notNullable();
    table.integer('version').notNullable();
    table.index(['updated_at'], 'maestro_graphs_list_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_graphs');
};
