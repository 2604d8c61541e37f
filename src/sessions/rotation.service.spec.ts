import { TOKEN_MESSAGES } from '../http/token.error';
import { clockAt, CLIENT, SessionsLayer, sessionsLayer } from '../../test/support/sessions-layer';
import { PresentedRefresh } from './rotation.standing';
import { Session } from './session.entity';

const NOW_MS = 1_800_000_000_250;
const NOW = 1_800_000_000;
const at = (seconds: number) => new Date(seconds * 1000);
const BLACKLISTED = { code: 'token_not_valid', reason: TOKEN_MESSAGES.blacklisted };

/** RotationService on a real (in-memory SQLite) database, with a fake clock. */
describe('RotationService on a database', () => {
  let layer: SessionsLayer;
  let userId: number;
  let first: PresentedRefresh;

  async function start(env: Record<string, string> = {}): Promise<void> {
    layer = await sessionsLayer({ REFRESH_TOKEN_LIFETIME: '1h', SESSION_MAX_LIFETIME: '3h', ...env });
    clockAt(NOW_MS);
    userId = await layer.user();
    const claims = await layer.sessions.open(userId, CLIENT);
    first = { sessionId: claims.sessionId, userId, jti: claims.jti };
  }
  afterEach(async () => {
    jest.useRealTimers();
    jest.restoreAllMocks();
    await layer.close();
  });

  const successor = (presented: PresentedRefresh): PresentedRefresh => ({
    ...presented,
    jti: layer.chain.successorOf(presented.sessionId, presented.jti),
  });
  const rotate = (presented: PresentedRefresh, client = CLIENT) => layer.rotation.rotate(presented, client);
  const eventsOf = async (event: Parameters<SessionsLayer['events']>[0]) =>
    (await layer.events(event)).map(({ userId: user, sessionId, ip, userAgent, detail }) => ({
      user,
      sessionId,
      ip,
      userAgent,
      detail,
    }));

  /** `auth_refreshes_total` as Prometheus would scrape it. */
  const refreshesCounted = async () => {
    const line = (await layer.metrics.registry.metrics())
      .split('\n')
      .find((l) => l.startsWith('auth_refreshes_total '));
    return Number(line?.split(' ')[1]);
  };

  describe('an exchange of the current token', () => {
    beforeEach(() => start());

    it('rotates the session to the derived successor, for one refresh lifetime, with its audit event', async () => {
      const client = { ip: '198.51.100.4', userAgent: 'rotating/3' };
      clockAt(NOW_MS + 60_000);
      const claims = await layer.rotation.rotate(first, client, { grant_type: 'refresh_token' });
      expect(claims).toEqual({
        sessionId: first.sessionId,
        userId,
        jti: successor(first).jti,
        issuedAt: NOW + 60,
        expiresAt: NOW + 60 + 3600,
      });
      expect(await layer.row(first.sessionId)).toMatchObject({
        currentJti: successor(first).jti,
        previousJti: first.jti,
        rotatedAt: at(NOW + 60),
        generation: 1,
        lastUsedAt: new Date(NOW_MS + 60_000),
        expiresAt: at(NOW + 60 + 3600),
        maxExpiresAt: at(NOW + 3 * 3600),
        revokedAt: null,
        ip: client.ip,
        userAgent: client.userAgent,
      });
      expect(await eventsOf('refresh')).toEqual([
        { user: userId, sessionId: first.sessionId, ...client, detail: { grant_type: 'refresh_token' } },
      ]);
      expect(await refreshesCounted()).toBe(1);
      await expect(rotate(first)).rejects.toMatchObject(BLACKLISTED);
      expect(await refreshesCounted()).toBe(1);
    });

    it('ends the successor with the session near SESSION_MAX_LIFETIME, and refuses the session past it', async () => {
      const nearEnd = NOW + 3 * 3600 - 1800;
      clockAt(nearEnd * 1000);
      const claims = await rotate(first);
      expect(claims).toMatchObject({ issuedAt: nearEnd, expiresAt: NOW + 3 * 3600, jti: successor(first).jti });
      expect(await layer.row(first.sessionId)).toMatchObject({
        generation: 1,
        previousJti: first.jti,
        expiresAt: at(NOW + 3 * 3600),
      });
      expect(await eventsOf('refresh')).toHaveLength(1);

      // One refresh lifetime before the end exactly: the successor still gets its whole lifetime.
      clockAt((NOW + 3 * 3600 - 3600) * 1000);
      const again = await rotate(successor(first));
      expect(again.expiresAt).toBe(NOW + 3 * 3600);

      clockAt((NOW + 3 * 3600) * 1000);
      await expect(rotate(successor(successor(first)))).rejects.toMatchObject({
        code: 'token_not_valid',
        reason: TOKEN_MESSAGES.invalid,
      });
      expect((await layer.row(first.sessionId)).generation).toBe(2);
    });

    it('near the end, loses to an exchange that lands between its read and its UPDATE: that is theft', async () => {
      // Another user's session (first's) is stored before this one: a read of the wrong row finds it.
      const owner = await layer.user();
      const opened = await layer.sessions.open(owner, CLIENT);
      const mine: PresentedRefresh = { sessionId: opened.sessionId, userId: owner, jti: opened.jti };
      clockAt((NOW + 3 * 3600 - 1800) * 1000);
      const rows = layer.dataSource.getRepository(Session);
      const read = rows.findOneBy.bind(rows);
      let raced = false;
      jest.spyOn(rows, 'findOneBy').mockImplementation(async (where) => {
        const row = await read(where);
        if (!raced) {
          raced = true;
          await rotate(mine);
        }
        return row;
      });
      await expect(rotate(mine)).rejects.toMatchObject(BLACKLISTED);
      expect(await layer.row(mine.sessionId)).toMatchObject({ generation: 1, revokedReason: 'reuse_detected' });
      expect((await eventsOf('refresh_reuse_detected')).map((event) => event.sessionId)).toEqual([mine.sessionId]);
    });

    it('rotates a chain, each token once', async () => {
      let presented = first;
      for (let generation = 1; generation <= 3; generation++) {
        const claims = await rotate(presented);
        presented = { ...presented, jti: claims.jti };
        expect((await layer.row(first.sessionId)).generation).toBe(generation);
      }
      expect(await eventsOf('refresh')).toHaveLength(3);
    });

    it('refuses a token whose user does not own the session, and leaves the session alone', async () => {
      const mallory = await layer.user();
      await expect(rotate({ ...first, userId: mallory })).rejects.toMatchObject(BLACKLISTED);
      await expect(layer.rotation.logout({ ...first, userId: mallory }, CLIENT)).rejects.toMatchObject(BLACKLISTED);
      await expect(layer.rotation.assertCurrent({ ...first, userId: mallory })).rejects.toMatchObject(BLACKLISTED);
      expect(await layer.row(first.sessionId)).toMatchObject({ generation: 0, revokedAt: null });
      expect(await layer.events('refresh')).toEqual([]);
    });

    it('refuses a revoked session and an unknown one as blacklisted', async () => {
      await layer.revocations.revoke(first.sessionId, 'admin', 1);
      await expect(rotate(first)).rejects.toMatchObject(BLACKLISTED);
      await expect(rotate({ ...first, sessionId: 'e'.repeat(32) })).rejects.toMatchObject(BLACKLISTED);
      expect((await layer.row(first.sessionId)).generation).toBe(0);
    });
  });

  describe('a retired token, without a grace window', () => {
    beforeEach(() => start({ REFRESH_REUSE_GRACE: '0s' }));

    it('is theft: the session is revoked and the reuse recorded with its kind', async () => {
      await rotate(first);
      await expect(rotate(first)).rejects.toMatchObject(BLACKLISTED);
      expect(await layer.row(first.sessionId)).toMatchObject({ revokedReason: 'reuse_detected', generation: 1 });
      expect(layer.list.has(first.sessionId)).toBe(true);
      expect(await eventsOf('refresh_reuse_detected')).toEqual([
        { user: userId, sessionId: first.sessionId, ...CLIENT, detail: { kind: 'recent_predecessor' } },
      ]);
      // The thief's successor dies with the session.
      await expect(rotate(successor(first))).rejects.toMatchObject(BLACKLISTED);
      expect(await layer.events('refresh_reuse_detected')).toHaveLength(1);
    });

    it('of an older generation is theft of that kind', async () => {
      await rotate(first);
      await rotate(successor(first));
      await expect(rotate(first)).rejects.toMatchObject(BLACKLISTED);
      expect((await eventsOf('refresh_reuse_detected')).map((event) => event.detail)).toEqual([
        { kind: 'older_generation' },
      ]);
    });

    it('ends the session at logout, recording who and from where', async () => {
      await layer.rotation.logout(first, CLIENT);
      expect(await layer.row(first.sessionId)).toMatchObject({ revokedReason: 'logout' });
      expect(await eventsOf('logout')).toEqual([{ user: userId, sessionId: first.sessionId, ...CLIENT, detail: null }]);
      expect((await layer.events('session_revoked'))[0].detail).toEqual({ reason: 'logout', by: userId });
      await expect(layer.rotation.logout(first, CLIENT)).rejects.toMatchObject(BLACKLISTED);
      expect(await layer.events('logout')).toHaveLength(1);
    });

    it('at logout is theft as well: the session ends as reused, and the logout is refused', async () => {
      await rotate(first);
      await expect(layer.rotation.logout(first, CLIENT)).rejects.toMatchObject(BLACKLISTED);
      expect(await layer.row(first.sessionId)).toMatchObject({ revokedReason: 'reuse_detected' });
      expect(await layer.events('logout')).toEqual([]);
      expect(await layer.events('refresh_reuse_detected')).toHaveLength(1);
    });

    it('refuses a logout, and records nothing, when another revocation lands between its read and its write', async () => {
      const revoke = layer.revocations.revoke.bind(layer.revocations);
      jest.spyOn(layer.revocations, 'revoke').mockImplementationOnce(async (...args) => {
        await revoke(first.sessionId, 'admin', 1);
        return revoke(...args);
      });
      await expect(layer.rotation.logout(first, CLIENT)).rejects.toMatchObject(BLACKLISTED);
      expect((await layer.row(first.sessionId)).revokedReason).toBe('admin');
      expect(await layer.events('logout')).toEqual([]);
    });

    it('records a theft once, by the exchange that revoked the session', async () => {
      await rotate(first);
      const revoke = layer.revocations.revoke.bind(layer.revocations);
      jest.spyOn(layer.revocations, 'revoke').mockImplementationOnce(async (...args) => {
        await revoke(first.sessionId, 'admin', 1);
        return revoke(...args);
      });
      await expect(rotate(first)).rejects.toMatchObject(BLACKLISTED);
      expect((await layer.row(first.sessionId)).revokedReason).toBe('admin');
      expect(await layer.events('refresh_reuse_detected')).toEqual([]);
    });

    it('past the session maximum, logout says the token is invalid', async () => {
      clockAt((NOW + 3 * 3600) * 1000);
      await expect(layer.rotation.logout(first, CLIENT)).rejects.toMatchObject({ reason: TOKEN_MESSAGES.invalid });
      expect((await layer.row(first.sessionId)).revokedAt).toBeNull();
    });

    it('is only checked, never punished, by assertCurrent', async () => {
      expect((await layer.rotation.assertCurrent(first)).id).toBe(first.sessionId);
      await rotate(first);
      await expect(layer.rotation.assertCurrent(first)).rejects.toMatchObject(BLACKLISTED);
      expect((await layer.row(first.sessionId)).revokedAt).toBeNull();
      clockAt((NOW + 3 * 3600) * 1000);
      await expect(layer.rotation.assertCurrent(successor(first))).rejects.toMatchObject({
        reason: TOKEN_MESSAGES.invalid,
      });
    });
  });

  describe('a retired token within REFRESH_REUSE_GRACE', () => {
    beforeEach(() => start({ REFRESH_REUSE_GRACE: '10s' }));

    it('is handed the same successor again until the window ends, then it is theft', async () => {
      const claims = await rotate(first);
      clockAt(NOW_MS + 10_000);
      expect(await rotate(first)).toEqual({ ...claims, issuedAt: NOW, expiresAt: NOW + 3600 });
      expect((await layer.row(first.sessionId)).generation).toBe(1);
      const [, again] = await eventsOf('refresh');
      expect(again).toEqual({ user: userId, sessionId: first.sessionId, ...CLIENT, detail: null });
      clockAt(NOW_MS + 11_000);
      await expect(rotate(first)).rejects.toMatchObject(BLACKLISTED);
      expect((await layer.row(first.sessionId)).revokedReason).toBe('reuse_detected');
    });
  });

  describe('an exchange whose outcome the client never learned', () => {
    const lost = () => Object.assign(new Error('Connection lost: The server closed the connection.'), { fatal: true });
    /** The database commits, and the answer is lost on the way back. */
    function loseTheAnswerOnce(): void {
      const real = layer.dataSource.transaction.bind(layer.dataSource);
      jest.spyOn(layer.dataSource, 'transaction').mockImplementationOnce((async (work: never) => {
        await real(work);
        throw lost();
      }) as never);
    }
    /** The database is unreachable: nothing is written. */
    function failBeforeOnce(): void {
      jest.spyOn(layer.dataSource, 'transaction').mockImplementationOnce(() => Promise.reject(lost()));
    }
    beforeEach(() => start({ REFRESH_REUSE_GRACE: '0s' }));

    it('hands its retry the successor it committed, once; a second replay is theft', async () => {
      loseTheAnswerOnce();
      await expect(rotate(first)).rejects.toThrow(/Connection lost/);
      expect((await layer.row(first.sessionId)).generation).toBe(1);
      clockAt(NOW_MS + 5 * 60_000);
      expect(await rotate(first)).toMatchObject({ jti: successor(first).jti, issuedAt: NOW });
      expect((await layer.row(first.sessionId)).revokedAt).toBeNull();
      await expect(rotate(first)).rejects.toMatchObject(BLACKLISTED);
      expect((await layer.row(first.sessionId)).revokedReason).toBe('reuse_detected');
    });

    it('remembers each such exchange by its own token', async () => {
      const second = await layer.sessions.open(userId, CLIENT);
      const other: PresentedRefresh = { sessionId: second.sessionId, userId, jti: second.jti };
      loseTheAnswerOnce();
      await expect(rotate(first)).rejects.toThrow(/Connection lost/);
      loseTheAnswerOnce();
      await expect(rotate(other)).rejects.toThrow(/Connection lost/);
      expect(await rotate(first)).toMatchObject({ jti: successor(first).jti });
      expect(await rotate(other)).toMatchObject({ jti: successor(other).jti });
    });

    it('stops counting it as such five minutes after', async () => {
      loseTheAnswerOnce();
      await expect(rotate(first)).rejects.toThrow(/Connection lost/);
      clockAt(NOW_MS + 5 * 60_000 + 1);
      await expect(rotate(first)).rejects.toMatchObject(BLACKLISTED);
    });

    it('forgets it once an exchange of that token succeeded', async () => {
      failBeforeOnce();
      await expect(rotate(first)).rejects.toThrow(/Connection lost/);
      expect((await layer.row(first.sessionId)).generation).toBe(0);
      await rotate(first);
      await expect(rotate(first)).rejects.toMatchObject(BLACKLISTED);
    });

    it('does not hand a successor the session has moved past', async () => {
      loseTheAnswerOnce();
      await expect(rotate(first)).rejects.toThrow(/Connection lost/);
      await rotate(successor(first));
      await expect(rotate(first)).rejects.toMatchObject(BLACKLISTED);
      expect((await eventsOf('refresh_reuse_detected')).map((event) => event.detail)).toEqual([
        { kind: 'older_generation' },
      ]);
    });

    it('does not hand anything for a session revoked since', async () => {
      loseTheAnswerOnce();
      await expect(rotate(first)).rejects.toThrow(/Connection lost/);
      await layer.revocations.revoke(first.sessionId, 'admin', 1);
      await expect(rotate(first)).rejects.toMatchObject(BLACKLISTED);
    });

    it('remembers at most 10,000 such exchanges, forgetting the oldest first', async () => {
      const second = await layer.sessions.open(userId, CLIENT);
      const other: PresentedRefresh = { sessionId: second.sessionId, userId, jti: second.jti };
      loseTheAnswerOnce();
      await expect(rotate(first)).rejects.toThrow(/Connection lost/);
      jest.spyOn(layer.dataSource, 'transaction').mockImplementation(() => Promise.reject(lost()));
      const unknown = (n: number) => ({ sessionId: first.sessionId, userId, jti: n.toString(16).padStart(32, '0') });
      for (let n = 0; n < 9998; n++) await expect(rotate(unknown(n))).rejects.toThrow(/Connection lost/);
      jest.restoreAllMocks();
      loseTheAnswerOnce();
      await expect(rotate(other)).rejects.toThrow(/Connection lost/);
      // The 10,001st: the oldest (first's) is forgotten, the others are kept.
      failBeforeOnce();
      await expect(rotate(unknown(9998))).rejects.toThrow(/Connection lost/);
      expect(await rotate(other)).toMatchObject({ jti: successor(other).jti });
      await expect(rotate(first)).rejects.toMatchObject(BLACKLISTED);
    });

    it('is not remembered for a failure that is not an outage', async () => {
      const real = layer.dataSource.transaction.bind(layer.dataSource);
      jest.spyOn(layer.dataSource, 'transaction').mockImplementationOnce((async (work: never) => {
        await real(work);
        throw new Error('something else');
      }) as never);
      await expect(rotate(first)).rejects.toThrow('something else');
      await expect(rotate(first)).rejects.toMatchObject(BLACKLISTED);
    });
  });
});
