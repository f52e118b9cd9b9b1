// @ts-check

/**
 * Owner refs in the catalog's form (`platform` → `group:default/platform`, lower-cased as the catalog's
 * stringifyEntityRef writes them), so the IS_RECORD_OWNER rule matches a user's ownershipEntityRefs. The store
 * normalises every write from now on; this brings records written before in line. No history entry and no new
 * version: the owner is the same entity, written in its full form. Values that are not entity refs, or whose
 * full form would not fit the column, are left as they are.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const owners = await knex('maestro_records').distinct('owner').pluck('owner');
  for (const owner of owners) {
    const full = normalise(owner);
    if (full === undefined || full === owner || [...full].length > 255) continue;
    await knex('maestro_records').where({ owner }).update({ owner: full });
    await knex('maestro_record_keys').where({ owner }).update({ owner: full });
  }
};

/** Not reversible (the short forms are not kept); nothing to undo for the schema. */
exports.down = async function down() {};

/**
 * The catalog's parseEntityRef (defaults: kind group, namespace default) + stringifyEntityRef, frozen here so the
 * migration does the same whatever version of the catalog model is installed later.
 *
 * @param {string} ref
 * @returns {string | undefined}
 */
function normalise(ref) {
  if (typeof ref !== 'string' || ref === '') return undefined;
  let colon = ref.indexOf(':');
  const slash = ref.indexOf('/');
  if (slash !== -1 && slash < colon) colon = -1;
  const kind = colon === -1 ? 'group' : ref.slice(0, colon);
  const namespace = slash === -1 ? 'default' : ref.slice(colon + 1, slash);
  const name = ref.slice(Math.max(colon + 1, slash + 1));
  if (!kind || !namespace || !name) return undefined;
  return `${kind}:${namespace}/${name}`.toLowerCase();
}
