import { createUser } from '../../factories/users.factory';
import { Account, ApiKit, createStaff } from '../../support/api-kit';
import {
  BAD_CREDENTIALS,
  BLACKLISTED,
  INACTIVE_TOKEN,
  INVALID_PAGE,
  ISO_UTC,
  linkQuery,
  NOT_FOUND,
  Page,
  PERMISSION_DENIED,
  TOO_SHORT,
  USER_KEYS,
  UserBody,
} from '../../support/contract';
import { databaseTargets } from '../../support/databases';
import { useTestApp } from '../../support/test-app';
import { decode, Pair } from '../../support/tokens';

const REQUIRED = 'This field is required.';
const BAD_BOOLEAN = 'Must be a valid boolean.';
const BAD_EMAIL = 'Enter a valid email address.';
const DUPLICATE = 'A user with that username already exists.';
const BAD_USERNAME = 'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.';

/** A user object: exactly the documented keys, ISO 8601 UTC times, never a password or hash. */
function expectUserObject(body: unknown): UserBody {
  const user = body as UserBody;
  expect(Object.keys(user).sort()).toEqual(USER_KEYS);
  expect(typeof user.id).toBe('number');
  expect(user.date_joined).toMatch(ISO_UTC);
  if (user.last_login !== null) expect(user.last_login).toMatch(ISO_UTC);
  expect(Array.isArray(user.scopes)).toBe(true);
  expect(JSON.stringify(user)).not.toMatch(/password|hash/i);
  return user;
}

