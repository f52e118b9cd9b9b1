import { XMLValidator } from 'fast-xml-parser';
import { PNG } from 'pngjs';
import request from 'supertest';
import { describeEachDatabase } from '../__testUtils__/databases';
import { smallEstate } from '../__testUtils__/graphEstate';
import { MemorySavedGraphs } from '../__testUtils__/graphViews';
import { startMaestroWithGraphs } from '../__testUtils__/sharedGraphsBackend';
import { userHeader } from '../__testUtils__/startMaestro';
import { hashShareToken } from './GraphShareStore';

jest.setTimeout(60_000);

const alice = userHeader('user:default/alice');
const api = '/api/maestro';
const hostile = `<script>alert("x")</script> & 'q'`;

describeEachDatabase('graph exports and share links', (databases, databaseId) => {
  async function setUp(options: { config?: object; denied?: string[] } = {}) {
    const knex = await databases.init(databaseId);
    const graphs = new MemorySavedGraphs(smallEstate());
    await graphs.add('g1', 'Shop graph', { entry: { system: 'shop' }, layers: { infrastructure: true } });
    const server = await startMaestroWithGraphs(graphs, { knex, ...options } as any);
    return { knex, graphs, server };
  }

  const share = (server: any, body: object, graphId = 'g1') =>
    request(server).post(`${api}/graphs/${graphId}/shares`).set('Authorization', alice).send(body);

  it('exports a graph as an SVG and a PNG attachment; 401 without credentials, 404 for an unknown graph', async () => {
    const { server, graphs } = await setUp();
    const svg = await request(server).get(`${api}/graphs/g1/export.svg`).set('Authorization', alice).expect(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(svg.headers['content-disposition']).toBe('attachment; filename="Shop_graph.svg"');
    expect(svg.headers['x-content-type-options']).toBe('nosniff');
    const text = svg.body.toString('utf8');
    expect(XMLValidator.validate(text)).toBe(true);
    expect(text).toContain('<title>Shop graph</title>');

    const png = await request(server)
      .get(`${api}/graphs/g1/export.png?scale=2`)
      .set('Authorization', alice)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-disposition']).toBe('attachment; filename="Shop_graph.png"');
    const view = (await graphs.get('g1'))!.view!;
    const decoded = PNG.sync.read(png.body);
    expect([decoded.width, decoded.height]).toEqual([
      Math.round((view.width + 40) * 2),
      Math.round((view.height + 40) * 2),
    ]);

    const badScale = await request(server).get(`${api}/graphs/g1/export.png?scale=9`).set('Authorization', alice);
    expect(badScale.status).toBe(400);
    expect(badScale.body.error.message).toMatch(/^scale: /);
    await request(server).get(`${api}/graphs/g1/export.svg`).expect(401);
    await request(server).get(`${api}/graphs/g1/export.png`).expect(401);
    const unknown = await request(server).get(`${api}/graphs/nope/export.svg`).set('Authorization', alice);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/^id: /);
  });

  it('creates a link whose token opens the graph as SVG, page and JSON, lists it with its creator and last use, and revokes it', async () => {
    const { server, knex } = await setUp();
    const created = await share(server, { mode: 'live', label: 'wiki' }).expect(201);
    const { token, urls, id } = created.body;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({ graphId: 'g1', mode: 'live', label: 'wiki', createdBy: 'user:default/alice' });
    expect(urls).toEqual({
      page: `${api}/shared/${token}`,
      svg: `${api}/shared/${token}/graph.svg`,
      embed: `${api}/shared/${token}?embed=1`,
    });
    // only the hash is stored
    const rows = await knex('maestro_graph_shares').select();
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toBe(hashShareToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);

    const svg = await request(server).get(urls.svg).expect(200); // no credentials
    expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(svg.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(svg.headers['x-content-type-options']).toBe('nosniff');
    expect(svg.headers['cache-control']).toBe('private, max-age=0');
    expect(XMLValidator.validate(svg.body.toString('utf8'))).toBe(true);
    expect(svg.body.toString('utf8')).toContain('component:default/web');

    const page = await request(server).get(urls.page).expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<h1>Shop graph</h1>');
    expect(page.text).toContain('Read-only');
    const nonce = /script-src 'nonce-([^']+)'/.exec(page.headers['content-security-policy'])![1];
    expect(page.text).toContain(`<script nonce="${nonce}">`);
    expect(page.text.match(/<script/g)).toHaveLength(1);
    const embed = await request(server).get(urls.embed).expect(200);
    expect(embed.text).toContain('<body class="embed">');

    const json = await request(server).get(`${api}/shared/${token}/graph.json`).expect(200);
    expect(Object.keys(json.body).sort()).toEqual(
      ['depth', 'edges', 'entries', 'generatedAt', 'height', 'metrics', 'nodes', 'width'].sort(),
    );
    // the token opens nothing else
    await request(server).get(`${api}/records`).set('Authorization', `Bearer ${token}`).expect(401);
    await request(server).get(`${api}/shared/${token}/other`).expect(404);

    const listed = await request(server).get(`${api}/graphs/g1/shares`).set('Authorization', alice).expect(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ id, createdBy: 'user:default/alice', label: 'wiki' });
    expect(listed.body.items[0].token).toBeUndefined();
    expect(Date.parse(listed.body.items[0].lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);

    await request(server).delete(`${api}/graphs/g1/shares/${id}`).set('Authorization', alice).expect(204);
    const gone = await request(server).get(urls.svg).expect(404);
    await request(server).get(urls.page).expect(404);
    // a browser's iframe asks for HTML: a readable note it may frame, the same for every token refused
    const framed = await request(server).get(urls.page).set('Accept', 'text/html,*/*;q=0.8').expect(404);
    expect(framed.headers['content-type']).toMatch(/^text\/html/);
    expect(framed.text).toContain('This graph is not shared');
    expect(framed.headers['content-security-policy']).toMatch(/frame-ancestors 'self'/);
    expect(framed.headers['x-frame-options']).toBeUndefined();
    await request(server).get(`${api}/shared/${token}/graph.json`).expect(404);
    const after = await request(server).get(`${api}/graphs/g1/shares`).set('Authorization', alice).expect(200);
    expect(after.body.items[0]).toMatchObject({ id, revokedBy: 'user:default/alice' });
    expect(after.body.items[0].revokedAt).toBeDefined();

    // forged, malformed, expired and deleted-graph tokens: the same 404 as a revoked one
    const forged = await request(server)
      .get(`${api}/shared/${'A'.repeat(43)}/graph.svg`)
      .expect(404);
    const malformed = await request(server).get(`${api}/shared/short/graph.svg`).expect(404);
    expect(forged.body).toEqual(gone.body);
    expect(malformed.body).toEqual(gone.body);
    const expiring = await share(server, { mode: 'live', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    await request(server).get(expiring.body.urls.svg).expect(200);
    await knex('maestro_graph_shares')
      .where({ id: expiring.body.id })
      .update({ expires_at: new Date(Date.now() - 1000).toISOString() });
    const expired = await request(server).get(expiring.body.urls.svg).expect(404);
    expect(expired.body).toEqual(gone.body);
  });

  it('serves a snapshot frozen at share time and a live link as generated now; a deleted graph 404s', async () => {
    const { server, graphs } = await setUp();
    const snapshot = await share(server, { mode: 'snapshot' }).expect(201);
    const live = await share(server, { mode: 'live' }).expect(201);
    const keys = async (token: string) =>
      (await request(server).get(`${api}/shared/${token}/graph.json`).expect(200)).body.nodes.map((n: any) => n.key);
    expect(await keys(snapshot.body.token)).toContain('component:default/web');
    // the inventory changes: web now has a title; the live link shows it after a re-generation (its graph version)
    graphs.setRecords(smallEstate().map(r => (r.name === 'web' ? { ...r, title: 'Web shop' } : r)));
    const g1 = (await graphs.get('g1'))!;
    g1.version = 2;
    await new Promise(r => setTimeout(r, 1100)); // the graph lookup is kept a second
    const liveJson = await request(server).get(`${api}/shared/${live.body.token}/graph.json`).expect(200);
    expect(liveJson.body.nodes.find((n: any) => n.key === 'component:default/web').title).toBe('Web shop');
    const snapJson = await request(server).get(`${api}/shared/${snapshot.body.token}/graph.json`).expect(200);
    expect(snapJson.body.nodes.find((n: any) => n.key === 'component:default/web').title).toBeUndefined();
    expect(snapJson.body.generatedAt).toBe(g1.view!.generatedAt);

    graphs.remove('g1');
    await new Promise(r => setTimeout(r, 1100));
    await request(server).get(`${api}/shared/${live.body.token}/graph.svg`).expect(404);
    await request(server).get(`${api}/shared/${snapshot.body.token}`).expect(404);
  });

  it('refuses bad share requests naming the field, writing nothing', async () => {
    const { server, knex } = await setUp();
    const cases: Array<[object, RegExp]> = [
      [{}, /mode: /],
      [{ mode: 'forever' }, /mode: /],
      [{ mode: 'live', expiresAt: 'tomorrow' }, /expiresAt: must be an ISO-8601/],
      [{ mode: 'live', expiresAt: '2001-01-01T00:00:00Z' }, /expiresAt: must be in the future/],
      [{ mode: 'live', expiresAt: new Date(Date.now() + 400 * 86400_000).toISOString() }, /expiresAt: .*one year/],
      [{ mode: 'live', label: 'x'.repeat(201) }, /label: /],
      [{ mode: 'live', label: 'a\u0000b' }, /label: /],
      [JSON.parse('{"mode":"live","__proto__":{"polluted":1}}'), /^__proto__: /],
    ];
    for (const [body, message] of cases) {
      const res = await share(server, body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    const extra = await share(server, { mode: 'live', token: 'mine' });
    expect(extra.body.error.message).toBe("body: unknown field 'token' (mode, expiresAt, label)");
    const unknown = await share(server, { mode: 'live' }, 'nope');
    expect(unknown.status).toBe(404);
    expect(({} as any).polluted).toBeUndefined();
    expect(Number((await knex('maestro_graph_shares').count({ n: '*' }))[0].n)).toBe(0);
    const otherGraph = await request(server)
      .delete(`${api}/graphs/g1/shares/00000000-0000-4000-8000-000000000000`)
      .set('Authorization', alice);
    expect(otherGraph.status).toBe(404);
    expect(otherGraph.body.error.message).toMatch(/^shareId: /);
  });

  it('needs maestro.graph.share to create and revoke, maestro.graph.read to list and export, credentials for all', async () => {
    const allowed = await setUp();
    const link = await share(allowed.server, { mode: 'live' }).expect(201);
    const knex = allowed.knex;
    const graphs = new MemorySavedGraphs(smallEstate());
    await graphs.add('g1', 'Shop graph');
    const noShare = await startMaestroWithGraphs(graphs, { knex, denied: ['maestro.graph.share'] });
    const denied = await share(noShare, { mode: 'live' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe('not allowed: maestro.graph.share');
    await request(noShare).delete(`${api}/graphs/g1/shares/${link.body.id}`).set('Authorization', alice).expect(403);
    await request(noShare).get(`${api}/graphs/g1/shares`).set('Authorization', alice).expect(200);
    const noRead = await startMaestroWithGraphs(graphs, { knex, denied: ['maestro.graph.read'] });
    for (const path of ['shares', 'export.svg', 'export.png']) {
      const res = await request(noRead).get(`${api}/graphs/g1/${path}`).set('Authorization', alice);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('not allowed: maestro.graph.read');
    }
    // the link still opens without credentials, whatever the policy
    await request(noRead).get(link.body.urls.svg).expect(200);
    await share(allowed.server, { mode: 'live' }).unset('Authorization').expect(401);
    await request(allowed.server).get(`${api}/graphs/g1/shares`).expect(401);
    await request(allowed.server).delete(`${api}/graphs/g1/shares/${link.body.id}`).expect(401);
    expect(Number((await knex('maestro_graph_shares').count({ n: '*' }))[0].n)).toBe(1);
  });

  it('rate-limits the shared routes per client (429 with Retry-After) and frames the page per config', async () => {
    const { server } = await setUp({
      config: {
        maestro: { graphs: { share: { rateLimit: 5, frameAncestors: ["'self'", 'https://wiki.example.com'] } } },
      },
    });
    const link = await share(server, { mode: 'snapshot' }).expect(201);
    const page = await request(server).get(link.body.urls.page).expect(200);
    const csp = page.headers['content-security-policy'];
    expect(csp).toMatch(
      /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]+'; style-src 'unsafe-inline'; img-src data:;/,
    );
    expect(csp).toMatch(/; frame-ancestors 'self' https:\/\/wiki\.example\.com$/);
    expect(page.headers['x-frame-options']).toBeUndefined();
    for (let i = 0; i < 3; i++) await request(server).get(link.body.urls.svg).expect(200);
    await request(server)
      .get(`${api}/shared/${'B'.repeat(43)}`)
      .expect(404); // the 5th, counted like the others
    const limited = await request(server).get(link.body.urls.svg).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // the authenticated API is not limited by it
    await request(server).get(`${api}/graphs/g1/shares`).set('Authorization', alice).expect(200);
  });

  it('escapes hostile graph names in the SVG, the page and the attachment name', async () => {
    const { server, graphs } = await setUp();
    await graphs.add('g2', hostile, { entry: { system: 'shop' } });
    const exported = await request(server).get(`${api}/graphs/g2/export.svg`).set('Authorization', alice).expect(200);
    expect(exported.headers['content-disposition']).toBe('attachment; filename="script_alert_x_script_q_.svg"');
    const link = await share(server, { mode: 'live' }, 'g2').expect(201);
    const svg = (await request(server).get(link.body.urls.svg).expect(200)).body.toString('utf8');
    const page = await request(server).get(link.body.urls.page).expect(200);
    for (const text of [svg, page.text]) {
      expect(text).not.toContain('<script>alert');
      expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
    }
    expect(XMLValidator.validate(svg)).toBe(true);
  });

  it('two replicas on one database: a link revoked on one answers 404 on the other at once', async () => {
    const knex = await databases.init(databaseId);
    const graphs = new MemorySavedGraphs(smallEstate());
    await graphs.add('g1', 'Shop graph');
    const a = await startMaestroWithGraphs(graphs, { knex });
    const b = await startMaestroWithGraphs(graphs, { knex });
    const link = await share(a, { mode: 'live' }).expect(201);
    await request(b).get(link.body.urls.svg).expect(200); // cached on B now
    await request(b).get(link.body.urls.svg).expect(200);
    await request(a).delete(`${api}/graphs/g1/shares/${link.body.id}`).set('Authorization', alice).expect(204);
    const started = Date.now();
    await request(b).get(link.body.urls.svg).expect(404);
    await request(b).get(link.body.urls.page).expect(404);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
