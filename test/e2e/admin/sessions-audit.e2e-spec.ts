import { AuditEvent, AUDIT_EVENTS } from '../../../src/audit/audit-event.entity';
import { Account, ApiKit, createStaff } from '../../support/api-kit';
import {
  BLACKLISTED,
  INVALID_PAGE,
  ISO_UTC,
  linkQuery,
  NOT_FOUND,
  Page,
  PASSWORD,
  SESSION_KEYS,
  SessionBody,
} from '../../support/contract';
import { databaseTargets } from '../../support/databases';
import { useTestApp } from '../../support/test-app';
import { decode, Pair } from '../../support/tokens';
import { sleep } from '../../support/sleep';

const EVENT_KEYS = ['at', 'detail', 'event', 'id', 'ip', 'sid', 'user_agent', 'user_id'];
const BAD_SINCE = { since: ['Enter a valid date/time in ISO 8601 format.'] };
const BAD_USER_ID = { user_id: ['A valid integer is required.'] };
const BAD_EVENT = { event: [`Select a valid choice: one of ${AUDIT_EVENTS.join(', ')}.`] };

interface EventBody {
  id: number;
  at: string;
  event: string;
  user_id: number | null;
  sid: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: Record<string, unknown>;
}

describe.each(databaseTargets())('admin sessions and audit on $name', (target) => {
  let admin: Account;
  const app = useTestApp(target, { LOGIN_MAX_FAILURES: '1000' }, async (app) => {
    admin = await createStaff(app);
  });

  const kit = new ApiKit(() => app, 'audit-e2e/1.0');
  const { newAccount, tryLogin, loginAs, refresh, call, sidOf, expectSessionDead, expectSessionAlive } = kit;
  const { expectStaffOnly } = kit;

  const adminAccess = () => kit.accessOf(admin);
  const logout = (token: string) => call('post', '/api/token/blacklist/').send({ refresh: token });

  async function adminSessions(userId: number, access: string): Promise<SessionBody[]> {
    return (await call('get', `/api/admin/users/${userId}/sessions`, access).expect(200)).body as SessionBody[];
  }

  async function audit(access: string, query: string): Promise<Page<EventBody>> {
    return (await call('get', `/api/admin/audit?${query}`, access).expect(200)).body as Page<EventBody>;
  }

  /** Every event matching `query`, across all pages. */
  async function auditAll(access: string, query: string): Promise<EventBody[]> {
    const events: EventBody[] = [];
    let page = await audit(access, `${query}&page_size=100`);
    events.push(...page.results);
    while (page.next !== null) {
      const next = new URL(page.next);
      page = (await call('get', `${next.pathname}${next.search}`, access).expect(200)).body as Page<EventBody>;
      events.push(...page.results);
    }
    return events;
  }

  const byId = (a: EventBody, b: EventBody) => a.id - b.id;
  const eventNames = (events: EventBody[]) => [...events].sort(byId).map((event) => event.event);

  describe('GET /api/admin/users/:id/sessions', () => {
    it("lists the user's live sessions, none of them current for the admin", async () => {
      const account = await newAccount('sessions');
      const other = await newAccount('sessions-other');
      const first = await loginAs(account, 'Phone/1.0');
      const second = await loginAs(account, 'Laptop/2.0');
      const ended = await loginAs(account, 'Ended/3.0');
      await logout(ended.refresh).expect(200, {});
      await loginAs(other);

      const sessions = await adminSessions(account.id, await adminAccess());
      expect(sessions).toHaveLength(2);
      for (const session of sessions) {
        expect(Object.keys(session).sort()).toEqual(SESSION_KEYS);
        expect(session.created_at).toMatch(ISO_UTC);
        expect(session.last_used_at).toMatch(ISO_UTC);
        expect(session.expires_at).toMatch(ISO_UTC);
        expect(typeof session.ip).toBe('string');
        expect(session.current).toBe(false);
      }
      const agents = new Map(sessions.map((session) => [session.id, session.user_agent]));
      expect(agents).toEqual(
        new Map([
          [sidOf(first.refresh), 'Phone/1.0'],
          [sidOf(second.refresh), 'Laptop/2.0'],
        ]),
      );
      const text = JSON.stringify(sessions);
      for (const token of [first.refresh, first.access, decode(first.refresh).jti as string]) {
        expect(text).not.toContain(token);
      }
    });

    it('answers an empty list for a user without sessions', async () => {
      const account = await newAccount('sessionless');
      expect(await adminSessions(account.id, await adminAccess())).toEqual([]);
    });

    it('is 404 for unknown and non-numeric user ids', async () => {
      const access = await adminAccess();
      for (const id of ['999999', 'abc', '-1', '1.5']) {
        await call('get', `/api/admin/users/${id}/sessions`, access).expect(404, NOT_FOUND);
      }
    });

    it('is 401 without a token and 403 for non-staff', async () => {
      const account = await newAccount('sessions-denied');
      await expectStaffOnly('get', `/api/admin/users/${account.id}/sessions`);
    });
  });

  describe('DELETE /api/admin/users/:id/sessions', () => {
    it("revokes every session of the user and counts them; other users' sessions live on", async () => {
      const account = await newAccount('revoke-all');
      const bystander = await newAccount('revoke-all-other');
      const pairs = [await loginAs(account), await loginAs(account), await loginAs(account)];
      const theirs = await loginAs(bystander);
      const access = await adminAccess();

      await call('delete', `/api/admin/users/${account.id}/sessions`, access).expect(200, { revoked: 3 });

      for (const pair of pairs) await expectSessionDead(pair);
      await expectSessionAlive(theirs);
      expect(await adminSessions(account.id, access)).toEqual([]);
      await call('delete', `/api/admin/users/${account.id}/sessions`, access).expect(200, { revoked: 0 });

      const revoked = await auditAll(access, `user_id=${account.id}&event=session_revoked`);
      expect(revoked.map((event) => event.sid).sort()).toEqual(pairs.map((pair) => sidOf(pair.refresh)).sort());
      for (const event of revoked) expect(event.detail).toEqual({ reason: 'admin', by: admin.id });

      // The user can log in again.
      await expectSessionAlive(await loginAs(account));
    });

    it('is 404 for unknown and non-numeric user ids', async () => {
      const access = await adminAccess();
      for (const id of ['999999', 'abc', '-1']) {
        await call('delete', `/api/admin/users/${id}/sessions`, access).expect(404, NOT_FOUND);
      }
    });

    it('is 401 without a token and 403 for non-staff, and revokes nothing', async () => {
      const account = await newAccount('revoke-all-denied');
      const pair = await loginAs(account);
      await expectStaffOnly('delete', `/api/admin/users/${account.id}/sessions`);
      await expectSessionAlive(pair);
    });
  });

  describe('DELETE /api/admin/sessions/:id', () => {
    it('revokes one session (204): its tokens are rejected, the others of the user live on', async () => {
      const account = await newAccount('revoke-one');
      const victim = await loginAs(account);
      const kept = await loginAs(account);
      const access = await adminAccess();

      const response = await call('delete', `/api/admin/sessions/${sidOf(victim.refresh)}`, access).expect(204);
      expect(response.text).toBe('');

      await expectSessionDead(victim);
      await expectSessionAlive(kept);
      expect((await adminSessions(account.id, access)).map((session) => session.id)).toEqual([sidOf(kept.refresh)]);
      await call('delete', `/api/admin/sessions/${sidOf(victim.refresh)}`, access).expect(404, NOT_FOUND);

      const revoked = await auditAll(access, `user_id=${account.id}&event=session_revoked`);
      expect(revoked.map((event) => [event.sid, event.detail])).toEqual([
        [sidOf(victim.refresh), { reason: 'admin', by: admin.id }],
      ]);
    });

    it('is 404 for unknown and malformed session ids', async () => {
      const access = await adminAccess();
      for (const id of ['0123456789abcdef0123456789abcdef', 'not-a-session', '42', 'ABCDEF']) {
        await call('delete', `/api/admin/sessions/${id}`, access).expect(404, NOT_FOUND);
      }
    });

    it('is 401 without a token and 403 for non-staff, and revokes nothing', async () => {
      const account = await newAccount('revoke-one-denied');
      const pair = await loginAs(account);
      await expectStaffOnly('delete', `/api/admin/sessions/${sidOf(pair.refresh)}`);
      await expectSessionAlive(pair);
    });
  });

  describe('GET /api/admin/audit', () => {
    it('answers events as {id, at, event, user_id, sid, ip, user_agent, detail}', async () => {
      const account = await newAccount('shape');
      const pair = await loginAs(account, 'Shape-Agent/7.0');
      const page = await audit(await adminAccess(), `user_id=${account.id}&event=login`);
      expect(page.count).toBe(1);
      expect(page.next).toBeNull();
      expect(page.previous).toBeNull();
      const [event] = page.results;
      expect(Object.keys(event).sort()).toEqual(EVENT_KEYS);
      expect(event).toEqual({
        id: expect.any(Number),
        at: expect.stringMatching(ISO_UTC),
        event: 'login',
        user_id: account.id,
        sid: sidOf(pair.refresh),
        ip: expect.any(String),
        user_agent: 'Shape-Agent/7.0',
        detail: {},
      });
      expect(Math.abs(Date.parse(event.at) - Date.now())).toBeLessThan(60_000);
    });

    it('filters by user_id and by event', async () => {
      const account = await newAccount('filtered');
      const other = await newAccount('filtered-other');
      const pair = await loginAs(account);
      const next = (await refresh(pair.refresh).expect(200)).body as Pair;
      await logout(next.refresh).expect(200, {});
      await loginAs(other);
      await tryLogin(account.username, 'wrong-password-1').expect(401);
      const access = await adminAccess();

      const mine = await auditAll(access, `user_id=${account.id}`);
      expect(eventNames(mine)).toEqual(['login', 'refresh', 'session_revoked', 'logout', 'login_failed']);
      for (const event of mine) expect(event.user_id).toBe(account.id);
      const sid = sidOf(pair.refresh);
      expect(mine.filter((event) => event.event !== 'login_failed').every((event) => event.sid === sid)).toBe(true);
      expect(mine.find((event) => event.event === 'session_revoked')?.detail).toEqual({
        reason: 'logout',
        by: account.id,
      });
      expect(mine.find((event) => event.event === 'login_failed')?.detail).toEqual({ username: account.username });

      const refreshes = await audit(access, `user_id=${account.id}&event=refresh`);
      expect(refreshes.count).toBe(1);
      expect(refreshes.results.map((event) => [event.event, event.user_id, event.sid])).toEqual([
        ['refresh', account.id, sid],
      ]);

      const logins = await auditAll(access, 'event=login');
      expect(logins.every((event) => event.event === 'login')).toBe(true);
      const loginUsers = logins.map((event) => event.user_id);
      expect(loginUsers).toContain(account.id);
      expect(loginUsers).toContain(other.id);

      expect(await audit(access, 'user_id=999999')).toEqual({ count: 0, next: null, previous: null, results: [] });
    });

    it('filters by since (ISO 8601, inclusive), whatever the offset', async () => {
      const account = await newAccount('since');
      const pair = await loginAs(account);
      // The next whole second: the login is before it, the refresh at or after it.
      const boundary = Math.ceil((Date.now() + 1) / 1000) * 1000;
      await sleep(boundary - Date.now() + 50);
      await refresh(pair.refresh).expect(200);
      const access = await adminAccess();

      const utc = new Date(boundary).toISOString();
      const plusTwo = new Date(boundary + 2 * 3600_000).toISOString().replace('Z', '+02:00');
      const minusFiveThirty = new Date(boundary - 5.5 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '-05:30');
      for (const since of [utc, plusTwo, minusFiveThirty, utc.replace('.000Z', 'Z')]) {
        const events = await auditAll(access, `user_id=${account.id}&since=${encodeURIComponent(since)}`);
        expect(eventNames(events)).toEqual(['refresh']);
        expect(Date.parse(events[0].at)).toBeGreaterThanOrEqual(boundary);
      }

      // Inclusive: an event's own time finds it.
      const [login] = (await audit(access, `user_id=${account.id}&event=login`)).results;
      const fromLogin = await auditAll(access, `user_id=${account.id}&since=${encodeURIComponent(login.at)}`);
      expect(eventNames(fromLogin)).toEqual(['login', 'refresh']);

      expect(eventNames(await auditAll(access, `user_id=${account.id}&since=2000-01-01`))).toEqual([
        'login',
        'refresh',
      ]);
      expect(await audit(access, `user_id=${account.id}&since=2999-01-01T00:00:00Z`)).toEqual({
        count: 0,
        next: null,
        previous: null,
        results: [],
      });
    });

    it('paginates as DRF does, keeping the filters in the links', async () => {
      const account = await newAccount('paged');
      for (let index = 0; index < 5; index += 1) await loginAs(account);
      const access = await adminAccess();

      const first = await audit(access, `user_id=${account.id}&event=login&page_size=2`);
      expect(first.count).toBe(5);
      expect(first.results).toHaveLength(2);
      expect(first.previous).toBeNull();
      // The filters every link keeps, plus the page it points at (none for the first).
      const filters = (page?: string) => ({
        user_id: String(account.id),
        event: 'login',
        page_size: '2',
        ...(page ? { page } : {}),
      });
      expect(linkQuery(first.next, '/api/admin/audit')).toEqual(filters('2'));

      const secondUrl = new URL(first.next ?? '');
      const second = (await call('get', `${secondUrl.pathname}${secondUrl.search}`, access).expect(200))
        .body as Page<EventBody>;
      expect(second.results).toHaveLength(2);
      expect(linkQuery(second.previous, '/api/admin/audit')).toEqual(filters());

      const third = await audit(access, `user_id=${account.id}&event=login&page_size=2&page=3`);
      expect(third.results).toHaveLength(1);
      expect(third.next).toBeNull();
      expect(linkQuery(third.previous, '/api/admin/audit')).toEqual(filters('2'));

      const ids = [...first.results, ...second.results, ...third.results].map((event) => event.id);
      expect(new Set(ids).size).toBe(5);

      for (const page of ['4', '0', 'abc']) {
        await call('get', `/api/admin/audit?user_id=${account.id}&event=login&page_size=2&page=${page}`, access).expect(
          404,
          INVALID_PAGE,
        );
      }
    });

    it('answers DRF field errors for bad filters', async () => {
      const access = await adminAccess();
      const get = (query: string) => call('get', `/api/admin/audit?${query}`, access);
      for (const userId of ['abc', '-1', '1.5']) await get(`user_id=${userId}`).expect(400, BAD_USER_ID);
      for (const event of ['bogus', 'LOGIN']) await get(`event=${event}`).expect(400, BAD_EVENT);
      for (const since of ['yesterday', '2026-13-01T00:00:00Z', '2026-02-30', '12/01/2026']) {
        await get(`since=${encodeURIComponent(since)}`).expect(400, BAD_SINCE);
      }
      await get('user_id=x&event=nope&since=never').expect(400, { ...BAD_USER_ID, ...BAD_EVENT, ...BAD_SINCE });
    });

    it('ignores blank filters, as django-filter does', async () => {
      const account = await newAccount('blank');
      await loginAs(account);
      const access = await adminAccess();
      const unfiltered = await audit(access, 'page_size=5');
      // A search form submits empty fields (`?user_id=&event=&since=&page=`): they mean no filter.
      const blank = await audit(access, 'user_id=&event=&since=&page_size=5');
      expect(blank.count).toBe(unfiltered.count);
      expect(blank.results.map((event) => event.id)).toEqual(unfiltered.results.map((event) => event.id));
    });

    it('filters correctly by every ISO 8601 form of since it accepts (basic, ordinal, week dates)', async () => {
      const account = await newAccount('since-forms');
      await loginAs(account);
      const access = await adminAccess();
      // Each is the same instant as an extended-format date, long before or long after the login.
      const forms: Array<[string, string[]]> = [
        ['20000101T000000Z', ['login']],
        ['29990101T000000Z', []],
        ['2000-032', ['login']],
        ['2999-032', []],
        ['2000-W01-1', ['login']],
        ['2999-W01-1', []],
      ];
      for (const [since, expected] of forms) {
        const response = await call(
          'get',
          `/api/admin/audit?user_id=${account.id}&since=${encodeURIComponent(since)}`,
          access,
        );
        // Either understood as the instant it names, or refused as a field error; never ignored or misread.
        if (response.status === 200) {
          const events = eventNames((response.body as Page<EventBody>).results);
          expect({ since, events }).toEqual({ since, events: expected });
        } else {
          expect({ since, status: response.status, body: response.body as unknown }).toEqual({
            since,
            status: 400,
            body: BAD_SINCE,
          });
        }
      }
    });

    it('records session_revoked with {reason, by} for every kind of revocation', async () => {
      const account = await newAccount('reasons');
      const access = await adminAccess();
      const byLogout = await loginAs(account);
      const byUser = await loginAs(account);
      const byAdmin = await loginAs(account);
      const byReuse = await loginAs(account);
      const byPassword = await loginAs(account);
      const current = await loginAs(account);

      await logout(byLogout.refresh).expect(200, {});
      await call('delete', `/api/me/sessions/${sidOf(byUser.refresh)}`, current.access).expect(204);
      await call('delete', `/api/admin/sessions/${sidOf(byAdmin.refresh)}`, access).expect(204);
      await refresh(byReuse.refresh).expect(200);
      await refresh(byReuse.refresh).expect(401, BLACKLISTED);
      await call('post', '/api/me/password', current.access)
        .send({ old_password: PASSWORD, new_password: 'changed-password-9' })
        .expect(204);

      const revoked = await auditAll(access, `user_id=${account.id}&event=session_revoked`);
      const detailOf = new Map(revoked.map((event) => [event.sid, event.detail]));
      expect(detailOf).toEqual(
        new Map<string, Record<string, unknown>>([
          [sidOf(byLogout.refresh), { reason: 'logout', by: account.id }],
          [sidOf(byUser.refresh), { reason: 'user', by: account.id }],
          [sidOf(byAdmin.refresh), { reason: 'admin', by: admin.id }],
          [sidOf(byReuse.refresh), { reason: 'reuse_detected', by: 'system' }],
          [sidOf(byPassword.refresh), { reason: 'password_changed', by: account.id }],
        ]),
      );
      expect(revoked).toHaveLength(5);
      await expectSessionAlive(current);
    });

    it('records refresh_reuse_detected with its kind', async () => {
      const account = await newAccount('reuse');
      const access = await adminAccess();

      const recent = await loginAs(account, 'Thief/1.0');
      await refresh(recent.refresh).expect(200);
      await refresh(recent.refresh, 'Thief/1.0').expect(401, BLACKLISTED);

      const older = await loginAs(account);
      const r1 = ((await refresh(older.refresh).expect(200)).body as Pair).refresh;
      await refresh(r1).expect(200);
      await refresh(older.refresh).expect(401, BLACKLISTED);

      const page = await audit(access, `user_id=${account.id}&event=refresh_reuse_detected`);
      expect(page.count).toBe(2);
      const events = [...page.results].sort(byId);
      expect(events.map((event) => [event.sid, event.detail])).toEqual([
        [sidOf(recent.refresh), { kind: 'recent_predecessor' }],
        [sidOf(older.refresh), { kind: 'older_generation' }],
      ]);
      expect(events[0]).toMatchObject({
        event: 'refresh_reuse_detected',
        user_id: account.id,
        user_agent: 'Thief/1.0',
      });
    });

    it('never stores a password or a token in any audit event', async () => {
      const account = await newAccount('secrets');
      const access = await adminAccess();
      const secrets: string[] = [PASSWORD, 'wrong-guess-password-7', 'second-password-8', 'admin-set-password-9'];
      const tokens: string[] = [];
      const keep = (pair: Pair) => {
        tokens.push(pair.access, pair.refresh);
        return pair;
      };

      await tryLogin(account.username, 'wrong-guess-password-7').expect(401);
      const first = keep(await loginAs(account));
      const rotated = keep((await refresh(first.refresh).expect(200)).body as Pair);
      await refresh(first.refresh).expect(401, BLACKLISTED);
      const second = keep(await loginAs(account));
      await call('post', '/api/me/password', second.access)
        .send({ old_password: PASSWORD, new_password: 'second-password-8' })
        .expect(204);
      await call('post', '/api/me/password', second.access)
        .send({ old_password: 'wrong-guess-password-7', new_password: 'never-applied-password' })
        .expect(400);
      secrets.push('never-applied-password');
      await logout(second.refresh).expect(200, {});
      const created = (
        await call('post', '/api/admin/users', access)
          .send({ username: `${account.username}-new`, password: 'created-password-5' })
          .expect(201)
      ).body as { id: number };
      secrets.push('created-password-5');
      await call('patch', `/api/admin/users/${account.id}`, access)
        .send({ password: 'admin-set-password-9' })
        .expect(200);
      keep(await loginAs({ ...account, password: 'admin-set-password-9' }));
      tokens.push(access);
      expect(rotated.refresh).not.toBe(first.refresh);

      const events = await auditAll(access, 'since=2000-01-01T00:00:00Z');
      const touched = events.filter((event) => event.user_id === account.id || event.user_id === created.id);
      expect(new Set(touched.map((event) => event.event))).toEqual(
        new Set([
          'login_failed',
          'login',
          'refresh',
          'refresh_reuse_detected',
          'session_revoked',
          'password_changed',
          'logout',
          'user_created',
          'user_updated',
        ]),
      );
      const rows = await app.dataSource.getRepository(AuditEvent).find();
      expect(rows.length).toBe(events.length);
      const jtis = tokens.map((token) => decode(token).jti as string);
      for (const text of [JSON.stringify(events), JSON.stringify(rows)]) {
        for (const secret of [...secrets, ...tokens, ...jtis]) expect(text).not.toContain(secret);
        expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
        expect(text).not.toMatch(/\$2[aby]\$/);
      }
    });

    it('is 401 without a token and 403 for non-staff', async () => {
      await expectStaffOnly('get', '/api/admin/audit');
    });
  });
});
