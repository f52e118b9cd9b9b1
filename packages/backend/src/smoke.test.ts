/*
 * End-to-end smoke test: starts the real backend (packages/backend/src/index.ts, every plugin the README's start
 * command runs) as its own Node process, on a free port and an in-memory SQLite database, then checks through
 * HTTP that the Maestro plugin is healthy and that the demo inventory reaches the catalog API through the entity
 * provider.
 */
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const { startBackendProcess } = require('../../../scripts/backend-process.cjs');

jest.setTimeout(180_000);

describe('backend smoke test', () => {
  let backend: Awaited<ReturnType<typeof startBackendProcess>> | undefined;

  afterAll(async () => {
    await backend?.stop();
  });

  it('starts, reports healthy, and projects the Maestro demo inventory into the catalog', async () => {
    // app-config.yaml + app-config.development.yaml, as `./maestro start`; the guest is no Maestro editor here, but
    // owns the demo records: writes go through the real permission backend, the portal's policy and, for updates, a
    // conditional decision evaluated by the Maestro plugin
    backend = await startBackendProcess({
      config: {
        maestro: { demo: { enabled: true, owner: 'user:development/guest' } },
        permission: { enabled: true, maestro: { editors: ['group:default/maestro-admins'] } },
      },
    });
    const { baseUrl, waitFor } = backend!;

    expect(await (await fetch(`${baseUrl}/api/maestro/health`)).json()).toEqual({ status: 'ok' });
    // the API itself requires a token
    expect((await fetch(`${baseUrl}/api/maestro/records`)).status).toBe(401);

    // sign in as guest, as a person does on the sign-in page
    const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
      body: '{}',
    });
    expect(refresh.status).toBe(200);
    const token = (await refresh.json()).backstageIdentity.token;

    const entity = await waitFor(
      'the demo Datacenter with its relations in the catalog API',
      async () => {
        const res = await fetch(`${baseUrl}/api/catalog/entities/by-name/datacenter/default/demo-aws-eu-west-1`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        const body = res.ok ? await res.json() : undefined;
        return body?.relations?.some((r: any) => r.type === 'hosts') ? body : undefined;
      },
      60_000,
    );
    expect(entity.kind).toBe('Datacenter');
    expect(entity.metadata.annotations['maestro.backstage.io/record-id']).toBeTruthy();

    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    // the catalog: the guest may register locations (an admin of the development config), but nobody deletes an
    // entity Maestro projects (the portal's policy, through the real permission backend)
    const deleted = await fetch(`${baseUrl}/api/catalog/entities/by-uid/${entity.metadata.uid}`, {
      method: 'DELETE',
      headers: auth,
    });
    expect(deleted.status).toBe(403);
    // not an editor: creating is refused
    const created = await fetch(`${baseUrl}/api/maestro/records`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        kind: 'Server',
        name: 'smoke-01',
        owner: 'user:development/guest',
        spec: { hostname: 'smoke-01' },
      }),
    });
    expect(created.status).toBe(403);
    // but the owner of a record may update it
    const id = entity.metadata.annotations['maestro.backstage.io/record-id'];
    const current = await (await fetch(`${baseUrl}/api/maestro/records/${id}`, { headers: auth })).json();
    const updated = await fetch(`${baseUrl}/api/maestro/records/${id}`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ version: current.version, spec: { ...current.spec, instances: 4 }, reason: 'smoke test' }),
    });
    expect(updated.status).toBe(200);
    expect((await updated.json()).spec.instances).toBe(4);

    // a re-import of records the guest owns goes through one conditional decision from the real permission backend
    const owned = await (
      await fetch(`${baseUrl}/api/maestro/records?kind=server&owner=user:development/guest&limit=10`, { headers: auth })
    ).json();
    const reimport = await fetch(`${baseUrl}/api/maestro/records/import`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        records: owned.items.map((r: any) => ({
          kind: r.kind,
          name: r.name,
          owner: r.owner,
          spec: { ...r.spec, cpu: 6 },
        })),
      }),
    });
    expect(owned.items.length).toBeGreaterThan(0);
    expect(reimport.status).toBe(200);
    expect((await reimport.json()).updated).toBe(owned.items.length);
  });
});
