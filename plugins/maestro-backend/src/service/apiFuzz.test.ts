import { describeEachDatabase } from '../__testUtils__/databases';
import { fuzzApi, formatReport } from '../__testUtils__/apiFuzz/fuzzApi';
import { startFuzzBackend } from '../__testUtils__/apiFuzz/fuzzBackend';
import { readOperations } from '../__testUtils__/apiFuzz/openApiOperations';
import { openApiSpec } from '../schema/openapi';

/*
 * The API fuzz test: every operation of the OpenAPI document, driven with generated valid and hostile requests as
 * an editor and as a reader (see src/__testUtils__/apiFuzz). In the suite with a fixed seed and a bounded number
 * of runs; `npm run fuzz:api` runs it longer (MAESTRO_FUZZ_RUNS, MAESTRO_FUZZ_SEED).
 */
const seed = Number(process.env.MAESTRO_FUZZ_SEED ?? 20260111);
const runs = Number(process.env.MAESTRO_FUZZ_RUNS ?? 3000);
jest.setTimeout(Math.max(180_000, runs * 200));

describeEachDatabase('API fuzz', (databases, databaseId) => {
  it(`answers ${runs} generated requests (seed ${seed}) below 500, names the field of every refusal, writes nothing it refuses`, async () => {
    const server = await startFuzzBackend({ knex: await databases.init(databaseId) });
    const report = await fuzzApi({ server, seed, runs });
    // eslint-disable-next-line no-console
    console.log(formatReport(report, `API fuzz on ${databaseId}`, { verbose: !!process.env.MAESTRO_FUZZ_VERBOSE }));

    expect(report.findings.map(f => `${f.operation} [${f.rule}] ×${f.count}: ${f.request}\n  ${f.detail}`)).toEqual([]);
    // every documented operation was driven, and valid requests got past validation somewhere
    const documented = readOperations(openApiSpec)
      .map(op => op.key)
      .sort();
    expect(Object.keys(report.operations).sort()).toEqual(documented);
    const figures = Object.values(report.operations);
    expect(figures.reduce((n, f) => n + f.valid2xx, 0) / figures.reduce((n, f) => n + f.validRuns, 0)).toBeGreaterThan(
      0.5,
    );
  });
});
