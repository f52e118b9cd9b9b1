// @ts-check
const { randomUUID } = require('node:crypto');

/**
 * Discovery index per scope, connection incarnations, bound removal confirmations:
 * - the index is keyed by (connection, list, region, provider id) instead of (connection, provider id): a resource
 *   seen in several scopes (an OpenStack image shared by two regions, a flavor listed by two lists) has one row per
 *   scope, so each scope's re-crawl finds its own checksum and writes nothing when nothing changed;
 * - each row carries the incarnation of its connection (`maestro_discovery_connections.incarnation`, `config` for
 *   connections defined in app-config): a connection deleted and created again with the same id starts clean, and
 *   a run of the deleted one cannot write into the new one's index;
 * - `record_id` becomes a string like `maestro_records.id` (the index is joined with the records);
 * - a confirmed removal is bound to a region and a count (`confirmed_removals`, JSON `{ region: atMost }`) instead
 *   of the `confirm_removals` flag that released every held removal of the next run.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('maestro_discovery_connections', table => {
    table.string('incarnation', 36).nullable().comment('Set on first use; a connection created again gets a new one');
  });
  for (const { id } of await knex('maestro_discovery_connections').select('id')) {
    await knex('maestro_discovery_connections').where({ id }).update({ incarnation: randomUUID() });
  }

  await knex.schema.createTable('maestro_discovery_scope_index', table => {
    table.comment('What each connection discovered, per list and region: provider id → record, checksum last written');
    table.string('connection_id', 64).notNullable();
    table.string('list', 64).notNullable();
    table.string('region', 64).notNullable();
    table.string('provider_id', 1024).notNullable();
    table.string('incarnation', 36).notNullable().comment('Of the connection: rows of an earlier one are ignored');
    table.string('kind', 64).notNullable();
    table.string('record_id', 36).notNullable();
    table.string('record_name', 255).notNullable();
    table.string('checksum', 64).notNullable();
    table.text('fields').notNullable().comment('JSON list of the spec fields the crawler owns');
    table.boolean('active').notNullable();
    table.string('seen_at', 32).notNullable();
    table.primary(['connection_id', 'list', 'region', 'provider_id'], 'maestro_discovery_scope_index_pk');
    table.index(['record_id'], 'maestro_discovery_scope_index_record_idx');
  });
  await knex.raw(
    `insert into maestro_discovery_scope_index
       (connection_id, list, region, provider_id, incarnation, kind, record_id, record_name, checksum, fields, active, seen_at)
     select i.connection_id, i.list, i.region, i.provider_id, coalesce(c.incarnation, 'config'), i.kind,
            cast(i.record_id as varchar(36)), i.record_name, i.checksum, i.fields, i.active, i.seen_at
       from maestro_discovery_index i
       left join maestro_discovery_connections c on c.id = i.connection_id`,
  );
  await knex.schema.dropTable('maestro_discovery_index');

  await knex.schema.alterTable('maestro_discovery_status', table => {
    table
      .text('confirmed_removals')
      .nullable()
      .comment('JSON { region: atMost }: removals an operator confirmed for the next run');
  });
  await knex.schema.alterTable('maestro_discovery_status', table => {
    table.dropColumn('confirm_removals');
  });
};

/**
 * Back to one index row per (connection, provider id): the scope rows of a resource seen in several scopes are
 * merged (the latest seen wins).
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('maestro_discovery_status', table => {
    table.boolean('confirm_removals').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('maestro_discovery_status', table => {
    table.dropColumn('confirmed_removals');
  });
  await knex.schema.createTable('maestro_discovery_index', table => {
    table.string('connection_id', 64).notNullable();
    table.string('provider_id', 1024).notNullable();
    table.string('list', 64).notNullable();
    table.string('region', 64).notNullable();
    table.string('kind', 64).notNullable();
    table.uuid('record_id').notNullable();
    table.string('record_name', 255).notNullable();
    table.string('checksum', 64).notNullable();
    table.text('fields').notNullable();
    table.boolean('active').notNullable();
    table.string('seen_at', 32).notNullable();
    table.primary(['connection_id', 'provider_id']);
    table.index(['connection_id', 'list', 'region'], 'maestro_discovery_index_scope_idx');
  });
  const rows = await knex('maestro_discovery_scope_index').orderBy('seen_at');
  const latest = new Map(rows.map(row => [`${row.connection_id}\u0000${row.provider_id}`, row]));
  for (const { incarnation: _incarnation, ...row } of latest.values()) {
    await knex('maestro_discovery_index').insert(row);
  }
  await knex.schema.dropTable('maestro_discovery_scope_index');
  await knex.schema.alterTable('maestro_discovery_connections', table => {
    table.dropColumn('incarnation');
  });
};
