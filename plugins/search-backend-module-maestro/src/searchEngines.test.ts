import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { alice, searchMaestro, startSearchWithMaestro } from './__testUtils__/startSearchWithMaestro';

jest.setTimeout(120_000);

const ARN = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/orders/50dc6c495c0c9188';
const owner = 'group:default/platform';
const web = {
  kind: 'Server',
  name: 'aws-123456789012-eu-west-1-i-0abc1234def567890',
  owner,
  spec: {
    hostname: 'ip-10-0-1-13.eu-west-1.compute.internal',
    ipv4Private: '10.0.1.13',
    providerId: 'i-0abc1234def567890',
    environment: 'production',
    datacenter: 'datacenter:default/aws-prod',
    tags: { team: 'orders' },
  },
};
const records = [
  web,
  { kind: 'Server', name: 'near-miss', owner, spec: { hostname: 'near', ipv4Private: '10.0.1.130' } },
  { kind: 'LoadBalancer', name: 'orders-lb', owner, spec: { service: 'orders', providerId: ARN } },
  {
    kind: 'Server',
    name: 'openstack-vm',
    owner,
    spec: { hostname: 'vm', providerId: '3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c' },
  },
  // a port stays out of the catalog (decision 0011), so out of search too
  { kind: 'Network', name: 'eni-0port', owner, spec: { type: 'port', providerId: 'eni-0port123' } },
];

async function seed(server: Parameters<typeof request>[0]) {
  for (const record of records) {
    await request(server).post('/api/maestro/records').set('Authorization', alice).send(record).expect(201);
  }
  const gone = await request(server)
    .post('/api/maestro/records')
    .set('Authorization', alice)
    .send({ kind: 'Server', name: 'decommissioned', owner, spec: { hostname: 'gone', ipv4Private: '10.0.9.9' } })
    .expect(201);
  await request(server)
    .delete(`/api/maestro/records/${gone.body.id}`)
    .set('Authorization', alice)
    .set('If-Match', '"1"')
    .expect(200);
}

/**
 * The cases both engines must answer: IPs, instance ids, ARNs and UUIDs find their record. The PostgreSQL engine
 * also matches each word as a prefix and ranks a prefix match like an exact one, so `10.0.1.13` finds `10.0.1.130`
 * as well, in no set order; Lunr ranks the exact token first.
 */
async function expectFindable(server: Parameters<typeof request>[0], engine: 'lunr' | 'pg') {
  // the index is rebuilt every second: wait for the first one that holds the records (Lunr answers 500 until the
  // type's first index exists)
  const tryFind = () => searchMaestro(server, '10.0.1.13').catch(() => []);
  let found = await tryFind();
  for (let tries = 0; found.length === 0 && tries < 120; tries++) {
    await new Promise(r => setTimeout(r, 250));
    found = await tryFind();
  }

  const first = found.find(d => d.title === web.name)!;
  if (engine === 'lunr') expect(found[0]).toBe(first);
  else expect(found.map(d => d.title).sort()).toEqual([web.name, 'near-miss']);
  expect(first).toMatchObject({
    title: web.name,
    location: `/catalog/default/server/${web.name}/maestro`,
    kind: 'Server',
    datacenter: 'aws-prod',
    environment: 'production',
    ip: '10.0.1.13',
    hostname: web.spec.hostname,
    providerId: 'i-0abc1234def567890',
  });
  expect(first.text).toContain('private IP 10.0.1.13');
  expect(first.text).toContain('tags team: orders');
  expect((await searchMaestro(server, 'i-0abc1234def567890'))[0]?.title).toBe(web.name);
  expect((await searchMaestro(server, ARN))[0]?.title).toBe('orders-lb');
  expect((await searchMaestro(server, '3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c'))[0]?.title).toBe('openstack-vm');
  expect((await searchMaestro(server, '10.0.1.130'))[0]?.title).toBe('near-miss');
  // neither ports nor inactive records are indexed
  expect((await searchMaestro(server, 'eni-0port123')).map(d => d.title)).not.toContain('eni-0port');
  expect((await searchMaestro(server, '10.0.9.9')).map(d => d.title)).not.toContain('decommissioned');
}

describe('Maestro collator, in-memory Lunr engine', () => {
  it('makes IPs, instance ids, ARNs and UUIDs findable through /api/search/query', async () => {
    const server = await startSearchWithMaestro();
    await seed(server);
    await expectFindable(server, 'lunr');
  });

  it('shows results only to those allowed to read catalog entities', async () => {
    const server = await startSearchWithMaestro({ denied: ['catalog.entity.read'] });
    await seed(server);
    // the index is built (the collator's own read is allowed) but Alice sees no result
    await new Promise(r => setTimeout(r, 4000));
    expect(await searchMaestro(server, '10.0.1.13')).toEqual([]);
  });
});

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
(databases.supports('POSTGRES_15') ? describe : describe.skip)('Maestro collator, PostgreSQL engine', () => {
  it('makes IPs, instance ids, ARNs and UUIDs findable through /api/search/query', async () => {
    const server = await startSearchWithMaestro({
      databases: { maestro: await databases.init('POSTGRES_15'), search: await databases.init('POSTGRES_15') },
    });
    await seed(server);
    await expectFindable(server, 'pg');
  });
});
