import { describeApiError } from '../../../shared/apiErrors';

/** Problems of the last submit (or of Next): by field, and those naming none. */
export interface WizardProblems {
  byField: Record<string, string>;
  general: string[];
}

export const NO_PROBLEMS: WizardProblems = { byField: {}, general: [] };

/** What the wizard shows after a create or update failed. */
export interface SaveFailure {
  problems: WizardProblems;
  /** The message above the step: why nothing was saved. */
  failure: string;
  /** The first step showing a field with a problem; undefined when no field has an input. */
  step?: number;
}

/**
 * A failed create or update as the wizard shows it: the `field: problem` pairs of a 400 or 409 by field when a
 * step shows the field (`stepOf` ≥ 0), the others listed apart; and a message saying why nothing was saved.
 */
export function describeSaveFailure(
  error: unknown,
  options: { editing: boolean; stepOf: (field: string) => number },
): SaveFailure {
  const { editing, stepOf } = options;
  const described = describeApiError(error);
  // the pairs of a 400 or a 409; none for another status
  const parsed = described.problems;
  const byField: Record<string, string> = {};
  const general: string[] = [];
  for (const p of parsed) {
    if (p.field && stepOf(p.field) >= 0)
      byField[p.field] = byField[p.field] ? `${byField[p.field]}; ${p.message}` : p.message;
    else general.push(p.field ? `${p.field}: ${p.message}` : p.message);
  }
  const steps = Object.keys(byField).map(stepOf);
  let failure: string;
  if (described.status === 409 && !byField.id) {
    failure = editing
      ? `Not saved: ${described.message}. Close the wizard and open it again to edit the current version.`
      : `Not saved: ${described.message}`;
  } else if (described.status === 403) {
    failure = 'Not saved: you may not manage discovery connections.';
  } else if (described.status === 400 || described.status === 409) {
    failure = `Not saved: the backend found ${parsed.length === 1 ? 'a problem' : `${parsed.length} problems`}.`;
  } else {
    failure = `Not saved: ${described.message}`;
  }
  return { problems: { byField, general }, failure, step: steps.length ? Math.min(...steps) : undefined };
}
