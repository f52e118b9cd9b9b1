// @ts-check

/**
 * Report scans and exports read the records of a kind in keyset pages (`kind = ? and active = ? and id > ? order by
 * id limit n`). With only an index on (kind, active), each page read every record of the kind and sorted them
 * (SQLite: 108 ms per 2,000-row page over 100,000 volumes, quadratic in the kind's size). An index on
 * (kind, active, id) answers each page from where the last one stopped; it replaces (kind, active), its prefix.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('maestro_records', table => {
    table.index(['kind', 'active', 'id'], 'maestro_records_kind_active_id_idx');
  });
  await knex.schema.alterTable('maestro_records', table => {
    table.dropIndex(['kind', 'active'], 'maestro_records_kind_active_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('maestro_records', table => {
    table.index(['kind', 'active'], 'maestro_records_kind_active_idx');
  });
  await knex.schema.alterTable('maestro_records', table => {
    table.dropIndex(['kind', 'active', 'id'], 'maestro_records_kind_active_id_idx');
  });
};
