// @ts-check

/**
 * Indexed lookup keys of records (hostname, private IP, provider id…), kept in step with the record in the same
 * transaction: duplicate warnings and discovery's dedupe by provider id need them without scanning JSON specs.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_record_keys', table => {
    table.comment('Lookup keys of records: one row per (record, key)');
    table.string('record_id', 36).notNullable().references('id').inTable('maestro_records').onDelete('CASCADE');
    table.string('kind', 64).notNullable();
    table.string('key', 64).notNullable().comment('hostname | ipv4Private | providerId');
    table.string('value', 2048).notNullable();
    table.string('owner', 255).notNullable();
    table.boolean('active').notNullable();
    table.primary(['record_id', 'key']);
    table.index(['kind', 'key', 'value'], 'maestro_record_keys_lookup_idx');
  });

  // backfill the keys of records written before this migration
  const KEYS = ['hostname', 'ipv4Private', 'providerId'];
  const records = await knex('maestro_records').select('id', 'kind', 'owner', 'active', 'spec');
  for (const record of records) {
    const spec = JSON.parse(record.spec);
    const rows = KEYS.filter(key => typeof spec[key] === 'string' && spec[key]).map(key => ({
      record_id: record.id,
      kind: record.kind,
      key,
      value: spec[key],
      owner: record.owner,
      active: record.active,
    }));
    if (rows.length) await knex('maestro_record_keys').insert(rows);
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_record_keys');
};
