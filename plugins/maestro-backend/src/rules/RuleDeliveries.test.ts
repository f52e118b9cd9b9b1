import { describeEachDatabase } from '../__testUtils__/databases';
import { rulesOnDatabase } from '../__testUtils__/rulesHarness';
import type { StoredWebhookTarget, WebhookResult } from '../webhooks/types';
import type { RuleWebhooks } from './ports';
import { RuleActionRunner } from './ruleActions';
import { RuleDeliveries } from './RuleDeliveries';

jest.setTimeout(60_000);

const alice = { actor: 'user:default/alice' };
const MINUTE = 60_000;
const server = (name: string) => ({
  kind: 'Server',
  name,
  owner: 'group:default/platform',
  spec: { hostname: name, environment: 'production' },
});
const target: StoredWebhookTarget = {
  method: 'POST',
  url: 'https://hooks.example.com/in',
  headers: [],
  timeoutSeconds: 10,
};

/**
 * A webhook caller that answers from a script (`ok` or an error per call) and records what it was asked; the real
 * sender is exercised end to end in ruleRoutes.e2e.test.ts.
 */
function scriptedWebhooks() {
  const calls: Array<{ headers?: Record<string, string>; context: any }> = [];
  let answer: (call: number) => Partial<WebhookResult> = () => ({ ok: true, status: 204 });
  const webhooks: RuleWebhooks = {
    read: () => target,
    redact: stored => ({ method: stored.method, url: stored.url }),
    open: stored => ({ method: stored.method, url: stored.url, headers: [], timeoutSeconds: stored.timeoutSeconds }),
    caller: {
      async call(_target, options) {
        calls.push({ headers: options.headers, context: options.context });
        return {
          ok: false,
          request: { method: 'POST', url: target.url, headers: {} },
          durationMs: 1,
          ...answer(calls.length),
        } as WebhookResult;
      },
    },
  };
  return { webhooks, calls, answer: (fn: typeof answer) => (answer = fn) };
}

