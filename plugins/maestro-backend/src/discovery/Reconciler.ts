import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { InventoryStore, NewRecord } from '../database/InventoryStore';
import type { RecordValidator } from '../database/RecordValidator';
import { DiscoveredRecord, emptyCounts, HeldRemoval, Listing, ReconcileCounts } from './types';

/** The scope one listing covers: records not seen in a complete listing of it become inactive. */
export interface ReconcileScope {
  connectionId: string;
  list: string;
  /** An AWS/OpenStack region, or `global` for global services (S3, CloudFront). */
  region: string;
  /** Owner of records the crawler creates (existing records keep theirs). */
  owner: string;
  /** The task run, written into each history entry's reason. */
  runId: string;
}

export interface ReconcileOptions {
  /** Share of a scope's active records one listing may deactivate before it is held back (default 0.3). */
  massRemovalThreshold: number;
  /** Removals of fewer records than this are never held (default 10). */
  massRemovalMinimum: number;
  /** Apply removals the guard would hold (an operator confirmed them). */
  confirmRemovals?: boolean;
}

export interface ReconcileOutcome {
  counts: ReconcileCounts;
  held?: HeldRemoval;
  /** Records the crawler produced that the kind's schema rejects: reported, not written, never deactivated. */
  invalid: Array<{ providerId: string; problems: string }>;
}

interface IndexRow {
  connection_id: string;
  provider_id: string;
  list: string;
  region: string;
  kind: string;
  record_id: string;
  record_name: string;
  checksum: string;
  fields: string;
  active: boolean | number;
  seen_at: string;
}

const isTrue = (value: boolean | number) => value === true || value === 1;

const WRITE_CHUNK = 1000;
const INDEX_CHUNK = 200;

