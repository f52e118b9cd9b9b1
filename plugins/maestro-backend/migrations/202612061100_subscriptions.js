// @ts-check

/**
 * Subscriptions (issue #16): a user or group watches a record, a kind or what it owns, and hears of changes,
 * deactivations and discovery failures as Backstage notifications, at once or in a daily digest.
 * `maestro_subscriptions` holds them (`target_key`: the target in one comparable form, unique per subscriber;
 * `owners`: for an "everything I own" subscription, the owner refs it matches, refreshed from the subscriber's
 * ownership refs whenever they list or save their subscriptions). `maestro_subscription_cursor` is one row: the change
 * feed position matched up to, moved in the transaction that writes the notices. `maestro_subscription_notices` is the
 * outbox: one row per subscription per event (unique), sent at once or kept for the digest.
 * `maestro_subscription_digest` is one row: when the last daily digest ran.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_subscriptions', table => {
    table.comment('Subscriptions: who watches what, and how they hear of it');
    table.string('id', 36).primary().notNullable().comment('uuid');
    table.string('subscriber', 255).notNullable().comment('Entity ref of the user or group notified');
    table.string('target_type', 16).notNullable().comment('entity, kind or owned');
    table.string('target_key', 600).notNullable().comment('The target in one comparable form');
    table.text('target').notNullable().comment('JSON: the target as given');
    table.text('owners').nullable().comment('JSON: owner refs an "owned" subscription matches');
    table.text('events').notNullable().comment('JSON: changes, deactivations, discoveryFailures');
    table.string('delivery', 16).notNullable().comment('immediate or daily');
    table.string('created_at', 32).notNullable();
    table.string('created_by', 255).notNullable();
    table.string('updated_at', 32).notNullable();
    table.unique(['subscriber', 'target_key'], { indexName: 'maestro_subscriptions_target_uq' });
    table.index(['target_type'], 'maestro_subscriptions_type_idx');
  });
  await knex.schema.createTable('maestro_subscription_cursor', table => {
    table.comment('The change feed position subscriptions have been matched up to (one row, id 1)');
    table.integer('id').primary().notNullable();
    table.bigInteger('position').notNullable();
    table.string('updated_at', 32).notNullable();
  });
  await knex.schema.createTable('maestro_subscription_notices', table => {
    table.comment('What subscribers are to be told: sent at once, or gathered into the daily digest');
    table.string('id', 36).primary().notNullable().comment('uuid');
    table.string('subscription_id', 36).notNullable();
    table.string('subscriber', 255).notNullable();
    table.string('delivery', 16).notNullable().comment('immediate or daily');
    table
      .string('event_key', 255)
      .notNullable()
      .comment('change:<feed position> or discovery:<connection>:<list>:<at>');
    table.string('actor', 255).nullable().comment('Who made the change (not told of their own edit)');
    table.string('title', 512).notNullable();
    table.text('description').notNullable();
    table.string('link', 1024).notNullable();
    table.string('scope', 512).notNullable().comment('Notifications of one scope collapse into one');
    table.string('status', 16).notNullable().comment('pending, sending, sent, failed');
    table.integer('attempts').notNullable().defaultTo(0);
    table.string('claimed_by', 128).nullable();
    table.string('claimed_at', 32).nullable();
    table.string('created_at', 32).notNullable();
    table.string('sent_at', 32).nullable();
    table.text('last_error').nullable();
    table.unique(['subscription_id', 'event_key'], { indexName: 'maestro_subscription_notices_event_uq' });
    table.index(['status', 'delivery'], 'maestro_subscription_notices_queue_idx');
  });
  await knex.schema.createTable('maestro_subscription_digest', table => {
    table.comment('When the daily digest last ran (one row, id 1)');
    table.integer('id').primary().notNullable();
    table.string('last_run_at', 32).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_subscription_digest');
  await knex.schema.dropTable('maestro_subscription_notices');
  await knex.schema.dropTable('maestro_subscription_cursor');
  await knex.schema.dropTable('maestro_subscriptions');
};
