import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { JobChainLink, JobType } from '@maestro/plugin-maestro-common';
import { assertNoForbiddenKeys, shownName, shownValue, textProblem } from '../input/forbiddenKeys';
import { requireObject } from '../input/requestFields';
import { normalizedRef } from './recipients';
import { readSchedule } from './jobSchedule';
import type { JobDefinitionValues, StoredJob } from './JobStore';
import type { JobTypeRunner } from './jobTypes';

/** The types people create; `history-retention` is built in. */
export const USER_JOB_TYPES: readonly JobType[] = ['webhook', 'discovery', 'report'];
export const MAX_JOB_NAME = 128;
export const MAX_JOB_DESCRIPTION = 2000;
export const MAX_CHAIN_DELAY_SECONDS = 86_400;
export const MAX_EXECUTIONS_LIMIT = 1_000_000_000;
export const MAX_DISABLE_AFTER_FAILURES = 1000;
export const DEFAULT_DISABLE_AFTER_FAILURES = 3;

const JOB_FIELDS = [
  'name',
  'type',
  'enabled',
  'owner',
  'description',
  'schedule',
  'maxExecutions',
  'disableAfterFailures',
  'onSuccess',
  'onFailure',
  'config',
];
const CHAIN_FIELDS = ['jobId', 'delaySeconds'];

/** What a job's chains may point at: whether a job exists (and is one a chain may start), and the chain graph. */
export interface ChainTargets {
  /** `job`: a job of the table; `built-in-discovery`: a discovery list's built-in job (not chainable); none. */
  kindOf(id: string): Promise<'job' | 'built-in-discovery' | undefined>;
  /** Every job's chain links: id → the jobs it starts. */
  graph(): Promise<Map<string, string[]>>;
}

/** What checking a job's body needs. */
export interface JobInputContext {
  /** The job's id (a new job gets its id first: its secrets are sealed bound to it). */
  jobId: string;
  /** The job as stored (an update). */
  previous?: StoredJob;
  types: Map<string, JobTypeRunner>;
  chains: ChainTargets;
  /** The caller: their user ref is the default owner. */
  credentials: BackstageCredentials;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The default owner: the calling user; a service must name one. */
function callerRef(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as { type?: string; userEntityRef?: string };
  return principal.type === 'user' ? principal.userEntityRef : undefined;
}

function readOwner(value: unknown, credentials: BackstageCredentials, problems: string[]): string | undefined {
  if (value === undefined || value === null || value === '') {
    const caller = callerRef(credentials);
    if (!caller) problems.push('owner: is required (a user or group ref such as group:default/platform)');
    return caller;
  }
  if (typeof value === 'string' && value.length <= 255) {
    try {
      const ref = normalizedRef(value);
      if (/^(user|group):[a-z0-9_.-]+\/[a-z0-9_.-]+$/.test(ref)) return ref;
    } catch {
      // reported below
    }
  }
  problems.push(`owner: must be a user or group ref such as group:default/platform (got ${shownValue(value)})`);
  return undefined;
}

function readText(value: unknown, field: string, max: number, problems: string[], required: boolean) {
  if (value === undefined || value === null || value === '') {
    if (required) problems.push(`${field}: is required`);
    return undefined;
  }
  if (typeof value !== 'string' || value.length > max) {
    problems.push(`${field}: must be a string of at most ${max} characters`);
    return undefined;
  }
  const problem = textProblem(value);
  if (problem) problems.push(`${field}: ${problem}`);
  if (required && value.trim() === '') problems.push(`${field}: must not be blank`);
  return problem ? undefined : value;
}

function readCount(value: unknown, field: string, fallback: number, max: number, problems: string[]): number {
  if (value === undefined || value === null) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > max) {
    problems.push(`${field}: must be a whole number from 0 to ${max}`);
    return fallback;
  }
  return value as number;
}

function readLink(value: unknown, field: string, jobId: string, problems: string[]): JobChainLink | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    problems.push(`${field}: must be { jobId, delaySeconds? } or null`);
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(value)) {
    if (!CHAIN_FIELDS.includes(key))
      problems.push(`${field}.${shownName(key)}: is not a field of a chain (jobId, delaySeconds)`);
  }
  const target = value.jobId;
  if (typeof target !== 'string' || target === '' || target.length > 255 || textProblem(target)) {
    problems.push(`${field}.jobId: is required: the id of the job to start`);
  } else if (target === jobId) {
    problems.push(`${field}.jobId: a job cannot chain to itself`);
  }
  const delay = value.delaySeconds;
  if (delay !== undefined && delay !== null) {
    if (!Number.isSafeInteger(delay) || (delay as number) < 0 || (delay as number) > MAX_CHAIN_DELAY_SECONDS) {
      problems.push(`${field}.delaySeconds: must be a whole number of seconds from 0 to ${MAX_CHAIN_DELAY_SECONDS}`);
    }
  }
  if (problems.length !== before) return undefined;
  return { jobId: target as string, ...(typeof delay === 'number' && delay > 0 ? { delaySeconds: delay } : {}) };
}

/** Problems with a chain's target: unknown, a built-in discovery list, or a cycle back to this job. */
async function chainProblems(
  jobId: string,
  links: Array<[string, JobChainLink | undefined]>,
  chains: ChainTargets,
): Promise<string[]> {
  const problems: string[] = [];
  const present = links.filter((entry): entry is [string, JobChainLink] => !!entry[1]);
  if (present.length === 0) return problems;
  const graph = await chains.graph();
  // this job's links as they will be
  graph.set(
    jobId,
    present.map(([, link]) => link.jobId),
  );
  for (const [field, link] of present) {
    const kind = await chains.kindOf(link.jobId);
    if (kind === 'built-in-discovery') {
      problems.push(
        `${field}.jobId: '${shownName(
          link.jobId,
        )}' is a discovery list's built-in job: chain to a discovery job of your own`,
      );
      continue;
    }
    if (!kind) {
      problems.push(`${field}.jobId: no job '${shownName(link.jobId)}'`);
      continue;
    }
    const path = pathBack(graph, link.jobId, jobId);
    if (path)
      problems.push(
        `${field}.jobId: chaining to '${shownName(link.jobId)}' forms a cycle (${[jobId, ...path]
          .map(id => shownName(id))
          .join(' → ')})`,
      );
  }
  return problems;
}

