// @ts-check

/**
 * The history prune watermark: retention deletes changes older than a time; "as of" and diffs before that time
 * answer "history pruned before …" (410) instead of "did not exist".
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_history_pruning', table => {
    table.comment('One row: the time before which history retention has deleted changes');
    table.integer('id').primary().notNullable().comment('always 1');
    table.string('pruned_before', 32).notNullable().comment('ISO-8601 UTC');
    table.string('pruned_at', 32).notNullable().comment('ISO-8601 UTC, when the last prune started');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_history_pruning');
};
