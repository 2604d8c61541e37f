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
  'test/security-core\\.e2e-spec\\.ts$',
  'test/rotation\\.e2e-spec\\.ts$',
  'test/verified-token-cache\\.e2e-spec\\.ts$',
  'test/multi-instance\\.e2e-spec\\.ts$',
  'test/sessions-limits\\.e2e-spec\\.ts$',
  'test/sliding\\.e2e-spec\\.ts$',
  'test/security/lockout\\.e2e-spec\\.ts$',
];

module.exports = {
  ...base,
  testRegex: [...UNIT_SPECS, ...HTTP_SUITES],
  globalSetup: undefined,
  // An absolute path: Stryker loads the environment itself, without jest's <rootDir>.
  testEnvironment: require.resolve('./test/mutation/hook-coverage.environment.js'),
};
