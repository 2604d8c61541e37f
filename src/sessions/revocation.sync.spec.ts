import { loadSettings } from '../config/settings';
import { ReadinessChecks } from '../health/readiness.checks';
import { RevocationList } from './revocation.list';
import { RevocationSync } from './revocation.sync';

const NOW = 1_700_000_000_000;

/** A sync that has not run a round: its staleness counts from its creation at NOW. */
function syncOf(env: Record<string, string>): {
  sync: RevocationSync;
  list: RevocationList;
  readiness: ReadinessChecks;
} {
  const settings = loadSettings({
    JWT_SIGNING_KEY: 'unit-test-signing-key-0123456789abcdef-unit-test-signing-key-01',
    DATABASE_URL: 'sqlite://:memory:',
    ...env,
  });
  jest.spyOn(Date, 'now').mockReturnValue(NOW);
  const list = new RevocationList();
  const readiness = new ReadinessChecks();
  const sync = new RevocationSync(undefined as never, list, undefined as never, settings.sessions, readiness);
  return { sync, list, readiness };
}

describe('RevocationSync staleness', () => {
  afterEach(() => jest.restoreAllMocks());

  it('is stale only past REVOCATION_MAX_STALENESS, and says for how long', () => {
    const { sync } = syncOf({ REVOCATION_MAX_STALENESS: '2s' });
    expect(sync.staleness(NOW + 2000)).toBeNull();
    expect(sync.staleness(NOW + 2001)).toBe('last successful revocation sync 2001 ms ago');
  });

  it('reports it as the revocation_sync readiness check', () => {
    const { readiness } = syncOf({ REVOCATION_MAX_STALENESS: '2s' });
    const checks = new Map(readiness.entries());
    expect([...checks.keys()]).toEqual(['revocation_sync']);
    jest.spyOn(Date, 'now').mockReturnValue(NOW + 2500);
    expect(checks.get('revocation_sync')?.()).toBe('last successful revocation sync 2500 ms ago');
  });

  it('with REVOCATION_FAIL_CLOSED, trusts the list for REVOCATION_MAX_STALENESS after a sync; without, always', () => {
    expect(syncOf({ REVOCATION_MAX_STALENESS: '2s', REVOCATION_FAIL_CLOSED: 'true' }).list.trustedUntilMs).toBe(
      NOW + 2000,
    );
    expect(syncOf({ REVOCATION_MAX_STALENESS: '2s' }).list.trustedUntilMs).toBe(Number.POSITIVE_INFINITY);
  });
});
