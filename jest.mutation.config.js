/**
 * The specs that exercise the security core, for `npm run test:mutation` (docs/mutation.md):
 * unit specs of its pure parts and the HTTP suites that drive rotation, revocation, keys, the
 * guard and lockout. SQLite only: the stryker configs clear TEST_MYSQL_URL.
 */
const base = require('./jest.config');

const UNIT_SPECS = [
  'src/sessions/.*\\.spec\\.ts$',
  'src/tokens/.*\\.spec\\.ts$',
  'src/users/password\\.hasher\\.spec\\.ts$',
];

const HTTP_SUITES = [
  'test/e2e/security/security-core\\.e2e-spec\\.ts$',
  'test/e2e/sessions/rotation\\.e2e-spec\\.ts$',
  'test/e2e/tokens/verified-token-cache\\.e2e-spec\\.ts$',
  'test/e2e/sessions/multi-instance\\.e2e-spec\\.ts$',
  'test/e2e/sessions/limits\\.e2e-spec\\.ts$',
  'test/e2e/sessions/revocation\\.e2e-spec\\.ts$',
  'test/e2e/tokens/sliding\\.e2e-spec\\.ts$',
  'test/e2e/security/lockout\\.e2e-spec\\.ts$',
];

// One flat configuration (Stryker runs jest without projects): the e2e project's settings.
const {
  displayName: _name,
  globalSetup: _setup,
  ...e2e
} = base.projects.find((project) => project.displayName === 'e2e');

module.exports = {
  ...e2e,
  testTimeout: base.testTimeout,
  maxWorkers: base.maxWorkers,
  testRegex: [...UNIT_SPECS, ...HTTP_SUITES],
  // An absolute path: Stryker loads the environment itself, without jest's <rootDir>.
  testEnvironment: require.resolve('./test/mutation/hook-coverage.environment.js'),
};
