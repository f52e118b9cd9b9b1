import type { FieldProblem } from './apiErrors';

/** A refused save's problems sorted to the form's fields, and those no shown field takes. */
export interface SortedProblems {
  /** The problems of the field at `path` (joined with `; `), or undefined. */
  at(path: string): string | undefined;
  /** Problems no shown field takes, as `field: message` (or the message when it names no field). */
  other: string[];
}

/** True when `field` is `path` or lies under it (`config.webhook.url` under `config.webhook`, `a[1]` under `a`). */
function isUnder(field: string, path: string): boolean {
  return field === path || field.startsWith(`${path}.`) || field.startsWith(`${path}[`);
}

/**
 * Gives each problem to the deepest of `shownPaths` it lies under (`config.webhook.headers[1].value` to
 * `config.webhook.headers[1]` when that row is shown, else to `config.webhook.headers`), so that every problem of a
 * 400 is shown once: under its field, or in the list of others when the form shows no field for it.
 */
export function sortProblems(problems: FieldProblem[], shownPaths: string[]): SortedProblems {
  const byPath = new Map<string, string[]>();
  const other: string[] = [];
  for (const problem of problems) {
    const owner = problem.field
      ? shownPaths.filter(path => isUnder(problem.field, path)).sort((a, b) => b.length - a.length)[0]
      : undefined;
    if (owner === undefined) {
      other.push(problem.field ? `${problem.field}: ${problem.message}` : problem.message);
      continue;
    }
    // a problem deeper than its field says which part (`signature.secret: …` under the signature)
    const rest = problem.field.slice(owner.length).replace(/^\./, '');
    const text = rest ? `${rest}: ${problem.message}` : problem.message;
    byPath.set(owner, [...(byPath.get(owner) ?? []), text]);
  }
  return { at: path => byPath.get(path)?.join('; '), other };
}

/** No problems (before the first save). */
export const NO_PROBLEMS: SortedProblems = { at: () => undefined, other: [] };

/**
 * The props that show a field's problems on a text field: its error state, and its problems in place of its help
 * (`help`, if any, when it has none).
 */
export function fieldPropsOf(problems: SortedProblems) {
  return (path: string, help?: string) => ({
    error: !!problems.at(path),
    helperText: problems.at(path) ?? help,
  });
}
