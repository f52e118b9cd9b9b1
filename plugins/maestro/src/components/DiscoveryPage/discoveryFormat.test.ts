import {
  apiCallsText,
  formatCounts,
  formatDuration,
  formatFrequency,
  formatHeld,
  openStackProject,
  openStackUser,
  relativeTime,
} from './discoveryFormat';

describe('discovery formatting', () => {
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
    expect([850, 12_345, 125_000, 3_840_000].map(formatDuration)).toEqual([
      '850 ms',
      '12.3 s',
      '2 min 5 s',
      '1 h 4 min',
    ]);
    const now = Date.parse('2026-01-01T12:00:00.000Z');
    expect(relativeTime('2026-01-01T11:59:58.000Z', now)).toBe('just now');
    expect(relativeTime('2026-01-01T11:58:00.000Z', now)).toBe('2 min ago');
    expect(relativeTime('2025-12-30T12:00:00.000Z', now)).toBe('2 d ago');
  });

  it('describes the OpenStack user, project and API calls', () => {
    expect(openStackUser({ username: 'maestro' })).toBe('maestro (domain default)');
    expect(openStackUser({ username: 'maestro', userDomainName: 'Corp' })).toBe('maestro (domain Corp)');
    expect(openStackUser({ userId: 'u1' })).toBe('id u1');
    expect(openStackProject({ projectId: 'p1' })).toBe('id p1');
    expect(openStackProject({ projectName: 'infra', projectDomainId: 'default' })).toBe('infra (domain default)');
    expect(
      apiCallsText([
        {
          id: 'server-list',
          title: 'Servers',
          iamActions: ['compute: GET /servers/detail', 'network: GET /v2.0/ports'],
        },
        { id: 'volumes-list', title: 'Volumes', iamActions: ['block-storage: GET /volumes/detail'] },
      ]),
    ).toBe(
      '# Servers (server-list)\ncompute: GET /servers/detail\nnetwork: GET /v2.0/ports\n\n# Volumes (volumes-list)\nblock-storage: GET /volumes/detail',
    );
  });
});

describe('formatFrequency', () => {
  it('shows whole hours and days as such', () => {
    expect(formatFrequency(5)).toBe('5 min');
    expect(formatFrequency(90)).toBe('90 min');
    expect(formatFrequency(120)).toBe('2 h');
    expect(formatFrequency(1440)).toBe('1 day');
    expect(formatFrequency(10080)).toBe('7 days');
  });
});
