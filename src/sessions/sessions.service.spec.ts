import { loadSettings } from '../config/settings';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';
import { clockAt, CLIENT, SessionsLayer, sessionsLayer } from '../../test/support/sessions-layer';

const T = 1_700_000_000;

/** Only `grantOf`, which reads the session it is given: no database is opened. */
function grantOf(session: Partial<Session>) {
  const settings = loadSettings({
    JWT_SIGNING_KEY: 'unit-test-signing-key-0123456789abcdef-unit-test-signing-key-01',
    DATABASE_URL: 'sqlite://:memory:',
    REFRESH_TOKEN_LIFETIME: '1h',
  });
  const service = new SessionsService(
    undefined as never,
    undefined as never,
    undefined as never,
    settings.tokens,
    settings.sessions,
  );
  return service.grantOf({ id: 's'.repeat(32), userId: 7, currentJti: 'j', ...session } as Session);
}

describe('SessionsService.grantOf', () => {
  it('dates a never rotated session from its creation, for one refresh lifetime', () => {
    expect(
      grantOf({ createdAt: new Date(T * 1000 + 999), rotatedAt: null, maxExpiresAt: new Date((T + 86400) * 1000) }),
    ).toEqual({ sessionId: 's'.repeat(32), userId: 7, jti: 'j', issuedAt: T, expiresAt: T + 3600 });
  });

  it('dates a rotated session from its last rotation, never past its absolute end', () => {
    const session = { createdAt: new Date((T - 600) * 1000), rotatedAt: new Date(T * 1000) };
    expect(grantOf({ ...session, maxExpiresAt: new Date((T + 86400) * 1000) })).toMatchObject({
      issuedAt: T,
      expiresAt: T + 3600,
    });
    expect(grantOf({ ...session, maxExpiresAt: new Date((T + 60) * 1000) })).toMatchObject({
      issuedAt: T,
      expiresAt: T + 60,
    });
  });
});

