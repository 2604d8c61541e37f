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

/** @type {{ files: Record<string, { mutants: string[], ms: number }>, static: string[] } | undefined} */
let loaded;

function read() {
  if (!loaded && existsSync(FILE)) loaded = JSON.parse(readFileSync(FILE, 'utf8'));
  return loaded;
}

/** Records one suite of the dry run; the dry run runs the suites one after another, in one process. */
const recorded = { files: {}, static: [] };
function record(testPath, mutants, ms, staticMutants) {
  recorded.files[testPath] = { mutants: [...mutants], ms };
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
  const files = Object.keys(map.files).filter((file) => map.files[file].mutants.includes(mutant));
  return files.length > 0 ? files : undefined;
}

/** How long the suite took in the dry run, for ordering; unknown suites last. */
function suiteMs(testPath) {
  return read()?.files[testPath]?.ms ?? Number.MAX_SAFE_INTEGER;
}

/** The mutant a failed test has killed: the rest of its run is skipped (environment and runner). */
let killed;
function markKilled(mutant) {
  killed = mutant;
}
function isKilled(mutant) {
  return mutant !== undefined && killed === mutant;
}

module.exports = { activeMutant, isKilled, markKilled, record, suitesCovering, suiteMs };