describeEachDatabase('RuleDeliveries', (databases, databaseId) => {
  async function setUp(options: { concurrency?: number } = {}) {
    const h = await rulesOnDatabase(databases, databaseId);
    const hooks = scriptedWebhooks();
    const notifications = { send: jest.fn(async (_n: any) => {}) };
    const jobs = { startRun: jest.fn(async (_id: string, _o: any) => ({})), exists: async () => true };
    const actions = new RuleActionRunner({ webhooks: hooks.webhooks, notifications: notifications as any, jobs });
    const worker = (replica: string) =>
      new RuleDeliveries({
        deliveries: h.deliveries,
        rules: h.rules,
        actions,
        logger: h.logger,
        now: () => h.clock.now,
        replica,
        options: { concurrency: options.concurrency ?? 32 },
      });
    const { matcher } = await h.matcher();
    await matcher.ensureCursor();
    return { ...h, hooks, notifications, jobs, worker, matcher };
  }

  it('calls the webhook with the delivery id as idempotency key, notifies the owner and starts the job', async () => {
    const h = await setUp();
    const rule = await h.addRule({
      name: 'prod gone',
      events: ['deactivated'],
      actions: [
        { type: 'webhook', webhook: target },
        { type: 'notify', to: { type: 'owner' }, severity: 'high' },
        { type: 'job', jobId: 'cleanup' },
      ],
    });
    const record = await h.store.createRecord(server('web-1'), alice);
    await h.store.setActive(record.id, false, { version: 1 }, { ...alice, reason: 'decommissioned' });
    await h.matcher.run();
    await h.worker('r1').drain();

    const rows = await h.deliveryRows();
    expect(rows.map(r => [r.action_type, r.status, r.attempts])).toEqual([
      ['webhook', 'delivered', 1],
      ['notify', 'delivered', 1],
      ['job', 'delivered', 1],
    ]);
    expect(h.hooks.calls).toHaveLength(1);
    expect(h.hooks.calls[0].headers).toEqual({
      'X-Maestro-Delivery': rows[0].id,
      'X-Maestro-Event': 'record.deactivated',
    });
    expect(h.hooks.calls[0].context).toMatchObject({
      rule: { id: rule.id, name: 'prod gone' },
      event: {
        type: 'deactivated',
        record: { name: 'web-1', active: false },
        before: { active: true },
        actor: 'user:default/alice',
        reason: 'decommissioned',
        changedFields: ['active'],
      },
      delivery: { id: rows[0].id, attempt: 1 },
    });
    expect(h.notifications.send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: 'group:default/platform' },
      payload: expect.objectContaining({
        title: 'Server web-1 deactivated',
        link: '/catalog/default/server/web-1',
        severity: 'high',
        topic: `maestro-rule:${rule.id}`,
      }),
    });
    expect(h.jobs.startRun).toHaveBeenCalledWith('cleanup', { trigger: 'rule', startedBy: rows[2].id });
  });

  it('retries a failing webhook after 30 s, 2, 5, 15 and 40 min, then fails it for good; redeliver keeps the id', async () => {
    const h = await setUp();
    await h.addRule({ actions: [{ type: 'webhook', webhook: target }] });
    h.hooks.answer(() => ({ ok: false, status: 503, error: 'unexpected status 503' }));
    await h.store.createRecord(server('web-1'), alice);
    await h.matcher.run();
    const worker = h.worker('r1');
    const row = async () => (await h.deliveryRows())[0];
    const start = h.clock.now;
    const waits = [30_000, 2 * MINUTE, 5 * MINUTE, 15 * MINUTE, 40 * MINUTE];
    for (const [i, wait] of waits.entries()) {
      await worker.drain();
      expect(await row()).toMatchObject({ status: 'pending', attempts: i + 1, last_error: 'unexpected status 503' });
      expect(Date.parse((await row()).next_attempt_at) - h.clock.now).toBe(wait);
      h.clock.now += wait - 1; // not due yet: a drain does nothing
      await worker.drain();
      expect(h.hooks.calls).toHaveLength(i + 1);
      h.clock.now += 1;
    }
    await worker.drain();
    const failed = await row();
    expect(failed).toMatchObject({ status: 'failed', attempts: 6, next_attempt_at: null });
    expect(h.clock.now - start).toBe(62 * MINUTE + 30_000);
    expect(h.hooks.calls.map(c => c.headers!['X-Maestro-Delivery'])).toEqual(Array(6).fill(failed.id));
    expect(h.hooks.calls.map(c => c.context.delivery.attempt)).toEqual([1, 2, 3, 4, 5, 6]);

    // redeliver: pending now, attempts reset, the same id (the same idempotency key)
    h.hooks.answer(() => ({ ok: true, status: 200 }));
    const again = await h.deliveries.redeliver(failed.rule_id, failed.id, h.clock.now);
    expect(again).toMatchObject({ id: failed.id, status: 'pending', attempts: 0 });
    await worker.drain();
    expect(await row()).toMatchObject({ id: failed.id, status: 'delivered', attempts: 1, last_error: null });
    expect(h.hooks.calls[6].headers!['X-Maestro-Delivery']).toBe(failed.id);
  });

  it('takes back a delivery whose replica died while delivering it, and two replicas deliver each one once', async () => {
    const h = await setUp({ concurrency: 4 });
    await h.addRule({ actions: [{ type: 'webhook', webhook: target }] });
    for (let i = 0; i < 30; i++) await h.store.createRecord(server(`s-${i}`), alice);
    await h.matcher.run();
    // a replica claims two and dies
    const claimedByDead = await h.deliveries.claimDue({ replica: 'dead', now: h.clock.now, limit: 2 });
    expect(claimedByDead.map(d => d.attempt)).toEqual([1, 1]);
    const [dead] = claimedByDead;
    const one = h.worker('r1');
    const two = h.worker('r2');
    await Promise.all([one.drain(), two.drain()]);
    expect(h.hooks.calls).toHaveLength(28);
    // within two minutes the claim holds; after, the next tick takes it back
    h.clock.now += 2 * MINUTE - 1;
    await one.tick();
    await one.idle();
    expect((await h.deliveryRows()).filter(r => r.status === 'delivering')).toHaveLength(2);
    h.clock.now += 2;
    await one.tick();
    await one.drain();
    const rows = await h.deliveryRows();
    expect(rows.map(r => r.status)).toEqual(Array(30).fill('delivered'));
    expect(h.hooks.calls).toHaveLength(30);
    expect(new Set(h.hooks.calls.map(c => c.headers!['X-Maestro-Delivery'])).size).toBe(30);
    expect(rows.find(r => r.id === dead.id).attempts).toBe(2);
    // the dead replica's late answer is refused: its claim is gone
    expect(await h.deliveries.succeed(dead, { now: h.clock.now })).toBe(false);
  });

  it('holds the deliveries of a disabled rule until it is enabled again, and drops those of a deleted rule', async () => {
    const h = await setUp();
    const kept = await h.addRule({ name: 'kept', actions: [{ type: 'webhook', webhook: target }] });
    const gone = await h.addRule({ name: 'gone', actions: [{ type: 'webhook', webhook: target }] });
    await h.store.createRecord(server('web-1'), alice);
    await h.matcher.run();
    const { id, createdAt, createdBy, updatedAt, updatedBy, sincePosition, ...fields } = kept;
    await h.rules.update(kept.id, { ...fields, enabled: false }, { actor: 'user:default/alice', now: updatedAt });
    await h.rules.delete(gone.id);
    await h.worker('r1').drain();
    expect(h.hooks.calls).toHaveLength(0);
    expect((await h.deliveryRows()).map(r => [r.rule_id, r.status])).toEqual([[kept.id, 'pending']]);
    await h.rules.update(kept.id, { ...fields, enabled: true }, { actor: 'user:default/alice', now: updatedAt });
    await h.worker('r1').drain();
    expect((await h.deliveryRows()).map(r => r.status)).toEqual(['delivered']);
  });
});
