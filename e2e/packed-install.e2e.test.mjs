// Maestro installed into someone else's portal: the publishable packages are built and packed, a scratch copy of the
// reference app and backend outside the workspace installs the tarballs (no workspace links) and builds its app, and
// that portal starts and serves Maestro (API, catalog projection, the Maestro page in Chromium). The README's
// "Install into an existing Backstage app" is what scripts/install-packed.mjs does.
import assert from 'node:assert/strict';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { installPacked } from '../scripts/install-packed.mjs';
import { backend, catalogHasEntity, guestHeaders, setUpE2e, signIn, skip, tearDownE2e, withPage } from './support.mjs';

let installed;

function earlierInstall(dir) {
  const portalDir = join(dir, 'portal');
  const names = readdirSync(join(portalDir, 'node_modules/@maestro')).map(n => `@maestro/${n}`);
  return { dir, portalDir, tarballs: Object.fromEntries(names.map(n => [n, ''])), seconds: {}, reused: true };
}

before(
  async () => {
    if (skip) return;
    // MAESTRO_PACKED_DIR=<dir of an earlier run, kept with MAESTRO_KEEP_PACKED=1> reuses its install
    const reuse = process.env.MAESTRO_PACKED_DIR;
    installed = reuse ? earlierInstall(reuse) : installPacked();
    console.log(`# packed install in ${installed.dir}: ${JSON.stringify(installed.seconds)} (seconds)`);
    await setUpE2e({ root: installed.portalDir });
  },
  { timeout: 40 * 60_000 },
);

after(async () => {
  await tearDownE2e();
  if (installed && !installed.reused && !process.env.MAESTRO_KEEP_PACKED)
    rmSync(installed.dir, { recursive: true, force: true });
});

test(
  'the portal installs every Maestro package from its tarball, built (dist), with no workspace link',
  { skip },
  () => {
    const fromBackend = createRequire(join(installed.portalDir, 'packages/backend/package.json'));
    const fromApp = createRequire(join(installed.portalDir, 'packages/app/package.json'));
    for (const name of Object.keys(installed.tarballs)) {
      const dir = join(installed.portalDir, 'node_modules', name);
      assert.ok(!lstatSync(dir).isSymbolicLink(), `${name} is a link`);
      assert.ok(realpathSync(dir).startsWith(installed.portalDir), `${name} resolves outside the portal`);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      assert.ok(!JSON.stringify(manifest.exports ?? manifest.main).includes('src/'), `${name} still points at src/`);
      assert.ok(manifest.backstage?.role, `${name} has no backstage.role`);
      if (name !== '@maestro/cloud-simulator')
        assert.ok(manifest.backstage.pluginId, `${name} has no backstage.pluginId`);
      assert.ok(existsSync(join(dir, manifest.types)), `${name}: its types (${manifest.types}) are not in the tarball`);
    }
    assert.match(
      fromBackend.resolve('@maestro/plugin-maestro-backend'),
      /node_modules\/@maestro\/plugin-maestro-backend\/dist\//,
    );
    assert.match(
      fromBackend.resolve('@maestro/plugin-catalog-backend-module-maestro'),
      /plugin-catalog-backend-module-maestro\/dist\//,
    );
    // migrations ship in the tarball: the store created its tables (the API answering below proves they ran)
    assert.ok(
      lstatSync(join(installed.portalDir, 'node_modules/@maestro/plugin-maestro-backend/migrations')).isDirectory(),
    );
    assert.match(fromApp.resolve('@maestro/plugin-maestro'), /plugin-maestro\/dist\//);
  },
);

test(
  'the packed portal serves the Maestro API, projects the demo into the catalog and shows the Maestro page',
  { skip },
  async () => {
    const headers = await guestHeaders();
    const res = await fetch(`${backend.baseUrl}/api/maestro/records?kind=Server&limit=5`, { headers });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.ok(body.totalCount > 0, 'the demo inventory has servers');
    await catalogHasEntity('server', 'demo-web-01');
    await withPage('packed', 'maestro-page', async (page, shot) => {
      await signIn(page, '/maestro');
      await page
        .getByRole('heading', { name: /maestro/i })
        .first()
        .waitFor({ timeout: 60_000 });
      await page
        .getByText(/servers/i)
        .first()
        .waitFor({ timeout: 30_000 });
      await shot('01-maestro-page');
      await page.goto(`${backend.baseUrl}/catalog/default/server/demo-web-01`);
      await page.getByText('demo-web-01').first().waitFor({ timeout: 60_000 });
      await shot('02-server-entity');
    });
  },
);
