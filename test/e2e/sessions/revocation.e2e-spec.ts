import { SessionRevocation } from '../../../src/sessions/session-revocation.entity';
import { Account, ApiKit, createStaff } from '../../support/api-kit';
import { ACCESS_BLACKLISTED, NOT_FOUND, SessionBody } from '../../support/contract';
import { databaseTargets } from '../../support/databases';
import { sleep } from '../../support/sleep';
import { TestApp, useTestApps } from '../../support/test-app';
import { decode, Pair } from '../../support/tokens';

const ACCESS_LIFETIME = 300;
const LEEWAY = 5;

/**
 * Revocation as clients see it, on two instances of one database: what the owner and an admin
 * can revoke, in which order sessions are listed, and how long, on either instance, the access
 * token of a revoked session stays refused (until it could no longer pass anyway).
 */
describe.each(databaseTargets())('revocation through the API on $name', (target) => {
  const env = {
    JWT_LEEWAY: `${LEEWAY}s`,
    ACCESS_TOKEN_LIFETIME: `${ACCESS_LIFETIME}s`,
    REVOCATION_SYNC_INTERVAL: '1s',
    REVOCATION_MAX_STALENESS: '3s',
  };
  let admin: Account;
  const [a, b] = useTestApps(target, env, [env], async (app) => {
    admin = await createStaff(app);
  });
  const kit = new ApiKit(() => a, 'revocation-e2e/1.0');
  const { newAccount, loginAs, refresh, call, sidOf, expectSessionDead, expectSessionAlive } = kit;
  const me = (app: TestApp, access: string) => app.request().get('/api/me').set('Authorization', `Bearer ${access}`);

  afterEach(() => {
    jest.restoreAllMocks();
  });

  /** Stops the service's clock (every `Date.now()` in this process) at `ms`. */
  function clockAt(ms: number): void {
    jest.restoreAllMocks();
    jest.spyOn(Date, 'now').mockReturnValue(ms);
  }

  /** Waits for the status `app` answers `access` with to become `status`; fails after 5 s. */
  async function untilStatus(app: TestApp, access: string, status: number): Promise<void> {
    for (let waited = 0; ; waited += 50) {
      if ((await me(app, access)).status === status) return;
      if (waited > 5000) throw new Error(`GET /api/me never answered ${status}`);
      await sleep(50);
    }
  }

  const sessionRevokedDetails = async (userId: number) =>
    (await kit.auditOf(userId, 'session_revoked')).map((event) => [event.sessionId, event.detail] as const);

  it('lists the own live sessions most recently used first', async () => {
    const account = await newAccount('order');
    const [first, second, third] = [await loginAs(account), await loginAs(account), await loginAs(account)];
    // A later use than the third login, on a millisecond clock.
    await sleep(5);
    const used = (await refresh(second.refresh).expect(200)).body as Pair;
    const listed = (await call('get', '/api/me/sessions', third.access).expect(200)).body as SessionBody[];
    expect(listed.map((session) => [session.id, session.current])).toEqual([
      [sidOf(used.refresh), false],
      [sidOf(third.refresh), true],
      [sidOf(first.refresh), false],
    ]);

    await call('delete', `/api/me/sessions/${sidOf(first.refresh)}`, third.access).expect(204);
    await expectSessionDead(first);
    expect(await sessionRevokedDetails(account.id)).toEqual([
      [sidOf(first.refresh), { reason: 'user', by: account.id }],
    ]);
  });

  it('lets an admin revoke any live session by id: every instance refuses it, the audit says who', async () => {
    const account = await newAccount('by-admin');
    const [one, two] = [await loginAs(account), await loginAs(account)];
    const access = await kit.accessOf(admin);
    const remove = (id: string) => call('delete', `/api/admin/sessions/${id}`, access);

    await remove('0'.repeat(32)).expect(404, NOT_FOUND);
    await remove(sidOf(one.refresh)).expect(204);
    await remove(sidOf(one.refresh)).expect(404, NOT_FOUND);
    await expectSessionDead(one);
    await untilStatus(b, one.access, 401);
    await me(b, two.access).expect(200);
    await expectSessionAlive(two);
    expect(await sessionRevokedDetails(account.id)).toEqual([[sidOf(one.refresh), { reason: 'admin', by: admin.id }]]);
  });

  it('takes a session for dead from the second its refresh token expires', async () => {
    const account = await newAccount('expiring');
    const start = Date.now();
    clockAt(start);
    const [one, two] = [await loginAs(account), await loginAs(account)];
    const end = (decode(one.refresh).exp as number) * 1000;
    expect(decode(two.refresh).exp).toBe(end / 1000);
    const sessionsOf = async (adminAccess: string) =>
      (await call('get', `/api/admin/users/${account.id}/sessions`, adminAccess).expect(200)).body as SessionBody[];

    clockAt(end - 1);
    const before = await kit.accessOf(admin);
    expect(await sessionsOf(before)).toHaveLength(2);
    await call('delete', `/api/admin/sessions/${sidOf(one.refresh)}`, before).expect(204);
    clockAt(end);
    const after = await kit.accessOf(admin);
    expect(await sessionsOf(after)).toEqual([]);
    await call('delete', `/api/admin/sessions/${sidOf(two.refresh)}`, after).expect(404, NOT_FOUND);
  });

  it("revokes every session of one user, and nobody else's, once", async () => {
    const account = await newAccount('all');
    const [one, two] = [await loginAs(account), await loginAs(account)];
    const stranger = await loginAs(await newAccount('bystander'));
    const access = await kit.accessOf(admin);
    const revokeAll = () => call('delete', `/api/admin/users/${account.id}/sessions`, access);

    await revokeAll().expect(200, { revoked: 2 });
    await revokeAll().expect(200, { revoked: 0 });
    await expectSessionDead(one);
    await expectSessionDead(two);
    await untilStatus(b, two.access, 401);
    await expectSessionAlive(stranger);
    await me(b, stranger.access).expect(200);
    expect(new Map(await sessionRevokedDetails(account.id))).toEqual(
      new Map([
        [sidOf(one.refresh), { reason: 'admin', by: admin.id }],
        [sidOf(two.refresh), { reason: 'admin', by: admin.id }],
      ]),
    );
  });

  it('spares only the current session when its user changes the password', async () => {
    const account = await newAccount('password');
    const [other, current] = [await loginAs(account), await loginAs(account)];
    await call('post', '/api/me/password', current.access)
      .send({ old_password: account.password, new_password: 'changed-password-9' })
      .expect(204);
    await expectSessionDead(other);
    await call('get', '/api/me', current.access).expect(200);
    const listed = (await call('get', '/api/me/sessions', current.access).expect(200)).body as SessionBody[];
    expect(listed.map((session) => session.id)).toEqual([sidOf(current.refresh)]);
  });

  it('refuses the access token of a revoked session on every instance until it has expired, leeway included', async () => {
    // Login and revocation in one second, so that the token's `iat` is the revocation's time.
    const second = Math.floor(Date.now() / 1000);
    clockAt(second * 1000 + 500);
    const pair = await loginAs(await newAccount('retention'));
    expect(decode(pair.access).iat).toBe(second);
    await call('delete', '/api/me/sessions', pair.access).expect(200, { revoked: 1 });
    await untilStatus(b, pair.access, 401);

    // The last second in which the token passes its `exp` check with the leeway; both
    // instances prune their lists once a sync round has run.
    clockAt((second + ACCESS_LIFETIME + LEEWAY - 1) * 1000 + 500);
    await sleep(2500);
    for (const app of [a, b]) {
      await me(app, pair.access).expect(401, ACCESS_BLACKLISTED);
      // Rounds that found nothing new still count as syncs.
      await app.request().get('/health/ready').expect(200);
    }
  });

  it('stays ready through sync rounds that read revocations', async () => {
    const pair = await loginAs(await newAccount('ready'));
    await call('delete', '/api/me/sessions', pair.access).expect(200, { revoked: 1 });
    await untilStatus(b, pair.access, 401);
    // Past REVOCATION_MAX_STALENESS, with the revocation still in every round's late-commit window.
    await sleep(3500);
    for (const app of [a, b]) await app.request().get('/health/ready').expect(200);
  });

  it('learns a revocation whose log row commits after a later one, within the late-commit window', async () => {
    const account = await newAccount('late');
    const [early, late] = [await loginAs(account), await loginAs(account)];
    const log = a.dataSource.getRepository(SessionRevocation);
    const newest = await log.createQueryBuilder('r').select('MAX(r.id)', 'max').getRawOne<{ max: number | null }>();
    const base = Number(newest?.max ?? 0);
    // Two revoking transactions: the one given the higher id commits first, and B reads it.
    await log.insert({ id: base + 10, sessionId: sidOf(late.refresh), revokedAt: new Date() });
    await untilStatus(b, late.access, 401);
    await log.insert({ id: base + 5, sessionId: sidOf(early.refresh), revokedAt: new Date() });
    await untilStatus(b, early.access, 401);
    await me(b, early.access).expect(401, ACCESS_BLACKLISTED);
  });
});
