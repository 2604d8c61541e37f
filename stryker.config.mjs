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
   * jwt-auth.guard.ts
   * - none.
   *
   * jwt.strategy.ts
   * - validate's `request[RAW_TOKEN] ?? ''` with the '' made another string (not covered): the
   *   fallback cannot run, the guard sets RAW_TOKEN before it starts passport, and '' would only
   *   name the cache entry. Killing it takes removing the unreachable fallback from src/.
   *
   * token.verifier.ts, login-lockout.service.ts: not measured by a complete run yet.
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
