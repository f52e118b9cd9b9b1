import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import type { NewRecord } from '../records/InventoryStore';
import type { RecordValidator } from '../records/RecordValidator';
import { ConnectionGoneError, holdIncarnation } from './incarnation';
import { alternativeName } from './names';
import {
  checksumOf,
  chunks,
  deactivatedByDiscovery,
  INDEX_TABLE,
  IndexRow,
  isTrue,
  Pending,
  PLACEMENT_FIELDS,
  ReconcileOptions,
  ReconcileOutcome,
  ReconcileScope,
  scopeKey,
  ScopeRow,
} from './reconcileIndex';
import type { DiscoveryRecordWriter } from './RecordWriter';
import { DiscoveredRecord, emptyCounts, Listing, ReconcileCounts } from './types';

const WRITE_CHUNK = 1000;
const INDEX_CHUNK = 200;
const LOOKUP_CHUNK = 500;
const NAME_ATTEMPTS = 4;

/**
 * Reconciles one listing of one (connection, list, region) with the store:
 * - a resource whose translation has the checksum last written in this scope, and whose record is active (or was
 *   deactivated by a person), is **unchanged**: no write, no history (the index read is joined with the records);
 * - a new resource is matched by provider id to an existing record (hand-entered, or seen through another scope)
 *   before a record is created, so each resource has one record; a new record's name held by another record gets a
 *   deterministic alternative, never a merge into that record;
 * - a changed one is merged (only the fields the crawler owns are replaced: hand-entered fields, the owner and a
 *   hand-set title survive) and recorded with `maestro:discovery/<connection>` as author and the run as reason;
 *   a record deactivated by discovery that is seen again is restored;
 * - after a **complete** listing, records of the scope it did not contain become inactive (restorable, recorded),
 *   unless another scope (any connection) still holds them, and unless that would deactivate more than the
 *   threshold's share of the scope: then nothing is removed and the removal is reported as held, until an
 *   operator confirms a removal of at least that size for the scope.
 * Nothing is written once the connection was deleted (ConnectionGoneError).
 */
export class Reconciler {
  readonly #db: Knex;
  readonly #writer: DiscoveryRecordWriter;
  readonly #validator: RecordValidator;

