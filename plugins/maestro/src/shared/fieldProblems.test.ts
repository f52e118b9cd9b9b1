import { sortProblems } from './fieldProblems';

describe('sortProblems', () => {
  it('gives each problem to the deepest field shown, once, and keeps the rest for the list of others', () => {
    const sorted = sortProblems(
      [
        { field: 'schedule.expression', message: 'not a cron expression' },
        { field: 'config.webhook.headers[1].name', message: 'is required' },
        { field: 'config.webhook.headers[4].value', message: 'too long' },
        { field: 'config.webhook.signature.secret', message: 'is required' },
        { field: 'config.webhook.urlx', message: 'odd' },
        { field: '', message: 'broken' },
      ],
      [
        'schedule',
        'schedule.expression',
        'config.webhook.url',
        'config.webhook.headers',
        'config.webhook.headers[1]',
        'config.webhook.signature',
      ],
    );
    expect(sorted.at('schedule.expression')).toBe('not a cron expression');
    expect(sorted.at('schedule')).toBeUndefined();
    expect(sorted.at('config.webhook.headers[1]')).toBe('name: is required');
    // a row not shown: its problem goes to the headers as a whole, saying which row
    expect(sorted.at('config.webhook.headers')).toBe('[4].value: too long');
    expect(sorted.at('config.webhook.signature')).toBe('secret: is required');
    // `urlx` is not under `url`
    expect(sorted.at('config.webhook.url')).toBeUndefined();
    expect(sorted.other).toEqual(['config.webhook.urlx: odd', 'broken']);
  });

  it('joins several problems of one field', () => {
    const sorted = sortProblems(
      [
        { field: 'name', message: 'is required' },
        { field: 'name', message: 'must be short' },
      ],
      ['name'],
    );
    expect(sorted.at('name')).toBe('is required; must be short');
  });
});
