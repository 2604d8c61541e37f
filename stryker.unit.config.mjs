// @ts-check
import http from './stryker.config.mjs';
import groups from './test/mutation/groups.js';

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
    config: { testRegex: groups.UNIT_SPECS },
  },
  ignoreStatic: false,
  /*
   * Survivors, and why they stay:
   *
   * key.ring.ts
   * - KID without `^` or without `$`: equivalent. The kid must also name a key of the ring, and
   *   every kid there matches the full pattern (configured ones are checked at boot, derived ones
   *   are 16 hex digits or a 43-character thumbprint), so a kid that fails it misses the map too.
   * - readHeader `dot > 0` made `dot >= 0`, and its '' made another string: equivalent. With the
   *   dot first, `slice(0, 0)` is '' anyway; any non-base64url string is refused like ''.
   * - keyWithoutKid `if (this.published.length === 1)` made `if (false)`: equivalent, a ring of
   *   one key then finds that key by its signature, or falls back to it.
   * - readHeader's `new Error('not an object')` message: equivalent, it is caught and replaced by
   *   the token error at once.
   *
   * revocation.list.ts
   * - `known < keepUntilMs` made `<=`: equivalent, it only re-writes the same time.
   */
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