/** The chain path from `from` back to `to`, if there is one (breadth-first, each job once). */
function pathBack(graph: Map<string, string[]>, from: string, to: string): string[] | undefined {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length) {
    const current = queue.shift()!;
    if (current === to) {
      const path: string[] = [];
      for (let at: string | null = current; at !== null; at = previous.get(at) ?? null) path.unshift(at);
      return path;
    }
    for (const next of graph.get(current) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/**
 * The body of `POST /jobs` and `PUT /jobs/{id}` checked into a job's definition: every field named in one 400 with
 * every problem (`schedule.expression: …; config.webhook.url: …`); unknown fields and `__proto__` keys refused; the
 * type's configuration checked (and its secrets sealed) by its {@link JobTypeRunner}; chains to an existing job,
 * not to itself, forming no cycle. Nothing is stored by this check.
 */
export async function readJobInput(body: unknown, context: JobInputContext): Promise<JobDefinitionValues> {
  const input = requireObject(body);
  assertNoForbiddenKeys(input);
  const problems: string[] = [];
  for (const key of Object.keys(input)) {
    if (!JOB_FIELDS.includes(key))
      problems.push(`${shownName(key)}: is not a field of a job (${JOB_FIELDS.join(', ')})`);
  }
  const name = readText(input.name, 'name', MAX_JOB_NAME, problems, true);
  let type: JobType | undefined;
  if (input.type === 'history-retention') problems.push('type: history-retention is built in');
  else if (typeof input.type === 'string' && (USER_JOB_TYPES as readonly string[]).includes(input.type))
    type = input.type as JobType;
  else {
    const shown = typeof input.type === 'string' ? `'${shownName(input.type)}'` : shownValue(input.type ?? null);
    problems.push(`type: unknown job type ${shown} (${USER_JOB_TYPES.join(', ')})`);
  }
  // an update without `enabled` leaves it as it is
  let enabled = context.previous?.enabled ?? true;
  if (input.enabled !== undefined && input.enabled !== null) {
    if (typeof input.enabled !== 'boolean') problems.push('enabled: must be true or false');
    else enabled = input.enabled;
  }
  const owner = readOwner(input.owner, context.credentials, problems);
  const description = readText(input.description, 'description', MAX_JOB_DESCRIPTION, problems, false);
  const schedule = readSchedule(input.schedule, 'schedule', problems);
  const maxExecutions = readCount(input.maxExecutions, 'maxExecutions', 0, MAX_EXECUTIONS_LIMIT, problems);
  const disableAfterFailures = readCount(
    input.disableAfterFailures,
    'disableAfterFailures',
    DEFAULT_DISABLE_AFTER_FAILURES,
    MAX_DISABLE_AFTER_FAILURES,
    problems,
  );
  const onSuccess = readLink(input.onSuccess, 'onSuccess', context.jobId, problems);
  const onFailure = readLink(input.onFailure, 'onFailure', context.jobId, problems);
  const previous = context.previous;
  if (previous && enabled && maxExecutions > 0 && previous.totalRuns >= maxExecutions) {
    problems.push(
      `maxExecutions: the job already ran ${previous.totalRuns} times: raise maxExecutions (or set 0, no limit) to enable it again`,
    );
  }
  let config: unknown;
  if (type) {
    const runner = context.types.get(type);
    if (!runner) {
      problems.push(`type: this backend does not run ${type} jobs`);
    } else if (input.config === undefined || input.config === null) {
      problems.push('config: is required');
    } else {
      const before = problems.length;
      config = await runner.readConfig(
        input.config,
        {
          field: 'config',
          jobId: context.jobId,
          previous: previous?.type === type ? previous.config : undefined,
          credentials: context.credentials,
        },
        problems,
      );
      if (config === undefined && problems.length === before) problems.push(`config: is not valid for a ${type} job`);
    }
  }
  problems.push(
    ...(await chainProblems(
      context.jobId,
      [
        ['onSuccess', onSuccess],
        ['onFailure', onFailure],
      ],
      context.chains,
    )),
  );
  if (problems.length) throw new InputError(problems.join('; '));
  return {
    name: name!,
    type: type!,
    enabled,
    owner: owner!,
    ...(description ? { description } : {}),
    schedule: schedule!,
    config,
    maxExecutions,
    disableAfterFailures,
    ...(onSuccess ? { onSuccess } : {}),
    ...(onFailure ? { onFailure } : {}),
  };
}

/** The body of `PUT /jobs/{id}` for a built-in job: only `{ enabled }` may change. */
export function readBuiltInChange(body: unknown): { enabled: boolean } {
  const input = requireObject(body);
  assertNoForbiddenKeys(input);
  const others = Object.keys(input).filter(key => key !== 'enabled');
  if (others.length) {
    throw new InputError(
      `type: built-in job: only 'enabled' may change (not ${others
        .slice(0, 5)
        .map(key => shownName(key))
        .join(', ')})`,
    );
  }
  if (typeof input.enabled !== 'boolean') throw new InputError('enabled: is required: true or false');
  return { enabled: input.enabled };
}
