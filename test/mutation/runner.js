/**
 * Jest runner of the mutation runs: jest's own, one suite at a time (Stryker runs jest in band),
 * stopping before the next suite once the mutant is killed. Loading an HTTP suite (the whole
 * application's module graph) costs more than running its tests, so a mutant that the first,
 * cheapest suite kills should load no other.
 */
const TestRunner = require('jest-runner').default;
const { activeMutant, isKilled } = require('./coverage-map');

class BailingRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    if (!options.serial) return super.runTests(tests, watcher, options);
    for (const test of tests) {
      if (isKilled(activeMutant()) || watcher.isInterrupted()) return;
      await super.runTests([test], watcher, options);
    }
  }
}

module.exports = BailingRunner;
