import { parseEntityRef } from '@backstage/catalog-model';
import type {
  DependencyChange,
  DependencyCommitRequest,
  DependencyTarget,
  InventoryRecord,
} from '@maestro/plugin-maestro-common';

/** Kinds whose records have dependencies (applications). */
export const APPLICATION_KINDS = ['Component', 'Resource'];

/** `kind:namespace/name` in lower case: how two refs to one entity compare (`orders`, `component:default/orders`). */
export function keyOfRef(ref: string, defaultKind = 'Component'): string | undefined {
  try {
    const parsed = parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' });
    return `${parsed.kind}:${parsed.namespace}/${parsed.name}`.toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/** The key of a store record (its entity ref, lower case). */
export const keyOfRecord = (record: Pick<InventoryRecord, 'kind' | 'name'>) =>
  `${record.kind}:default/${record.name}`.toLocaleLowerCase('en-US');

/** The name a key shows (`component:default/orders` → `orders`; other kinds keep their kind). */
export function shortName(ref: string): string {
  const key = keyOfRef(ref) ?? ref;
  return key.startsWith('component:default/') ? key.slice('component:default/'.length) : key;
}

/** A record's dependencies as stored (targets with a ref). */
export function storedDependencies(record: InventoryRecord): DependencyTarget[] {
  const list = (record.spec as { dependencies?: unknown }).dependencies;
  if (!Array.isArray(list)) return [];
  return list.flatMap(d =>
    d && typeof d === 'object' && typeof (d as DependencyTarget).ref === 'string'
      ? [
          {
            ref: (d as DependencyTarget).ref,
            ...((d as DependencyTarget).protocol ? { protocol: (d as DependencyTarget).protocol } : {}),
          },
        ]
      : [],
  );
}

/** A System's entry applications as stored. */
export function storedEntryApplications(record: InventoryRecord): string[] {
  const list = (record.spec as { entryApplications?: unknown }).entryApplications;
  return Array.isArray(list) ? list.filter((r): r is string => typeof r === 'string') : [];
}

/** The maker's unsaved edits: per record id, its new dependency list or entry application list. */
export type MakerDraft = ReadonlyMap<string, { dependencies?: DependencyTarget[]; entryApplications?: string[] }>;

/** A record's dependencies with the draft applied. */
export const draftDependencies = (draft: MakerDraft, record: InventoryRecord) =>
  draft.get(record.id)?.dependencies ?? storedDependencies(record);

/** A System's entry applications with the draft applied. */
export const draftEntryApplications = (draft: MakerDraft, record: InventoryRecord) =>
  draft.get(record.id)?.entryApplications ?? storedEntryApplications(record);

function withEdit(
  draft: MakerDraft,
  id: string,
  edit: { dependencies?: DependencyTarget[]; entryApplications?: string[] },
) {
  const next = new Map(draft);
  next.set(id, { ...draft.get(id), ...edit });
  return next;
}

/** Adds a dependency (or changes the protocol of the one on the same target). */
export function addDependency(draft: MakerDraft, record: InventoryRecord, target: DependencyTarget): MakerDraft {
  const key = keyOfRef(target.ref);
  const list = draftDependencies(draft, record).filter(d => keyOfRef(d.ref) !== key);
  return withEdit(draft, record.id, { dependencies: [...list, target] });
}

/** Removes the dependency on the target with this key. */
export function removeDependency(draft: MakerDraft, record: InventoryRecord, key: string): MakerDraft {
  const list = draftDependencies(draft, record).filter(d => keyOfRef(d.ref) !== key);
  return withEdit(draft, record.id, { dependencies: list });
}

/** Sets a System's entry applications (duplicates left out). */
export function setEntryApplications(draft: MakerDraft, record: InventoryRecord, refs: string[]): MakerDraft {
  const seen = new Set<string>();
  const list = refs.filter(ref => {
    const key = keyOfRef(ref) ?? ref;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return withEdit(draft, record.id, { entryApplications: list });
}

/** One record the draft changes, as the unsaved changes list shows it. */
export interface PendingChange {
  record: InventoryRecord;
  /** Targets added (`orders (rest)`), removed, and kept with another protocol. */
  added: string[];
  removed: string[];
  changed: string[];
  change: DependencyChange;
}

const describe = (d: DependencyTarget) => `${shortName(d.ref)}${d.protocol ? ` (${d.protocol})` : ''}`;

function diffTargets(before: DependencyTarget[], after: DependencyTarget[]) {
  const old = new Map(before.map(d => [keyOfRef(d.ref) ?? d.ref, d]));
  const now = new Map(after.map(d => [keyOfRef(d.ref) ?? d.ref, d]));
  return {
    added: [...now].filter(([k]) => !old.has(k)).map(([, d]) => describe(d)),
    removed: [...old].filter(([k]) => !now.has(k)).map(([, d]) => describe(d)),
    changed: [...now]
      .filter(([k, d]) => old.has(k) && (old.get(k)!.protocol ?? '') !== (d.protocol ?? ''))
      .map(([, d]) => describe(d)),
  };
}

/** The records the draft really changes (an edit undone by hand is no change), in the order they were loaded. */
export function pendingChanges(draft: MakerDraft, records: ReadonlyMap<string, InventoryRecord>): PendingChange[] {
  const pending: PendingChange[] = [];
  for (const [id, edit] of draft) {
    const record = records.get(id);
    if (!record) continue;
    const change: DependencyChange = { id, version: record.version };
    const diff = { added: [] as string[], removed: [] as string[], changed: [] as string[] };
    if (edit.dependencies) {
      const d = diffTargets(storedDependencies(record), edit.dependencies);
      if (d.added.length || d.removed.length || d.changed.length) {
        change.dependencies = edit.dependencies;
        Object.assign(diff, d);
      }
    }
    if (edit.entryApplications) {
      const d = diffTargets(
        storedEntryApplications(record).map(ref => ({ ref })),
        edit.entryApplications.map(ref => ({ ref })),
      );
      if (d.added.length || d.removed.length) {
        change.entryApplications = edit.entryApplications;
        diff.added.push(...d.added.map(a => `entry ${a}`));
        diff.removed.push(...d.removed.map(r => `entry ${r}`));
      }
    }
    if (change.dependencies || change.entryApplications) pending.push({ record, ...diff, change });
  }
  return pending;
}

/** The body of the commit of these changes. */
export function commitRequest(pending: PendingChange[], reason: string, allowCycles: boolean): DependencyCommitRequest {
  return {
    reason: reason.trim(),
    changes: pending.map(p => p.change),
    ...(allowCycles ? { allowCycles: true } : {}),
  };
}

/** The index of the change a backend problem names (`changes[2].dependencies[0].ref` → 2), if it names one. */
export function changeIndexOf(field: string): number | undefined {
  const match = /^changes\[(\d+)\]/.exec(field);
  return match ? Number(match[1]) : undefined;
}
