import { InputError } from '@backstage/errors';
import {
  compileTemplate,
  JOB_TEMPLATE_ROOTS,
  MAX_RENDERED_BYTES,
  MAX_TEMPLATE_BYTES,
  RULE_TEMPLATE_ROOTS,
  TemplateRenderError,
} from './bodyTemplate';

const jobOptions = { field: 'webhook.bodyTemplate', roots: JOB_TEMPLATE_ROOTS };
const compileError = (text: string, options = jobOptions) => {
  try {
    compileTemplate(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error(`compiled: ${text}`);
};

describe('compileTemplate', () => {
  describe('refuses, naming the field and the position', () => {
    it.each([
      ['{"a": {{ job.name }', /^webhook\.bodyTemplate: unclosed "\{\{" at line 1, column 7/],
      ['x\n  {{ }}', /^webhook\.bodyTemplate: empty expression "\{\{\}\}" at line 2, column 3$/],
      ['{{ | json }}', /expression without a path at line 1, column 1/],
      ['{{ job..name }}', /"job\.\.name" is not a path .* at line 1, column 1/],
      ['{{ job.name[x] }}', /"job\.name\[x\]" is not a path/],
      ['{{ 1job }}', /"1job" is not a path/],
      ['{{ job name }}', /"job name" is not a path/],
      ['{{ job["name"] }}', /is not a path/],
      ['{{ secrets.key }}', /unknown root "secrets" \(known: job, run, now\) at line 1, column 1/],
      ['{{ job.__proto__.x }}', /"__proto__" is not allowed in a path/],
      ['{{ job.constructor }}', /"constructor" is not allowed in a path/],
      ['{{ run.prototype }}', /"prototype" is not allowed in a path/],
      ['{{ __proto__ }}', /"__proto__" is not allowed in a path/],
      ['{{ job.name | upper }}', /unknown filter "upper" \(the only filter is json\)/],
      ['{{ job.name | json | json }}', /at most one filter/],
    ])('%j', (text, message) => {
      expect(compileError(text)).toMatch(message);
    });

    it('lists every problem at once', () => {
      const message = compileError('{{ a }} and {{ job.x | nope }}\n{{ job.name');
      expect(message.split('; ')).toEqual([
        'webhook.bodyTemplate: unknown root "a" (known: job, run, now) at line 1, column 1',
        'webhook.bodyTemplate: unknown filter "nope" (the only filter is json) at line 1, column 13',
        'webhook.bodyTemplate: unclosed "{{" at line 2, column 1 (write \\{{ for a literal "{{")',
      ]);
    });

    it('uses the roots the caller names', () => {
      expect(
        compileError('{{ job.name }}', { field: 'rule.action.webhook.bodyTemplate', roots: RULE_TEMPLATE_ROOTS }),
      ).toBe('rule.action.webhook.bodyTemplate: unknown root "job" (known: rule, event, delivery) at line 1, column 1');
      expect(() =>
        compileTemplate('{{ event.record.name }}', { field: 'f', roots: RULE_TEMPLATE_ROOTS }),
      ).not.toThrow();
    });

    it('refuses a template over 64 KB', () => {
      expect(compileError('x'.repeat(MAX_TEMPLATE_BYTES + 1))).toMatch(
        /^webhook\.bodyTemplate: must be at most 65536 bytes/,
      );
      expect(() => compileTemplate('x'.repeat(MAX_TEMPLATE_BYTES), jobOptions)).not.toThrow();
    });
  });

  describe('render', () => {
    const context = {
      job: {
        name: 'nightly "sync"\n\\ <done>',
        id: 'j1',
        count: 3,
        enabled: false,
        tags: ['a', 'b'],
        owner: { ref: 'group:default/ops', nothing: null },
      },
      run: { id: 'r1', startedAt: new Date('2025-01-02T03:04:05.000Z') },
      now: '2025-01-02T03:04:06.000Z',
    };
    const render = (text: string, ctx: Record<string, unknown> = context) =>
      compileTemplate(text, jobOptions).render(ctx);

    it('inserts values as text: strings as they are, numbers and booleans, objects as JSON, missing as empty', () => {
      expect(render('{{job.id}}|{{ job.count }}|{{ job.enabled }}|{{ job.tags }}|{{ job.owner }}|{{ job.nope }}')).toBe(
        'j1|3|false|["a","b"]|{"ref":"group:default/ops","nothing":null}|',
      );
      expect(render('{{ job.tags[1] }}{{ job.tags[2] }}{{ job.owner.nothing }}{{ run.startedAt }}')).toBe(
        'b2025-01-02T03:04:05.000Z',
      );
      expect(render('{{ job.name }}')).toBe('nightly "sync"\n\\ <done>');
    });

    it('json encodes, so a body built with it is valid JSON whatever the values hold', () => {
      const text =
        '{"name": {{ job.name | json }}, "n": {{job.count|json}}, "tags": {{ job.tags | json }}, ' +
        '"missing": {{ job.nope | json }}, "at": {{ run.startedAt | json }}, "now": {{ now | json }}}';
      const body = render(text);
      expect(JSON.parse(body)).toEqual({
        name: 'nightly "sync"\n\\ <done>',
        n: 3,
        tags: ['a', 'b'],
        missing: null,
        at: '2025-01-02T03:04:05.000Z',
        now: '2025-01-02T03:04:06.000Z',
      });
      expect(body).toContain('"nightly \\"sync\\"\\n\\\\ <done>"');
    });

    it('writes \\{{ as a literal {{ and leaves other text alone', () => {
      expect(render('\\{{ job.id }} {{ job.id }} }} \\x {')).toBe('{{ job.id }} j1 }} \\x {');
    });

    it('reads only own properties, never the prototype chain', () => {
      const inherited = Object.create({ secret: 'from the prototype' });
      inherited.own = 'mine';
      expect(
        render('{{ job.own }}/{{ job.secret }}/{{ job.toString }}/{{ job.hasOwnProperty | json }}', {
          job: inherited,
        }),
      ).toBe('mine///null');
      expect(render('{{ job.tags.length }}|{{ job.name.length }}|{{ job.map }}')).toBe('||');
      expect(render('{{ job.valueOf }}{{ now.length }}', { job: {}, now: 'abc' })).toBe('');
    });

    it('refuses to render a body over 1 MiB (it is never sent cut)', () => {
      const big = { job: { blob: 'x'.repeat(MAX_RENDERED_BYTES) } };
      expect(() => render('{{ job.blob }}', big)).not.toThrow();
      expect(() => render('{{ job.blob }}!', big)).toThrow(TemplateRenderError);
      expect(() => render('{{ job.blob | json }}', big)).toThrow(/exceeds 1048576 bytes/);
    });
  });
});
