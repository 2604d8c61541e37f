/**
 * Test order of the mutation runs: cheapest suite first (by the dry run's times), so that a mutant
 * is usually killed by a unit spec or a short suite before the long ones start; the environment
 * skips what is left of a run once a test has failed. Jest's own order puts the slowest first.
 */
const Sequencer = require('@jest/test-sequencer').default;
const { suiteMs } = require('./coverage-map');

class CheapestFirst extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => suiteMs(a.path) - suiteMs(b.path) || a.path.localeCompare(b.path));
  }
}

module.exports = CheapestFirst;
