#!/usr/bin/env node
// The API fuzz test, run longer than in the suite (`npm run fuzz:api`):
//   ./maestro npm run fuzz:api                               # 20,000 requests per engine, a random seed (printed)
//   ./maestro npm run fuzz:api -- --seed 42 --runs 100000    # replay a seed, or run longer
//   ./maestro npm run fuzz:api -- --verbose                  # also show, per route, valid requests that were refused
//   ./maestro npm run fuzz:api -- --log                      # also print the backend's errors (a 500's cause)
// It runs plugins/maestro-backend/src/service/apiFuzz.test.ts (SQLite, and PostgreSQL when it answers, as
// `npm test` does) and prints the seed, the runs, per route the share of 2xx answers, and every finding with the
// request that caused it. Exit code 1 when there is a finding.
import { spawn } from 'node:child_process';

const args = process.argv.slice(2);
const option = name => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const seed = option('seed') ?? process.env.MAESTRO_FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
const runs = option('runs') ?? process.env.MAESTRO_FUZZ_RUNS ?? '20000';
if (!/^\d+$/.test(seed) || !/^\d+$/.test(runs)) {
  console.error('fuzz:api: --seed and --runs take whole numbers');
  process.exit(2);
}
console.log(
  `fuzz:api: seed ${seed}, ${runs} requests per engine (replay: npm run fuzz:api -- --seed ${seed} --runs ${runs})`,
);

const env = {
  ...process.env,
  MAESTRO_FUZZ_SEED: seed,
  MAESTRO_FUZZ_RUNS: runs,
  ...(args.includes('--verbose') ? { MAESTRO_FUZZ_VERBOSE: '1' } : {}),
  ...(args.includes('--log') ? { MAESTRO_FUZZ_LOG: '1' } : {}),
};
const child = spawn(
  process.execPath,
  ['scripts/run-tests.mjs', 'plugins/maestro-backend/src/service/apiFuzz.test.ts'],
  {
    env,
    stdio: 'inherit',
  },
);
child.on('exit', (code, signal) => {
  console.log(
    `fuzz:api: seed ${seed}, ${runs} requests per engine: ${
      code === 0 ? 'no finding' : 'FINDINGS above (or a failure)'
    }`,
  );
  process.exit(signal ? 1 : code ?? 1);
});
