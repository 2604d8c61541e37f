const { existsSync } = require('node:fs');

/** The Galera cluster suite needs galera-4 and root (it starts mariadbd as user mysql). */
const galera = existsSync('/usr/lib/galera/libgalera_smm.so') && process.getuid?.() === 0;

/** Unit specs beside the code, HTTP suites in test/; type checking is `npm run typecheck`'s job. */
module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  testRegex: ['src/.*\\.spec\\.ts$', 'test/.*\\.e2e-spec\\.ts$'],
  testPathIgnorePatterns: galera ? ['/node_modules/'] : ['/node_modules/', '<rootDir>/test/cluster/'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
