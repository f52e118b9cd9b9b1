// @ts-check

/**
 * Settings history: every saved version of a setting with who saved it and when, so a change to the services
 * catalog or an option list can be traced like an inventory change.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_settings_history', table => {
    table.comment('Every saved version of each Maestro setting');
    table.string('key', 64).notNullable();
    table.integer('version').notNullable();
    table.text('value').notNullable();
    table.string('updated_at', 32).notNullable();
    table.string('updated_by', 255).notNullable();
    table.primary(['key', 'version']);
  });
  // Settings saved before this migration become their first history entry.
  const rows = await knex('maestro_settings').select('*');
  if (rows.length) await knex('maestro_settings_history').insert(rows);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_settings_history');
};