describe('SessionsService on a database', () => {
  const NOW_MS = 1_800_000_000_250;
  const NOW = 1_800_000_000;
  let layer: SessionsLayer;
  beforeEach(async () => {
    layer = await sessionsLayer({
      REFRESH_TOKEN_LIFETIME: '1h',
      SESSION_MAX_LIFETIME: '2h',
      MAX_SESSIONS_PER_USER: '2',
    });
    clockAt(NOW_MS);
  });
  afterEach(async () => {
    jest.useRealTimers();
    await layer.close();
  });

  const at = (seconds: number) => new Date(seconds * 1000);

  it('opens a session at generation 0 with its first token, for one refresh lifetime within the maximum', async () => {
    const userId = await layer.user();
    const claims = await layer.sessions.open(userId, CLIENT);
    expect(claims).toEqual({
      sessionId: expect.stringMatching(/^[0-9a-f]{32}$/),
      userId,
      jti: expect.stringMatching(/^[0-9a-f]{32}$/),
      issuedAt: NOW,
      expiresAt: NOW + 3600,
    });
    expect(await layer.row(claims.sessionId)).toMatchObject({
      userId,
      currentJti: claims.jti,
      previousJti: null,
      rotatedAt: null,
      generation: 0,
      createdAt: at(NOW),
      lastUsedAt: new Date(NOW_MS),
      expiresAt: at(NOW + 3600),
      maxExpiresAt: at(NOW + 7200),
      revokedAt: null,
      revokedReason: null,
      ip: CLIENT.ip,
      userAgent: CLIENT.userAgent,
    });
    // A longer lifetime (a sliding session's) still ends with the session.
    const long = await layer.sessions.open(userId, CLIENT, 3 * 3600);
    expect(long.expiresAt).toBe(NOW + 7200);
    expect((await layer.row(long.sessionId)).expiresAt).toEqual(at(NOW + 7200));
  });

  it('keeps at most MAX_SESSIONS_PER_USER live sessions, revoking the least recently used', async () => {
    const [alice, bob] = [await layer.user(), await layer.user()];
    const opened = [await layer.sessions.open(alice, CLIENT), await layer.sessions.open(alice, CLIENT)];
    const bobs = await layer.sessions.open(bob, CLIENT);
    // The higher id is used later: the lower one is now the least recently used, the opposite
    // of what an order by id alone would pick.
    const [low, high] = opened.map((claims) => claims.sessionId).sort();
    await layer.dataSource.query('UPDATE sessions SET last_used_at = ? WHERE id = ?', [
      new Date(NOW_MS + 5000).toISOString().replace('T', ' ').replace('Z', ''),
      high,
    ]);
    const third = await layer.sessions.open(alice, CLIENT);

    expect((await layer.row(low)).revokedReason).toBe('max_sessions');
    expect((await layer.row(high)).revokedAt).toBeNull();
    expect((await layer.row(third.sessionId)).revokedAt).toBeNull();
    expect((await layer.row(bobs.sessionId)).revokedAt).toBeNull();
    expect((await layer.events('session_revoked')).map((event) => event.detail)).toEqual([
      { reason: 'max_sessions', by: 'system' },
    ]);
  });

  it('among sessions last used at the same moment, trims by id', async () => {
    const alice = await layer.user();
    const sessions = [await layer.sessions.open(alice, CLIENT), await layer.sessions.open(alice, CLIENT)];
    const [low, high] = sessions.map((claims) => claims.sessionId).sort();
    await layer.sessions.open(alice, CLIENT);
    expect((await layer.row(high)).revokedReason).toBe('max_sessions');
    expect((await layer.row(low)).revokedAt).toBeNull();
  });

  it('does not count revoked or expired sessions against the limit', async () => {
    const alice = await layer.user();
    const revoked = await layer.sessions.open(alice, CLIENT);
    await layer.revocations.revoke(revoked.sessionId, 'logout', alice);
    const expired = await layer.sessions.open(alice, CLIENT);
    await layer.dataSource.query("UPDATE sessions SET expires_at = '2020-01-01 00:00:00.000' WHERE id = ?", [
      expired.sessionId,
    ]);
    const kept = await layer.sessions.open(alice, CLIENT);
    await layer.sessions.open(alice, CLIENT);
    expect((await layer.row(kept.sessionId)).revokedAt).toBeNull();
    expect((await layer.row(expired.sessionId)).revokedAt).toBeNull();
    expect((await layer.events('session_revoked')).map((event) => event.detail)).toEqual([
      { reason: 'logout', by: alice },
    ]);
  });

  it("records a sliding token's use only on a live session of that user", async () => {
    const [alice, bob] = [await layer.user(), await layer.user()];
    const live = await layer.sessions.open(alice, CLIENT);
    const other = { ip: '198.51.100.9', userAgent: 'other/2' };
    clockAt(NOW_MS + 60_000);

    expect(await layer.sessions.touch(live.sessionId, bob, other)).toBe(false);
    expect(await layer.row(live.sessionId)).toMatchObject({ lastUsedAt: new Date(NOW_MS), ip: CLIENT.ip });
    expect(await layer.sessions.touch(live.sessionId, alice, other)).toBe(true);
    expect(await layer.row(live.sessionId)).toMatchObject({
      lastUsedAt: new Date(NOW_MS + 60_000),
      ip: other.ip,
      userAgent: other.userAgent,
    });

    const revoked = await layer.sessions.open(alice, CLIENT);
    await layer.revocations.revoke(revoked.sessionId, 'logout', alice);
    expect(await layer.sessions.touch(revoked.sessionId, alice, other)).toBe(false);
    // Expired: its expiry is now.
    clockAt((NOW + 3600) * 1000);
    expect(await layer.sessions.touch(live.sessionId, alice, other)).toBe(false);
  });

  it('lists the live sessions of one user, most recently used first, then newest first', async () => {
    const roomy = await sessionsLayer({ MAX_SESSIONS_PER_USER: '10' });
    try {
      const [alice, bob] = [await roomy.user(), await roomy.user()];
      const open = () => roomy.sessions.open(alice, CLIENT);
      const setColumn = (column: string, value: string, sessionId: string) =>
        roomy.dataSource.query(`UPDATE sessions SET ${column} = ? WHERE id = ?`, [value, sessionId]);
      const [a, b, c, revoked, expired] = [await open(), await open(), await open(), await open(), await open()];
      await roomy.revocations.revoke(revoked.sessionId, 'logout', alice);
      await setColumn('expires_at', '2020-01-01 00:00:00.000', expired.sessionId);
      await roomy.sessions.open(bob, CLIENT);
      // b and c were last used at the same moment, and c was created later; a was used before.
      await setColumn('last_used_at', '2027-01-15 08:00:00.000', a.sessionId);
      for (const { sessionId } of [b, c]) await setColumn('last_used_at', '2027-01-15 08:00:30.000', sessionId);
      await setColumn('created_at', '2027-01-15 08:00:05.000', c.sessionId);
      expect((await roomy.sessions.listLive(alice)).map((session) => session.id)).toEqual([
        c.sessionId,
        b.sessionId,
        a.sessionId,
      ]);
    } finally {
      await roomy.close();
    }
  });

  it("revokes a user's own live session, and answers 404 for anyone else's, an expired one or a malformed id", async () => {
    const [alice, bob] = [await layer.user(), await layer.user()];
    const own = await layer.sessions.open(alice, CLIENT);
    const notFound = { status: 404, code: 'not_found' };
    await expect(layer.sessions.revokeOwn(bob, own.sessionId, bob)).rejects.toMatchObject(notFound);
    await expect(layer.sessions.revokeOwn(alice, own.sessionId.toUpperCase(), alice)).rejects.toMatchObject(notFound);
    await expect(layer.sessions.revokeOwn(alice, 'f'.repeat(32), alice)).rejects.toMatchObject(notFound);
    expect((await layer.row(own.sessionId)).revokedAt).toBeNull();

    await layer.sessions.revokeOwn(alice, own.sessionId, alice);
    expect((await layer.row(own.sessionId)).revokedReason).toBe('user');
    await expect(layer.sessions.revokeOwn(alice, own.sessionId, alice)).rejects.toMatchObject(notFound);

    const later = await layer.sessions.open(alice, CLIENT);
    clockAt((NOW + 3600) * 1000);
    await expect(layer.sessions.revokeOwn(alice, later.sessionId, alice)).rejects.toMatchObject(notFound);
    clockAt((NOW + 3600) * 1000 - 1);
    await layer.sessions.revokeOwn(alice, later.sessionId, alice);
  });

  it("lets an admin revoke anyone's live session, and answers 404 for an unknown one", async () => {
    const alice = await layer.user();
    const session = await layer.sessions.open(alice, CLIENT);
    await expect(layer.sessions.revokeAny('0'.repeat(32), 99)).rejects.toMatchObject({ status: 404 });
    await expect(layer.sessions.revokeAny(`${session.sessionId}0`, 99)).rejects.toMatchObject({ status: 404 });
    await layer.sessions.revokeAny(session.sessionId, 99);
    expect((await layer.row(session.sessionId)).revokedReason).toBe('admin');
    expect((await layer.events('session_revoked'))[0].detail).toEqual({ reason: 'admin', by: 99 });
    await expect(layer.sessions.revokeAny(session.sessionId, 99)).rejects.toMatchObject({ status: 404 });
  });

  it("revokes all of a user's sessions with the reason given", async () => {
    const alice = await layer.user();
    const [a, b] = [await layer.sessions.open(alice, CLIENT), await layer.sessions.open(alice, CLIENT)];
    expect(await layer.sessions.revokeAllOf(alice, 'user', alice)).toBe(2);
    expect((await layer.row(a.sessionId)).revokedReason).toBe('user');
    expect((await layer.row(b.sessionId)).revokedReason).toBe('user');
  });
});