/** sha256 over the translated record with sorted keys: equal content, equal checksum. */
export function checksumOf(record: DiscoveredRecord): string {
  return createHash('sha256')
    .update(canonical({ kind: record.kind, name: record.name, title: record.title ?? null, spec: record.spec }))
    .digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map(k => `${JSON.stringify(k)}:${canonical((value as any)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Reconciles one listing of one (connection, list, region) with the store:
 * - a resource whose translation has the checksum last written is **unchanged**: no read, no write, no history;
 * - a new resource is matched by provider id to an existing record (hand-entered, or seen through another
 *   connection) before a record is created, so each resource has one record;
 * - a changed one is merged (only the fields the crawler owns are replaced: hand-entered fields, the owner and a
 *   hand-set title survive) and recorded with `maestro:discovery/<connection>` as author and the run as reason;
 * - after a **complete** listing, records of the scope it did not contain become inactive (restorable, recorded),
 *   unless that would deactivate more than the threshold's share of the scope: then nothing is removed and the
 *   removal is reported as held.
 */
export class Reconciler {
  readonly #db: Knex;
  readonly #store: InventoryStore;
  readonly #validator: RecordValidator;

  constructor(options: { db: Knex; store: InventoryStore; validator: RecordValidator }) {
    this.#db = options.db;
    this.#store = options.store;
    this.#validator = options.validator;
  }

  async reconcile(scope: ReconcileScope, listing: Listing, options: ReconcileOptions): Promise<ReconcileOutcome> {
    const counts = emptyCounts();
    const invalid: ReconcileOutcome['invalid'] = [];
    const ctx = {
      actor: `maestro:discovery/${scope.connectionId}`,
      source: `discovery/${scope.connectionId}`,
      reason: `${scope.list} ${scope.region} run ${scope.runId}`,
    };
    const now = new Date().toISOString();

    // one record per provider id within the listing (the last one wins)
    const discovered = new Map<string, DiscoveredRecord>();
    for (const record of listing.records) discovered.set(record.providerId, record);
    counts.seen = discovered.size;

    const indexRows = await this.#db<IndexRow>('maestro_discovery_index').where({
      connection_id: scope.connectionId,
      list: scope.list,
      region: scope.region,
    });
    const index = new Map(indexRows.map(row => [row.provider_id, row]));

    // what needs writing
    const pending: Array<{ record: DiscoveredRecord; checksum: string; previous?: IndexRow }> = [];
    for (const record of discovered.values()) {
      const checksum = checksumOf(record);
      const previous = index.get(record.providerId);
      if (previous && previous.checksum === checksum && isTrue(previous.active)) {
        counts.unchanged += 1;
        continue;
      }
      if (record.partial && !previous) {
        // nothing known to keep: the record is created once the provider answers it in full
        counts.invalid += 1;
        invalid.push({ providerId: record.providerId, problems: 'only partly answered by the provider: not created until it answers in full' });
        continue;
      }
      const problems = this.#validator
        .specProblems(record.kind, record.spec)
        .filter(p => !(record.partial && p.message === 'is required')); // the stored record has them
      const nameProblems = previous ? [] : this.#validator.nameProblems(record.name);
      if (problems.length || nameProblems.length) {
        counts.invalid += 1;
        invalid.push({
          providerId: record.providerId,
          problems: [...nameProblems, ...problems].map(p => `${p.field}: ${p.message}`).join('; '),
        });
        continue;
      }
      pending.push({ record, checksum, previous });
    }

    // resources new to this connection: an existing record with the same provider id is adopted
    const unknown = pending.filter(p => !p.previous);
    const adopted = new Map<string, string>();
    for (const [kind, group] of groupBy(unknown, p => p.record.kind)) {
      const found = await this.#store.findByKeyValues({
        kind,
        key: 'providerId',
        values: group.map(p => p.record.providerId),
      });
      for (const f of found) adopted.set(`${kind}/${f.value}`, f.name);
    }

    for (const part of chunks(pending, WRITE_CHUNK)) {
      const rows: NewRecord[] = part.map(({ record, previous }) => {
        const previousFields: string[] = previous ? JSON.parse(previous.fields) : [];
        return {
          kind: record.kind,
          name: previous?.record_name ?? adopted.get(`${record.kind}/${record.providerId}`) ?? record.name,
          ...(record.title ? { title: record.title } : {}),
          owner: scope.owner,
          spec: record.spec,
          // a partial record replaces only the fields it has; a full one also removes the fields it no longer has
          mergeFields: record.partial
            ? Object.keys(record.spec)
            : [...new Set([...previousFields, ...Object.keys(record.spec)])],
        };
      });
      const result = await this.#store.upsertRecords(rows, ctx, { reactivate: true });
      counts.created += result.created;
      counts.changed += result.updated - (result.reactivated ?? 0);
      counts.reactivated += result.reactivated ?? 0;
      counts.unchanged += result.unchanged;
      const indexUpdates: IndexRow[] = part.map(({ record, checksum, previous }, i) => ({
        connection_id: scope.connectionId,
        provider_id: record.providerId,
        list: scope.list,
        region: scope.region,
        kind: record.kind,
        record_id: result.rows[i].id,
        record_name: result.rows[i].name,
        checksum,
        // the fields the crawler owns: after a partial record, still those of the last full one
        fields: JSON.stringify(
          [...new Set([...(record.partial && previous ? JSON.parse(previous.fields) : []), ...Object.keys(record.spec)])].sort(),
        ),
        active: true,
        seen_at: now,
      }));
      for (const rowsChunk of chunks(indexUpdates, INDEX_CHUNK)) {
        await this.#db('maestro_discovery_index')
          .insert(rowsChunk)
          .onConflict(['connection_id', 'provider_id'])
          .merge();
      }
    }

    // removals, only after a complete listing
    if (!listing.complete) return { counts, invalid };
    const activeInScope = indexRows.filter(row => isTrue(row.active));
    const missing = activeInScope.filter(row => !discovered.has(row.provider_id));
    if (missing.length === 0) return { counts, invalid };
    const share = missing.length / activeInScope.length;
    if (
      !options.confirmRemovals &&
      missing.length >= options.massRemovalMinimum &&
      share > options.massRemovalThreshold
    ) {
      return {
        counts,
        invalid,
        held: {
          region: scope.region,
          wouldDeactivate: missing.length,
          of: activeInScope.length,
          threshold: options.massRemovalThreshold,
        },
      };
    }
    const removed = await this.#store.setActiveMany(
      missing.map(row => row.record_id),
      false,
      { ...ctx, reason: `not seen in a complete ${scope.list} listing of ${scope.region} (run ${scope.runId})` },
    );
    counts.deactivated += removed.length;
    for (const part of chunks(missing.map(row => row.provider_id), 500)) {
      await this.#db('maestro_discovery_index')
        .where({ connection_id: scope.connectionId })
        .whereIn('provider_id', part)
        .update({ active: false });
    }
    return { counts, invalid };
  }

  /** Forgets what a connection discovered (its records stay, as they are). */
  async forgetConnection(connectionId: string): Promise<void> {
    await this.#db('maestro_discovery_index').where({ connection_id: connectionId }).delete();
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
