import { InputError } from '@backstage/errors';
import { shownName } from '../../input/forbiddenKeys';

/**
 * A job type's configuration as an object whose keys are all `allowed`; pushes a problem naming `field` (not an
 * object) or each unknown key (`config.x: is not a field of a webhook job (webhook)`), and answers undefined when
 * it is not an object.
 */
export function configObject(
  value: unknown,
  field: string,
  what: string,
  allowed: readonly string[],
  problems: string[],
): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${field}: must be an object (${allowed.join(', ')})`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      problems.push(`${field}.${shownName(key)}: is not a field of ${what} (${allowed.join(', ')})`);
  }
  return value as Record<string, unknown>;
}

/** Runs a check that throws an InputError of `; `-joined problems, and adds them to `problems` instead. */
export function collectProblems<T>(check: () => T, problems: string[]): T | undefined {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.message.split('; '));
    return undefined;
  }
}
