import type { JsonObject } from '@backstage/types';

/**
 * A resource as a provider translated it into the inventory model.
 * @public
 */
export interface DiscoveredRecord {
  /** A Maestro kind: `Server`, `Volume`, `Network`, … (or a Backstage kind such as `Resource`). */
  kind: string;
  /** The provider's id (instance id, ARN, uuid…): one record per provider id, however many crawls see it. */
  providerId: string;
  /** Stable, scoped entity name (`aws-<account>-<region>-<id>`); used when the record is created. */
  name: string;
  title?: string;
  /** Only the fields the crawler knows; `providerId` included. */
  spec: JsonObject;
  /**
   * Fields the crawler owns but could not read this time (a failed enrichment): left as stored, neither removed
   * nor replaced, and still the crawler's.
   */
  keepFields?: string[];
  /**
   * The provider answered only part of the resource (a Nova server in a cell that is down): `spec` holds just the
   * fields it did answer, every other field and the title keep their stored values, and the record counts as seen
   * (never deactivated because of it). A partial record never creates a record.
   */
  partial?: boolean;
}
