// @ts-check
import groups from './test/mutation/groups.js';

// SQLite only: the test runners inherit this environment.
delete process.env.TEST_MYSQL_URL;
const name = process.env.MUTATION_GROUP ?? '';
const group = groups.GROUPS[name];

/**
 * Mutation testing of the security core (docs/mutation.md). `npm run test:mutation`
 * (scripts/mutation.js) runs stryker.unit.config.mjs (the pure parts, unit specs), then this one
 * once per group of test/mutation/groups.js (the services, each group against the HTTP suites
 * written for it: `MUTATION_GROUP=tokens npx stryker run stryker.config.mjs` runs one), then
 * merges the reports into reports/mutation/mutation.json and checks every file's score.
 *
 * `ignoreStatic`: here a mutant only counts as static when no test covers it at all (module-level
 * constants; test/mutation/hook-coverage.environment.js gives each suite's beforeAll to its tests).
 * Running every HTTP suite once per such mutant would cost more than the rest of the run.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  // One TypeScript checker and one test runner, then two test runners once every mutant is checked.
  concurrency: 2,
  // Added to 1.5 times the covering tests' own time; jest's testTimeout (15 s) catches a hung request first.
  timeoutMS: 10000,
  // The first run of every HTTP suite with coverage, on a busy 2-core machine.
  dryRunTimeoutMinutes: 30,
  /*
   * Survivors, and why they stay:
   *
   * rotation.service.ts
   * - logout: `if (!revoked) throw` made `if (false)`. `revoke` returns false only when another
   *   request revoked the session between this one's read and its write; the session ends either
   *   way. Killing it takes two logouts of one token racing into that window.
   * - reuseDetected: `if (!revoked) return` made `if (false)`. Same window: of two concurrent
   *   reuses only the one that revoked should write `refresh_reuse_detected`. A test would count
   *   audit rows after many parallel reuses of one predecessor, and could still pass by luck.
   *
   * jwt-auth.guard.ts (tokens group, 23:58 run: 17 killed, 3 timed out, 3 survived)
   * - the catch around the cache lookup removed: killed since by the bearer suite's revoked
   *   session whose token the guard had cached (its 401 body and header differ); checked by hand,
   *   not yet by a run.
   * - `if (cached !== undefined)` made `if (false)`, and its block emptied: equivalent for every
   *   client, the full check answers the same; only the CPU differs (the cache is an
   *   optimisation, measured in BENCHMARKS.md).
   *
   * jwt.strategy.ts
   * - validate's `request[RAW_TOKEN] ?? ''` with the '' made another string (not covered): the
   *   fallback cannot run, the guard sets RAW_TOKEN before it starts passport, and '' would only
   *   name the cache entry. Killing it takes removing the unreachable fallback from src/.
   *
   * token.verifier.ts (tokens group, 23:58 run: 31 killed, 4 survived)
   * - `token.length > MAX_TOKEN_LENGTH` made `false` or `>=`, and `if (!options.ignoreExpiration)`
   *   made `if (true)`: killed since by token.verifier.spec (signature checks counted at the
   *   bound and with ignoreExpiration); not yet confirmed by a run.
   * - the catch of `jwt.verify` emptied: equivalent, an undefined payload then fails the claims
   *   check with the same "Token is invalid or expired".
   *
   * login-lockout.service.ts
   * - status's `select: { username: true, lockedUntil: true }` made `{}`, and forgetStale's
   *   `select: { username: true }` made `{}` or `{ username: false }`: equivalent, more columns
   *   are read and only these are used.
   * - status's `hasFailures: row !== null` made `true`: equivalent for every client, a login of a
   *   name without failures then sends a DELETE that matches no row.
   *
   *
   * revocation.service.ts (from reading: its one run, stopped at 26 of 52 mutants on a loaded
   * machine, timed out on all it ran, these included; see docs/mutation.md)
   * - revoke `return revoked !== undefined` made `true`: false only when another request revoked
   *   the session between the caller's read and this transaction; its callers in
   *   rotation.service.ts are the two survivors above, the same window.
   * - `select: { id: true }` (revokeAllOfUser) and `select: { id: true, userId: true }` made `{}`
   *   or `{ id: false }`: equivalent, more columns are read and only id and userId are used.
   * - `if (ids.length === 0) return 0` made `if (false)`: equivalent, TypeORM writes `In([])` as
   *   `0=1`, so nothing is revoked and the count is 0 anyway.
   * - `if (result.affected === 1)` made `if (true)`: equivalent on SQLite, where the transaction
   *   that found the session unrevoked is the only writer until it commits. On MySQL it takes two
   *   instances revoking one session at once and a count of its `session_revoked` rows.
   * - `if (done.length > 0)` made `if (true)` or `>= 0`: equivalent, TypeORM inserts nothing for
   *   an empty array.
   *
   * sessions.service.ts and revocation.sync.ts: no complete run yet. Read from the code, these
   * should stay (each to be confirmed by a run):
   * - findLive's `/^[0-9a-f]{32}$/` with an anchor dropped or the class negated, and its
   *   `if (...) return null` made `if (false)`: equivalent on SQLite, the lookup by id matches no
   *   row for any other string (MySQL's case-insensitive collation would match an upper-case id).
   * - listLive's `createdAt: 'DESC'` and trimToLimit's `addOrderBy('s.id', 'ASC')`: tie-breaks
   *   between sessions last used in the same millisecond, which no request can arrange.
   * - sync: `if (this.polling) return` made `if (false)`: only when a round outlasts the
   *   interval. `Math.max(cursor, this.lastSeenId)` / `this.lastSeenId = Math.max(...)` made
   *   `Math.min`, either `where` branch made `{}`, `rows.length < BATCH` made `<=` or `false`,
   *   `order: { id: 'ASC' }` made `{}` (SQLite reads by primary key anyway): rounds read rows
   *   again, and re-adding is harmless. `newest?.max ?? 0` made `&&`: the boot round reads the
   *   whole log. `this.timer.unref()` dropped and the shutdown's `if (this.timer)` made
   *   `true`/`false`: nothing a client sees. `prune(Date.now())` dropped: entries outlive their
   *   tokens, which are refused as expired anyway. The warning's text: logs are silent in tests.
   */
  mutate: group ? group.mutate : Object.values(groups.GROUPS).flatMap((each) => each.mutate),
  reporters: ['json', 'clear-text', 'progress-append-only'],
  jsonReporter: { fileName: `reports/mutation/http-${name || 'all'}.json` },
  thresholds: { high: 95, low: 90, break: null },
  // Not copied into the sandbox: other runs' sandboxes, reports, builds, benchmarks.
  ignorePatterns: ['/.stryker-tmp*', '/reports', '/dist', '/data', '/coverage', '/bench'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
