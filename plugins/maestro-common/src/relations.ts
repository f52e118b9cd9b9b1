/**
 * Relation types the Maestro catalog processor emits, as named pairs (each relation is emitted in both directions).
 * Backstage's own relations (ownedBy/ownerOf, dependsOn/dependencyOf, partOf/hasPart) are used where they fit.
 * @public
 */
export const RELATION_HOSTED_IN = 'hostedIn';
/** @public */
export const RELATION_HOSTS = 'hosts';

/**
 * All Maestro relation pairs, `[forward, reverse]`.
 * @public
 */
export const MAESTRO_RELATION_PAIRS: ReadonlyArray<readonly [string, string]> = [
  [RELATION_HOSTED_IN, RELATION_HOSTS],
];
