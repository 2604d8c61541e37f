import { AuditEvent } from '../../../src/audit/audit-event.entity';
import { User } from '../../../src/users/user.entity';
import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { createTestApp, TestApp, useTestApps } from '../../support/test-app';
import { craft, decode, variant } from '../../support/tokens';
import { PASSWORD } from '../../support/contract';
import { sleep } from '../../support/sleep';

const BLACKLISTED = { detail: 'Token is blacklisted', code: 'token_not_valid' };

describe.each(databaseTargets())('refresh rotation on $name', (target) => {
  // Two apps on one database: one without grace, one with a 10 s grace window.
  const [strict, graceful] = useTestApps(
    target,
    { REFRESH_REUSE_GRACE: '0' },
    [{ REFRESH_REUSE_GRACE: '10s' }],
    (app) => createUser(app, ALICE),
  );

  const refresh = (app: TestApp, token: string) => app.request().post('/api/token/refresh/').send({ refresh: token });

  async function reuseEvents(sid: string): Promise<AuditEvent[]> {
    return strict.dataSource.getRepository(AuditEvent).findBy({ event: 'refresh_reuse_detected', sessionId: sid });
  }

  it('lets exactly one of 50 parallel refreshes of one token win without grace', async () => {
    const { refresh: token } = await strict.api.loginAs(ALICE);
    const responses = await Promise.all(Array.from({ length: 50 }, () => refresh(strict, token)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(49);
    for (const response of responses.filter((r) => r.status === 401)) expect(response.body).toEqual(BLACKLISTED);
  });

  it('gives all of 50 parallel refreshes the very same successor within the grace window', async () => {
    const { refresh: token } = await graceful.api.loginAs(ALICE);
    const responses = await Promise.all(Array.from({ length: 50 }, () => refresh(graceful, token)));
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
    const successors = new Set(responses.map((response) => (response.body as { refresh: string }).refresh));
    expect(successors.size).toBe(1);
    const [successor] = [...successors];
    expect(decode(successor).jti).not.toEqual(decode(token).jti);
    expect(decode(successor).sid).toEqual(decode(token).sid);
    // The session did not fork: the successor is the one live token and rotates normally.
    await refresh(graceful, successor).expect(200);
  });

  it('treats an exchanged token presented again after rotation as theft and revokes the session', async () => {
    const first = await strict.api.loginAs(ALICE);
    const second = (await refresh(strict, first.refresh).expect(200)).body as { access: string; refresh: string };

    await refresh(strict, first.refresh).expect(401, BLACKLISTED);

    await refresh(strict, second.refresh).expect(401, BLACKLISTED);
    const me = await strict.request().get('/api/me').set('Authorization', `Bearer ${second.access}`).expect(401);
    expect(me.body.messages[0].message).toBe('Token is blacklisted');
    const events = await reuseEvents(decode(first.refresh).sid as string);
    expect(events.map((event) => event.detail)).toEqual([{ kind: 'recent_predecessor' }]);
  });

  it('treats an older generation as theft even inside the grace window', async () => {
    const r0 = (await graceful.api.loginAs(ALICE)).refresh;
    const r1 = ((await refresh(graceful, r0).expect(200)).body as { refresh: string }).refresh;
    const r2 = ((await refresh(graceful, r1).expect(200)).body as { refresh: string }).refresh;

    await refresh(graceful, r0).expect(401, BLACKLISTED);

    await refresh(graceful, r2).expect(401, BLACKLISTED);
    const events = await reuseEvents(decode(r0).sid as string);
    expect(events.map((event) => event.detail)).toEqual([{ kind: 'older_generation' }]);
  });

  it('does not count presenting a rotated token to verify as reuse', async () => {
    const first = await strict.api.loginAs(ALICE);
    const second = (await refresh(strict, first.refresh).expect(200)).body as { refresh: string };
    await strict.request().post('/api/token/verify/').send({ token: first.refresh }).expect(401, BLACKLISTED);
    await refresh(strict, second.refresh).expect(200);
  });

  it("refuses an inactive user's refresh token", async () => {
    const user = await createUser(strict, { username: 'carol-inactive-later' });
    const pair = await strict.api.loginAs({ username: user.username, password: PASSWORD });
    await strict.dataSource.getRepository(User).update({ id: user.id }, { isActive: false });
    await refresh(strict, pair.refresh).expect(401, {
      detail: 'No active account found for the given token.',
      code: 'no_active_account',
    });
  });

  it('answers 401, never 500, for a refresh token without jti', async () => {
    const { refresh: token } = await strict.api.loginAs(ALICE);
    await refresh(strict, craft(variant(token, { jti: undefined }))).expect(401, {
      detail: 'Token has no id',
      code: 'token_not_valid',
    });
  });

  it('ROTATE_REFRESH_TOKENS=false: refresh answers {access} only and the refresh token stays valid', async () => {
    const db = await target.create();
    const unrotated = await createTestApp(db.url, { ROTATE_REFRESH_TOKENS: 'false' });
    try {
      await createUser(unrotated, ALICE);
      const pair = await unrotated.api.loginAs(ALICE);
      for (let i = 0; i < 2; i++) {
        const response = await refresh(unrotated, pair.refresh).expect(200);
        expect(Object.keys(response.body as object)).toEqual(['access']);
        expect(decode((response.body as { access: string }).access).sid).toBe(decode(pair.refresh).sid);
      }
      const events = await unrotated.dataSource.getRepository(AuditEvent).findBy({ event: 'refresh' });
      expect(events).toHaveLength(2);
    } finally {
      await unrotated.close();
      await db.drop();
    }
  });

  it('gives a rotated refresh token a fresh lifetime and an iat of its own', async () => {
    const { refresh: token } = await strict.api.loginAs(ALICE);
    await sleep(1100);
    const next = ((await refresh(strict, token).expect(200)).body as { access: string; refresh: string }).refresh;
    const [before, after] = [decode(token), decode(next)];
    expect(after.iat as number).toBeGreaterThan(before.iat as number);
    expect((after.exp as number) - (after.iat as number)).toBe(86400);
  });
});
