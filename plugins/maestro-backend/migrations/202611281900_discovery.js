// @ts-check

/**
 * Discovery: connections defined through the API (secrets sealed), the reconciliation index that maps each
 * discovered resource (connection + provider id) to its record with the checksum of what the crawler last wrote,
 * and the status of every (connection, resource list) task.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_discovery_connections', table => {
    table.comment('Discovery connections defined through the API (config-defined ones live in app-config)');
    table.string('id', 64).primary().notNullable();
    table.string('provider', 32).notNullable();
    table.text('definition').notNullable().comment('JSON, without secrets');
    table.text('secret').nullable().comment('Sealed with AES-256-GCM (maestro.discovery.encryptionKey)');
    table.integer('version').notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.string('updated_by', 255).notNullable();
  });
  await knex.schema.createTable('maestro_discovery_index', table => {
    table.comment('What each connection discovered: provider id → record, with the checksum last written');
    table.string('connection_id', 64).notNullable();
    table.string('provider_id', 1024).notNullable();
    table.string('list', 64).notNullable();
    table.string('region', 64).notNullable();
    table.string('kind', 64).notNullable();
    table.uuid('record_id').notNullable();
    table.string('record_name', 255).notNullable();
    table.string('checksum', 64).notNullable();
    table.text('fields').notNullable().comment('JSON list of the spec fields the crawler owns');
    table.boolean('active').notNullable();
    table.string('seen_at', 32).notNullable();
    table.primary(['connection_id', 'provider_id']);
    table.index(['connection_id', 'list', 'region'], 'maestro_discovery_index_scope_idx');
  });
  await knex.schema.createTable('maestro_discovery_status', table => {
    table.comment('Status of each (connection, resource list) task');
    table.string('connection_id', 64).notNullable();
    table.string('list', 64).notNullable();
    table.string('status', 16).notNullable();
    table.string('run_id', 64).nullable();
    table.string('started_at', 32).nullable();
    table.string('finished_at', 32).nullable();
    table.integer('duration_ms').nullable();
    table.text('summary').nullable().comment('JSON: counts, regions, error, required IAM actions, held removals');
    table.integer('failures').notNullable().defaultTo(0).comment('Consecutive failed runs');
    table.string('requested_at', 32).nullable().comment('"Sync now" asked at');
    table.boolean('confirm_removals').notNullable().defaultTo(false).comment('The next run may apply a held removal');
    table.primary(['connection_id', 'list']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_discovery_status');
  await knex.schema.dropTable('maestro_discovery_index');
  await knex.schema.dropTable('maestro_discovery_connections');
};
