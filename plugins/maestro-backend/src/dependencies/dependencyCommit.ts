import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { DependencyCommitResult, InventoryRecord } from '@maestro/plugin-maestro-common';
import type { Request } from 'express';
import { shownName } from '../input/forbiddenKeys';
import type { InventoryService, SpecPatch, UpdatePermit } from '../records/InventoryService';
import type { InventoryStore } from '../records/InventoryStore';
import { StaleRecordsError } from '../records/recordWrites';
import { chunks } from '../records/rows';
import { linkKeyOf } from '../reports/catalogRecordSource';
import { storeRecordSource } from '../reports/singleReport';
import type { GivenChange, GivenCommit, GivenTarget } from './commitInput';
import { DependencyGraph, firstNewCycle } from './dependencyCycles';

/** Kinds whose records have `spec.dependencies` (applications), and may be dependency targets. */
export const APPLICATION_KINDS = ['Component', 'Resource'];

/** A dependency as stored in a record's spec. */
interface StoredDependency {
  ref: string;
  protocol?: string;
  description?: string;
}

/** A dependency this commit adds (absent from the record before), for the cycle check. */
interface NewEdge {
  from: string;
  to: string;
  at: string;
}

/** `kind:namespace/name` in lower case of a ref (the key the graphs link by), or undefined when it is no ref. */
function keyOfRef(ref: string, defaultKind: string): string | undefined {
  try {
    const parsed = parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' });
    return `${parsed.kind}:${parsed.namespace}/${parsed.name}`.toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/** The entity ref of a store record, as the maker writes it (`component:default/orders`). */
const refOfRecord = (record: InventoryRecord) => `${record.kind.toLocaleLowerCase('en-US')}:default/${record.name}`;

function storedDependencies(record: InventoryRecord): StoredDependency[] {
  const list = (record.spec as { dependencies?: unknown }).dependencies;
  return Array.isArray(list) ? (list.filter(d => d && typeof d === 'object') as StoredDependency[]) : [];
}

function storedRefs(record: InventoryRecord, field: string): string[] {
  const list = (record.spec as Record<string, unknown>)[field];
  return Array.isArray(list) ? list.filter((r): r is string => typeof r === 'string') : [];
}

/** Every active application record by key: the targets a commit may name, and the dependency graph. */
async function readApplications(store: InventoryStore): Promise<Map<string, InventoryRecord>> {
  const byKey = new Map<string, InventoryRecord>();
  const source = storeRecordSource(store);
  for (const kind of APPLICATION_KINDS) {
    for await (const page of source(kind, { active: true })) for (const r of page) byKey.set(linkKeyOf(r), r);
  }
  return byKey;
}

/**
 * Applies the dependency maker's commits: every record of a commit is changed in one transaction through the
 * inventory service, or none is. See {@link DependencyCommits.commit} for what is checked, in which order.
 */
export class DependencyCommits {
  readonly #inventory: InventoryService;
  readonly #store: InventoryStore;

  constructor(options: { inventory: InventoryService; store: InventoryStore }) {
    this.#inventory = options.inventory;
    this.#store = options.store;
  }

  /**
   * Checks and applies a commit: each record exists (404) and the permit lets the caller update it (403 naming
   * those it does not); each is at the version read (409 naming every record that moved on); it is active, and of
   * a kind the change fits (`dependencies` on applications, `entryApplications` on systems); every target it adds
   * is an active application record of the store, not itself; duplicates are collapsed (the same target with two
   * protocols is a 400); a dependency that closes a new cycle is refused unless `allowCycles`. Targets the record
   * already had are kept as they are (with their description) even when they are not applications. Records the
   * commit leaves as they were are not written. Every 400 names the change and field (`changes[1].dependencies[0].ref`).
   */
  async commit(given: GivenCommit, permit: UpdatePermit, request?: Request): Promise<DependencyCommitResult> {
    const records = await this.#readRecords(given.changes);
    this.#inventory.assertMayUpdate(permit, records);
    const stale = given.changes.filter((c, i) => records[i].version !== c.version);
    if (stale.length) {
      throw new StaleRecordsError(
        stale.map(c => {
          const r = records[c.index];
          return { id: r.id, kind: r.kind, name: r.name, version: r.version, expected: c.version };
        }),
      );
    }
    const applications = await readApplications(this.#store);
    const graph: DependencyGraph = new Map();
    for (const [key, record] of applications) {
      graph.set(key, new Set(storedDependencies(record).flatMap(d => keyOfRef(d.ref, 'Component') ?? [])));
    }
    const patches: SpecPatch[] = [];
    const newEdges: NewEdge[] = [];
    given.changes.forEach((change, i) => {
      const record = records[i];
      const spec = this.#newSpec(change, record, applications, graph, newEdges);
      if (spec) patches.push({ id: record.id, version: record.version, spec, label: `changes[${change.index}]` });
    });
    if (!given.allowCycles) {
      const found = firstNewCycle(graph, newEdges);
      if (found) {
        throw new InputError(
          `${found.edge.at}: this dependency closes a cycle: ${found.cycle.join(
            ' → ',
          )} (commit with allowCycles to accept it)`,
        );
      }
    }
    const written = patches.length
      ? await this.#inventory.updateRecordsTogether(patches, {
          permit,
          reason: given.reason,
          request,
          eventId: 'dependencies-commit',
          meta: { records: patches.map(p => p.id) },
        })
      : [];
    const versions = new Map(written.map(r => [r.id, r.version]));
    return { records: records.map(r => ({ id: r.id, version: versions.get(r.id) ?? r.version })) };
  }

  /** The records the changes name, in order (404 naming the change of the first id that is not in the store). */
  async #readRecords(changes: GivenChange[]): Promise<InventoryRecord[]> {
    const byId = new Map<string, InventoryRecord>();
    for (const chunk of chunks(
      changes.map(c => c.id),
      500,
    )) {
      const { items } = await this.#store.listRecords({ ids: chunk, limit: chunk.length });
      for (const record of items) byId.set(record.id, record);
    }
    const missing = changes.find(c => !byId.has(c.id));
    if (missing) {
      throw new NotFoundError(`changes[${missing.index}].id: no inventory record with id ${shownName(missing.id)}`);
    }
    return changes.map(c => byId.get(c.id)!);
  }

  /**
   * The record's spec after the change (undefined when it stays as it is), with the graph updated and the
   * dependencies it adds pushed to `newEdges`.
   */
  #newSpec(
    change: GivenChange,
    record: InventoryRecord,
    applications: Map<string, InventoryRecord>,
    graph: DependencyGraph,
    newEdges: NewEdge[],
  ): JsonObject | undefined {
    const at = `changes[${change.index}]`;
    if (!record.active) {
      throw new InputError(`${at}.id: ${record.kind} ${record.name} is deleted; restore it first`);
    }
    const isApplication = APPLICATION_KINDS.includes(record.kind);
    if (change.dependencies && !isApplication) {
      throw new InputError(
        `${at}.dependencies: ${record.kind} ${record.name} is not an application (Component or Resource)`,
      );
    }
    if (change.entryApplications && record.kind !== 'System') {
      throw new InputError(`${at}.entryApplications: ${record.kind} ${record.name} is not a System`);
    }
    const spec: JsonObject = { ...(record.spec as JsonObject) };
    const self = linkKeyOf(record);
    if (change.dependencies) {
      const before = new Map<string, StoredDependency>();
      for (const d of storedDependencies(record)) {
        const key = keyOfRef(d.ref, 'Component');
        if (key && !before.has(key)) before.set(key, d);
      }
      const after = new Map<string, StoredDependency>();
      for (const target of change.dependencies) {
        const field = `${at}.dependencies[${target.index}]`;
        const { key, existing, resolved } = this.#resolve(target, 'Component', before, applications, `${field}.ref`);
        if (key === self) throw new InputError(`${field}.ref: an application cannot depend on itself`);
        const seen = after.get(key);
        if (seen) {
          if ((seen.protocol ?? '') !== (target.protocol ?? '')) {
            throw new InputError(`${field}: ${target.ref} is listed twice with different protocols`);
          }
          continue;
        }
        const { protocol: _old, ...kept } = existing ?? { ref: refOfRecord(resolved!) };
        after.set(key, { ...kept, ...(target.protocol ? { protocol: target.protocol } : {}) });
        if (!before.has(key)) newEdges.push({ from: self, to: key, at: `${field}.ref` });
      }
      graph.set(self, new Set(after.keys()));
      const list = [...after.values()] as unknown as JsonObject[];
      if (list.length) spec.dependencies = list;
      else delete spec.dependencies;
    }
    if (change.entryApplications) {
      const before = new Map<string, string>();
      for (const ref of storedRefs(record, 'entryApplications')) {
        const key = keyOfRef(ref, 'Component');
        if (key && !before.has(key)) before.set(key, ref);
      }
      const after = new Map<string, string>();
      for (const target of change.entryApplications) {
        const field = `${at}.entryApplications[${target.index}]`;
        const stored = new Map([...before].map(([k, ref]) => [k, { ref }]));
        const { key, existing, resolved } = this.#resolve(target, 'Component', stored, applications, field);
        if (!after.has(key)) after.set(key, existing?.ref ?? refOfRecord(resolved!));
      }
      if (after.size) spec.entryApplications = [...after.values()];
      else delete spec.entryApplications;
    }
    return JSON.stringify(spec) === JSON.stringify(record.spec) ? undefined : spec;
  }

  /**
   * The key of a target, and what it is: the record's own entry for it (kept as it is, whatever it points to) or
   * an active application record; a 400 naming `field` otherwise.
   */
  #resolve<T extends { ref: string }>(
    target: GivenTarget,
    defaultKind: string,
    before: Map<string, T>,
    applications: Map<string, InventoryRecord>,
    field: string,
  ): { key: string; existing?: T; resolved?: InventoryRecord } {
    const key = keyOfRef(target.ref, defaultKind);
    if (!key) throw new InputError(`${field}: '${shownName(target.ref)}' is not an entity ref`);
    const existing = before.get(key);
    const resolved = applications.get(key);
    if (!existing && !resolved) {
      throw new InputError(
        `${field}: no active application (Component or Resource) ${shownName(target.ref)} in the Maestro inventory`,
      );
    }
    return { key, existing, resolved };
  }
}
