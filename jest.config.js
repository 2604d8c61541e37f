const { existsSync } = require('node:fs');

/** The Galera cluster suite needs galera-4 and root (it starts mariadbd as user mysql). */
const galera = existsSync('/usr/lib/galera/libgalera_smm.so') && process.getuid?.() === 0;

/** Unit specs beside the code, HTTP suites in test/e2e/; type checking is `npm run typecheck`'s job. */
const shared = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  // Stryker's sandbox, while `npm run test:mutation` runs.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp', ...(galera ? [] : ['<rootDir>/test/cluster/'])],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testEnvironment: 'node',
};

module.exports = {
  testTimeout: 60000,
  maxWorkers: 2,
  projects: [
    { ...shared, displayName: 'unit', testRegex: ['src/.*\\.spec\\.ts$', 'test/mutation/.*\\.spec\\.ts$'] },
    {
      ...shared,
      displayName: 'e2e',
      testRegex: ['test/.*\\.e2e-spec\\.ts$'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
