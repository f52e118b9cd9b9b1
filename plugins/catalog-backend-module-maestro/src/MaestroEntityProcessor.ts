import {
  Entity,
  entityKindSchemaValidator,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
} from '@backstage/catalog-model';
import { CatalogProcessor, CatalogProcessorEmit, LocationSpec, processingResult } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_MAESTRO_RECORD_ID,
  MAESTRO_API_VERSION,
  MAESTRO_KINDS,
  referencedRefs,
} from '@maestro/plugin-maestro-common';

/**
 * Validates the Maestro custom kinds against their JSON schemas and emits the relations of every entity Maestro
 * projects (ownership of the custom kinds, and the named pairs of each reference field). Cheap and local: it never
 * calls out, so re-processing stays fast.
 */
export class MaestroEntityProcessor implements CatalogProcessor {
  readonly #validators = new Map<string, (data: unknown) => Entity | false>();

  constructor() {
    for (const def of Object.values(MAESTRO_KINDS)) {
      if (def.entitySchema) {
        this.#validators.set(def.kind, entityKindSchemaValidator(def.entitySchema as any));
      }
    }
  }

  getProcessorName(): string {
    return 'MaestroEntityProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    if (entity.apiVersion !== MAESTRO_API_VERSION) return false;
    const validate = this.#validators.get(entity.kind);
    if (!validate) return false;
    return validate(entity) !== false;
  }

  async postProcessEntity(entity: Entity, _location: LocationSpec, emit: CatalogProcessorEmit): Promise<Entity> {
    const custom = entity.apiVersion === MAESTRO_API_VERSION;
    const managed = !!entity.metadata.annotations?.[ANNOTATION_MAESTRO_RECORD_ID];
    const def = MAESTRO_KINDS[entity.kind];
    if (!def || !(custom || managed)) return entity;
    const self = getCompoundEntityRef(entity);
    const spec = (entity.spec ?? {}) as Record<string, unknown>;

    const emitPair = (target: string, defaultKind: string, pair: readonly [string, string]) => {
      let ref;
      try {
        ref = parseEntityRef(target, { defaultKind, defaultNamespace: self.namespace });
      } catch {
        return; // an unparseable ref in a hand-written field must not stop the entity
      }
      emit(processingResult.relation({ source: self, type: pair[0], target: ref }));
      emit(processingResult.relation({ source: ref, type: pair[1], target: self }));
    };

    // Backstage's own processor emits ownership for its kinds
    if (custom && typeof spec.owner === 'string') {
      emitPair(spec.owner, 'Group', [RELATION_OWNED_BY, RELATION_OWNER_OF]);
    }
    for (const reference of def.references) {
      if (!reference.relation) continue;
      for (const ref of referencedRefs(spec, reference)) {
        emitPair(ref, reference.kind, reference.relation);
      }
    }
    return entity;
  }
}
