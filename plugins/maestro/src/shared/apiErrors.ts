/** One problem the backend reported, with the field it concerns (`spec.hostname`), or `''` when it names none. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** What the UI needs to know about a failed call to the Maestro backend. */
export interface ApiFailure {
  /** HTTP status, when the error came from a response. */
  status?: number;
  /** The backend's message (`error.body.error.message`), or the error's own message. */
  message: string;
  /** The message split into `field: problem` pairs (meaningful for 400 and 409 answers). */
  problems: FieldProblem[];
}

// dashes allowed: discovery names list ids in fields (`lists.server-list.frequencyMinutes`)
const FIELD = String.raw`[A-Za-z_$][\w$-]*(?:\[\d+\]|\.[A-Za-z_$][\w$-]*)*`;
const SEPARATOR = new RegExp(String.raw`;\s+(?=${FIELD}:\s)`);
const PAIR = new RegExp(String.raw`^(${FIELD}):\s*([\s\S]*)$`);

/**
 * Splits a backend validation message (`name: must consist of letters…; spec.hostname: is required`) into its
 * `field: problem` pairs. A part that names no field is kept with field `''`.
 */
export function parseFieldProblems(message: string): FieldProblem[] {
  return message
    .split(SEPARATOR)
    .map(part => part.trim())
    .filter(Boolean)
    .map(part => {
      const match = PAIR.exec(part);
      return match ? { field: match[1], message: match[2].trim() } : { field: '', message: part };
    });
}

/**
 * Reads an error thrown by `MaestroClient` (a `ResponseError` from `@backstage/errors`: `response.status`,
 * `body.error.message`), or any other error.
 */
export function describeApiError(error: unknown): ApiFailure {
  const e = (error ?? {}) as {
    message?: unknown;
    statusCode?: unknown;
    response?: { status?: unknown };
    body?: { error?: { message?: unknown }; response?: { statusCode?: unknown } };
  };
  const candidates = [e.response?.status, e.statusCode, e.body?.response?.statusCode];
  const status = candidates.find((s): s is number => typeof s === 'number');
  let message = String(error);
  if (typeof e.body?.error?.message === 'string') message = e.body.error.message;
  else if (typeof e.message === 'string') message = e.message;
  const problems = status === 400 || status === 409 ? parseFieldProblems(message) : [];
  return { status, message, problems };
}

/** True when the failure is a 409 about a stale `version` (the record changed since it was read). */
export function isStaleVersion(failure: ApiFailure): boolean {
  return failure.status === 409 && failure.problems.some(p => p.field === 'version');
}

/** A title for an alert about a failure. */
export function failureTitle(failure: ApiFailure): string {
  if (isStaleVersion(failure)) return 'The record changed since it was loaded: reload it and apply your change again';
  if (failure.status === 409) return 'Conflict';
  if (failure.status === 400) return 'The record is not valid';
  if (failure.status === 403) return 'Not allowed';
  return 'Request failed';
}
