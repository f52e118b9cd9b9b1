import {
  Entity,
  entityKindSchemaValidator,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  MAESTRO_API_VERSION,
  MAESTRO_KINDS,
  RELATION_HOSTED_IN,
  RELATION_HOSTS,
} from '@maestro/plugin-maestro-common';

/** Relation pair emitted for each reference field, keyed by `${kind}.${field}`. */
const REFERENCE_RELATIONS: Record<string, readonly [string, string]> = {
  'Server.datacenter': [RELATION_HOSTED_IN, RELATION_HOSTS],
};

/**
 * Validates the Maestro custom kinds against their JSON schemas and emits their relations (ownership and the
 * named pairs between Maestro entities). Cheap and local: it never calls out, so re-processing stays fast.
 */
export class MaestroEntityProcessor implements CatalogProcessor {
  readonly #validators = new Map<string, (data: unknown) => Entity | false>();

  constructor() {
    for (const def of Object.values(MAESTRO_KINDS)) {
      this.#validators.set(def.kind, entityKindSchemaValidator(def.entitySchema as any));
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

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (entity.apiVersion !== MAESTRO_API_VERSION) return entity;
    const def = MAESTRO_KINDS[entity.kind];
    if (!def) return entity;
    const self = getCompoundEntityRef(entity);
    const spec = (entity.spec ?? {}) as Record<string, unknown>;

    const emitPair = (target: string, defaultKind: string, pair: readonly [string, string]) => {
      const ref = parseEntityRef(target, { defaultKind, defaultNamespace: self.namespace });
      emit(processingResult.relation({ source: self, type: pair[0], target: ref }));
      emit(processingResult.relation({ source: ref, type: pair[1], target: self }));
    };

    if (typeof spec.owner === 'string') {
      emitPair(spec.owner, 'Group', [RELATION_OWNED_BY, RELATION_OWNER_OF]);
    }
    for (const { field, kind } of def.references) {
      const value = spec[field];
      const pair = REFERENCE_RELATIONS[`${entity.kind}.${field}`];
      if (typeof value === 'string' && value && pair) {
        emitPair(value, kind, pair);
      }
    }
    return entity;
  }
}
