/**
 * The HTTP run is split into groups, each mutating a few files against the suites written for
 * them: every request passes through the guard, so with all suites in one run each of its
 * surviving mutants would load every suite of the project.
 * scripts/mutation.js runs the groups one after another (MUTATION_GROUP names the current one).
 */
const GROUPS = {
  sessions: {
    mutate: [
      'src/sessions/rotation.service.ts',
      'src/sessions/sessions.service.ts',
      'src/sessions/revocation.service.ts',
      'src/sessions/revocation.sync.ts',
    ],
    specs: [
      'src/sessions/.*\\.spec\\.ts$',
      'test/e2e/security/security-core\\.e2e-spec\\.ts$',
      'test/e2e/sessions/rotation\\.e2e-spec\\.ts$',
      'test/e2e/sessions/rotation-audit\\.e2e-spec\\.ts$',
      'test/e2e/sessions/multi-instance\\.e2e-spec\\.ts$',
      'test/e2e/sessions/limits\\.e2e-spec\\.ts$',
      'test/e2e/sessions/revocation\\.e2e-spec\\.ts$',
    ],
  },
  // The guard and the lockout share a run: each mutant loads only the suites that cover it, and
  // a run of its own would cost another start-up and dry run.
  tokens: {
    mutate: [
      'src/tokens/token.verifier.ts',
      'src/tokens/jwt-auth.guard.ts',
      'src/tokens/jwt.strategy.ts',
      'src/users/login-lockout.service.ts',
    ],
    specs: [
      'src/tokens/.*\\.spec\\.ts$',
      'test/e2e/tokens/bearer\\.e2e-spec\\.ts$',
      'test/e2e/tokens/verified-token-cache\\.e2e-spec\\.ts$',
      'test/e2e/tokens/sliding\\.e2e-spec\\.ts$',
      'test/e2e/security/lockout\\.e2e-spec\\.ts$',
    ],
  },
};

/** The pure parts, mutated against their unit specs only (stryker.unit.config.mjs). */
const UNIT_MUTATE = [
  'src/sessions/rotation.standing.ts',
  'src/sessions/revocation.list.ts',
  'src/sessions/jti.chain.ts',
  'src/tokens/token.claims.ts',
  'src/tokens/key.ring.ts',
  'src/tokens/verified-token.cache.ts',
  'src/users/password.hasher.ts',
];

/** The unit specs of the pure parts (stryker.unit.config.mjs). */
const UNIT_SPECS = [
  'src/sessions/.*\\.spec\\.ts$',
  'src/tokens/.*\\.spec\\.ts$',
  'src/users/password\\.hasher\\.spec\\.ts$',
];

module.exports = { GROUPS, UNIT_MUTATE, UNIT_SPECS };
