// @ts-check

/**
 * The search text of records (`q` of the records API, docs/decisions/0021-inventory-and-portal-search.md): their
 * lower-cased identifiers between newlines, then their tag keys and values after a tab, written with the record by
 * the store (src/records/searchText.ts). This back-fills the records written before it, with the same rules.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('maestro_records', table => {
    table.text('search_text').comment('Lower-cased identifiers and tags of the record, for the records API q');
  });
  const IDENTIFIERS = ['hostname', 'ipv4Private', 'ipv4Public', 'providerId', 'endpoint', 'cidr', 'account'];
  /** @param {unknown[]} values */
  const words = values =>
    values
      .filter(v => typeof v === 'string' && v !== '')
      .map(v =>
        /** @type {string} */ (v)
          .toLocaleLowerCase('en-US')
          .replace(/[\t\n\r]+/g, ' ')
          .trim(),
      )
      .filter(Boolean);
  let after = '';
  for (;;) {
    const rows = await knex('maestro_records')
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .select('id', 'name', 'title', 'spec');
    if (!rows.length) break;
    for (const row of rows) {
      const spec = JSON.parse(row.spec);
      const tags = spec.tags && typeof spec.tags === 'object' && !Array.isArray(spec.tags) ? spec.tags : {};
      const identifiers = words([row.name, row.title, ...IDENTIFIERS.map(field => spec[field])]);
      const tagWords = words(Object.entries(tags).flat());
      await knex('maestro_records')
        .where('id', row.id)
        .update({ search_text: `\n${identifiers.join('\n')}\n\t${tagWords.join('\t')}` });
    }
    after = rows[rows.length - 1].id;
  }
  if (knex.client.config.client !== 'pg') {
    // SQLite: an index the search reads instead of the table (whose rows carry the specs), with what the ranking
    // and the page order need; PostgreSQL gets the trigram index instead (a btree entry there is limited to 2.7 kB)
    await knex.raw(
      'create index maestro_records_search_text_idx on maestro_records (kind, active, search_text, name, id)',
    );
  } else {
    // a trigram index answers `like '%term%'` without reading every row; pg_trgm is a trusted extension (PostgreSQL
    // 13+), which a database owner may create. Without it (no privilege, or not installed) the search scans.
    const created = await knex
      .transaction(tx => tx.raw('create extension if not exists pg_trgm'))
      .then(() => true)
      .catch(() => false);
    if (created) {
      await knex.raw(
        'create index maestro_records_search_text_trgm_idx on maestro_records using gin (search_text gin_trgm_ops)',
      );
    }
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('drop index if exists maestro_records_search_text_trgm_idx');
  await knex.raw('drop index if exists maestro_records_search_text_idx');
  await knex.schema.alterTable('maestro_records', table => {
    table.dropColumn('search_text');
  });
};
