// @ts-check
import http from './stryker.config.mjs';
import jestConfig from './jest.mutation.config.js';

/**
 * First half of `npm run test:mutation`: the pure parts of the security core, against their unit
 * specs only. Their module-level constants (the sid, kid and base64url patterns, the token types,
 * MAX_TOKEN_LENGTH) are "static" mutants, which need every test run again with the mutant loaded:
 * cheap with unit specs only, so none is ignored here.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  ...http,
  // Each mutant runs only the specs that import its file.
  jest: {
    ...http.jest,
    enableFindRelatedTests: true,
    config: { testRegex: jestConfig.testRegex.filter((pattern) => pattern.startsWith('src/')) },
  },
  ignoreStatic: false,
  mutate: [
    'src/sessions/rotation.standing.ts',
    'src/sessions/revocation.list.ts',
    'src/sessions/jti.chain.ts',
    'src/tokens/token.claims.ts',
    'src/tokens/key.ring.ts',
    'src/tokens/verified-token.cache.ts',
    'src/users/password.hasher.ts',
  ],
  jsonReporter: { fileName: 'reports/mutation/unit.json' },
};
