import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import { describeEachDatabase } from '../__testUtils__/databases';
import { recordingNotifications, until } from '../__testUtils__/rulesHarness';
import { startMaestroDenying, userHeader } from '../__testUtils__/startMaestro';

jest.setTimeout(120_000);

const api = '/api/maestro';
const alice = userHeader('user:default/alice');
const SIGNING_SECRET = 'whsec-rules-end-to-end';
const TOKEN = 'bearer-token-of-the-sink';

/** A real HTTP endpoint on 127.0.0.1 that keeps every request (headers and raw body) and answers `status`. */
async function startSink() {
  const received: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders; body: Buffer }> = [];
  const state = { status: 204 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(state.status).end();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/maestro`, received, state, close: () => server.close() };
}

const productionServerDeactivated = (url: string) => ({
  name: 'Production servers deactivated',
  events: ['deactivated'],
  conditions: { kinds: ['Server'], filters: [{ field: 'spec.environment', op: 'eq', value: 'production' }] },
  actions: [
    {
      type: 'webhook',
      webhook: {
        method: 'POST',
        url,
        headers: [
          { name: 'Authorization', value: `Bearer ${TOKEN}`, secret: true },
          { name: 'X-Team', value: 'platform' },
        ],
        bodyTemplate:
          '{"rule": {{ rule.name | json }}, "server": {{ event.record.name | json }}, "owner": {{ event.record.owner | json }}, "delivery": {{ delivery.id | json }}}',
        signature: { secret: SIGNING_SECRET },
      },
    },
    { type: 'notify', to: { type: 'owner' } },
  ],
});

/**
 * End to end: the real plugin (routes, inventory service, change feed, matcher, worker), the real webhook sender
 * through the egress policy to a real local HTTP server, and a fake notification service that records what it is
 * asked to send.
 */
describeEachDatabase('event rules end to end', (databases, databaseId) => {
  let sink: Awaited<ReturnType<typeof startSink>>;
  beforeEach(async () => {
    sink = await startSink();
  });
  afterEach(() => sink.close());

  async function setUp(egressAllow: string[] = ['127.0.0.1']) {
    const { factory: notifications, sent } = recordingNotifications();
    const config = mockServices.rootConfig.factory({
      data: {
        maestro: {
          egress: { allow: egressAllow },
          discovery: { encryptionKey: 'an-encryption-key-for-the-rules-end-to-end-test' },
          rules: { pollInterval: '100ms', retryDelays: ['200ms', '200ms'] },
        },
      },
    });
    const server = await startMaestroDenying([], await databases.init(databaseId), [notifications, config]);
    return { server, sent };
  }

  async function createServerRecord(server: any, name: string, environment: string) {
    const { body } = await request(server)
      .post(`${api}/records`)
      .set('Authorization', alice)
      .send({ kind: 'Server', name, owner: 'group:default/web-team', spec: { hostname: name, environment } })
      .expect(201);
    return body;
  }

  it('"when a production server is deactivated, call this webhook and notify its owner": one signed POST, one notification', async () => {
    const { server, sent } = await setUp();
    const created = await request(server)
      .post(`${api}/rules`)
      .set('Authorization', alice)
      .send(productionServerDeactivated(sink.url))
      .expect(201);
    const ruleId = created.body.id;
    // secrets are never answered: only that they are set
    const answered = JSON.stringify(created.body);
    expect(answered).not.toContain(SIGNING_SECRET);
    expect(answered).not.toContain(TOKEN);
    expect(created.body.actions[0].webhook.headers).toEqual([
      { name: 'Authorization', secret: true, hasValue: true },
      { name: 'X-Team', value: 'platform' },
    ]);
    expect(created.body.actions[0].webhook.signature).toEqual({ header: 'X-Maestro-Signature-256', hasSecret: true });

    const web1 = await createServerRecord(server, 'web-1', 'production');
    const staging = await createServerRecord(server, 'web-2', 'staging');
    await request(server).delete(`${api}/records/${staging.id}?version=1`).set('Authorization', alice).expect(200);
    await request(server)
      .delete(`${api}/records/${web1.id}?version=1&reason=decommissioned`)
      .set('Authorization', alice)
      .expect(200);

    await until(() => sink.received.length >= 1 && sent.length >= 1);
    await new Promise(r => setTimeout(r, 300)); // anything more (a second call, a duplicate) would arrive now
    expect(sink.received).toHaveLength(1);
    const [call] = sink.received;
    const { deliveries } = (
      await request(server).get(`${api}/rules/${ruleId}/deliveries`).set('Authorization', alice).expect(200)
    ).body;
    const webhookDelivery = deliveries.find((d: any) => d.actionType === 'webhook');
    expect(call.method).toBe('POST');
    expect(call.url).toBe('/maestro');
    expect(call.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Maestro-for-Backstage',
      'x-maestro-delivery': webhookDelivery.id,
      'x-maestro-event': 'record.deactivated',
      authorization: `Bearer ${TOKEN}`,
      'x-team': 'platform',
    });
    const expected = `sha256=${createHmac('sha256', SIGNING_SECRET).update(call.body).digest('hex')}`;
    expect(call.headers['x-maestro-signature-256']).toBe(expected);
    expect(JSON.parse(call.body.toString('utf8'))).toEqual({
      rule: 'Production servers deactivated',
      server: 'web-1',
      owner: 'group:default/web-team',
      delivery: webhookDelivery.id,
    });

    expect(sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'group:default/web-team' },
        payload: expect.objectContaining({
          title: 'Server web-1 deactivated',
          link: '/catalog/default/server/web-1',
          topic: `maestro-rule:${ruleId}`,
        }),
      },
    ]);
    expect(sent[0].payload.description).toContain('decommissioned');

    // the log shows both deliveries and the exchange, with the secret header hidden
    await until(async () => {
      const { body } = await request(server)
        .get(`${api}/rules/${ruleId}/deliveries?status=delivered`)
        .set('Authorization', alice);
      return body.deliveries.length === 2;
    });
    const log = (await request(server).get(`${api}/rules/${ruleId}/deliveries`).set('Authorization', alice)).body;
    const logged = log.deliveries.find((d: any) => d.actionType === 'webhook');
    expect(logged).toMatchObject({ status: 'delivered', attempts: 1, webhook: { status: 204 } });
    expect(logged.webhook.request.headers.Authorization ?? logged.webhook.request.headers.authorization).toBe('***');
    expect(JSON.stringify(log)).not.toContain(TOKEN);
  });

  it('retries a webhook answered 503, with the same idempotency key each time, then fails it; an update keeps the secrets', async () => {
    const { server } = await setUp();
    sink.state.status = 503;
    const created = await request(server)
      .post(`${api}/rules`)
      .set('Authorization', alice)
      .send(productionServerDeactivated(sink.url))
      .expect(201);
    const ruleId = created.body.id;
    const web = await createServerRecord(server, 'web-9', 'production');
    await request(server).delete(`${api}/records/${web.id}?version=1`).set('Authorization', alice).expect(200);
    const webhookLog = async () =>
      (
        await request(server).get(`${api}/rules/${ruleId}/deliveries`).set('Authorization', alice).expect(200)
      ).body.deliveries.find((d: any) => d.actionType === 'webhook');
    await until(async () => (await webhookLog())?.status === 'failed');
    const failed = await webhookLog();
    expect(failed).toMatchObject({ attempts: 3, lastError: expect.stringContaining('503'), webhook: { status: 503 } });
    expect(sink.received.map(r => r.headers['x-maestro-delivery'])).toEqual([failed.id, failed.id, failed.id]);

    // the rule is replaced with its answer as sent back (no secret values): the stored secrets stay
    const { id, pendingDeliveries, failedDeliveries, createdAt, createdBy, updatedAt, updatedBy, ...input } =
      created.body;
    expect(failedDeliveries).toBe(0);
    await request(server).put(`${api}/rules/${ruleId}`).set('Authorization', alice).send(input).expect(200);
    sink.state.status = 200;
    const again = await request(server)
      .post(`${api}/rules/${ruleId}/deliveries/${failed.id}/redeliver`)
      .set('Authorization', alice)
      .expect(202);
    expect(again.body).toMatchObject({ id: failed.id, status: 'pending', attempts: 0 });
    await until(() => sink.received.length === 4);
    const last = sink.received[3];
    expect(last.headers['x-maestro-delivery']).toBe(failed.id);
    expect(last.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(last.headers['x-maestro-signature-256']).toBe(
      `sha256=${createHmac('sha256', SIGNING_SECRET).update(last.body).digest('hex')}`,
    );
    await until(async () => (await webhookLog())?.status === 'delivered');
  });

  it('refuses webhooks to 127.0.0.1 and 169.254.169.254 with a 400 naming the field unless allow-listed', async () => {
    const { server } = await setUp([]);
    for (const [url, problem] of [
      [sink.url, '127.0.0.1 is a loopback address'],
      ['http://169.254.169.254/latest/meta-data', '169.254.169.254 is a link-local address'],
    ]) {
      const refused = await request(server)
        .post(`${api}/rules`)
        .set('Authorization', alice)
        .send(productionServerDeactivated(url))
        .expect(400);
      expect(refused.body.error.message).toMatch(
        new RegExp(`^actions\\[0\\]\\.webhook\\.url: ${problem.replace(/\./g, '\\.')}`),
      );
    }
    const badTemplate = await request(server)
      .post(`${api}/rules`)
      .set('Authorization', alice)
      .send({
        ...productionServerDeactivated('https://hooks.example.com/in'),
        actions: [
          {
            type: 'webhook',
            webhook: { method: 'POST', url: 'https://hooks.example.com/in', bodyTemplate: '{{ job.name }}' },
          },
        ],
      })
      .expect(400);
    expect(badTemplate.body.error.message).toMatch(/^actions\[0\]\.webhook\.bodyTemplate: /);
  });
});
