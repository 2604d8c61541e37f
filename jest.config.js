/** Unit specs beside the code, HTTP suites in test/; type checking is `npm run typecheck`'s job. */
module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  testRegex: ['src/.*\\.spec\\.ts$', 'test/.*\\.e2e-spec\\.ts$'],
  // Stryker's sandbox, while `npm run test:mutation` runs.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
