import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { eventually } from './__testUtils__/eventually';
import { startMaestroCatalog } from './__testUtils__/startMaestroCatalog';

jest.setTimeout(90_000);

const user = mockCredentials.user.header('user:default/alice');

describe('store → entity provider → catalog', () => {
  it('projects records into the catalog, then applies updates and deletions as deltas', async () => {
    const { server } = await startMaestroCatalog({
      demo: { enabled: true, owner: 'group:default/infra' },
      catalog: { schedule: { frequency: { seconds: 1 }, timeout: { minutes: 1 } }, longPollSeconds: 2 },
    });

    const getEntity = (kind: string, name: string) =>
      request(server).get(`/api/catalog/entities/by-name/${kind}/default/${name}`).set('Authorization', user);

    // the demo seed (store) reaches the catalog through the provider's full load, with its relations
    const dc = await eventually(async () => {
      const res = await getEntity('datacenter', 'demo-aws-eu-west-1');
      expect(res.status).toBe(200);
      expect(
        res.body.relations.filter((r: any) => r.type === 'hosts' && r.targetRef.startsWith('server:')),
      ).toHaveLength(3);
      return res.body;
    });
    expect(dc.apiVersion).toBe('maestro.backstage.io/v1alpha1');
    expect(dc.spec.owner).toBe('group:default/infra');
    expect(dc.metadata.annotations['backstage.io/managed-by-location']).toMatch(/^maestro:records\//);
    const server1 = await getEntity('server', 'demo-web-01');
    expect(server1.body.relations).toEqual(
      expect.arrayContaining([
        { type: 'hostedIn', targetRef: 'datacenter:default/demo-aws-eu-west-1' },
        { type: 'ownedBy', targetRef: 'group:default/infra' },
      ]),
    );

    // a new record arrives as a delta
    const created = await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send({
        kind: 'Server',
        name: 'manual-01',
        owner: 'group:default/infra',
        spec: { hostname: 'manual-01', datacenter: 'datacenter:default/demo-aws-eu-west-1' },
      })
      .expect(201);
    await eventually(async () => {
      expect((await getEntity('server', 'manual-01')).status).toBe(200);
    });

    // an update shows in the catalog
    await request(server)
      .put(`/api/maestro/records/${created.body.id}`)
      .set('Authorization', user)
      .send({ version: 1, spec: { hostname: 'manual-01', cpu: 8 } })
      .expect(200);
    await eventually(async () => {
      const res = await getEntity('server', 'manual-01');
      expect(res.body.spec.cpu).toBe(8);
      expect(res.body.relations.some((r: any) => r.type === 'hostedIn')).toBe(false);
    });

    // applications are Backstage Components: Backstage's processor emits dependsOn, Maestro's runsOn
    await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send({
        kind: 'Database',
        name: 'orders-db',
        owner: 'group:default/infra',
        spec: { family: 'mysql', engine: 'mariadb', servers: [{ server: 'demo-db-01', role: 'master' }] },
      })
      .expect(201);
    await request(server)
      .post('/api/maestro/records')
      .set('Authorization', user)
      .send({
        kind: 'Application',
        name: 'orders-api',
        owner: 'group:default/infra',
        spec: {
          type: 'service',
          lifecycle: 'production',
          servers: ['demo-web-01'],
          dependencies: [{ ref: 'database:default/orders-db', protocol: 'sql' }],
        },
      })
      .expect(201);
    await eventually(async () => {
      const res = await getEntity('component', 'orders-api');
      expect(res.status).toBe(200);
      expect(res.body.relations).toEqual(
        expect.arrayContaining([
          { type: 'dependsOn', targetRef: 'database:default/orders-db' },
          { type: 'runsOn', targetRef: 'server:default/demo-web-01' },
          { type: 'ownedBy', targetRef: 'group:default/infra' },
        ]),
      );
      expect(res.body.spec.dependencies).toEqual([{ ref: 'database:default/orders-db', protocol: 'sql' }]);
    });
    await eventually(async () => {
      const db = await getEntity('database', 'orders-db');
      expect(db.body.relations).toEqual(
        expect.arrayContaining([
          { type: 'dependencyOf', targetRef: 'component:default/orders-api' },
          { type: 'runsOn', targetRef: 'server:default/demo-db-01' },
        ]),
      );
    });

    // a soft delete removes the entity; a restore brings it back
    await request(server)
      .delete(`/api/maestro/records/${created.body.id}?version=2`)
      .set('Authorization', user)
      .expect(200);
    await eventually(async () => {
      expect((await getEntity('server', 'manual-01')).status).toBe(404);
    });
    await request(server)
      .post(`/api/maestro/records/${created.body.id}/restore`)
      .set('Authorization', user)
      .send({ version: 3 })
      .expect(200);
    await eventually(async () => {
      expect((await getEntity('server', 'manual-01')).status).toBe(200);
    });

    // ports stay in the inventory only; a record edited into a port leaves the catalog, and back again
    const createNetwork = (name: string, type: string) =>
      request(server)
        .post('/api/maestro/records')
        .set('Authorization', user)
        .send({ kind: 'Network', name, owner: 'group:default/infra', spec: { type } })
        .expect(201);
    const port = await createNetwork('eni-0001', 'port');
    const subnet = await createNetwork('subnet-0001', 'subnet');
    // deltas are applied in order: once the subnet (written after the port) is visible, the port was skipped
    await eventually(async () => {
      expect((await getEntity('network', 'subnet-0001')).status).toBe(200);
    });
    expect((await getEntity('network', 'eni-0001')).status).toBe(404);
    await request(server).get(`/api/maestro/records/${port.body.id}`).set('Authorization', user).expect(200);

    const retype = async (record: { id: string; name: string }, type: string, status: number) => {
      await request(server)
        .put(`/api/maestro/records/${record.id}`)
        .set('Authorization', user)
        .send({ version: 1, spec: { type } })
        .expect(200);
      await eventually(async () => {
        expect((await getEntity('network', record.name)).status).toBe(status);
      });
    };
    await retype(subnet.body, 'port', 404);
    await retype(port.body, 'subnet', 200);
  });
});
