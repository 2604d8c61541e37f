import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The jest plugins of the mutation runs (test/mutation/), on fixture suites that stand in for
 * Stryker's instrumented code: what the dry run records, and which suites and tests a mutant's
 * run loads and reports. A plugin that skipped a failing test would report a killed mutant as
 * a survivor, and the scores would lie.
 */
const here = __dirname;
const fixtures = join(here, 'fixtures');
const jestBin = require.resolve('jest/bin/jest');

const config = {
  rootDir: fixtures,
  testRegex: '\\.fixture\\.js$',
  testEnvironment: join(fixtures, 'stryker.environment.js'),
  filter: join(here, 'filter.js'),
  testSequencer: join(here, 'sequencer.js'),
  runner: join(here, 'runner.js'),
};

interface JestJson {
  numFailedTests: number;
  testResults: { name: string; assertionResults: { title: string; status: string }[] }[];
}

/** One jest run in `cwd` (where the coverage map lives), as a mutant's run when `mutant` is set. */
function runJest(cwd: string, mutant?: string): JestJson {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.__STRYKER_ACTIVE_MUTANT__;
  if (mutant !== undefined) env.__STRYKER_ACTIVE_MUTANT__ = mutant;
  const run = spawnSync(process.execPath, [jestBin, '--config', JSON.stringify(config), '--runInBand', '--json'], {
    cwd,
    env,
    encoding: 'utf8',
  });
  return JSON.parse(run.stdout) as JestJson;
}

/** Each suite's tests and their statuses, by file name. */
function outcomes(result: JestJson): Record<string, Record<string, string>> {
  return Object.fromEntries(
    result.testResults.map((suite) => [
      suite.name.slice(fixtures.length + 1),
      Object.fromEntries(suite.assertionResults.map((test) => [test.title, test.status])),
    ]),
  );
}

describe('the jest plugins of the mutation runs', () => {
  let cwd: string;

  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'mutation-plugins-'));
    expect(runJest(cwd).numFailedTests).toBe(0);
  }, 60000);

  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('records in the dry run which tests cover each mutant, a beforeAll counting for its tests', () => {
    const map = JSON.parse(readFileSync(join(cwd, '.mutation-coverage-map.json'), 'utf8')) as {
      files: Record<string, { ms: number; tests: { ms: number; mutants: string[] }[] }>;
      static: string[];
    };
    expect(Object.keys(map.files).sort()).toEqual([
      join(fixtures, 'setup.fixture.js'),
      join(fixtures, 'slow.fixture.js'),
    ]);
    const setup = map.files[join(fixtures, 'setup.fixture.js')];
    expect(setup.tests.map((test) => test.mutants)).toEqual([['1'], ['1'], []]);
    const slow = map.files[join(fixtures, 'slow.fixture.js')];
    expect(slow.tests.map((test) => test.mutants)).toEqual([['1'], ['2']]);
    expect(slow.tests[0].ms).toBeGreaterThanOrEqual(290);
    expect(slow.ms).toBeGreaterThanOrEqual(slow.tests[0].ms);
    expect(map.static).toEqual([]);
  });

  it('reports the tests of a failed beforeAll as failed, and loads nothing after the kill', () => {
    const result = runJest(cwd, '1');
    expect(result.numFailedTests).toBe(1);
    expect(outcomes(result)).toEqual({
      'setup.fixture.js': { answers: 'failed', 'answers again': 'pending', runs: 'pending' },
    });
  }, 60000);

  it('loads only the suites that cover the mutant', () => {
    const result = runJest(cwd, '2');
    expect(outcomes(result)).toEqual({
      'slow.fixture.js': { 'notices mutant 1': 'passed', 'notices mutant 2': 'failed' },
    });
  }, 60000);
});