describe.each(databaseTargets())('/api/admin/users on $name', (target) => {
  let admin: Account;
  const app = useTestApp(target, { LOGIN_MAX_FAILURES: '1000' }, async (app) => {
    admin = await createStaff(app);
  });

  const kit = new ApiKit(() => app, 'admin-users-e2e');
  const { unique, newAccount, tryLogin, loginAs, refresh, call, sidOf } = kit;
  const { expectAccessRejected, expectSessionDead, expectStaffOnly, auditOf } = kit;

  const adminAccess = () => kit.accessOf(admin);

  async function list(access: string, query: string): Promise<Page<UserBody>> {
    return (await call('get', `/api/admin/users?${query}`, access).expect(200)).body as Page<UserBody>;
  }

  /** Every user matching `query`, following the `next` links. */
  async function listAll(access: string, query: string): Promise<UserBody[]> {
    let page = await list(access, `${query}&page_size=100`);
    const users = [...page.results];
    while (page.next !== null) {
      const next = new URL(page.next);
      page = (await call('get', `${next.pathname}${next.search}`, access).expect(200)).body as Page<UserBody>;
      users.push(...page.results);
    }
    expect(users).toHaveLength(page.count);
    return users;
  }

  async function revocationsOf(userId: number): Promise<Array<[string | null, unknown]>> {
    return (await auditOf(userId, 'session_revoked')).map((event) => [event.sessionId, event.detail]);
  }

  describe('GET /api/admin/users', () => {
    it('searches username and e-mail, case-insensitively, with exact user objects', async () => {
      const marker = unique('Srch');
      const byName = await createUser(app, { username: `${marker}-Alpha`, email: 'one@example.com' });
      const byNameToo = await createUser(app, { username: `x.${marker.toLowerCase()}.beta` });
      const byEmail = await createUser(app, {
        username: unique('mail-only'),
        email: `First.${marker.toUpperCase()}@Example.COM`,
        scopes: ['read:messages'],
      });
      await createUser(app, { username: unique('unrelated') });

      const access = await adminAccess();
      for (const search of [marker, marker.toUpperCase(), marker.toLowerCase()]) {
        const page = await list(access, `search=${encodeURIComponent(search)}`);
        expect(page.count).toBe(3);
        expect(page.next).toBeNull();
        expect(page.previous).toBeNull();
        expect(page.results.map((user) => user.id).sort((a, b) => a - b)).toEqual([
          byName.id,
          byNameToo.id,
          byEmail.id,
        ]);
        for (const user of page.results) expectUserObject(user);
      }

      const page = await list(access, `search=${encodeURIComponent(`first.${marker}@example`)}`);
      expect(page).toEqual({
        count: 1,
        next: null,
        previous: null,
        results: [
          {
            id: byEmail.id,
            username: byEmail.username,
            email: `First.${marker.toUpperCase()}@Example.COM`,
            is_active: true,
            is_staff: false,
            scopes: ['read:messages'],
            last_login: null,
            date_joined: byEmail.createdAt.toISOString(),
          },
        ],
      });
    });

    it('matches % and _ literally', async () => {
      const marker = unique('lit').replace('-', '');
      const underscore = await createUser(app, { username: `${marker}_under` });
      await createUser(app, { username: `${marker}Xunder` });
      const percent = await createUser(app, { username: unique('pct'), email: `${marker}.50%off@example.com` });
      await createUser(app, { username: unique('pct'), email: `${marker}.50xoff@example.com` });
      await createUser(app, { username: unique('pct'), email: `${marker}.50off@example.com` });
      const bang = await createUser(app, { username: unique('bang'), email: `${marker}.w!x@example.com` });
      await createUser(app, { username: unique('bang'), email: `${marker}.wx@example.com` });

      const access = await adminAccess();
      const ids = async (search: string) =>
        (await list(access, `search=${encodeURIComponent(search)}`)).results.map((user) => user.id);
      expect(await ids(`${marker}_under`)).toEqual([underscore.id]);
      expect(await ids(`${marker}.50%off`)).toEqual([percent.id]);
      expect(await ids(`${marker}.w!x`)).toEqual([bang.id]);
      expect(await ids(`${marker}%`)).toEqual([]);
      expect(await ids(`${marker}_`)).toEqual([underscore.id]);
    });

    it('paginates as DRF does: count, absolute next/previous links, Invalid page beyond range', async () => {
      const marker = unique('pg');
      const created: number[] = [];
      for (let index = 0; index < 5; index += 1) {
        created.push((await createUser(app, { username: `${marker}-user${index}` })).id);
      }
      const access = await adminAccess();

      const first = await list(access, `search=${marker}&page_size=2`);
      expect(first.count).toBe(5);
      expect(first.results).toHaveLength(2);
      expect(first.previous).toBeNull();
      expect(linkQuery(first.next, '/api/admin/users')).toEqual({ search: marker, page_size: '2', page: '2' });

      const secondUrl = new URL(first.next ?? '');
      const second = (await call('get', `${secondUrl.pathname}${secondUrl.search}`, access).expect(200))
        .body as Page<UserBody>;
      expect(second.count).toBe(5);
      expect(second.results).toHaveLength(2);
      expect(linkQuery(second.next, '/api/admin/users')).toEqual({ search: marker, page_size: '2', page: '3' });
      // DRF drops `page` from the link to the first page.
      expect(linkQuery(second.previous, '/api/admin/users')).toEqual({ search: marker, page_size: '2' });

      const third = await list(access, `search=${marker}&page_size=2&page=3`);
      expect(third.count).toBe(5);
      expect(third.results).toHaveLength(1);
      expect(third.next).toBeNull();
      expect(linkQuery(third.previous, '/api/admin/users')).toEqual({ search: marker, page_size: '2', page: '2' });

      const seen = [...first.results, ...second.results, ...third.results].map((user) => user.id);
      expect(seen.sort((a, b) => a - b)).toEqual(created);

      for (const page of ['4', '0', '-1', 'abc', '1.5']) {
        await call('get', `/api/admin/users?search=${marker}&page_size=2&page=${page}`, access).expect(
          404,
          INVALID_PAGE,
        );
      }
      // An unusable page_size falls back to the default (20).
      const fallback = await list(access, `search=${marker}&page_size=abc`);
      expect(fallback.results).toHaveLength(5);
      expect(fallback.next).toBeNull();
    });

    it("accepts page=last, as DRF's PageNumberPagination does", async () => {
      const marker = unique('last');
      for (let index = 0; index < 3; index += 1) await createUser(app, { username: `${marker}-user${index}` });
      const access = await adminAccess();
      const last = await list(access, `search=${marker}&page_size=2&page=last`);
      expect(last.count).toBe(3);
      expect(last.results).toHaveLength(1);
      expect(last.next).toBeNull();
      expect(linkQuery(last.previous, '/api/admin/users')).toEqual({ search: marker, page_size: '2' });
    });

    it('answers an empty first page, and lists everyone without a search', async () => {
      const access = await adminAccess();
      expect(await list(access, 'search=no-such-user-anywhere')).toEqual({
        count: 0,
        next: null,
        previous: null,
        results: [],
      });
      const everyone = await listAll(access, '');
      const blank = await listAll(access, 'search=');
      expect(blank.map((user) => user.id)).toEqual(everyone.map((user) => user.id));
      expect(everyone.map((user) => user.username)).toContain('admin');
      expect(new Set(everyone.map((user) => user.id)).size).toBe(everyone.length);
      for (const user of everyone) expectUserObject(user);
    });

    it('refuses an overlong search term', async () => {
      await call('get', `/api/admin/users?search=${'a'.repeat(151)}`, await adminAccess()).expect(400, {
        search: ['Ensure this field has no more than 150 characters.'],
      });
    });

    it('is 401 without a token and 403 for non-staff', async () => {
      await expectStaffOnly('get', '/api/admin/users');
    });
  });

  describe('POST /api/admin/users', () => {
    it('creates a user (201), answers the user object and audits user_created', async () => {
      const username = unique('created');
      const access = await adminAccess();
      const response = await call('post', '/api/admin/users', access)
        .send({
          username,
          password: 'a-fine-password-1',
          email: 'created@example.com',
          is_staff: false,
          is_active: true,
          scopes: ['read:messages', 'write:messages'],
        })
        .expect(201);
      const user = expectUserObject(response.body);
      expect(user).toEqual({
        id: expect.any(Number),
        username,
        email: 'created@example.com',
        is_active: true,
        is_staff: false,
        scopes: ['read:messages', 'write:messages'],
        last_login: null,
        date_joined: expect.stringMatching(ISO_UTC),
      });
      expect(Math.abs(Date.parse(user.date_joined) - Date.now())).toBeLessThan(60_000);

      await call('get', `/api/admin/users/${user.id}`, access).expect(200, user);

      const pair = (await tryLogin(username, 'a-fine-password-1').expect(200)).body as Pair;
      expect(decode(pair.access)).toMatchObject({
        user_id: user.id,
        name: username,
        scope: 'read:messages write:messages',
        is_staff: false,
      });
      const profile = (await call('get', '/api/me/profile', pair.access).expect(200)).body as UserBody;
      expect(profile).toEqual({ ...user, last_login: expect.stringMatching(ISO_UTC) });

      const events = await auditOf(user.id, 'user_created');
      expect(events).toHaveLength(1);
      expect(events[0].detail).toEqual({ username, by: admin.id });
    });

    it('applies defaults when only username and password are given', async () => {
      const username = unique('defaults');
      const response = await call('post', '/api/admin/users', await adminAccess())
        .send({ username, password: 'a-fine-password-1' })
        .expect(201);
      expect(expectUserObject(response.body)).toMatchObject({
        username,
        email: '',
        is_active: true,
        is_staff: false,
        scopes: [],
        last_login: null,
      });
    });

    it('round-trips scopes as an array and accepts a space-separated string', async () => {
      const access = await adminAccess();
      const scopes = ['read:messages', 'admin:users', 'x.y/z'];
      const created = (
        await call('post', '/api/admin/users', access)
          .send({ username: unique('scopes'), password: 'a-fine-password-1', scopes })
          .expect(201)
      ).body as UserBody;
      expect(created.scopes).toEqual(scopes);
      expect(
        ((await call('get', `/api/admin/users/${created.id}`, access).expect(200)).body as UserBody).scopes,
      ).toEqual(scopes);

      const spaced = (
        await call('post', '/api/admin/users', access)
          .send({ username: unique('scopes'), password: 'a-fine-password-1', scopes: 'a b' })
          .expect(201)
      ).body as UserBody;
      expect(spaced.scopes).toEqual(['a', 'b']);
    });

    it('creates staff who can use the admin API, and inactive users who cannot log in', async () => {
      const access = await adminAccess();
      const staffName = unique('new-staff');
      await call('post', '/api/admin/users', access)
        .send({ username: staffName, password: 'a-fine-password-1', is_staff: true })
        .expect(201);
      const staff = (await tryLogin(staffName, 'a-fine-password-1').expect(200)).body as Pair;
      expect(decode(staff.access).is_staff).toBe(true);
      await call('get', '/api/admin/users', staff.access).expect(200);

      const inactiveName = unique('inactive');
      const inactive = (
        await call('post', '/api/admin/users', access)
          .send({ username: inactiveName, password: 'a-fine-password-1', is_active: false })
          .expect(201)
      ).body as UserBody;
      expect(inactive.is_active).toBe(false);
      await tryLogin(inactiveName, 'a-fine-password-1').expect(401, BAD_CREDENTIALS);
    });

    it('refuses a duplicate username; usernames are trimmed and case-sensitive', async () => {
      const access = await adminAccess();
      const username = unique('Dup');
      await call('post', '/api/admin/users', access).send({ username, password: 'a-fine-password-1' }).expect(201);
      await call('post', '/api/admin/users', access)
        .send({ username, password: 'another-password-2' })
        .expect(400, { username: [DUPLICATE] });
      await call('post', '/api/admin/users', access)
        .send({ username: `  ${username} `, password: 'another-password-2' })
        .expect(400, { username: [DUPLICATE] });
      const lower = (
        await call('post', '/api/admin/users', access)
          .send({ username: username.toLowerCase(), password: 'another-password-2' })
          .expect(201)
      ).body as UserBody;
      expect(lower.username).toBe(username.toLowerCase());

      const trimmedName = unique('trimmed');
      const trimmed = (
        await call('post', '/api/admin/users', access)
          .send({ username: `  ${trimmedName}  `, password: 'a-fine-password-1' })
          .expect(201)
      ).body as UserBody;
      expect(trimmed.username).toBe(trimmedName);
      await tryLogin(trimmedName, 'a-fine-password-1').expect(200);
    });

    it('answers DRF field errors for bad input', async () => {
      const access = await adminAccess();
      const post = (body: object) => call('post', '/api/admin/users', access).send(body);
      const username = unique('bad-input');

      await post({}).expect(400, { username: [REQUIRED], password: [REQUIRED] });
      await post({ username: '', password: '' }).expect(400, {
        username: ['This field may not be blank.'],
        password: ['This field may not be blank.'],
      });
      await post({ username: 'has space', password: 'a-fine-password-1' }).expect(400, { username: [BAD_USERNAME] });
      await post({ username: 'x'.repeat(151), password: 'a-fine-password-1' }).expect(400, {
        username: ['Ensure this field has no more than 150 characters.'],
      });
      await post({ username, password: 'a-fine-password-1', is_staff: 'maybe' }).expect(400, {
        is_staff: [BAD_BOOLEAN],
      });
      await post({ username, password: 'a-fine-password-1', is_active: 2, is_staff: 'maybe' }).expect(400, {
        is_active: [BAD_BOOLEAN],
        is_staff: [BAD_BOOLEAN],
      });
      await post({ username, password: 'a-fine-password-1', email: 'not-an-email' }).expect(400, {
        email: [BAD_EMAIL],
      });
      await post({ username, password: 'a-fine-password-1', scopes: ['has space'] }).expect(400, {
        scopes: ['Each scope must be a non-empty string without spaces, quotes or backslashes.'],
      });
      await post({ username, password: 'short' }).expect(400, { password: [TOO_SHORT] });
      await post({ username, password: '1234567' }).expect(400, {
        password: [TOO_SHORT, 'This password is entirely numeric.'],
      });
      await post({ username, password: username.toUpperCase() }).expect(400, {
        password: ['The password is too similar to the username.'],
      });
      await post({ username, password: 'é'.repeat(37) }).expect(400, {
        password: ['This password is too long. It must contain at most 72 bytes.'],
      });
      await post({ username: 'no password' }).expect(400, { username: [BAD_USERNAME], password: [REQUIRED] });
      // Every invalid field at once, the password rules included, as DRF's validate_<field>.
      await post({ username: '', password: '123' }).expect(400, {
        username: ['This field may not be blank.'],
        password: [TOO_SHORT, 'This password is entirely numeric.'],
      });
      await post({ username: 'has space', password: 'short', email: 'nope', is_staff: 'maybe' }).expect(400, {
        username: [BAD_USERNAME],
        password: [TOO_SHORT],
        email: [BAD_EMAIL],
        is_staff: [BAD_BOOLEAN],
      });
      await post({ username, password: username, scopes: ['has space'] }).expect(400, {
        password: ['The password is too similar to the username.'],
        scopes: ['Each scope must be a non-empty string without spaces, quotes or backslashes.'],
      });

      // Nothing was created by any of these.
      expect((await list(access, `search=${username}`)).count).toBe(0);
      await tryLogin(username, 'a-fine-password-1').expect(401, BAD_CREDENTIALS);
    });

    it('is 401 without a token and 403 for non-staff', async () => {
      const body = { username: unique('denied'), password: 'a-fine-password-1' };
      await expectStaffOnly('post', '/api/admin/users', body);
      await tryLogin(body.username, body.password).expect(401, BAD_CREDENTIALS);
    });
  });

  describe('GET /api/admin/users/:id', () => {
    it('answers the user object', async () => {
      const account = await newAccount('get-one', { email: 'get@example.com' });
      await loginAs(account);
      const response = await call('get', `/api/admin/users/${account.id}`, await adminAccess()).expect(200);
      expect(expectUserObject(response.body)).toEqual({
        id: account.id,
        username: account.username,
        email: 'get@example.com',
        is_active: true,
        is_staff: false,
        scopes: [],
        last_login: expect.stringMatching(ISO_UTC),
        date_joined: expect.stringMatching(ISO_UTC),
      });
    });

    it('is 404 for unknown and non-numeric ids', async () => {
      const access = await adminAccess();
      for (const id of ['999999', 'abc', '1.5', '-1', '1e3', '9999999999999999']) {
        await call('get', `/api/admin/users/${id}`, access).expect(404, NOT_FOUND);
      }
    });

    it('is 401 without a token and 403 for non-staff', async () => {
      await expectStaffOnly('get', `/api/admin/users/${admin.id}`);
    });
  });

  describe('PATCH /api/admin/users/:id', () => {
    it('changes email, is_staff and scopes and audits user_updated', async () => {
      const account = await newAccount('patch');
      const access = await adminAccess();
      const response = await call('patch', `/api/admin/users/${account.id}`, access)
        .send({ email: 'patched@example.com', is_staff: true, scopes: ['read:messages', 'write:messages'] })
        .expect(200);
      const user = expectUserObject(response.body);
      expect(user).toEqual({
        id: account.id,
        username: account.username,
        email: 'patched@example.com',
        is_active: true,
        is_staff: true,
        scopes: ['read:messages', 'write:messages'],
        last_login: null,
        date_joined: expect.stringMatching(ISO_UTC),
      });
      await call('get', `/api/admin/users/${account.id}`, access).expect(200, user);

      const events = await auditOf(account.id, 'user_updated');
      expect(events).toHaveLength(1);
      expect(events[0].detail).toMatchObject({ by: admin.id });

      // Partial: what is not sent stays; a blank e-mail clears it; unknown fields are ignored.
      const cleared = (
        await call('patch', `/api/admin/users/${account.id}`, access)
          .send({ email: '', username: 'renamed', password_hash: 'x' })
          .expect(200)
      ).body as UserBody;
      expect(cleared).toEqual({ ...user, email: '' });
    });

    it('makes a user staff: the claims change at the next login only', async () => {
      const account = await newAccount('promote');
      const before = await loginAs(account);
      await call('get', '/api/admin/users', before.access).expect(403, PERMISSION_DENIED);

      await call('patch', `/api/admin/users/${account.id}`, await adminAccess())
        .send({ is_staff: 'true' })
        .expect(200);
      await call('get', '/api/admin/users', before.access).expect(403, PERMISSION_DENIED);
      const after = await loginAs(account);
      await call('get', '/api/admin/users', after.access).expect(200);

      await call('patch', `/api/admin/users/${account.id}`, await adminAccess())
        .send({ is_staff: false })
        .expect(200);
      await call('get', '/api/admin/users', (await loginAs(account)).access).expect(403, PERMISSION_DENIED);
    });

    it("deactivation revokes the user's sessions: refresh and access tokens are rejected", async () => {
      const account = await newAccount('deactivate');
      const pairs = [await loginAs(account), await loginAs(account)];
      const bystander = await newAccount('deactivate-other');
      const theirs = await loginAs(bystander);

      const response = await call('patch', `/api/admin/users/${account.id}`, await adminAccess())
        .send({ is_active: false })
        .expect(200);
      expect(expectUserObject(response.body).is_active).toBe(false);

      for (const pair of pairs) {
        await refresh(pair.refresh).expect(401, INACTIVE_TOKEN);
        await expectAccessRejected(pair.access);
      }
      await tryLogin(account.username, account.password).expect(401, BAD_CREDENTIALS);
      await refresh(theirs.refresh).expect(200);

      expect((await revocationsOf(account.id)).sort()).toEqual(
        pairs.map((pair) => [sidOf(pair.refresh), { reason: 'deactivated', by: admin.id }]).sort(),
      );

      // Reactivated: logins work again; the revoked sessions stay revoked.
      await call('patch', `/api/admin/users/${account.id}`, await adminAccess())
        .send({ is_active: true })
        .expect(200);
      await refresh(pairs[0].refresh).expect(401, BLACKLISTED);
      await loginAs(account);
    });

    it('a new password revokes the sessions; the new password works, the old one does not', async () => {
      const account = await newAccount('reset');
      const pairs = [await loginAs(account), await loginAs(account)];

      const response = await call('patch', `/api/admin/users/${account.id}`, await adminAccess())
        .send({ password: 'reset-by-admin-1' })
        .expect(200);
      expect(expectUserObject(response.body).username).toBe(account.username);

      for (const pair of pairs) await expectSessionDead(pair);
      await tryLogin(account.username, account.password).expect(401, BAD_CREDENTIALS);
      await tryLogin(account.username, 'reset-by-admin-1').expect(200);

      expect((await revocationsOf(account.id)).sort()).toEqual(
        pairs.map((pair) => [sidOf(pair.refresh), { reason: 'password_changed', by: admin.id }]).sort(),
      );
      const updated = await auditOf(account.id, 'user_updated');
      expect(updated).toHaveLength(1);
      expect(updated[0].detail).toMatchObject({ by: admin.id });
    });

    it('answers DRF field errors for bad input and changes nothing', async () => {
      const account = await newAccount('patch-bad', { email: 'keep@example.com' });
      const pair = await loginAs(account);
      const access = await adminAccess();
      const patch = (body: object) => call('patch', `/api/admin/users/${account.id}`, access).send(body);

      await patch({ is_staff: 'maybe' }).expect(400, { is_staff: [BAD_BOOLEAN] });
      await patch({ is_active: 'nope' }).expect(400, { is_active: [BAD_BOOLEAN] });
      await patch({ email: 'not-an-email' }).expect(400, { email: [BAD_EMAIL] });
      await patch({ scopes: ['ok', 'not ok'] }).expect(400, {
        scopes: ['Each scope must be a non-empty string without spaces, quotes or backslashes.'],
      });
      await patch({ password: 'short' }).expect(400, { password: [TOO_SHORT] });
      await patch({ password: account.username }).expect(400, {
        password: ['The password is too similar to the username.'],
      });
      await patch({ password: '' }).expect(400, { password: ['This field may not be blank.'] });
      await patch({ is_active: false, email: 'bad' }).expect(400, { email: [BAD_EMAIL] });
      await patch({ email: 'bad', is_staff: 'maybe', password: '1234567' }).expect(400, {
        email: [BAD_EMAIL],
        is_staff: [BAD_BOOLEAN],
        password: [TOO_SHORT, 'This password is entirely numeric.'],
      });

      expect((await call('get', `/api/admin/users/${account.id}`, access).expect(200)).body).toMatchObject({
        email: 'keep@example.com',
        is_active: true,
        is_staff: false,
      });
      await refresh(pair.refresh).expect(200);
      await tryLogin(account.username, account.password).expect(200);
      expect(await auditOf(account.id, 'user_updated')).toEqual([]);
    });

    it('is 404 for unknown and non-numeric ids', async () => {
      const access = await adminAccess();
      for (const id of ['999999', 'abc', '-1']) {
        await call('patch', `/api/admin/users/${id}`, access).send({ email: 'x@example.com' }).expect(404, NOT_FOUND);
      }
    });

    it('is 401 without a token and 403 for non-staff', async () => {
      const account = await newAccount('patch-denied');
      await expectStaffOnly('patch', `/api/admin/users/${account.id}`, { is_staff: true });
      expect((await call('get', `/api/admin/users/${account.id}`, await adminAccess()).expect(200)).body).toMatchObject(
        { is_staff: false },
      );
    });
  });

  describe('DELETE /api/admin/users/:id', () => {
    it('deletes the user (204) after revoking every session', async () => {
      const account = await newAccount('doomed');
      const pairs = [await loginAs(account), await loginAs(account)];
      const access = await adminAccess();

      const response = await call('delete', `/api/admin/users/${account.id}`, access).expect(204);
      expect(response.text).toBe('');

      for (const pair of pairs) {
        await expectAccessRejected(pair.access);
        await refresh(pair.refresh).expect(401, INACTIVE_TOKEN);
      }
      await call('get', `/api/admin/users/${account.id}`, access).expect(404, NOT_FOUND);
      await call('delete', `/api/admin/users/${account.id}`, access).expect(404, NOT_FOUND);
      await tryLogin(account.username, account.password).expect(401, BAD_CREDENTIALS);

      const deleted = await auditOf(account.id, 'user_deleted');
      expect(deleted).toHaveLength(1);
      expect(deleted[0].detail).toEqual({ username: account.username, by: admin.id });
      expect((await revocationsOf(account.id)).sort()).toEqual(
        pairs.map((pair) => [sidOf(pair.refresh), { reason: 'user_deleted', by: admin.id }]).sort(),
      );
      // Revoked before the row went: every revocation event precedes the deletion event.
      const revokedIds = (await auditOf(account.id, 'session_revoked')).map((event) => event.id);
      expect(Math.max(...revokedIds)).toBeLessThan(deleted[0].id);

      // The name is free again.
      await call('post', '/api/admin/users', access)
        .send({ username: account.username, password: 'a-fine-password-1' })
        .expect(201);
    });

    it('is 404 for unknown and non-numeric ids', async () => {
      const access = await adminAccess();
      for (const id of ['999999', 'abc', '-1']) {
        await call('delete', `/api/admin/users/${id}`, access).expect(404, NOT_FOUND);
      }
    });

    it('is 401 without a token and 403 for non-staff', async () => {
      const account = await newAccount('delete-denied');
      await expectStaffOnly('delete', `/api/admin/users/${account.id}`);
      await call('get', `/api/admin/users/${account.id}`, await adminAccess()).expect(200);
    });
  });
});
