import { ConfigReader } from '@backstage/config';
import { EgressPolicy } from '../egress';
import { RULE_TEMPLATE_ROOTS, readWebhookTarget } from '../webhooks';
import type { RuleWebhooks } from './ports';
import { readRuleInput } from './ruleInput';
import { DEFAULT_RULES_OPTIONS, rulesOptionsFromConfig } from './rulesOptions';

const jobs = { startRun: async () => ({}), exists: async (id: string) => id === 'nightly-report' };
const policy = new EgressPolicy();
/** The webhooks module's own reader, without a secret box (a secret is then refused). */
const webhooks: RuleWebhooks = {
  read: (value, field, options) =>
    readWebhookTarget(value, field, { policy, templateRoots: RULE_TEMPLATE_ROOTS, ...options }),
  redact: () => ({ method: 'POST', url: '' }),
  open: () => {
    throw new Error('not in this test');
  },
  caller: { call: async () => ({ ok: true } as any) },
};
const base = { name: 'r', events: ['created'], actions: [{ type: 'notify', to: { type: 'owner' } }] };
const read = (body: object) =>
  readRuleInput(
    { ...base, ...body },
    { id: '3f1c2b4e-0000-4000-8000-000000000001', defaultOwner: 'user:default/alice', webhooks, jobs },
  );

describe('readRuleInput', () => {
  it('needs the job of a job action to exist when jobs are wired', async () => {
    await expect(read({ actions: [{ type: 'job', jobId: 'nightly-report' }] })).resolves.toMatchObject({
      actions: [{ type: 'job', jobId: 'nightly-report' }],
    });
    await expect(read({ actions: [{ type: 'job', jobId: 'nope' }] })).rejects.toThrow('actions[0].jobId: no job nope');
  });

  it("names a webhook's problems under its action, with the rule's template roots", async () => {
    await expect(
      read({
        actions: [
          { type: 'notify', to: { type: 'owner' } },
          {
            type: 'webhook',
            webhook: {
              method: 'POST',
              url: 'https://hooks.example.com/x',
              bodyTemplate: '{{ job.name }}',
              signature: { secret: 'long-enough-secret' },
            },
          },
        ],
      }),
    ).rejects.toThrow(
      /^actions\[1\]\.webhook\.bodyTemplate: .*; actions\[1\]\.webhook\.signature\.secret: secrets need an encryption key/,
    );
  });

  it('keeps every event given once, in the order of RULE_EVENTS, and refuses 11 actions', async () => {
    await expect(read({ events: ['reactivated', 'created', 'created'] })).resolves.toMatchObject({
      events: ['created', 'reactivated'],
    });
    const eleven = Array.from({ length: 11 }, () => ({ type: 'notify', to: { type: 'owner' } }));
    await expect(read({ actions: eleven })).rejects.toThrow('actions: must be a list of 1 to 10 actions');
  });
});

describe('rulesOptionsFromConfig', () => {
  it('reads maestro.rules.* with the defaults, and names a bad key', () => {
    expect(rulesOptionsFromConfig(new ConfigReader({}))).toEqual(DEFAULT_RULES_OPTIONS);
    expect(DEFAULT_RULES_OPTIONS.retryDelaysMs.reduce((a, b) => a + b)).toBe(62 * 60_000 + 30_000);
    expect(
      rulesOptionsFromConfig(
        new ConfigReader({
          maestro: {
            rules: { concurrency: 4, retryDelays: ['1s', 'PT2S'], pollInterval: '100ms', deliveryRetention: '7d' },
          },
        }),
      ),
    ).toEqual({
      ...DEFAULT_RULES_OPTIONS,
      concurrency: 4,
      retryDelaysMs: [1000, 2000],
      pollIntervalMs: 100,
      retentionMs: 7 * 86_400_000,
    });
    expect(() => rulesOptionsFromConfig(new ConfigReader({ maestro: { rules: { concurrency: 0 } } }))).toThrow(
      /^maestro\.rules\.concurrency: /,
    );
    expect(() => rulesOptionsFromConfig(new ConfigReader({ maestro: { rules: { retryDelays: ['soon'] } } }))).toThrow(
      /^maestro\.rules\.retryDelays\[0\]: must be a duration/,
    );
  });
});
