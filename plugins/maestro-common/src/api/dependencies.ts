/**
 * The dependency maker on the wire: one commit of dependency changes across records (`POST /dependencies/commit`),
 * shared by the backend (which checks and applies it in one transaction) and the maker pages (which build it).
 */
import type { DEPENDENCY_PROTOCOLS } from '../kinds/backstageKinds';

/** At most this many records per commit. @public */
export const MAX_DEPENDENCY_COMMIT_CHANGES = 500;

/** At most this many characters in a commit's reason. @public */
export const MAX_DEPENDENCY_COMMIT_REASON = 500;

/** A dependency as the maker sets it: the target application's entity ref, and the protocol it is used through. @public */
export interface DependencyTarget {
  /** Entity ref of an active application record: `component:default/orders`, `orders` (a Component) or a Resource's. */
  ref: string;
  protocol?: (typeof DEPENDENCY_PROTOCOLS)[number];
}

/**
 * The new state of one record in a commit, at the version read: an application's whole dependency list, or a
 * system's whole entry application list (what is not given stays as it is).
 * @public
 */
export interface DependencyChange {
  /** The record's id. */
  id: string;
  /** The version the maker read (a different stored version makes the whole commit a 409). */
  version: number;
  /** Applications (Component, Resource) only: the dependencies it has after the commit. */
  dependencies?: DependencyTarget[];
  /** Systems only: the entry applications (entity refs) it has after the commit. */
  entryApplications?: string[];
}

/** The body of `POST /dependencies/commit`. @public */
export interface DependencyCommitRequest {
  /** Why: kept in each record's history entry (required). */
  reason: string;
  changes: DependencyChange[];
  /** Accept dependencies that close a cycle (refused by default, with the cycle in the 400). */
  allowCycles?: boolean;
}

/** The answer of `POST /dependencies/commit`: every record written, at its new version. @public */
export interface DependencyCommitResult {
  records: Array<{ id: string; version: number }>;
}
