/*
 * Maestro's actions over MCP, as an AI assistant reaches them: the real backend (packages/backend/src/index.ts with
 * @backstage/plugin-mcp-actions-backend) as its own Node process with the demo inventory, and the official MCP
 * TypeScript SDK's client over Streamable HTTP at /api/mcp-actions/v1, signed in as the guest. Every tool answers
 * what the REST API answers; bad input and a user the portal's policy denies get errors naming the field or the
 * permission.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const { startBackendProcess } = require('../../../scripts/backend-process.cjs');

jest.setTimeout(300_000);

type Backend = Awaited<ReturnType<typeof startBackendProcess>>;

const MAESTRO_TOOLS = [
  'maestro.get-node-impact',
  'maestro.get-record',
  'maestro.get-record-as-of',
  'maestro.get-record-history',
  'maestro.list-graphs',
  'maestro.list-reports',
  'maestro.query-inventory',
  'maestro.run-report',
];

/** Signs in as the guest (as the sign-in page does) and answers the Backstage token. */
async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    body: '{}',
  });
  expect(res.status).toBe(200);
  return (await res.json()).backstageIdentity.token;
}

/** An MCP client connected to the backend's MCP endpoint with `token`. */
async function mcpClient(baseUrl: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'maestro-mcp-test', version: '1.0.0' });
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${baseUrl}/api/mcp-actions/v1`), { requestInit: { headers } }),
  );
  return client;
}

/** A tool's structured answer (failing with the error text when the tool reported one). */
async function call(client: Client, name: string, args: Record<string, unknown>): Promise<any> {
  const result = await client.callTool({ name: `maestro.${name}`, arguments: args });
  if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
  expect(JSON.parse((result.content as Array<{ text: string }>)[0].text)).toEqual(result.structuredContent);
  return result.structuredContent;
}

/** The error text of a tool call that must fail. */
async function failure(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const result = await client.callTool({ name: `maestro.${name}`, arguments: args });
  expect(result.isError).toBe(true);
  return (result.content as Array<{ text: string }>)[0].text;
}

describe('Maestro actions over MCP (official TypeScript SDK, real backend process)', () => {
  let backend: Backend | undefined;

  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  it('lists the tools with their schemas and answers each call like the REST API', async () => {
    backend = await startBackendProcess({ config: { maestro: { demo: { enabled: true } } } });
    const { baseUrl } = backend!;
    const token = await guestToken(baseUrl);
    const rest = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${baseUrl}/api/maestro${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      });
      expect(res.ok).toBe(true);
      return res.json();
    };

    // no token: the MCP endpoint refuses to connect
    await expect(mcpClient(baseUrl)).rejects.toThrow(/401/);

    const client = await mcpClient(baseUrl, token);
    try {
      const { tools } = await client.listTools();
      const maestro = tools.filter(t => t.name.startsWith('maestro.'));
      expect(maestro.map(t => t.name).sort()).toEqual(MAESTRO_TOOLS);
      for (const tool of maestro) {
        expect(tool.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, destructiveHint: false });
        expect(tool.description!.length).toBeGreaterThan(80);
        expect(tool.inputSchema.type).toBe('object');
      }
      const query = maestro.find(t => t.name === 'maestro.query-inventory')!;
      expect(Object.keys(query.inputSchema.properties!)).toEqual(
        expect.arrayContaining([
          'kind',
          'q',
          'owner',
          'datacenter',
          'environment',
          'spec',
          'active',
          'offset',
          'limit',
        ]),
      );

      // query the inventory: the demo's servers in its datacenter, as GET /records answers
      const servers = await call(client, 'query-inventory', { kind: 'Server', datacenter: 'demo-aws-eu-west-1' });
      expect(servers).toEqual(await rest('/records?kind=Server&spec.datacenter=datacenter:default/demo-aws-eu-west-1'));
      expect(servers.items.map((r: { name: string }) => r.name)).toEqual(['demo-db-01', 'demo-web-01', 'demo-web-02']);

      // a record with its relations both ways
      const web = await call(client, 'get-record', { ref: 'server:default/demo-web-01' });
      expect(web.record).toEqual(await rest(`/records/${web.record.id}`));
      expect(web.relations.outgoing).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'hostedIn', target: 'datacenter:default/demo-aws-eu-west-1' }),
        ]),
      );
      expect(web.relations.incoming).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'runs', target: 'component:default/demo-shop-api' })]),
      );

      // its history, and the record as of now
      const history = await call(client, 'get-record-history', { id: web.record.id });
      expect(history).toEqual(await rest(`/records/${web.record.id}/history`));
      expect(history.items[0]).toMatchObject({ action: 'create', recordId: web.record.id });
      const at = new Date().toISOString();
      const asOf = await call(client, 'get-record-as-of', { ref: 'server:default/demo-web-01', at });
      expect(asOf.record).toEqual(await rest(`/records/${web.record.id}/as-of?at=${encodeURIComponent(at)}`));

      // the impact of a server in a saved graph (the guest is an editor in the development config)
      const graph = await rest('/graphs', {
        method: 'POST',
        body: JSON.stringify({
          name: 'Shop API',
          entry: { applications: ['demo-shop-api'] },
          layers: { infrastructure: true },
        }),
      });
      const impact = await call(client, 'get-node-impact', { graph: 'Shop API', node: 'server:default/demo-web-01' });
      expect(impact).toMatchObject(await rest(`/graphs/${graph.id}/impact?node=server:default/demo-web-01`));
      expect(impact.upstream.map((i: { key: string }) => i.key)).toContain('component:default/demo-shop-api');

      // a saved report, run by name with an extra filter
      const report = await rest('/reports', {
        method: 'POST',
        body: JSON.stringify({ name: 'Web servers', type: 'single', kind: 'Server', filters: [], columns: ['name'] }),
      });
      const filters = [{ field: 'name', op: 'contains', value: 'web' }];
      const run = await call(client, 'run-report', { report: 'Web servers', filters });
      const runRest = await rest(
        `/reports/${report.id}/results?filters=${encodeURIComponent(JSON.stringify(filters))}`,
      );
      expect(run).toMatchObject({ columns: runRest.columns, rows: runRest.rows, totalCount: runRest.totalCount });
      expect(run.rows.map((r: { values: string[] }) => r.values[0])).toEqual(['demo-web-01', 'demo-web-02']);

      // bad input: an error naming the field
      expect(await failure(client, 'query-inventory', { limit: 1000 })).toBe('InputError: limit: must be at most 200');
      expect(await failure(client, 'get-record', { ref: 'server:default/nope' })).toBe(
        'NotFoundError: ref: no inventory record server:default/nope',
      );
    } finally {
      await client.close();
    }
  });

  it('refuses the calls of a user the portal policy does not let read Maestro; a static token is a service', async () => {
    // only the Maestro admins read: the guest is neither one of them nor an editor here
    const staticToken = 'mcp-test-static-token-0123456789';
    backend = await startBackendProcess({
      config: {
        backend: {
          auth: { externalAccess: [{ type: 'static', options: { token: staticToken, subject: 'ai-assistant' } }] },
        },
        maestro: { demo: { enabled: true } },
        permission: {
          enabled: true,
          maestro: {
            editors: ['group:default/maestro-admins'],
            admins: ['group:default/maestro-admins'],
            readers: ['group:default/maestro-admins'],
          },
        },
      },
    });
    const { baseUrl } = backend!;
    const token = await guestToken(baseUrl);
    const client = await mcpClient(baseUrl, token);
    try {
      // the tools are listed (they are not hidden), but every call is refused like the REST route
      const { tools } = await client.listTools();
      expect(tools.map(t => t.name)).toEqual(expect.arrayContaining(MAESTRO_TOOLS));
      expect(await failure(client, 'query-inventory', { kind: 'Server' })).toBe(
        'NotAllowedError: not allowed: maestro.inventory.read',
      );
      expect(await failure(client, 'get-record-history', { ref: 'server:default/demo-web-01' })).toBe(
        'NotAllowedError: not allowed: maestro.history.read',
      );
      expect(await failure(client, 'run-report', { report: 'anything' })).toBe(
        'NotAllowedError: not allowed: maestro.report.read',
      );
      const res = await fetch(`${baseUrl}/api/maestro/records`, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(403);
      expect((await res.json()).error.message).toBe('not allowed: maestro.inventory.read');
    } finally {
      await client.close();
    }
    // a static external access token is a service principal, not a user: the permission policy is not asked for
    // services (Backstage allows them), so it reads everything the actions offer (docs/security.md)
    const service = await mcpClient(baseUrl, staticToken);
    try {
      const servers = await call(service, 'query-inventory', { kind: 'Server' });
      expect(servers.totalCount).toBe(3);
    } finally {
      await service.close();
    }
  });
});
