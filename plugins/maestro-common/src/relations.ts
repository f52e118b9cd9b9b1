/**
 * Relation types the Maestro catalog processor emits, as named pairs: each relation is emitted in both directions
 * (`[forward, reverse]`). Backstage's own relations (ownedBy/ownerOf, dependsOn/dependencyOf, partOf/hasPart) are
 * used where they fit.
 */

/** X is hosted in a Datacenter. @public */
export const RELATION_HOSTED_IN = 'hostedIn';
/** @public */
export const RELATION_HOSTS = 'hosts';
/** An application, database, resource or self-hosted load balancer runs on a Server. @public */
export const RELATION_RUNS_ON = 'runsOn';
/** @public */
export const RELATION_RUNS = 'runs';
/** A load balancer sends traffic to a Server. @public */
export const RELATION_TARGETS = 'targets';
/** @public */
export const RELATION_TARGET_OF = 'targetOf';
/** A Volume is attached to a Server. @public */
export const RELATION_ATTACHED_TO = 'attachedTo';
/** @public */
export const RELATION_HAS_ATTACHED = 'hasAttached';
/** A Snapshot is a copy of a Volume. @public */
export const RELATION_SNAPSHOT_OF = 'snapshotOf';
/** @public */
export const RELATION_HAS_SNAPSHOT = 'hasSnapshot';
/** A Server was built from an Image. @public */
export const RELATION_USES_IMAGE = 'usesImage';
/** @public */
export const RELATION_IMAGE_OF = 'imageOf';
/** A Server has a Flavor (machine size). @public */
export const RELATION_USES_FLAVOR = 'usesFlavor';
/** @public */
export const RELATION_FLAVOR_OF = 'flavorOf';
/** A Server or load balancer is connected to a Network (VPC, subnet, security group…). @public */
export const RELATION_CONNECTED_TO = 'connectedTo';
/** @public */
export const RELATION_CONNECTS = 'connects';
/** Two networks peer with each other. @public */
export const RELATION_PEERS_WITH = 'peersWith';
/** A System serves a Client. @public */
export const RELATION_SERVES = 'serves';
/** @public */
export const RELATION_SERVED_BY = 'servedBy';
/** A System is entered through an application. @public */
export const RELATION_HAS_ENTRY_POINT = 'hasEntryPoint';
/** @public */
export const RELATION_ENTRY_POINT_OF = 'entryPointOf';

/**
 * All Maestro relation pairs, `[forward, reverse]`.
 * @public
 */
export const MAESTRO_RELATION_PAIRS: ReadonlyArray<readonly [string, string]> = [
  [RELATION_HOSTED_IN, RELATION_HOSTS],
  [RELATION_RUNS_ON, RELATION_RUNS],
  [RELATION_TARGETS, RELATION_TARGET_OF],
  [RELATION_ATTACHED_TO, RELATION_HAS_ATTACHED],
  [RELATION_SNAPSHOT_OF, RELATION_HAS_SNAPSHOT],
  [RELATION_USES_IMAGE, RELATION_IMAGE_OF],
  [RELATION_USES_FLAVOR, RELATION_FLAVOR_OF],
  [RELATION_CONNECTED_TO, RELATION_CONNECTS],
  [RELATION_PEERS_WITH, RELATION_PEERS_WITH],
  [RELATION_SERVES, RELATION_SERVED_BY],
  [RELATION_HAS_ENTRY_POINT, RELATION_ENTRY_POINT_OF],
];
