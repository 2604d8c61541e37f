import { AuditEvent } from '../../../src/audit/audit-event.entity';
import { MAX_TOKEN_LENGTH } from '../../../src/tokens/key.ring';
import { ApiKit } from '../../support/api-kit';
import { BLACKLISTED, NOT_FOUND, SessionBody } from '../../support/contract';
import { databaseTargets } from '../../support/databases';
import { useTestApp } from '../../support/test-app';
import { craft, decode, Pair, variant } from '../../support/tokens';

/**
 * A refresh token stands for its own session only, for its own user only, and for the
 * current generation only (its immediate predecessor within the grace window). Every test
 * runs in a database holding several sessions, the first of them revoked, so that reading
 * any session other than the token's own shows. An access token describes its caller by its
 * claims alone.
 */
describe.each(databaseTargets())('the security core on $name', (target) => {
  const env = { REFRESH_REUSE_GRACE: '60s', REFRESH_TOKEN_LIFETIME: '1d', SESSION_MAX_LIFETIME: '2d' };
  const app = useTestApp(target, env, async (built) => {
    // The first session row of the database: revoked, so that any read of it refuses.
    const kit = new ApiKit(() => built, 'security-core-e2e/1.0');
    const first = await kit.loginAs(await kit.newAccount('first'));
    await built.request().post('/api/token/blacklist/').send({ refresh: first.refresh }).expect(200);
  });
  const kit = new ApiKit(() => app, 'security-core-e2e/1.0');
  const { newAccount, loginAs, refresh, call, sidOf, expectSessionDead, expectSessionAlive } = kit;
  const verify = (token: string) => app.request().post('/api/token/verify/').send({ token });
  const logout = (token: string) => app.request().post('/api/token/blacklist/').send({ refresh: token });
  const rotate = async (token: string): Promise<Pair> => (await refresh(token).expect(200)).body as Pair;

  const realNow = Date.now.bind(Date);

  /** Sets the service's clock (every `Date.now()` in this process) `seconds` ahead of the real one. */
  function clockAhead(seconds: number): void {
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + seconds * 1000);
  }

  afterEach(() => {
    jest.restoreAllMocks();
  });

  async function reuseEvents(sid: string): Promise<AuditEvent[]> {
    return app.dataSource.getRepository(AuditEvent).findBy({ event: 'refresh_reuse_detected', sessionId: sid });
  }

  describe('the grace window', () => {
    it('hands the predecessor the same successor inside the window, and treats it as theft after it', async () => {
      const account = await newAccount('grace');
      const r0 = await loginAs(account);
      const r1 = await rotate(r0.refresh);

      // A 60 s window: 30 s on is inside it however slow the machine, 61 s on is past it.
      clockAhead(30);
      expect((await rotate(r0.refresh)).refresh).toBe(r1.refresh);
      clockAhead(61);
      await refresh(r0.refresh).expect(401, BLACKLISTED);
      await expectSessionDead(r1);
      expect((await reuseEvents(sidOf(r0.refresh))).map((event) => event.detail)).toEqual([
        { kind: 'recent_predecessor' },
      ]);
    });
  });

  describe('the expiry written on login and rotation', () => {
    it('gives a new session the refresh lifetime, within SESSION_MAX_LIFETIME', async () => {
      const pair = await loginAs(await newAccount('login-expiry'));
      const claims = decode(pair.refresh);
      expect((claims.exp as number) - (claims.iat as number)).toBe(86400);
      const sessions = (await call('get', '/api/me/sessions', pair.access).expect(200)).body as SessionBody[];
      expect(sessions.map((session) => Date.parse(session.expires_at) / 1000)).toEqual([claims.exp]);
    });

    it('lists a rotated session until its new refresh token expires', async () => {
      const pair = await rotate((await loginAs(await newAccount('expiry'))).refresh);
      const sessions = (await call('get', '/api/me/sessions', pair.access).expect(200)).body as SessionBody[];
      expect(sessions.map((session) => session.id)).toEqual([sidOf(pair.refresh)]);
      expect(Date.parse(sessions[0].expires_at) / 1000).toBe(decode(pair.refresh).exp);
    });

    it('never extends a session beyond its absolute end (SESSION_MAX_LIFETIME 2d, refresh lifetime 1d)', async () => {
      const account = await newAccount('capped');
      const login = await loginAs(account);
      // Not used again: it has expired (unrevoked) when the sessions are listed.
      await loginAs(account);
      const maxEnd = (decode(login.refresh).iat as number) + 2 * 86400;
      clockAhead(20 * 3600);
      const early = await rotate(login.refresh);
      expect(decode(early.refresh).exp as number).toBeLessThan(maxEnd);
      clockAhead(40 * 3600);
      const late = await rotate(early.refresh);
      expect(decode(late.refresh).exp).toBe(maxEnd);
      const sessions = (await call('get', '/api/me/sessions', late.access).expect(200)).body as SessionBody[];
      expect(sessions.map((session) => Date.parse(session.expires_at) / 1000)).toEqual([maxEnd]);
    });
  });

  describe('several sessions', () => {
    it("verifies a token against its own session, not another's", async () => {
      const account = await newAccount('several');
      const [one, two] = [await loginAs(account), await loginAs(account)];
      await logout(one.refresh).expect(200);
      const listed = (await call('get', '/api/me/sessions', two.access).expect(200)).body as SessionBody[];
      expect(listed.map((session) => [session.id, session.current])).toEqual([[sidOf(two.refresh), true]]);
      await verify(two.refresh).expect(200, {});
      await verify(one.refresh).expect(401, BLACKLISTED);
      const rotated = await rotate(two.refresh);
      expect(sidOf(rotated.refresh)).toBe(sidOf(two.refresh));
      await verify(rotated.refresh).expect(200, {});
      await verify(two.refresh).expect(401, BLACKLISTED);
    });

    it("revokes one of the own live sessions by id, and nobody else's", async () => {
      const account = await newAccount('delete-own');
      const [one, two] = [await loginAs(account), await loginAs(account)];
      const stranger = await loginAs(await newAccount('stranger'));
      const remove = (access: string, id: string) => call('delete', `/api/me/sessions/${id}`, access);
      await remove(stranger.access, sidOf(one.refresh)).expect(404, NOT_FOUND);
      await remove(two.access, 'not-a-session-id').expect(404, NOT_FOUND);
      await remove(two.access, sidOf(one.refresh)).expect(204);
      await remove(two.access, sidOf(one.refresh)).expect(404, NOT_FOUND);
      await expectSessionDead(one);
      await expectSessionAlive(stranger);
      // Expired but never revoked: not a live session any more.
      const expired = await loginAs(account);
      clockAhead(86400 + 60);
      const fresh = await loginAs(account);
      await remove(fresh.access, sidOf(expired.refresh)).expect(404, NOT_FOUND);
    });

    it('logs out only the session of the token', async () => {
      const account = await newAccount('logout-one');
      const [one, two] = [await loginAs(account), await loginAs(account)];
      await logout(two.refresh).expect(200, {});
      await expectSessionDead(two);
      await expectSessionAlive(one);
      const events = await kit.auditOf(account.id, 'logout');
      expect(events.map((event) => [event.userId, event.sessionId])).toEqual([[account.id, sidOf(two.refresh)]]);
    });
  });

  describe("a validly signed token naming another user's session", () => {
    async function forgedFor(victim: Pair): Promise<string> {
      const attacker = await newAccount('attacker');
      return craft(variant(victim.refresh, { user_id: attacker.id }));
    }

    it('is refused by verify, refresh and logout, and the session lives on', async () => {
      const victim = await loginAs(await newAccount('victim'));
      const forged = await forgedFor(victim);
      await verify(forged).expect(401, BLACKLISTED);
      await refresh(forged).expect(401, BLACKLISTED);
      await logout(forged).expect(401, BLACKLISTED);
      await expectSessionAlive(victim);
      expect(await reuseEvents(sidOf(victim.refresh))).toEqual([]);
    });
  });

  describe('logout with a rotated-away token', () => {
    it('is theft: refused, and the whole session ends', async () => {
      const account = await newAccount('stolen');
      const r0 = await loginAs(account);
      const r1 = await rotate(r0.refresh);
      const r2 = await rotate(r1.refresh);
      await logout(r0.refresh).expect(401, BLACKLISTED);
      await expectSessionDead(r2);
      const events = await reuseEvents(sidOf(r0.refresh));
      expect(events.map((event) => [event.userId, event.detail])).toEqual([[account.id, { kind: 'older_generation' }]]);
    });

    it('is an ordinary logout for the predecessor within the grace window', async () => {
      const r0 = await loginAs(await newAccount('late-logout'));
      const r1 = await rotate(r0.refresh);
      await logout(r0.refresh).expect(200, {});
      await expectSessionDead(r1);
      expect(await reuseEvents(sidOf(r0.refresh))).toEqual([]);
    });
  });

  describe('the caller as its access token describes it (GET /api/me)', () => {
    const me = (access: string) => call('get', '/api/me', access);

    it('reads name, staff flag and scopes from the claims, the same on every use of the token', async () => {
      const account = await newAccount('claims');
      const { access } = await loginAs(account);
      const staff = craft(variant(access, { scope: ' read  write ', is_staff: true }));
      const plain = craft(variant(access, { name: undefined, scope: undefined, is_staff: 'true' }));
      for (let use = 0; use < 2; use++) {
        await me(staff).expect(200, {
          id: account.id,
          username: account.username,
          is_staff: true,
          scopes: ['read', 'write'],
        });
        await me(plain).expect(200, { id: account.id, username: '', is_staff: false, scopes: [] });
      }
    });
  });

  describe('token length', () => {
    /** A token of the user's session with a padding claim, exactly `length` characters long. */
    function tokenOfLength(base: string, length: number): string {
      const unpadded = craft(variant(base, { pad: '', extra: '' })).length;
      const estimate = Math.floor(((length - unpadded) * 3) / 4);
      for (let pad = estimate - 4; pad <= estimate + 4; pad++) {
        for (const extra of ['', 'x', 'xy']) {
          const token = craft(variant(base, { pad: 'p'.repeat(pad), extra }));
          if (token.length === length) return token;
        }
      }
      throw new Error(`no token of ${length} characters`);
    }

    it(`verifies a token of MAX_TOKEN_LENGTH (${MAX_TOKEN_LENGTH}) characters and refuses one longer`, async () => {
      const { access } = await loginAs(await newAccount('long'));
      await verify(tokenOfLength(access, MAX_TOKEN_LENGTH)).expect(200, {});
      await verify(tokenOfLength(access, MAX_TOKEN_LENGTH + 1)).expect(401);
    });
  });
});
