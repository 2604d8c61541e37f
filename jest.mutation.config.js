/**
 * The specs that exercise the security core, for `npm run test:mutation` (docs/mutation.md):
 * unit specs of its pure parts and the HTTP suites that drive rotation, revocation, keys, the
 * guard and lockout. SQLite only: the stryker configs clear TEST_MYSQL_URL.
 */
const base = require('./jest.config');

const { GROUPS, UNIT_SPECS } = require('./test/mutation/groups');

const group = GROUPS[process.env.MUTATION_GROUP ?? ''];

// One flat configuration (Stryker runs jest without projects): the e2e project's settings.
const {
  displayName: _name,
  globalSetup: _setup,
  ...e2e
} = base.projects.find((project) => project.displayName === 'e2e');

module.exports = {
  ...e2e,
  // A mutant that leaves a request unanswered fails its test here, instead of waiting for
  // Stryker's timeout, which grows with the group's whole run time.
  testTimeout: 15000,
  maxWorkers: base.maxWorkers,
  testRegex: group ? group.specs : UNIT_SPECS,
  // Absolute paths: Stryker loads the environment itself, without jest's <rootDir>.
  testEnvironment: require.resolve('./test/mutation/hook-coverage.environment.js'),
  // A mutant runs only the suites that cover it, cheapest first, until one fails (test/mutation/).
  filter: require.resolve('./test/mutation/filter.js'),
  testSequencer: require.resolve('./test/mutation/sequencer.js'),
  runner: require.resolve('./test/mutation/runner.js'),
};
