import { Logger } from '@nestjs/common';
import { Repository } from 'typeorm';
import { loadSettings } from '../config/settings';
import { SessionsLayer, sessionsLayer } from '../../test/support/sessions-layer';
import { SessionRevocation } from './session-revocation.entity';
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

describe('RevocationSync on a database', () => {
  // Retention with these settings: 300 s + 1.
  const RETENTION = 301;
  let layer: SessionsLayer;
  let log: Repository<SessionRevocation>;
  let remembered: jest.SpyInstance;
  let reads: jest.SpyInstance;
  beforeEach(async () => {
    layer = await sessionsLayer({
      ACCESS_TOKEN_LIFETIME: '300s',
      REVOCATION_SYNC_INTERVAL: '1s',
      REVOCATION_MAX_STALENESS: '60s',
    });
    log = layer.dataSource.getRepository(SessionRevocation);
    remembered = jest.spyOn(layer.revocations, 'remember');
    reads = jest.spyOn(log, 'find');
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await layer.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const sid = (n: number) => n.toString(16).padStart(32, '0');
  const revoked = (n: number, secondsAgo: number) => ({
    sessionId: sid(n),
    revokedAt: new Date((now() - secondsAgo) * 1000),
  });
  /** One round, as the timer runs it. */
  const round = () => (layer.sync as unknown as { poll(): Promise<void> }).poll();
  /** The sessions a round told the revocation service about, and how many queries it sent. */
  async function observe(work: () => Promise<void>): Promise<{ sessions: string[]; queries: number }> {
    remembered.mockClear();
    reads.mockClear();
    await work();
    return { sessions: remembered.mock.calls.map(([session]) => session as string), queries: reads.mock.calls.length };
  }

  it('at boot learns the revocations of one retention, and reads no older ones', async () => {
    await log.insert([revoked(1, RETENTION + 60), revoked(2, RETENTION - 60), revoked(3, 5)]);
    const boot = await observe(() => layer.sync.onApplicationBootstrap());
    expect(boot).toEqual({ sessions: [sid(2), sid(3)], queries: 1 });
    expect(layer.list.has(sid(2))).toBe(true);
    expect(layer.list.has(sid(1))).toBe(false);
  });

  it('then reads each round the revocations written since, and the late-commit window again', async () => {
    await log.insert([revoked(1, RETENTION - 60), revoked(2, 10)]);
    await layer.sync.onApplicationBootstrap();
    // A revocation that became visible late: committed long after its time.
    await log.insert([revoked(3, 100)]);
    expect(await observe(round)).toEqual({ sessions: [sid(2), sid(3)], queries: 1 });
    expect(layer.list.has(sid(3))).toBe(true);
    expect(await observe(round)).toEqual({ sessions: [sid(2)], queries: 1 });
    await log.insert([revoked(4, 0)]);
    expect(await observe(round)).toEqual({ sessions: [sid(2), sid(4)], queries: 1 });
  });

  it('reads a backlog larger than one batch in pages, all of it in one round', async () => {
    await layer.sync.onApplicationBootstrap();
    const backlog = Array.from({ length: 5001 }, (_, i) => revoked(i + 1, 100));
    for (let i = 0; i < backlog.length; i += 500) await log.insert(backlog.slice(i, i + 500));
    const first = await observe(round);
    expect(first.queries).toBe(2);
    expect(new Set(first.sessions).size).toBe(5001);
    expect(await observe(round)).toEqual({ sessions: [], queries: 1 });
  });

  it('runs one round at a time', async () => {
    await layer.sync.onApplicationBootstrap();
    await log.insert([revoked(1, 100)]);
    expect(await observe(() => Promise.all([round(), round()]).then(() => undefined))).toEqual({
      sessions: [sid(1)],
      queries: 1,
    });
  });

  it('counts a failed round as no round: it warns, and the staleness keeps growing until one succeeds', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const clock = jest.spyOn(Date, 'now');
    const start = Date.now();
    clock.mockReturnValue(start);
    await layer.sync.onApplicationBootstrap();
    await layer.dataSource.query('ALTER TABLE session_revocations RENAME TO moved_away');
    clock.mockReturnValue(start + 5000);
    await round();
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^revocation sync failed, retrying: .*session_revocations/),
    );
    expect(layer.sync.staleness(start + 5000)).toBe(null);
    expect(layer.sync.staleness(start + 5000 + 60_000)).toBe('last successful revocation sync 65000 ms ago');
    await layer.dataSource.query('ALTER TABLE moved_away RENAME TO session_revocations');
    await round();
    expect(layer.sync.staleness(start + 5000 + 60_000)).toBe(null);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('counts a round that found nothing as a successful one', async () => {
    const clock = jest.spyOn(Date, 'now');
    const start = Date.now();
    clock.mockReturnValue(start);
    await layer.sync.onApplicationBootstrap();
    clock.mockReturnValue(start + 30_000);
    expect(await observe(round)).toEqual({ sessions: [], queries: 1 });
    expect(layer.sync.staleness(start + 90_000)).toBe(null);
    expect(layer.sync.staleness(start + 90_001)).toMatch(/60001 ms ago$/);
  });

  it('polls every REVOCATION_SYNC_INTERVAL from boot until shutdown', async () => {
    await layer.sync.onApplicationBootstrap();
    await log.insert([revoked(1, 0)]);
    reads.mockClear();
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(layer.list.has(sid(1))).toBe(true);
    expect(reads).toHaveBeenCalledTimes(1);
    layer.sync.onApplicationShutdown();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(reads).toHaveBeenCalledTimes(1);
  });
});
