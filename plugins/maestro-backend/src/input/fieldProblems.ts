import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { shownName, textProblem } from './forbiddenKeys';

/** The problems of one input, each starting with its field path; thrown together as one InputError. */
export class Problems {
  readonly list: string[] = [];

  add(at: string, problem: string): undefined {
    this.list.push(`${at}: ${problem}`);
    return undefined;
  }

  /** Runs a reader that throws an InputError of its own (webhooks, filters) and keeps its message. */
  collect<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      this.list.push(error.message);
      return undefined;
    }
  }
}

export function objectAt(value: unknown, at: string, problems: Problems, fields: string[]) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return problems.add(at, 'must be an object');
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!fields.includes(key)) problems.add(at, `unknown field '${shownName(key)}' (${fields.join(', ')})`);
  }
  return object;
}

export function text(
  value: unknown,
  at: string,
  problems: Problems,
  max: number,
  required: boolean,
): string | undefined {
  if (value === undefined || value === null || value === '') {
    return required ? problems.add(at, 'is required') : undefined;
  }
  if (typeof value !== 'string') return problems.add(at, 'must be a string');
  if (value.trim() === '') return problems.add(at, 'must not be blank');
  if (value.length > max) return problems.add(at, `must be at most ${max} characters`);
  const problem = textProblem(value);
  return problem ? problems.add(at, problem) : value;
}

export function list(value: unknown, at: string, problems: Problems, max: number): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return problems.add(at, 'must be a list');
  if (value.length > max) return problems.add(at, `must have at most ${max} values`);
  return value;
}

/** An entity ref of one of `kinds` (the first is assumed when the ref has none), as `kind:namespace/name`. */
export function entityRef(value: unknown, at: string, problems: Problems, kinds: string[]): string | undefined {
  const ref = text(value, at, problems, 255, true);
  if (ref === undefined) return undefined;
  try {
    const parsed = parseEntityRef(ref, { defaultKind: kinds[0], defaultNamespace: 'default' });
    if (!kinds.includes(parsed.kind.toLowerCase())) {
      return problems.add(at, `must be the entity ref of a ${kinds.join(' or ')} (got '${shownName(ref)}')`);
    }
    return stringifyEntityRef({ ...parsed, kind: parsed.kind.toLowerCase() });
  } catch {
    return problems.add(at, `must be an entity ref such as ${kinds[0]}:default/name (got '${shownName(ref)}')`);
  }
}
