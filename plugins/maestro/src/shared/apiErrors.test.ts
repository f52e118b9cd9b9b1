import { ResponseError } from '@backstage/errors';
import { describeApiError, failureTitle, isStaleVersion, parseFieldProblems } from './apiErrors';

/** A failed fetch response as the backend sends it (Backstage's error body). */
function failedResponse(status: number, name: string, message: string): any {
  const body = JSON.stringify({ error: { name, message }, request: {}, response: { statusCode: status } });
  return {
    ok: false,
    status,
    statusText: status === 400 ? 'Bad Request' : 'Conflict',
    headers: new Map([['content-type', 'application/json; charset=utf-8']]),
    text: async () => body,
  };
}

describe('parseFieldProblems', () => {
  it('splits a validation message into field/problem pairs', () => {
    expect(
      parseFieldProblems(
        'name: must consist of letters, digits, and [-_.]; spec.hostname: is required; spec.storage[0].sizeGb: must be >= 0',
      ),
    ).toEqual([
      { field: 'name', message: 'must consist of letters, digits, and [-_.]' },
      { field: 'spec.hostname', message: 'is required' },
      { field: 'spec.storage[0].sizeGb', message: 'must be >= 0' },
    ]);
  });

  it('keeps a "; " that does not start another field inside the message', () => {
    expect(parseFieldProblems('version: record r1 was changed concurrently; reload it')).toEqual([
      { field: 'version', message: 'record r1 was changed concurrently; reload it' },
    ]);
    expect(parseFieldProblems('record r1 is already inactive')).toEqual([
      { field: '', message: 'record r1 is already inactive' },
    ]);
  });
});

describe('describeApiError', () => {
  it('reads the status and the message of a real ResponseError', async () => {
    const error = await ResponseError.fromResponse(
      failedResponse(400, 'InputError', 'owner: is required; spec.os.base: must be string'),
    );
    const failure = describeApiError(error);
    expect(failure.status).toBe(400);
    expect(failure.message).toBe('owner: is required; spec.os.base: must be string');
    expect(failure.problems).toEqual([
      { field: 'owner', message: 'is required' },
      { field: 'spec.os.base', message: 'must be string' },
    ]);
    expect(failureTitle(failure)).toBe('The record is not valid');
  });

  it('recognises a stale version', async () => {
    const error = await ResponseError.fromResponse(
      failedResponse(409, 'ConflictError', 'version: record r1 is at version 4, not 3; reload it'),
    );
    const failure = describeApiError(error);
    expect(isStaleVersion(failure)).toBe(true);
    expect(failureTitle(failure)).toMatch(/reload/);
  });

  it('falls back to the message of any other error', () => {
    expect(describeApiError(new Error('network down'))).toEqual({
      status: undefined,
      message: 'network down',
      problems: [],
    });
  });
});
