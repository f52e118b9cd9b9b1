// @ts-check

/**
 * Event rules (issue #15): "when a record changes in a way that matches, call a webhook, notify someone or start a
 * job". `maestro_rules` holds the rules (events, actor, conditions and actions as JSON text, webhook secrets sealed;
 * `since_position`: the change feed head when the rule was created, so a rule never sees older changes).
 * `maestro_rule_cursor` is one row: the feed position every rule has been matched up to, moved in the same
 * transaction that writes the deliveries, so no change is lost across a restart and none is matched twice.
 * `maestro_rule_deliveries` is the queue and the log: one row per action of a rule for one change (unique), with
 * what the action needs of the change (`context`), its attempts and back-off, the replica delivering it, and the
 * last webhook exchange.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_rules', table => {
    table.comment('Event rules: conditions on record changes and what to do on a match');
    table.string('id', 36).primary().notNullable().comment('uuid');
    table.string('name', 128).notNullable();
    table.text('description').nullable();
    table.boolean('enabled').notNullable();
    table.string('owner', 255).notNullable().comment('Entity ref of the owning user or group');
    table.text('events').notNullable().comment('JSON: created, changed, deactivated, reactivated');
    table.string('actor', 16).notNullable().comment('any, person or discovery');
    table.text('conditions').notNullable().comment('JSON: kinds, owners, datacenters, changedFields, filters');
    table.text('actions').notNullable().comment('JSON: webhook (secrets sealed), notify, job');
    table.bigInteger('since_position').notNullable().comment('Feed head at creation: older changes are not matched');
    table.string('created_at', 32).notNullable();
    table.string('created_by', 255).notNullable();
    table.string('updated_at', 32).notNullable();
    table.string('updated_by', 255).notNullable();
    table.index(['enabled'], 'maestro_rules_enabled_idx');
  });
  await knex.schema.createTable('maestro_rule_cursor', table => {
    table.comment('The change feed position event rules have been matched up to (one row, id 1)');
    table.integer('id').primary().notNullable();
    table.bigInteger('position').notNullable();
    table.string('updated_at', 32).notNullable();
  });
  await knex.schema.createTable('maestro_rule_deliveries', table => {
    table.comment('Deliveries of event rules: one action of one rule for one change, with its attempts');
    table.string('id', 36).primary().notNullable().comment('uuid; the idempotency key (X-Maestro-Delivery)');
    table.string('rule_id', 36).notNullable();
    table.integer('action_index').notNullable();
    table.string('action_type', 16).notNullable().comment('webhook, notify or job');
    table.bigInteger('change_position').notNullable().comment('The change feed position of the change');
    table.string('record_id', 36).notNullable();
    table.string('kind', 64).notNullable();
    table.string('name', 255).notNullable();
    table.string('event', 16).notNullable().comment('created, changed, deactivated, reactivated');
    table.string('actor', 255).notNullable();
    table.string('change_at', 32).notNullable();
    table.text('context').notNullable().comment('JSON: the record before and after the change (trimmed), reason');
    table.string('status', 16).notNullable().comment('pending, delivering, delivered, failed');
    table.integer('attempts').notNullable().defaultTo(0);
    table.string('next_attempt_at', 32).nullable();
    table.string('claimed_by', 128).nullable().comment('The replica and claim delivering it');
    table.string('claimed_at', 32).nullable();
    table.string('created_at', 32).notNullable();
    table.string('delivered_at', 32).nullable();
    table.text('last_error').nullable();
    table.text('webhook').nullable().comment('JSON: the last webhook exchange');
    // one delivery per action of a rule per change; also the index of a rule's log (newest first: by position)
    table.unique(['rule_id', 'change_position', 'action_index'], { indexName: 'maestro_rule_deliveries_change_uq' });
    table.index(['status', 'next_attempt_at'], 'maestro_rule_deliveries_queue_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_rule_deliveries');
  await knex.schema.dropTable('maestro_rule_cursor');
  await knex.schema.dropTable('maestro_rules');
};
