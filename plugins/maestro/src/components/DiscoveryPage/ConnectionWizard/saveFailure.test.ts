import { responseError } from '../../../__testUtils__/maestroTestUtils';
import { stepOfField } from './connectionDraft';
import { describeSaveFailure } from './saveFailure';

const aws = { editing: false, stepOf: (field: string) => stepOfField(field, 'aws') };

describe('describeSaveFailure', () => {
  it('places the problems of a 400 under their fields, on the first step with one, the others apart', () => {
    const failure = describeSaveFailure(
      responseError(
        400,
        'regions: not a region name: moon-1; owner: must be an entity ref; owner: is too long; openstack.authUrl: not used by AWS connections',
      ),
      aws,
    );
    expect(failure.problems).toEqual({
      byField: { regions: 'not a region name: moon-1', owner: 'must be an entity ref; is too long' },
      general: ['openstack.authUrl: not used by AWS connections'],
    });
    expect(failure.step).toBe(0);
    expect(failure.failure).toBe('Not saved: the backend found 4 problems.');
  });

  it('says a 409 on the id is a problem of the id, and another 409 tells to reopen an edited connection', () => {
    const taken = describeSaveFailure(responseError(409, "id: connection 'aws-prod' already exists"), aws);
    expect(taken.problems.byField).toEqual({ id: "connection 'aws-prod' already exists" });
    expect(taken.step).toBe(0);
    expect(taken.failure).toBe('Not saved: the backend found a problem.');

    const stale = describeSaveFailure(responseError(409, 'version: the connection changed'), { ...aws, editing: true });
    expect(stale.problems).toEqual({ byField: {}, general: ['version: the connection changed'] });
    expect(stale.step).toBeUndefined();
    expect(stale.failure).toBe(
      'Not saved: version: the connection changed. Close the wizard and open it again to edit the current version.',
    );
  });

  it('names a refusal and any other failure without field problems', () => {
    const refused = describeSaveFailure(responseError(403, 'owner: not allowed'), aws);
    expect(refused.problems).toEqual({ byField: {}, general: [] });
    expect(refused.failure).toBe('Not saved: you may not manage discovery connections.');
    expect(describeSaveFailure(new Error('Failed to fetch'), aws)).toEqual({
      problems: { byField: {}, general: [] },
      failure: 'Not saved: Failed to fetch',
      step: undefined,
    });
  });
});
