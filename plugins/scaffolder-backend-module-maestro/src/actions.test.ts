import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Validator } from 'jsonschema';
import { EDITOR, READER, runAction, startActionsBackend, TEMPLATE } from './__testUtils__/actionsBackend';

jest.setTimeout(90_000);

const IDS: TestDatabaseId[] = ['POSTGRES_15', 'SQLITE_3'];
const databases = TestDatabases.create({ ids: IDS });
const owner = 'group:default/platform';
const REASON = `Software template ${TEMPLATE}, task task-1`;

const ordersDb = { kind: 'Database', name: 'orders-db', owner, spec: { family: 'other', engine: 'postgresql' } };
const server = (name: string, privateIp: string) => ({
  kind: 'Server',
  name,
  owner,
  spec: { hostname: name, ipv4Private: privateIp },
});

// an engine that is not available (no PostgreSQL) shows up as skipped, not passed
const describeOn = (id: TestDatabaseId) => (databases.supports(id) ? describe : describe.skip);

for (const databaseId of IDS) {
  describeOn(databaseId)(`Maestro template actions on ${databaseId}`, () => {
    async function start() {
      const backend = await startActionsBackend(await databases.init(databaseId));
      for (const record of [ordersDb, server('web-01', '10.0.1.11'), server('web-02', '10.0.1.12')]) {
        const res = await backend.api.post('/records', record);
        if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      }
      const history = async (recordId: string) => (await backend.api.get(`/records/${recordId}/history`)).body.items;
      return { ...backend, history };
    }

    it('registers the three actions through the scaffolder extension point, each supporting dry runs', async () => {
      const { actions } = await start();
      expect(actions.map(a => [a.id, a.supportsDryRun])).toEqual([
        ['maestro:record:create', true],
        ['maestro:link', true],
        ['maestro:record:get', true],
      ]);
      // the input schema the scaffolder checks a step's input against names the field
      const link = actions[1];
      const result = new Validator().validate(
        { component: 'orders-api', dependencies: [{ ref: 'database:default/orders-db', protocol: 'carrier-pigeon' }] },
        link.schema!.input as any,
      );
      expect(result.errors.map(e => e.property)).toEqual(['instance.dependencies[0].protocol']);
    });

    it('record:create writes as the user running the template, the run as the reason; dry run writes nothing', async () => {
      const { action, api, history } = await start();
      const create = action('maestro:record:create');
      const app = {
        kind: 'Component',
        name: 'orders-api',
        owner,
        spec: { type: 'service', lifecycle: 'experimental' },
      };

      const dry = await runAction(create, app, { dryRun: true });
      expect(dry.output.entityRef).toBe('component:default/orders-api');
      expect((await api.get('/records?kind=Component')).body.totalCount).toBe(0);

      const { output } = await runAction(create, app);
      expect(output).toEqual({ id: expect.any(String), entityRef: 'component:default/orders-api', version: 1 });
      const [created] = await history(output.id as string);
      expect(created).toMatchObject({ action: 'create', actor: EDITOR, reason: REASON });

      // a retried task replays its checkpoint instead of failing on the name it took
      const checkpoints = new Map([[`maestro.record.create.Component.orders-api`, { ...output } as any]]);
      expect((await runAction(create, app, { checkpoints })).output.id).toBe(output.id);
      // a new run with the same name is refused by the API, its message passed through
      await expect(runAction(create, app, { taskId: 'task-2' })).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringMatching(/^name: a Component named 'orders-api' already exists/),
      });
    });

    it('bad input and missing permissions are refused with the API message, nothing written', async () => {
      const { action, api } = await start();
      const create = action('maestro:record:create');
      await expect(
        runAction(create, { kind: 'Database', name: 'x-db', owner, spec: { family: 'sqlserver', engine: 'mssql' } }),
      ).rejects.toMatchObject({ name: 'InputError', message: expect.stringMatching(/^spec\.family: must be one of/) });
      await expect(
        runAction(create, { kind: 'Database', name: 'x-db', owner, spec: ordersDb.spec }, { user: READER }),
      ).rejects.toMatchObject({ name: 'NotAllowedError', message: 'not allowed: maestro.inventory.create' });
      await expect(
        runAction(
          create,
          { kind: 'Database', name: 'x-db', owner, spec: ordersDb.spec },
          { user: READER, dryRun: true },
        ),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      expect((await api.get('/records?kind=Database')).body.totalCount).toBe(1);

      await api
        .post('/records', {
          kind: 'Component',
          name: 'orders-api',
          owner,
          spec: { type: 'service', lifecycle: 'production' },
        })
        .expect(201);
      const link = action('maestro:link');
      await expect(
        runAction(link, { component: 'orders-api', servers: ['web-01'] }, { user: READER }),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: 'not allowed: maestro.inventory.update on Component orders-api',
      });
      await expect(runAction(link, { component: 'orders-api', servers: ['web-99'] })).rejects.toMatchObject({
        name: 'NotFoundError',
        message: "servers[0]: no active Server named 'web-99' in Maestro's inventory",
      });
      await expect(
        runAction(link, { component: 'orders-api', dependencies: [{ ref: 'server:default/web-01' }] }),
      ).rejects.toMatchObject({
        message: expect.stringMatching(/^dependencies\[0\]\.ref: server:default\/web-01 is a Server/),
      });
      await expect(runAction(link, { component: 'orders-api' })).rejects.toMatchObject({ name: 'InputError' });
      // an application Maestro does not hold (defined in git) is linked in its catalog-info.yaml instead
      await expect(runAction(link, { component: 'payments', servers: ['web-01'] })).rejects.toMatchObject({
        name: 'NotFoundError',
        message: expect.stringContaining('catalog-info.yaml spec.dependsOn'),
      });
      const app = (await api.get('/records?kind=Component')).body.items[0];
      expect(app.version).toBe(1);
    });

    it('link writes servers and dependencies as the user, at the version read, once; dry run writes nothing', async () => {
      const { action, api, history } = await start();
      const created = await api
        .post('/records', {
          kind: 'Component',
          name: 'orders-api',
          owner,
          spec: { type: 'service', lifecycle: 'production', servers: ['web-02'], dependencies: [{ ref: 'billing' }] },
        })
        .expect(201);
      const link = action('maestro:link');
      const input = {
        component: 'component:default/orders-api',
        servers: ['server:default/web-01', created.body.spec.servers[0]],
        dependencies: [{ ref: 'database:default/orders-db', protocol: 'sql' }],
      };

      const dry = await runAction(link, input, { dryRun: true });
      expect(dry.output).toMatchObject({ changed: true, version: 2 });
      expect((await api.get(`/records/${created.body.id}`)).body.version).toBe(1);

      const { output } = await runAction(link, input);
      expect(output).toEqual({
        id: created.body.id,
        entityRef: 'component:default/orders-api',
        version: 2,
        changed: true,
      });
      const stored = (await api.get(`/records/${created.body.id}`)).body;
      // nothing that was there is lost; web-02 (written short) is not added twice
      expect(stored.spec.servers).toEqual(['web-02', 'server:default/web-01']);
      expect(stored.spec.dependencies).toEqual([
        { ref: 'billing' },
        { ref: 'database:default/orders-db', protocol: 'sql' },
      ]);
      const changes = await history(created.body.id);
      expect(changes.map((c: any) => [c.action, c.actor, c.reason ?? null])).toEqual([
        ['update', EDITOR, REASON],
        ['create', EDITOR, null],
      ]);

      // running the template again changes nothing
      const again = await runAction(link, input, { taskId: 'task-2' });
      expect(again.output).toMatchObject({ changed: false, version: 2 });
      // a target without a kind is refused; a new protocol for a linked database updates that link
      const noKind = await runAction(link, {
        ...input,
        dependencies: [{ ref: 'orders-db-id-free', protocol: 'tcp' }],
      }).catch(e => e);
      expect(noKind.message).toMatch(/^dependencies\[0\]\.ref: '?orders-db-id-free/);
      const tcp = await runAction(link, {
        component: 'orders-api',
        dependencies: [{ ref: 'database:orders-db', protocol: 'tcp' }],
      });
      expect(tcp.output).toMatchObject({ changed: true, version: 3 });
      expect((await api.get(`/records/${created.body.id}`)).body.spec.dependencies[1]).toEqual({
        ref: 'database:default/orders-db',
        protocol: 'tcp',
      });
    });

    it('link merges again when someone else changed the application between its read and its write', async () => {
      const { action, api } = await start();
      const created = await api
        .post('/records', {
          kind: 'Component',
          name: 'orders-api',
          owner,
          spec: { type: 'service', lifecycle: 'production' },
        })
        .expect(201);
      const id = created.body.id;
      // a person edits the application just before the action's first write arrives (a real concurrent write)
      const realFetch = global.fetch;
      let raced = false;
      const spy = jest.spyOn(global, 'fetch').mockImplementation(async (url, init) => {
        if (!raced && init?.method === 'PUT' && String(url).endsWith(`/records/${id}`)) {
          raced = true;
          await api.put(`/records/${id}`, {
            version: 1,
            spec: { type: 'service', lifecycle: 'production', language: 'go' },
          });
        }
        return realFetch(url, init);
      });
      try {
        const { output } = await runAction(action('maestro:link'), { component: 'orders-api', servers: ['web-01'] });
        expect(raced).toBe(true);
        expect(output).toMatchObject({ changed: true, version: 3 });
      } finally {
        spy.mockRestore();
      }
      const stored = (await api.get(`/records/${id}`)).body;
      // neither write is lost: the person's language and the template's server
      expect(stored.spec).toEqual({
        type: 'service',
        lifecycle: 'production',
        language: 'go',
        servers: ['server:default/web-01'],
      });
    });

    it('record:get reads a record by ref or id, with the relations its spec declares', async () => {
      const { action, api } = await start();
      const app = await api
        .post('/records', {
          kind: 'Component',
          name: 'orders-api',
          owner,
          spec: {
            type: 'service',
            lifecycle: 'production',
            servers: ['web-01'],
            dependencies: [{ ref: 'database:default/orders-db', protocol: 'sql' }],
          },
        })
        .expect(201);
      const get = action('maestro:record:get');
      const { output } = await runAction(get, { ref: 'component:default/orders-api' });
      expect(output).toMatchObject({
        id: app.body.id,
        kind: 'Component',
        entityRef: 'component:default/orders-api',
        owner,
        version: 1,
        relations: [
          { type: 'runsOn', targetRef: 'server:default/web-01', field: 'servers' },
          { type: 'dependsOn', targetRef: 'database:default/orders-db', field: 'dependencies' },
        ],
      });
      expect((await runAction(get, { ref: app.body.id })).output.name).toBe('orders-api');
      expect((await runAction(get, { ref: 'web-02', kind: 'Server' }, { user: READER })).output.spec).toMatchObject({
        ipv4Private: '10.0.1.12',
      });
      // on a dry run, a record an earlier step would have created is reported, not an error
      const dry = await runAction(get, { ref: 'component:default/not-yet' }, { dryRun: true });
      expect(dry.output).toEqual({ entityRef: 'component:default/not-yet', relations: [] });
      await expect(runAction(get, { ref: 'server:default/nope' })).rejects.toMatchObject({
        name: 'NotFoundError',
        message: "ref: no active Server named 'nope' in Maestro's inventory",
      });
    });
  });
}
