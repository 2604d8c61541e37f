/**
 * Test order of the mutation runs: cheapest suite first, so that a mutant is usually killed by a
 * unit spec or a short suite before the long ones start; the environment skips what is left of a
 * run once a test has failed. A suite's cost for a mutant is its load and hooks plus the tests
 * that cover the mutant (coverage-map.js), not the whole suite: a suite with one long test is
 * cheap for the mutants that test does not cover. Jest's own order puts the slowest first.
 */
const Sequencer = require('@jest/test-sequencer').default;
const { activeMutant, suiteCost } = require('./coverage-map');

class CheapestFirst extends Sequencer {
  sort(tests) {
    const mutant = activeMutant();
    const cost = (test) => suiteCost(test.path, mutant);
    return [...tests].sort((a, b) => cost(a) - cost(b) || a.path.localeCompare(b.path));
  }
}

module.exports = CheapestFirst;
