import { loadSettings, Settings } from '../config/settings';
import { RevocationList } from './revocation.list';
import { RevocationService } from './revocation.service';
import { clockAt, CLIENT, SessionsLayer, sessionsLayer } from '../../test/support/sessions-layer';

const SID = 'a'.repeat(32);

/** The service's pure part: how long a revoked session stays listed. No revocation is written. */
function serviceOf(env: Record<string, string>): { service: RevocationService; list: RevocationList } {
  const settings: Settings = loadSettings({
    JWT_SIGNING_KEY: 'unit-test-signing-key-0123456789abcdef-unit-test-signing-key-01',
    DATABASE_URL: 'sqlite://:memory:',
    ...env,
  });
  const list = new RevocationList();
  return { service: new RevocationService(undefined as never, list, undefined as never, settings.tokens), list };
}

describe('RevocationService retention', () => {
  it('lasts one access lifetime, plus the leeway, plus one second', () => {
    const { service } = serviceOf({ ACCESS_TOKEN_LIFETIME: '300s', JWT_LEEWAY: '5s', SLIDING_TOKEN_LIFETIME: '1h' });
    expect(service.retentionSeconds).toBe(306);
  });

  it('lasts the sliding lifetime when sliding tokens are on and live longer', () => {
    const env = { ACCESS_TOKEN_LIFETIME: '300s', SLIDING_TOKENS: 'true' };
    expect(serviceOf({ ...env, SLIDING_TOKEN_LIFETIME: '1h' }).service.retentionSeconds).toBe(3601);
    expect(serviceOf({ ...env, SLIDING_TOKEN_LIFETIME: '60s' }).service.retentionSeconds).toBe(301);
  });

  it('lists a remembered session until its revocation time plus the retention, in ms', () => {
    const { service, list } = serviceOf({ ACCESS_TOKEN_LIFETIME: '300s' });
    service.remember(SID, 1000);
    list.prune((1000 + 301) * 1000 - 1);
    expect(list.has(SID)).toBe(true);
    list.prune((1000 + 301) * 1000);
    expect(list.has(SID)).toBe(false);
  });
});

describe('RevocationService on a database', () => {
  let layer: SessionsLayer;
  beforeEach(async () => {
    layer = await sessionsLayer({ ACCESS_TOKEN_LIFETIME: '300s' });
  });
  afterEach(async () => {
    jest.useRealTimers();
    await layer.close();
  });

  async function openFor(userId: number): Promise<string> {
    return (await layer.sessions.open(userId, CLIENT)).sessionId;
  }

  it('revokes a live session once: its row, one log row, the local list and one audit event', async () => {
    const userId = await layer.user();
    const [target, other] = [await openFor(userId), await openFor(userId)];
    clockAt(1_800_000_000_500);

    expect(await layer.revocations.revoke(target, 'admin', 42)).toBe(true);
    expect(await layer.revocations.revoke(target, 'user', 43)).toBe(false);

    expect(await layer.row(target)).toMatchObject({
      revokedAt: new Date(1_800_000_000_000),
      revokedReason: 'admin',
    });
    expect(await layer.row(other)).toMatchObject({ revokedAt: null, revokedReason: null });
    expect((await layer.revocationLog()).map((row) => [row.sessionId, row.revokedAt])).toEqual([
      [target, new Date(1_800_000_000_000)],
    ]);
    expect(layer.list.has(target)).toBe(true);
    expect(layer.list.has(other)).toBe(false);
    // Listed until its last access token has expired: 300 s + leeway 0 + 1.
    layer.list.prune((1_800_000_000 + 301) * 1000 - 1);
    expect(layer.list.has(target)).toBe(true);
    const events = await layer.events('session_revoked');
    expect(events.map(({ userId: user, sessionId, detail }) => ({ user, sessionId, detail }))).toEqual([
      { user: userId, sessionId: target, detail: { reason: 'admin', by: 42 } },
    ]);
  });

  it('revokes nothing, and writes nothing, for an unknown session', async () => {
    await openFor(await layer.user());
    expect(await layer.revocations.revoke('f'.repeat(32), 'admin', 1)).toBe(false);
    expect(await layer.revocationLog()).toEqual([]);
    expect(await layer.events('session_revoked')).toEqual([]);
    expect(layer.list.size).toBe(0);
  });

  it("revokes all of one user's live sessions, sparing the one named, and counts them", async () => {
    const [alice, bob] = [await layer.user(), await layer.user()];
    const mine = [await openFor(alice), await openFor(alice), await openFor(alice)];
    const bobs = await openFor(bob);
    await layer.revocations.revoke(mine[0], 'logout', alice);

    expect(await layer.revocations.revokeAllOfUser(alice, 'password_changed', 'cli', mine[2])).toBe(1);
    expect((await layer.row(mine[0])).revokedReason).toBe('logout');
    expect((await layer.row(mine[1])).revokedReason).toBe('password_changed');
    expect((await layer.row(mine[2])).revokedAt).toBeNull();
    expect((await layer.row(bobs)).revokedAt).toBeNull();

    expect(await layer.revocations.revokeAllOfUser(alice, 'deactivated', 'system')).toBe(1);
    expect((await layer.row(mine[2])).revokedReason).toBe('deactivated');
    expect(await layer.revocations.revokeAllOfUser(alice, 'deactivated', 'system')).toBe(0);
    expect((await layer.revocationLog()).map((row) => row.sessionId)).toEqual([mine[0], mine[1], mine[2]]);
    expect((await layer.events('session_revoked')).map((event) => event.detail)).toEqual([
      { reason: 'logout', by: alice },
      { reason: 'password_changed', by: 'cli' },
      { reason: 'deactivated', by: 'system' },
    ]);
  });
});
