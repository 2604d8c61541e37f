/**
 * State of the mutation runs shared by the jest plugins in test/mutation/ (one process runs a
 * mutant's suites in band, so module state is shared by the environment and the runner).
 *
 * Which test files cover which mutant, written by the dry run (hook-coverage.environment.js) and
 * read by every mutant run (filter.js, sequencer.js). Stryker's jest runner narrows a mutant run
 * to the covering tests by name only: jest would still load every suite of the group and run the
 * hooks of none, which cost more than the tests themselves (each HTTP suite's module graph is the
 * whole application). The file lives in Stryker's sandbox, the working directory of its runners.
 */
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const FILE = join(process.cwd(), '.mutation-coverage-map.json');
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';

/** The mutant of the current run, or undefined in the dry run (and outside Stryker). */
function activeMutant() {
  return process.env[ACTIVE_MUTANT];
}

/**
 * @typedef {{ ms: number, mutants: string[] }} TestCoverage one test: its time and the mutants it ran
 * @typedef {{ ms: number, tests: TestCoverage[] }} SuiteCoverage one suite: its whole time and its tests
 * @type {{ files: Record<string, SuiteCoverage>, static: string[] } | undefined}
 */
let loaded;

function read() {
  if (!loaded && existsSync(FILE)) loaded = JSON.parse(readFileSync(FILE, 'utf8'));
  return loaded;
}

/** Records one suite of the dry run; the dry run runs the suites one after another, in one process. */
const recorded = { files: {}, static: [] };
function record(testPath, tests, ms, staticMutants) {
  recorded.files[testPath] = { ms, tests };
  recorded.static = [...staticMutants];
  writeFileSync(FILE, JSON.stringify(recorded));
}

/**
 * The suites that cover `mutant`, or undefined when the map does not know it, or when it is
 * static (run at load time, so any suite that loads its file may see it): run them all.
 */
function suitesCovering(mutant) {
  const map = read();
  if (!map || mutant === undefined || map.static.includes(mutant)) return undefined;
  const files = Object.keys(map.files).filter((file) =>
    map.files[file].tests.some((test) => test.mutants.includes(mutant)),
  );
  return files.length > 0 ? files : undefined;
}

/**
 * What running a suite for `mutant` should cost, from the dry run: loading it and its hooks (the
 * suite's time less its tests'), plus the tests that cover the mutant, the only ones Stryker runs.
 * The whole suite's time for the dry run; unknown suites last.
 */
function suiteCost(testPath, mutant) {
  const suite = read()?.files[testPath];
  if (!suite) return Number.MAX_SAFE_INTEGER;
  if (mutant === undefined) return suite.ms;
  const testsMs = suite.tests.reduce((sum, test) => sum + test.ms, 0);
  const covering = suite.tests.filter((test) => test.mutants.includes(mutant));
  return Math.max(0, suite.ms - testsMs) + covering.reduce((sum, test) => sum + test.ms, 0);
}

/** The mutant a failed test has killed: the rest of its run is skipped (environment and runner). */
let killed;
function markKilled(mutant) {
  killed = mutant;
}
function isKilled(mutant) {
  return mutant !== undefined && killed === mutant;
}

module.exports = { activeMutant, isKilled, markKilled, record, suiteCost, suitesCovering };
