import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { findMaestroKind, MAESTRO_KINDS } from '@maestro/plugin-maestro-common';
import type { JsonObject } from '@backstage/types';
import { findTextProblem, shownValue, textProblem } from '../input/forbiddenKeys';
import { lengthProblem, normaliseOwnerRef } from './writeInput';

const NAME_PATTERN = /^[a-z0-9A-Z]([-_.a-z0-9A-Z]*[a-z0-9A-Z])?$/;

/** One problem found in an input, with the field it concerns. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Validates inventory record input against the kind's JSON schema and the catalog's naming rules, and reports
 * every problem with the field it concerns (`spec.ipv4Private: must match pattern …`).
 */
export class RecordValidator {
  readonly #validators = new Map<string, ValidateFunction>();

  static create(): RecordValidator {
    return new RecordValidator();
  }

  private constructor() {
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const def of Object.values(MAESTRO_KINDS)) {
      this.#validators.set(def.kind, ajv.compile(def.specSchema));
    }
  }

  /** Returns the canonical kind name, or throws an InputError naming the field `kind`. */
  kind(kind: unknown): string {
    const def = typeof kind === 'string' ? findMaestroKind(kind) : undefined;
    if (!def) {
      throw new InputError(
        `kind: must be one of ${Object.keys(MAESTRO_KINDS).join(', ')} (got ${JSON.stringify(shownValue(kind))})`,
      );
    }
    return def.kind;
  }

  /** Checks name, owner, title and spec together and throws one InputError listing every problem. */
  assertValid(input: { kind: string; name?: unknown; owner?: unknown; title?: unknown; spec?: unknown }): void {
    const problems = [
      ...(input.name !== undefined ? this.nameProblems(input.name) : []),
      ...(input.owner !== undefined ? this.ownerProblems(input.owner) : []),
      ...(input.title !== undefined ? this.titleProblems(input.title) : []),
      ...(input.spec !== undefined ? this.specProblems(input.kind, input.spec) : []),
    ];
    if (problems.length > 0) {
      throw new InputError(problems.map(p => `${p.field}: ${p.message}`).join('; '));
    }
  }

  nameProblems(name: unknown): FieldProblem[] {
    if (typeof name !== 'string' || name.length === 0) {
      return [{ field: 'name', message: 'is required and must be a string' }];
    }
    if (name.length > 63) {
      return [{ field: 'name', message: 'must be at most 63 characters' }];
    }
    if (!NAME_PATTERN.test(name)) {
      return [
        {
          field: 'name',
          message: 'must consist of letters, digits, and [-_.], and start and end with a letter or digit',
        },
      ];
    }
    return [];
  }

  ownerProblems(owner: unknown): FieldProblem[] {
    if (typeof owner !== 'string' || owner.length === 0) {
      return [{ field: 'owner', message: 'is required and must be an entity ref such as group:default/platform' }];
    }
    const problem = textProblem(owner);
    if (problem) return [{ field: 'owner', message: problem }];
    try {
      parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: 'default' });
    } catch {
      return [
        {
          field: 'owner',
          message: 'is not a valid entity ref: [<kind>:][<namespace>/]<name>, e.g. group:default/platform',
        },
      ];
    }
    // stored in its full form (group:default/…), which must fit the column
    const tooLong = lengthProblem('owner', normaliseOwnerRef(owner));
    return tooLong ? [{ field: 'owner', message: `${tooLong} in its full form (kind:namespace/name)` }] : [];
  }

  titleProblems(title: unknown): FieldProblem[] {
    if (title === null) return [];
    if (typeof title !== 'string' || lengthProblem('title', title)) {
      return [{ field: 'title', message: 'must be a string of at most 255 characters' }];
    }
    const problem = textProblem(title);
    return problem ? [{ field: 'title', message: problem }] : [];
  }

  specProblems(kind: string, spec: unknown): FieldProblem[] {
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
      return [{ field: 'spec', message: 'must be an object' }];
    }
    const validate = this.#validators.get(kind);
    if (!validate) {
      return [{ field: 'kind', message: `unknown kind ${kind}` }];
    }
    // whatever wrote it (the API, an import, discovery): text PostgreSQL cannot hold is refused
    const unsafe = findTextProblem(spec, ['spec']);
    if (unsafe) return [{ field: unsafe.path, message: unsafe.problem }];
    if (validate(spec as JsonObject)) {
      return [];
    }
    return (validate.errors ?? []).map(describeAjvError);
  }
}

function describeAjvError(error: ErrorObject): FieldProblem {
  const path = error.instancePath
    .split('/')
    .filter(Boolean)
    .map(p => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('');
  const field = `spec${path}`;
  switch (error.keyword) {
    case 'required':
      return { field: `${field}.${error.params.missingProperty}`, message: 'is required' };
    case 'additionalProperties':
      return {
        field: `${field}.${error.params.additionalProperty}`,
        message: 'is not a known field of this kind',
      };
    case 'enum':
      return {
        field,
        message: `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`,
      };
    case 'pattern':
      return { field, message: 'has an invalid format' };
    default:
      return { field, message: error.message ?? 'is invalid' };
  }
}
