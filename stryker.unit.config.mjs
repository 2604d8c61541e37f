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
  // Mutants that loop forever (the cache's eviction) time out: a unit spec needs far less.
  timeoutMS: 5000,
  /*
   * Survivors, and why they stay (all equivalent):
   *
   * key.ring.ts
   * - readHeader `dot > 0` made `dot >= 0`: with the dot first, `slice(0, 0)` is '' anyway.
   * - readHeader's fallback '' made "Stryker was here!": it is not base64url either, so it is
   *   refused like ''.
   * - readHeader's `new Error('not an object')` message: it is caught and replaced by the token
   *   error at once, so no caller ever sees it.
   * - keyWithoutKid `if (this.published.length === 1)` made `if (false)`: a ring of one key
   *   then finds that key by its signature, or falls back to it; only the signature check is
   *   saved.
   * The KID anchors and bounds are killed by a ring built with names the configuration would
   * refuse (the ring does not rely on that check), the BASE64URL anchors by headers with a
   * foreign character at either end.
   *
   * revocation.list.ts
   * - `known < keepUntilMs` made `<=`: it only re-writes the same time.
   *
   * password.hasher.ts
   * - `dummyHash = ''` made "Stryker was here!": onModuleInit replaces it before any request.
   * - the dummy password 'dummy password that never matches' made '': the outcome of a
   *   comparison against the dummy hash is never returned (`hash !== null` is false there, and
   *   the extra comparison after a cheaper hash only spends time). What the dummy hash must be,
   *   a bcrypt hash of the configured cost, is checked by counting and inspecting comparisons.
   */
  mutate: groups.UNIT_MUTATE,
  jsonReporter: { fileName: 'reports/mutation/unit.json' },
};
