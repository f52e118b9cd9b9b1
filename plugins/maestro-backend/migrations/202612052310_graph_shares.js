// @ts-check

/**
 * Share links of saved business graphs (issue #14): a link's token is stored only as its SHA-256 (hex, unique:
 * the one indexed lookup a shared page makes), live or snapshot (the view frozen at share time, JSON text), an
 * optional expiry, revocation (kept listed) and when it was last used (written at most once a minute). No foreign
 * key to maestro_graphs: a share of a deleted graph answers 404 like any unknown token.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_graph_shares', table => {
    table.comment('Share links of saved business graphs');
    table.string('id', 36).primary().notNullable().comment('uuid');
    table.string('graph_id', 36).notNullable();
    table.string('token_hash', 64).notNullable().unique('maestro_graph_shares_token_hash_uq').comment('SHA-256 hex');
    table.string('mode', 16).notNullable().comment('live or snapshot');
    table.text('snapshot').nullable().comment('JSON: the GraphView frozen at share time (snapshot mode)');
    table.string('snapshot_generated_at', 32).nullable().comment('generatedAt of the snapshot view');
    table.string('label', 200).nullable();
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('expires_at', 32).nullable();
    table.string('last_used_at', 32).nullable();
    table.string('revoked_at', 32).nullable();
    table.string('revoked_by', 255).nullable();
    table.index(['graph_id', 'created_at'], 'maestro_graph_shares_graph_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_graph_shares');
};
