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
  // The mutated files and what they import, without the files that import them (most of the
  // application, and every spec), which the checker re-checked for each mutant: the sessions
  // group took 20.0 minutes with tsconfig.json and 12.5 with this, the compiler refusing the same
  // 110 mutants. scripts/mutation.js stops when a mutated file is missing from it (its mutants
  // would pass the checker unchecked).
  tsconfigFile: 'tsconfig.mutation.json',
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
   * Survivors, and why they stay (from the run of 2026-12-02, scripts/mutation.js on a fresh clone;
   * docs/mutation.md has the scores):
   *
   * rotation.service.ts
   * - advance: `if (this.oneTrip.available)` made `false`, and the four mutants of the MariaDB
   *   branch under it (not covered): this run is SQLite only, where that branch never runs. The
   *   MySQL suite covers it (rotation-audit.e2e-spec.ts: exactly one one-trip statement per
   *   refresh, and no audit row for a refresh that matched nothing).
   *
   * revocation.service.ts
   * - `if (result.affected !== 1) continue` made `if (false)`: on SQLite the transaction that found
   *   the session unrevoked is the only writer until it commits. On MySQL it takes two instances
   *   revoking one session at once and a count of its `session_revocations` rows.
   *
   * sessions.service.ts
   * - findLive's `/^[0-9a-f]{32}$/` with either anchor dropped, and its `if (...) return null` made
   *   `if (false)`: equivalent on SQLite, where the lookup by id matches no row for any other
   *   string (MySQL's collation would match an upper-case id, or one with trailing spaces).
   *
   * jwt-auth.guard.ts: none since jwt-auth.guard.spec.ts checks that a cached token is answered
   * without a promise and a revoked one refused at once (before it, the cache lookup and its catch
   * survived: the full check answers the same, only slower).
   *
   * token.verifier.ts
   * - the catch of `jwt.verify` emptied: equivalent, an undefined payload then fails the claims
   *   check with the same "Token is invalid or expired".
   *
   * login-lockout.service.ts
   * - status's `select: { username: true, lockedUntil: true }` made `{}`, and forgetStale's
   *   `select: { username: true }` made `{}` or `{ username: false }`: equivalent, more columns
   *   are read and only these are used.
   * - status's `hasFailures: row !== null` made `true`: equivalent for every client, a login of a
   *   name without failures then sends a DELETE that matches no row.
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
