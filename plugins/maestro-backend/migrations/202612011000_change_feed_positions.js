// @ts-check

/**
 * Change feed positions (decision 0012): writers insert their change without a position and no longer take a
 * global lock; feed readers give positions to committed changes in the order they became visible. Existing
 * changes keep their seq as their position, so a cursor read before this migration stays valid.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('maestro_changes', table => {
    table.bigInteger('pos').nullable().comment('position in the change feed; set once the change is visible');
  });
  await knex('maestro_changes').update({ pos: knex.ref('seq') });
  await knex.schema.alterTable('maestro_changes', table => {
    table.unique(['pos'], { indexName: 'maestro_changes_pos_uq' });
    // the changes still waiting for a position: found without scanning the history
    table.index(['seq'], 'maestro_changes_unpositioned_idx', { predicate: knex.whereNull('pos') });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('maestro_changes', table => {
    table.dropIndex(['seq'], 'maestro_changes_unpositioned_idx');
    table.dropUnique(['pos'], 'maestro_changes_pos_uq');
  });
  await knex.schema.alterTable('maestro_changes', table => {
    table.dropColumn('pos');
  });
};
