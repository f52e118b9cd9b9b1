import { emptyDraft, requestOf, stepOfField } from './connectionDraft';
import { formatCounts, formatDuration, formatHeld, parseDiscoveryProblems, relativeTime } from './discoveryFormat';

describe('discovery formatting', () => {
  it('splits a discovery 400 message into field problems, list ids with dashes included', () => {
    expect(
      parseDiscoveryProblems(
        "id: lower-case letters (got 'Bad Id'); regions: not a region name: moon-1; lists.server-list.frequencyMinutes: must be a whole number; aws.accessKeyId: is required with aws.secretAccessKey",
      ),
    ).toEqual([
      { field: 'id', message: "lower-case letters (got 'Bad Id')" },
      { field: 'regions', message: 'not a region name: moon-1' },
      { field: 'lists.server-list.frequencyMinutes', message: 'must be a whole number' },
      { field: 'aws.accessKeyId', message: 'is required with aws.secretAccessKey' },
    ]);
    expect(parseDiscoveryProblems("connection 'aws-gitops' is defined in app-config: change it there")).toEqual([
      { field: '', message: "connection 'aws-gitops' is defined in app-config: change it there" },
    ]);
    expect(['id', 'regions', 'aws.roleArn', 'endpoint', 'lists.cdns-list.enabled', 'version'].map(stepOfField)).toEqual([
      0, 1, 2, 2, 3, -1,
    ]);
  });

  it('formats held removals, counts, durations and times', () => {
    expect(formatHeld({ region: 'eu-west-1', wouldDeactivate: 20, of: 40, threshold: 0.3 })).toBe(
      'held back: would deactivate 20 of 40 (over 30 %)',
    );
    expect(formatHeld({ region: 'eu-west-1', wouldDeactivate: 20, of: 40, threshold: 0.3 }, true)).toBe(
      'eu-west-1: held back: would deactivate 20 of 40 (over 30 %)',
    );
    expect(
      formatCounts({ seen: 5, created: 1, changed: 0, unchanged: 4, deactivated: 0, reactivated: 2, invalid: 0 }),
    ).toBe('seen 5 · created 1 · changed 0 · unchanged 4 · deactivated 0 · reactivated 2');
    expect([850, 12_345, 125_000, 3_840_000].map(formatDuration)).toEqual(['850 ms', '12.3 s', '2 min 5 s', '1 h 4 min']);
    const now = Date.parse('2026-01-01T12:00:00.000Z');
    expect(relativeTime('2026-01-01T11:59:58.000Z', now)).toBe('just now');
    expect(relativeTime('2026-01-01T11:58:00.000Z', now)).toBe('2 min ago');
    expect(relativeTime('2025-12-30T12:00:00.000Z', now)).toBe('2 d ago');
  });

  it('builds the request of each credentials mode, the secret only when typed', () => {
    const lists = [
      { id: 'server-list', title: 'Servers', iamActions: [], defaultFrequencyMinutes: 5 },
      { id: 'volumes-list', title: 'Volumes', iamActions: [], defaultFrequencyMinutes: 60 },
    ];
    const base = { ...emptyDraft(true), id: 'aws-x', regions: ['eu-west-1'], accessKeyId: 'AKIA0000000000000000' };
    expect(requestOf(base, lists)).toEqual({
      id: 'aws-x',
      provider: 'aws',
      datacenter: 'aws-x',
      regions: ['eu-west-1'],
      owner: 'group:default/maestro-admins',
      aws: { accessKeyId: 'AKIA0000000000000000' },
    });
    expect(requestOf({ ...base, secretAccessKey: 's3cret', lists: { 'volumes-list': { enabled: true, minutes: '60' } } }, lists).aws).toEqual({
      accessKeyId: 'AKIA0000000000000000',
      secretAccessKey: 's3cret',
    });
    expect(requestOf({ ...base, mode: 'role', roleArn: 'arn:aws:iam::123456789012:role/r', secretAccessKey: 'x' }, lists).aws).toEqual({
      roleArn: 'arn:aws:iam::123456789012:role/r',
    });
    expect(requestOf({ ...base, mode: 'chain', accountId: '123456789012' }, lists).aws).toEqual({ accountId: '123456789012' });
    expect(emptyDraft(false).mode).toBe('role');
  });
});
