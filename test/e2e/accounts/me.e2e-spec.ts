import { createUser } from '../../factories/users.factory';
import { ApiKit } from '../../support/api-kit';
import {
  ACCESS_BLACKLISTED,
  BAD_CREDENTIALS,
  BLACKLISTED,
  expectNotAuthenticated,
  ISO_UTC,
  NOT_FOUND,
  PASSWORD,
  SESSION_KEYS,
  SessionBody,
  TOO_SHORT,
  USER_KEYS,
  UserBody,
} from '../../support/contract';
import { databaseTargets } from '../../support/databases';
import { useTestApp } from '../../support/test-app';
import { decode, Pair } from '../../support/tokens';
import { sleep } from '../../support/sleep';

describe.each(databaseTargets())('/api/me/profile, /api/me/password, /api/me/sessions on $name', (target) => {
  const app = useTestApp(target, { LOGIN_IP_MAX_PER_MINUTE: '100000', LOGIN_MAX_FAILURES: '1000' });

  const kit = new ApiKit(() => app, 'me-e2e/1.0');
  const { unique, newAccount, tryLogin, loginAs, refresh, call, sidOf } = kit;
  const { expectAccessRejected, expectSessionDead, expectSessionAlive, auditOf } = kit;
  const get = (path: string, access?: string) => call('get', path, access);
  const del = (path: string, access?: string) => call('delete', path, access);
  const changePassword = (access: string | undefined, body: object) =>
    call('post', '/api/me/password', access).send(body);

  async function sessionsOf(access: string): Promise<SessionBody[]> {
    const response = await get('/api/me/sessions', access).expect(200);
    return response.body as SessionBody[];
  }

  describe('GET /api/me/profile', () => {
    it('answers the caller as a user object, with exact keys and no password', async () => {
      const account = await newAccount('profile', { email: 'Profile@Example.com', scopes: ['read:messages', 'b'] });
      const pair = await loginAs(account);
      const response = await get('/api/me/profile', pair.access).expect(200);
      const body = response.body as UserBody;
      expect(Object.keys(body).sort()).toEqual(USER_KEYS);
      expect(body).toEqual({
        id: account.id,
        username: account.username,
        email: 'Profile@Example.com',
        is_active: true,
        is_staff: false,
        scopes: ['read:messages', 'b'],
        last_login: expect.stringMatching(ISO_UTC),
        date_joined: expect.stringMatching(ISO_UTC),
      });
      expect(Date.parse(body.last_login ?? '')).toBeGreaterThanOrEqual(Date.parse(body.date_joined));
      expect(Math.abs(Date.parse(body.last_login ?? '') - Date.now())).toBeLessThan(60_000);
      expect(response.text).not.toMatch(/password|hash/i);
    });

    it('shows staff flags and an empty scope list', async () => {
      const username = unique('profile-staff');
      const user = await createUser(app, { username, isStaff: true });
      const pair = await loginAs({ username, password: PASSWORD });
      const body = (await get('/api/me/profile', pair.access).expect(200)).body as UserBody;
      expect(body).toEqual({
        id: user.id,
        username,
        email: '',
        is_active: true,
        is_staff: true,
        scopes: [],
        last_login: expect.stringMatching(ISO_UTC),
        date_joined: user.createdAt.toISOString(),
      });
    });

    it('is 401 without a token', async () => {
      expectNotAuthenticated(await get('/api/me/profile'));
    });

    it('is 401 with a malformed token', async () => {
      const response = await get('/api/me/profile', 'not-a-jwt').expect(401);
      expect(response.body).toEqual({
        detail: 'Given token not valid for any token type',
        code: 'token_not_valid',
        messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid or expired' }],
      });
      expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
    });
  });

  describe('GET /api/me/sessions', () => {
    it('lists live sessions, marking only the caller as current', async () => {
      const account = await newAccount('list');
      const other = await newAccount('list-other');
      const first = await loginAs(account, 'Browser-A/1.0');
      const second = await loginAs(account, 'Browser-B/2.0');
      await loginAs(other, 'Other/1.0');

      const fromFirst = await sessionsOf(first.access);
      expect(fromFirst).toHaveLength(2);
      for (const session of fromFirst) {
        expect(Object.keys(session).sort()).toEqual(SESSION_KEYS);
        expect(session.created_at).toMatch(ISO_UTC);
        expect(session.last_used_at).toMatch(ISO_UTC);
        expect(session.expires_at).toMatch(ISO_UTC);
        expect(session.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
        // REFRESH_TOKEN_LIFETIME defaults to one day.
        expect(Date.parse(session.expires_at) - Date.parse(session.created_at)).toBe(86_400_000);
      }
      const byId = new Map(fromFirst.map((session) => [session.id, session]));
      expect([...byId.keys()].sort()).toEqual([sidOf(first.refresh), sidOf(second.refresh)].sort());
      expect(byId.get(sidOf(first.refresh))).toMatchObject({ current: true, user_agent: 'Browser-A/1.0' });
      expect(byId.get(sidOf(second.refresh))).toMatchObject({ current: false, user_agent: 'Browser-B/2.0' });

      const fromSecond = await sessionsOf(second.access);
      expect(fromSecond.filter((session) => session.current).map((session) => session.id)).toEqual([
        sidOf(second.refresh),
      ]);
      expect(JSON.stringify(fromSecond)).not.toContain(first.refresh);
      expect(JSON.stringify(fromSecond)).not.toContain(decode(first.refresh).jti as string);
    });

    it('updates user_agent and last_used_at at refresh, keeping the session id', async () => {
      const account = await newAccount('list-refresh');
      const pair = await loginAs(account, 'Old-Agent/1.0');
      const [before] = await sessionsOf(pair.access);
      expect(before).toMatchObject({ id: sidOf(pair.refresh), user_agent: 'Old-Agent/1.0', current: true });

      await sleep(50);
      const next = (await refresh(pair.refresh, 'New-Agent/2.0').expect(200)).body as Pair;
      const [after] = await sessionsOf(next.access);
      expect(after).toMatchObject({
        id: before.id,
        created_at: before.created_at,
        ip: before.ip,
        user_agent: 'New-Agent/2.0',
        current: true,
      });
      expect(Date.parse(after.last_used_at)).toBeGreaterThan(Date.parse(before.last_used_at));
    });

    it('records no user agent when none is sent', async () => {
      const account = await newAccount('list-noua');
      const response = await app
        .request()
        .post('/api/token/')
        .unset('User-Agent')
        .send({ username: account.username, password: account.password })
        .expect(200);
      const [session] = await sessionsOf((response.body as Pair).access);
      expect(session.user_agent).toBeNull();
    });

    it('leaves out sessions that were logged out', async () => {
      const account = await newAccount('list-logout');
      const kept = await loginAs(account);
      const gone = await loginAs(account);
      await app.request().post('/api/token/blacklist/').send({ refresh: gone.refresh }).expect(200, {});
      const sessions = await sessionsOf(kept.access);
      expect(sessions.map((session) => session.id)).toEqual([sidOf(kept.refresh)]);
    });

    it('is 401 without a token', async () => {
      expectNotAuthenticated(await get('/api/me/sessions'));
    });
  });

  describe('DELETE /api/me/sessions/:id', () => {
    it('ends another session of the caller at once: its refresh and access tokens are rejected', async () => {
      const account = await newAccount('del-one');
      const caller = await loginAs(account);
      const victim = await loginAs(account);

      const response = await del(`/api/me/sessions/${sidOf(victim.refresh)}`, caller.access).expect(204);
      expect(response.text).toBe('');

      await refresh(victim.refresh).expect(401, BLACKLISTED);
      const rejected = await get('/api/me', victim.access).expect(401);
      expect(rejected.body.messages[0].message).toBe('Token is blacklisted');
      expect(rejected.body).toEqual(ACCESS_BLACKLISTED);

      await expectSessionAlive(caller);
      const listed = await sessionsOf(caller.access);
      expect(listed.map((session) => session.id)).toEqual([sidOf(caller.refresh)]);

      const revoked = await auditOf(account.id, 'session_revoked');
      expect(revoked.map((event) => [event.sessionId, event.detail])).toEqual([
        [sidOf(victim.refresh), { reason: 'user', by: account.id }],
      ]);
    });

    it("ends the caller's own current session", async () => {
      const account = await newAccount('del-self');
      const pair = await loginAs(account);
      await del(`/api/me/sessions/${sidOf(pair.refresh)}`, pair.access).expect(204);
      await expectSessionDead(pair);
    });

    it("is 404 for another user's session, which stays alive", async () => {
      const account = await newAccount('del-mine');
      const stranger = await newAccount('del-theirs');
      const caller = await loginAs(account);
      const theirs = await loginAs(stranger);
      await del(`/api/me/sessions/${sidOf(theirs.refresh)}`, caller.access).expect(404, NOT_FOUND);
      await expectSessionAlive(theirs);
      expect(await auditOf(stranger.id, 'session_revoked')).toEqual([]);
    });

    it('is 404 for unknown, malformed and already revoked ids', async () => {
      const account = await newAccount('del-404');
      const caller = await loginAs(account);
      const ended = await loginAs(account);
      await del(`/api/me/sessions/${sidOf(ended.refresh)}`, caller.access).expect(204);

      for (const id of ['0123456789abcdef0123456789abcdef', 'not-a-session', '12345', sidOf(ended.refresh)]) {
        await del(`/api/me/sessions/${id}`, caller.access).expect(404, NOT_FOUND);
      }
      await expectSessionAlive(caller);
    });

    it('is 401 without a token', async () => {
      const account = await newAccount('del-401');
      const pair = await loginAs(account);
      expectNotAuthenticated(await del(`/api/me/sessions/${sidOf(pair.refresh)}`));
      await expectSessionAlive(pair);
    });
  });

  describe('DELETE /api/me/sessions', () => {
    it('logs out everywhere, the current session included, and counts the sessions', async () => {
      const account = await newAccount('del-all');
      const bystander = await newAccount('del-all-other');
      const pairs = [await loginAs(account), await loginAs(account), await loginAs(account)];
      const theirs = await loginAs(bystander);

      await del('/api/me/sessions', pairs[0].access).expect(200, { revoked: 3 });

      for (const pair of pairs) await expectSessionDead(pair);
      await expectSessionAlive(theirs);

      const fresh = await loginAs(account);
      const listed = await sessionsOf(fresh.access);
      expect(listed.map((session) => session.id)).toEqual([sidOf(fresh.refresh)]);
      await del('/api/me/sessions', fresh.access).expect(200, { revoked: 1 });
      await expectAccessRejected(fresh.access);

      const revoked = await auditOf(account.id, 'session_revoked');
      expect(revoked.map((event) => event.detail)).toEqual(Array(4).fill({ reason: 'user', by: account.id }));
    });

    it('is 401 without a token', async () => {
      expectNotAuthenticated(await del('/api/me/sessions'));
    });
  });

  describe('POST /api/me/password', () => {
    it('changes the password, ends every other session at once and keeps the current one', async () => {
      const account = await newAccount('pw');
      const others = [await loginAs(account), await loginAs(account)];
      const current = await loginAs(account);
      const newPassword = 'brand-new-secret-42';

      const response = await changePassword(current.access, {
        old_password: account.password,
        new_password: newPassword,
      }).expect(204);
      expect(response.text).toBe('');

      for (const pair of others) {
        await refresh(pair.refresh).expect(401, BLACKLISTED);
        const rejected = await get('/api/me', pair.access).expect(401);
        expect(rejected.body.messages[0].message).toBe('Token is blacklisted');
      }
      await get('/api/me/profile', current.access).expect(200);
      const rotated = await expectSessionAlive(current);
      await get('/api/me', rotated.access).expect(200);

      await tryLogin(account.username, account.password).expect(401, BAD_CREDENTIALS);
      await tryLogin(account.username, newPassword).expect(200);

      const changed = await auditOf(account.id, 'password_changed');
      expect(changed).toHaveLength(1);
      expect(changed[0].sessionId).toBe(sidOf(current.refresh));
      expect(changed[0].detail ?? {}).toEqual({});
      const revoked = await auditOf(account.id, 'session_revoked');
      expect(revoked.map((event) => event.sessionId).sort()).toEqual(others.map((pair) => sidOf(pair.refresh)).sort());
      for (const event of revoked) expect(event.detail).toEqual({ reason: 'password_changed', by: account.id });
    });

    it('never trims the new password', async () => {
      const account = await newAccount('pw-spaces');
      const pair = await loginAs(account);
      await changePassword(pair.access, { old_password: account.password, new_password: '  spaced secret  ' }).expect(
        204,
      );
      await tryLogin(account.username, 'spaced secret').expect(401, BAD_CREDENTIALS);
      await tryLogin(account.username, '  spaced secret  ').expect(200);
    });

    it('refuses a wrong old password and changes nothing', async () => {
      const account = await newAccount('pw-wrong');
      const other = await loginAs(account);
      const current = await loginAs(account);
      await changePassword(current.access, {
        old_password: 'not-my-password',
        new_password: 'another-secret-1',
      }).expect(400, { old_password: ['Wrong password.'] });
      // A wrong old password wins over a weak new one.
      await changePassword(current.access, { old_password: 'not-my-password', new_password: 'short' }).expect(400, {
        old_password: ['Wrong password.'],
      });
      await expectSessionAlive(other);
      await tryLogin(account.username, account.password).expect(200);
      await tryLogin(account.username, 'another-secret-1').expect(401, BAD_CREDENTIALS);
      expect(await auditOf(account.id, 'password_changed')).toEqual([]);
    });

    it('answers DRF field errors for missing, blank and null fields', async () => {
      const account = await newAccount('pw-fields');
      const pair = await loginAs(account);
      await changePassword(pair.access, {}).expect(400, {
        old_password: ['This field is required.'],
        new_password: ['This field is required.'],
      });
      await changePassword(pair.access, { old_password: '', new_password: '' }).expect(400, {
        old_password: ['This field may not be blank.'],
        new_password: ['This field may not be blank.'],
      });
      await changePassword(pair.access, { old_password: account.password, new_password: null }).expect(400, {
        new_password: ['This field may not be null.'],
      });
      await changePassword(pair.access, { old_password: account.password }).expect(400, {
        new_password: ['This field is required.'],
      });
    });

    it('refuses weak new passwords under new_password and keeps the old one', async () => {
      const account = await newAccount('pw-weak');
      const other = await loginAs(account);
      const pair = await loginAs(account);
      const cases: Array<[string, string[]]> = [
        ['short', [TOO_SHORT]],
        ['1234567', [TOO_SHORT, 'This password is entirely numeric.']],
        ['12345678901', ['This password is entirely numeric.']],
        [account.username.toUpperCase(), ['The password is too similar to the username.']],
        ['x'.repeat(73), ['This password is too long. It must contain at most 72 bytes.']],
      ];
      for (const [newPassword, problems] of cases) {
        await changePassword(pair.access, { old_password: account.password, new_password: newPassword }).expect(400, {
          new_password: problems,
        });
      }
      await expectSessionAlive(other);
      await tryLogin(account.username, account.password).expect(200);
      expect(await auditOf(account.id, 'password_changed')).toEqual([]);
    });

    it('is 401 without a token', async () => {
      expectNotAuthenticated(
        await changePassword(undefined, { old_password: PASSWORD, new_password: 'does-not-matter-1' }),
      );
    });
  });
});
