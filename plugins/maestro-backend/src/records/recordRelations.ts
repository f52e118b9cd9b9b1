import {
  CompoundEntityRef,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  findMaestroKind,
  InventoryRecord,
  MAESTRO_KINDS,
  MaestroReference,
  referencedRefs,
} from '@maestro/plugin-maestro-common';
import { linkKeyOf } from '../reports/catalogRecordSource';
import { referenceTargets } from '../reports/pivotReport';
import { storeRecordSource } from '../reports/singleReport';
import type { InventoryStore } from './InventoryStore';

/** One relation of a record: its name as the catalog shows it, the spec field that makes it, the other end. */
export interface RecordRelation {
  /** e.g. `runsOn`, `hostedIn`, `dependsOn` (outgoing) or `runs`, `hosts`, `dependencyOf` (incoming). */
  type: string;
  /** The spec field holding the reference: on this record (outgoing) or on the other one (incoming). */
  field: string;
  /** `kind:namespace/name`, lower case, as the catalog compares refs. */
  target: string;
  /** The other record's id, when the store holds it (a reference may name an entity the catalog alone has). */
  recordId?: string;
}

/** A record's relations both ways; `truncated` when more incoming relations exist than were returned. */
export interface RecordRelations {
  outgoing: RecordRelation[];
  incoming: RecordRelation[];
  truncated: boolean;
}

/** The relations Backstage's own processor emits for the references Maestro's does not name. */
const BACKSTAGE_RELATIONS: Record<string, readonly [string, string]> = {
  dependencies: [RELATION_DEPENDS_ON, RELATION_DEPENDENCY_OF],
  system: [RELATION_PART_OF, RELATION_HAS_PART],
  domain: [RELATION_PART_OF, RELATION_HAS_PART],
};

const relationPair = (reference: MaestroReference) =>
  reference.relation ?? BACKSTAGE_RELATIONS[reference.field] ?? [reference.field, `${reference.field}Of`];

/** Whether records holding `reference` may point at a record of `kind` (a dependency names any application). */
const mayPointAt = (reference: MaestroReference, kind: string) =>
  reference.kind === kind || (reference.field === 'dependencies' && (kind === 'Component' || kind === 'Resource'));

/**
 * A record's relations from the store, as the catalog projects them: outgoing from its own reference fields,
 * incoming from the active records whose reference fields name it (found by reading those kinds a page at a time,
 * at most `limit` of them). The other ends are resolved to record ids where the store holds them.
 */
export async function recordRelations(
  store: InventoryStore,
  record: InventoryRecord,
  options: { limit: number },
): Promise<RecordRelations> {
  const outgoing: RecordRelation[] = [];
  const named: Array<{ relation: RecordRelation; kind: string; name: string }> = [];
  for (const reference of MAESTRO_KINDS[record.kind]?.references ?? []) {
    for (const ref of referencedRefs(record.spec as Record<string, unknown>, reference)) {
      let parsed: CompoundEntityRef;
      try {
        parsed = parseEntityRef(ref, { defaultKind: reference.kind, defaultNamespace: 'default' });
      } catch {
        continue; // a malformed ref links nothing (as in the catalog)
      }
      const target = stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
      const relation: RecordRelation = { type: relationPair(reference)[0], field: reference.field, target };
      outgoing.push(relation);
      const kind = findMaestroKind(parsed.kind)?.kind;
      if (kind && parsed.namespace === 'default') named.push({ relation, kind, name: parsed.name });
    }
  }
  await resolveIds(store, named);

  const { incoming, truncated } = await pointingAt(store, record, options.limit);
  return { outgoing, incoming, truncated };
}

/** The active records whose reference fields name `record`, at most `limit` of them. */
async function pointingAt(
  store: InventoryStore,
  record: InventoryRecord,
  limit: number,
): Promise<{ incoming: RecordRelation[]; truncated: boolean }> {
  const key = linkKeyOf(record);
  const incoming: RecordRelation[] = [];
  const source = storeRecordSource(store);
  for (const [kind, definition] of Object.entries(MAESTRO_KINDS)) {
    const references = definition.references.filter(reference => mayPointAt(reference, record.kind));
    if (!references.length) continue;
    for await (const page of source(kind, { active: true })) {
      for (const other of page) {
        for (const reference of references) {
          if (!referenceTargets(other, reference).includes(key)) continue;
          if (incoming.length === limit) return { incoming, truncated: true };
          const target = linkKeyOf(other);
          incoming.push({ type: relationPair(reference)[1], field: reference.field, target, recordId: other.id });
        }
      }
    }
  }
  return { incoming, truncated: false };
}

/** Sets `recordId` on the relations whose target the store holds (one lookup per kind). */
async function resolveIds(
  store: InventoryStore,
  named: Array<{ relation: RecordRelation; kind: string; name: string }>,
): Promise<void> {
  for (const kind of new Set(named.map(n => n.kind))) {
    const ofKind = named.filter(n => n.kind === kind);
    const ids = new Map(
      (
        await store.findByNames(
          kind,
          ofKind.map(n => n.name),
        )
      ).map(r => [r.name, r.id]),
    );
    for (const { relation, name } of ofKind) {
      const id = ids.get(name);
      if (id) relation.recordId = id;
    }
  }
}
