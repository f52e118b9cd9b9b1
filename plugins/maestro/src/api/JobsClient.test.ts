import type { JobInput } from '@maestro/plugin-maestro-common';
import { fakeResponse } from '../__testUtils__/clientHarness';
import { JobsClient } from './JobsApi';

function clientAnswering(status = 200, body: unknown = {}) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) => fakeResponse(status, body));
  const client = new JobsClient({
    discoveryApi: { getBaseUrl: async () => 'http://backend:7007/api/maestro' },
    fetchApi: { fetch: fetch as any },
  });
  const calls = () =>
    fetch.mock.calls.map(([url, init]) => [
      init?.method,
      url.replace('http://backend:7007/api/maestro', ''),
      init?.body ? JSON.parse(init.body as string) : undefined,
    ]);
  return { client, fetch, calls };
}

const job: JobInput = {
  name: 'Nightly hook',
  type: 'webhook',
  schedule: { type: 'cron', expression: '0 3 * * *', timeZone: 'Europe/Paris' },
  config: { webhook: { method: 'POST', url: 'https://hooks.example.com/x' } },
};

describe('JobsClient', () => {
  it('calls every job route with its method, path, query and body', async () => {
    const { client, calls } = clientAnswering(200, { id: 'j1' });
    await client.listJobs();
    await client.getJob('discovery:aws-prod:server-list');
    await client.createJob(job);
    await client.updateJob('j1', job);
    await client.updateJob('history-retention', { enabled: false });
    await client.runJob('j/1');
    await client.listJobRuns('j1');
    await client.listJobRuns('j1', { limit: 50, before: 'run 9' });
    await client.getJobRun('j1', 'r1');
    expect(calls()).toEqual([
      ['GET', '/jobs', undefined],
      ['GET', '/jobs/discovery%3Aaws-prod%3Aserver-list', undefined],
      ['POST', '/jobs', job],
      ['PUT', '/jobs/j1', job],
      ['PUT', '/jobs/history-retention', { enabled: false }],
      ['POST', '/jobs/j%2F1/run', {}],
      ['GET', '/jobs/j1/runs', undefined],
      ['GET', '/jobs/j1/runs?limit=50&before=run+9', undefined],
      ['GET', '/jobs/j1/runs/r1', undefined],
    ]);
  });

  it('calls every rule route with its method, path, query and body', async () => {
    const { client, calls } = clientAnswering(200, { id: 'r1' });
    const rule = { name: 'Prod down', events: ['deactivated' as const], actions: [] };
    await client.listRules();
    await client.getRule('r1');
    await client.createRule(rule);
    await client.updateRule('r1', rule);
    await client.listDeliveries('r1');
    await client.listDeliveries('r1', { status: 'failed', limit: 50, before: 'd7' });
    await client.redeliver('r1', 'd/7');
    expect(calls()).toEqual([
      ['GET', '/rules', undefined],
      ['GET', '/rules/r1', undefined],
      ['POST', '/rules', rule],
      ['PUT', '/rules/r1', rule],
      ['GET', '/rules/r1/deliveries', undefined],
      ['GET', '/rules/r1/deliveries?status=failed&limit=50&before=d7', undefined],
      ['POST', '/rules/r1/deliveries/d%2F7/redeliver', {}],
    ]);
  });

  it('deletes (204) without reading a body', async () => {
    const { client, calls } = clientAnswering(204, '');
    await expect(client.deleteJob('j1')).resolves.toBeUndefined();
    await expect(client.deleteRule('r1')).resolves.toBeUndefined();
    expect(calls()).toEqual([
      ['DELETE', '/jobs/j1', undefined],
      ['DELETE', '/rules/r1', undefined],
    ]);
  });

  it('throws the backend’s error answer, with its status and message', async () => {
    const { client } = clientAnswering(409, {
      error: { name: 'ConflictError', message: 'the job Nightly report chains to it' },
      response: { statusCode: 409 },
    });
    await expect(client.deleteJob('j1')).rejects.toMatchObject({
      name: 'ResponseError',
      response: { status: 409 },
      body: { error: { message: 'the job Nightly report chains to it' } },
    });
  });
});