  constructor(options: {
    db: Knex;
    /** Writes records and removals, finds records by provider id and names already taken: the inventory service. */
    writer: DiscoveryRecordWriter;
    validator: RecordValidator;
  }) {
    this.#db = options.db;
    this.#writer = options.writer;
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

    // one record per provider id within the listing (the last one wins)
    const discovered = new Map<string, DiscoveredRecord>();
    for (const record of listing.records) discovered.set(record.providerId, record);
    counts.seen = discovered.size;

    const rows = await this.#scopeRows(scope);
    const index = new Map(rows.map(row => [row.provider_id, row]));

    const pending: Pending[] = [];
    for (const record of discovered.values()) {
      const checksum = checksumOf(record);
      const row = index.get(record.providerId);
      const previous = row?.current_id ? row : undefined;
      if (previous && previous.checksum === checksum && isTrue(previous.active) && !deactivatedByDiscovery(previous)) {
        counts.unchanged += 1;
        continue;
      }
      if (record.partial && !previous) {
        // nothing known to keep: the record is created once the provider answers it in full
        counts.invalid += 1;
        invalid.push({
          providerId: record.providerId,
          problems: 'only partly answered by the provider: not created until it answers in full',
        });
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

    if (pending.length) {
      await this.#assertCurrent(scope);
      invalid.push(...(await this.#assignTargets(pending)));
      counts.invalid = invalid.length;
      await this.#write(
        scope,
        pending.filter(p => p.target),
        counts,
        ctx,
      );
    }

    // removals, only after a complete listing
    if (!listing.complete) return { counts, invalid };
    const activeInScope = rows.filter(row => isTrue(row.active));
    const missing = activeInScope.filter(row => !discovered.has(row.provider_id));
    if (missing.length === 0) return { counts, invalid };
    const heldElsewhere = await this.#otherHolders(
      scope,
      missing.map(row => row.record_id),
    );
    const toDeactivate = missing.filter(row => row.current_id && !heldElsewhere.has(row.record_id));
    const share = toDeactivate.length / activeInScope.length;
    const confirmed = options.confirmedRemovals !== undefined && toDeactivate.length <= options.confirmedRemovals;
    if (!confirmed && toDeactivate.length >= options.massRemovalMinimum && share > options.massRemovalThreshold) {
      return {
        counts,
        invalid,
        held: {
          region: scope.region,
          wouldDeactivate: toDeactivate.length,
          of: activeInScope.length,
          threshold: options.massRemovalThreshold,
        },
      };
    }
    await this.#assertCurrent(scope);
    const removed = await this.#writer.setActiveMany(
      toDeactivate.map(row => row.record_id),
      false,
      { ...ctx, reason: `not seen in a complete ${scope.list} listing of ${scope.region} (run ${scope.runId})` },
    );
    counts.deactivated += removed.length;
    await this.#inScopeTransaction(scope, async tx => {
      for (const part of chunks(
        missing.map(row => row.provider_id),
        LOOKUP_CHUNK,
      )) {
        await this.#scopeQuery(tx, scope).whereIn('provider_id', part).update({ active: false });
      }
    });
    return { counts, invalid };
  }

  /** Forgets what a connection discovered, every incarnation of it (its records stay, as they are). */
  async forgetConnection(connectionId: string): Promise<void> {
    await this.#db(INDEX_TABLE).where({ connection_id: connectionId }).delete();
  }

  /**
   * Forgets what connections no longer defined discovered (one removed from app-config): their rows would
   * otherwise hold shared records active for ever.
   */
  async forgetConnectionsOtherThan(connectionIds: string[]): Promise<void> {
    await this.#db(INDEX_TABLE).whereNotIn('connection_id', connectionIds).delete();
  }

  /** Forgets what earlier connections with this id discovered (rows a run of a deleted one left behind). */
  async forgetOtherIncarnations(connectionId: string, incarnation: string): Promise<void> {
    await this.#db(INDEX_TABLE).where({ connection_id: connectionId }).whereNot({ incarnation }).delete();
  }

  #scopeQuery(db: Knex, scope: ReconcileScope) {
    return db(INDEX_TABLE).where({
      connection_id: scope.connectionId,
      incarnation: scope.incarnation,
      list: scope.list,
      region: scope.region,
    });
  }

  /** The scope's index rows with the state of their records, in one query. */
  async #scopeRows(scope: ReconcileScope): Promise<ScopeRow[]> {
    return this.#db(`${INDEX_TABLE} as i`)
      .leftJoin('maestro_records as r', 'r.id', 'i.record_id')
      .where({
        'i.connection_id': scope.connectionId,
        'i.incarnation': scope.incarnation,
        'i.list': scope.list,
        'i.region': scope.region,
      })
      .select(
        'i.*',
        'r.id as current_id',
        'r.name as current_name',
        'r.active as current_active',
        'r.updated_by as current_updated_by',
      );
  }

  /** Throws ConnectionGoneError when the connection was deleted (or replaced) since the run started. */
  async #assertCurrent(scope: ReconcileScope) {
    await this.#inScopeTransaction(scope, async () => undefined);
  }

  async #inScopeTransaction(scope: ReconcileScope, fn: (tx: Knex.Transaction) => Promise<void>) {
    await this.#db.transaction(async tx => {
      if (!(await holdIncarnation(tx, scope.connectionId, scope.incarnation))) {
        throw new ConnectionGoneError(scope.connectionId);
      }
      await fn(tx);
    });
  }

  /**
   * The record each pending resource is written to: the indexed one, else one with its provider id (adopted),
   * else a new record under its generated name, or a deterministic alternative when another record holds that
   * name. Returns the resources no free name was found for.
   */
  async #assignTargets(pending: Pending[]): Promise<ReconcileOutcome['invalid']> {
    const used = new Set<string>();
    const key = (kind: string, name: string) => `${kind}/${name}`;
    for (const p of pending) {
      if (p.previous) p.target = { name: p.previous.current_name!, id: p.previous.current_id! };
    }
    const unknown = pending.filter(p => !p.target);
    for (const [kind, group] of groupBy(unknown, p => p.record.kind)) {
      const found = await this.#writer.findByKeyValues({
        kind,
        key: 'providerId',
        values: group.map(p => p.record.providerId),
      });
      const byProviderId = new Map<string, { id: string; name: string }>();
      // an active record wins over inactive ones with the same provider id
      for (const f of [...found].sort((a, b) => Number(a.active) - Number(b.active))) byProviderId.set(f.value, f);
      for (const p of group) {
        const hit = byProviderId.get(p.record.providerId);
        if (hit) p.target = { name: hit.name, id: hit.id };
      }
    }
    for (const p of pending) if (p.target) used.add(key(p.record.kind, p.target.name));

    // new records, in provider id order so that the same listing names them the same way on every replica
    let fresh = pending
      .filter(p => !p.target)
      .sort((a, b) => (a.record.providerId < b.record.providerId ? -1 : 1))
      .map(p => ({ p, name: p.record.name }));
    for (let attempt = 1; attempt <= NAME_ATTEMPTS && fresh.length; attempt++) {
      const taken = new Set<string>();
      for (const [kind, group] of groupBy(fresh, f => f.p.record.kind)) {
        for (const f of await this.#writer.findByNames(
          kind,
          group.map(g => g.name),
        ))
          taken.add(key(kind, f.name));
      }
      const retry: typeof fresh = [];
      for (const f of fresh) {
        const k = key(f.p.record.kind, f.name);
        if (taken.has(k) || used.has(k)) {
          retry.push({ p: f.p, name: alternativeName(f.p.record.name, f.p.record.providerId, attempt) });
        } else {
          used.add(k);
          f.p.target = { name: f.name };
        }
      }
      fresh = retry;
    }
    return fresh.map(f => ({
      providerId: f.p.record.providerId,
      problems: `name: '${f.p.record.name}' and its alternatives are held by other records`,
    }));
  }

  async #write(
    scope: ReconcileScope,
    pending: Pending[],
    counts: ReconcileCounts,
    ctx: { actor: string; source: string; reason: string },
  ) {
    const now = new Date().toISOString();
    const holders = await this.#otherHolders(
      scope,
      pending.flatMap(p => (p.target?.id ? [p.target.id] : [])),
    );
    const own = scopeKey(scope.connectionId, scope.list, scope.region);
    for (const part of chunks(pending, WRITE_CHUNK)) {
      const written = part.map(({ record, previous, target }) => {
        // another scope comes first for this record: it owns the placement fields
        const secondary = (holders.get(target!.id ?? '') ?? []).some(other => other < own);
        const spec = secondary ? omit(record.spec, PLACEMENT_FIELDS) : record.spec;
        const previousFields: string[] = previous ? JSON.parse(previous.fields) : [];
        // fields the crawler could not read this time (a denied enrichment) are left as stored
        const keep = new Set(record.keepFields ?? []);
        // a partial record (a Nova server in a cell that is down) replaces only the fields it has; a full one also
        // removes the fields it no longer has
        const fields = [...new Set([...(record.partial ? [] : previousFields), ...Object.keys(spec)])].filter(
          f => !keep.has(f) && (!secondary || !PLACEMENT_FIELDS.includes(f)),
        );
        const row: NewRecord = {
          kind: record.kind,
          name: target!.name,
          ...(record.title ? { title: record.title } : {}),
          owner: scope.owner,
          spec,
          mergeFields: fields,
        };
        // the fields the crawler owns: after a partial record, still those of the last full one
        const owned = [...Object.keys(spec), ...keep, ...(record.partial ? previousFields : [])];
        return { row, fields: [...new Set(owned)].sort() };
      });
      await this.#assertCurrent(scope);
      const result = await this.#writer.upsertRecords(
        written.map(w => w.row),
        ctx,
        { reactivate: true },
      );
      counts.created += result.created;
      counts.changed += result.updated - (result.reactivated ?? 0);
      counts.reactivated += result.reactivated ?? 0;
      counts.unchanged += result.unchanged;
      const indexRows: IndexRow[] = part.map(({ record, checksum }, i) => ({
        connection_id: scope.connectionId,
        list: scope.list,
        region: scope.region,
        provider_id: record.providerId,
        incarnation: scope.incarnation,
        kind: record.kind,
        record_id: result.rows[i].id,
        record_name: result.rows[i].name,
        checksum,
        fields: JSON.stringify(written[i].fields),
        active: true,
        seen_at: now,
      }));
      await this.#inScopeTransaction(scope, async tx => {
        for (const rowsChunk of chunks(indexRows, INDEX_CHUNK)) {
          await tx(INDEX_TABLE)
            .insert(rowsChunk)
            .onConflict(['connection_id', 'list', 'region', 'provider_id'])
            .merge();
        }
      });
    }
  }

  /** For each record id, the other scopes (any connection) whose index holds it as seen: their scope keys. */
  async #otherHolders(scope: ReconcileScope, recordIds: string[]): Promise<Map<string, string[]>> {
    const own = scopeKey(scope.connectionId, scope.list, scope.region);
    const holders = new Map<string, string[]>();
    for (const part of chunks([...new Set(recordIds)], LOOKUP_CHUNK)) {
      const rows = await this.#db(INDEX_TABLE)
        .whereIn('record_id', part)
        .where('active', true)
        .select('record_id', 'connection_id', 'list', 'region');
      for (const row of rows) {
        const holder = scopeKey(row.connection_id, row.list, row.region);
        if (holder === own) continue;
        holders.set(row.record_id, [...(holders.get(row.record_id) ?? []), holder]);
      }
    }
    return holders;
  }
}

function omit(spec: JsonObject, fields: string[]): JsonObject {
  return Object.fromEntries(Object.entries(spec).filter(([k]) => !fields.includes(k))) as JsonObject;
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
