#!/usr/bin/env node
// Installs Maestro the way someone else's portal would: from packed tarballs, not workspace links.
//
//   ./maestro node scripts/install-packed.mjs [--dir DIR]
//
// 1. type-checks the repository once (declarations in dist-types/, which `backstage-cli package build` bundles),
//    then builds and packs (`npm pack`, which runs `backstage-cli package prepack`) every publishable package under
//    plugins/ (every workspace there that is not private) and the demo's simulated cloud;
// 2. copies the reference app and backend (packages/app, packages/backend, app-config*.yaml) into a scratch
//    directory outside the workspace, with each `@maestro/*` dependency replaced by its tarball (`file:` paths);
// 3. runs `npm install` there (from the npm cache where it can) and builds the app.
// It prints the scratch directory; `startPackedBackend` in e2e/packed-install.e2e.test.mjs then starts it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command, failing with its output if it fails. */
// npm and npx are the ones on PATH: run this through ./maestro, which puts Node 22 first
function run(command, args, cwd, env = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) failed with ${result.status ?? result.error}:\n${result.stdout}\n${
        result.stderr
      }`,
    );
  }
  return { stdout: result.stdout, seconds: (Date.now() - started) / 1000 };
}

const readJson = file => JSON.parse(readFileSync(file, 'utf8'));
const writeJson = (file, value) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

/** The workspaces a portal installs: every non-private package under plugins/, and the demo's simulated cloud. */
export function packagesToPack() {
  const plugins = readdirSync(join(repoRoot, 'plugins'))
    .map(name => join(repoRoot, 'plugins', name))
    .filter(dir => existsSync(join(dir, 'package.json')) && !readJson(join(dir, 'package.json')).private);
  return [...plugins, join(repoRoot, 'packages/cloud-simulator')];
}

/** Builds and packs the packages into `packsDir`; returns package name → tarball path. */
export function buildAndPack(packsDir) {
  mkdirSync(packsDir, { recursive: true });
  run('npx', ['tsc', '-p', '.'], repoRoot);
  const tarballs = {};
  for (const dir of packagesToPack()) {
    const { name } = readJson(join(dir, 'package.json'));
    run('npx', ['backstage-cli', 'package', 'build'], dir);
    const { stdout } = run('npm', ['pack', '--silent', '--pack-destination', packsDir], dir);
    tarballs[name] = join(packsDir, stdout.trim().split('\n').pop());
  }
  return tarballs;
}

/**
 * Points every `@maestro/*` dependency in a package.json's sections at its tarball, by absolute path (npm reads a
 * relative `file:` override from each package that uses it).
 */
function useTarballs(manifest, tarballs) {
  for (const section of ['dependencies', 'devDependencies', 'overrides']) {
    for (const name of Object.keys(manifest[section] ?? {})) {
      if (tarballs[name]) manifest[section][name] = `file:${tarballs[name]}`;
    }
  }
}

/** Copies the reference app and backend into `portalDir` as a portal of its own that installs the tarballs. */
export function copyPortal(portalDir, tarballs) {
  const skip = new Set(['node_modules', 'dist', 'dist-types', '.cache']);
  for (const pkg of ['app', 'backend']) {
    cpSync(join(repoRoot, 'packages', pkg), join(portalDir, 'packages', pkg), {
      recursive: true,
      filter: source => !skip.has(source.split('/').pop()),
    });
    const file = join(portalDir, 'packages', pkg, 'package.json');
    const manifest = readJson(file);
    useTarballs(manifest, tarballs);
    writeJson(file, manifest);
  }
  for (const file of [
    'app-config.yaml',
    'app-config.development.yaml',
    'app-config.production.yaml',
    'backstage.json',
  ]) {
    cpSync(join(repoRoot, file), join(portalDir, file));
  }
  cpSync(join(repoRoot, 'tsconfig.json'), join(portalDir, 'tsconfig.json'));
  writeFileSync(join(portalDir, '.npmrc'), 'legacy-peer-deps=true\n');
  const root = readJson(join(repoRoot, 'package.json'));
  const manifest = {
    name: 'scratch-portal',
    private: true,
    workspaces: ['packages/*'],
    devDependencies: {
      '@backstage/cli': root.devDependencies['@backstage/cli'],
      typescript: root.devDependencies.typescript,
    },
    // the same Backstage release pins as this repository, and the Maestro packages from their tarballs everywhere
    overrides: { ...root.overrides, ...Object.fromEntries(Object.keys(tarballs).map(name => [name, ''])) },
  };
  useTarballs(manifest, tarballs);
  writeJson(join(portalDir, 'package.json'), manifest);
}

/** Packs, copies and installs; returns the portal directory and the seconds each step took. */
export function installPacked(options = {}) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'maestro-packed-'));
  const seconds = {};
  let started = Date.now();
  const tarballs = buildAndPack(join(dir, 'packs'));
  seconds.buildAndPack = (Date.now() - started) / 1000;
  const portalDir = join(dir, 'portal');
  copyPortal(portalDir, tarballs);
  started = Date.now();
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'], portalDir);
  seconds.install = (Date.now() - started) / 1000;
  started = Date.now();
  run('npx', ['backstage-cli', 'package', 'build'], join(portalDir, 'packages/app'));
  seconds.appBuild = (Date.now() - started) / 1000;
  return { dir, portalDir, tarballs, seconds };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--dir');
  const result = installPacked(at > 0 ? { dir: resolve(process.argv[at + 1]) } : {});
  console.log(JSON.stringify(result, null, 2));
}
