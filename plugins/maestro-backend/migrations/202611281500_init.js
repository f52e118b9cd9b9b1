// @ts-check

/**
 * The inventory store (one row per record) and its change history, which doubles as the change feed that the
 * catalog module reads to project deltas into the catalog.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_records', table => {
    table.comment('Maestro inventory records: the system of record for infrastructure');
    table.string('id', 36).primary().notNullable().comment('uuid');
    table.string('kind', 64).notNullable().comment('Maestro kind, e.g. Server');
    table.string('name', 63).notNullable().comment('catalog entity name, unique per kind');
    table.string('title', 255).nullable();
    table.string('owner', 255).notNullable().comment('owner entity ref');
    table.text('spec').notNullable().comment('JSON of the kind-specific spec');
    table.integer('version').notNullable().comment('optimistic concurrency version');
    table.boolean('active').notNullable().defaultTo(true).comment('false = soft-deleted');
    table.string('source', 255).notNullable().comment('manual or discovery/<connection>');
    table.string('created_at', 32).notNullable().comment('ISO-8601 UTC');
    table.string('updated_at', 32).notNullable().comment('ISO-8601 UTC');
    table.string('created_by', 255).notNullable();
    table.string('updated_by', 255).notNullable();
    table.unique(['kind', 'name'], { indexName: 'maestro_records_kind_name_uq' });
    table.index(['kind', 'active'], 'maestro_records_kind_active_idx');
    table.index(['updated_at'], 'maestro_records_updated_at_idx');
  });

  await knex.schema.createTable('maestro_changes', table => {
    table.comment('Change history of every record: who, when, source, before/after; also the change feed');
    table.bigIncrements('seq').primary().comment('position in the change feed');
    table.string('record_id', 36).notNullable();
    table.string('kind', 64).notNullable();
    table.string('name', 63).notNullable();
    table.string('action', 16).notNullable().comment('create | update | delete | restore');
    table.string('actor', 255).notNullable().comment('user ref, service or maestro:discovery/<connection>');
    table.string('at', 32).notNullable().comment('ISO-8601 UTC');
    table.text('reason').nullable();
    table.text('before').nullable().comment('JSON of the record before the change');
    table.text('after').nullable().comment('JSON of the record after the change');
    table.index(['record_id', 'seq'], 'maestro_changes_record_idx');
    table.index(['at'], 'maestro_changes_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_changes');
  await knex.schema.dropTable('maestro_records');
};
