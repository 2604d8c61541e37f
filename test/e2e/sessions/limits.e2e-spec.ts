import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { useTestApp } from '../../support/test-app';
import { decode } from '../../support/tokens';
import { sleep } from '../../support/sleep';

const BLACKLISTED = { detail: 'Token is blacklisted', code: 'token_not_valid' };

describe.each(databaseTargets())('session limits on $name', (target) => {
  const app = useTestApp(target, { MAX_SESSIONS_PER_USER: '2', SESSION_MAX_LIFETIME: '2s' }, (app) =>
    createUser(app, ALICE),
  );

  const refresh = (token: string) => app.request().post('/api/token/refresh/').send({ refresh: token });

  it('MAX_SESSIONS_PER_USER: a login beyond the cap revokes the least recently used session', async () => {
    const oldest = await app.api.loginAs(ALICE);
    const middle = await app.api.loginAs(ALICE);
    const newest = await app.api.loginAs(ALICE);

    await refresh(oldest.refresh).expect(401, BLACKLISTED);
    const me = await app.request().get('/api/me').set('Authorization', `Bearer ${oldest.access}`).expect(401);
    expect(me.body.messages[0].message).toBe('Token is blacklisted');
    await app.request().get('/api/me').set('Authorization', `Bearer ${middle.access}`).expect(200);
    await app.request().get('/api/me').set('Authorization', `Bearer ${newest.access}`).expect(200);
  });

  it('MAX_SESSIONS_PER_USER counts use, not age: a refreshed old session outlives a newer unused one', async () => {
    // Held still, so that SESSION_MAX_LIFETIME cannot end the sessions on a slow machine.
    jest.spyOn(Date, 'now').mockReturnValue(Date.now());
    try {
      const account = await app.api.newAccount('lru');
      const first = await app.api.loginAs(account);
      const unused = await app.api.loginAs(account);
      // `last_used_at` keeps milliseconds of the real clock: the refresh must come later.
      await sleep(5);
      const used = (await refresh(first.refresh).expect(200)).body as { access: string };
      await app.api.loginAs(account);

      await app.api.expectAccessRejected(unused.access);
      await app.request().get('/api/me').set('Authorization', `Bearer ${used.access}`).expect(200);
      const revoked = await app.api.auditOf(account.id, 'session_revoked');
      expect(revoked.map((event) => [event.sessionId, event.detail])).toEqual([
        [app.api.sidOf(unused.refresh), { reason: 'max_sessions', by: 'system' }],
      ]);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('SESSION_MAX_LIFETIME caps every refresh token and ends the session', async () => {
    const pair = await app.api.loginAs(ALICE);
    const claims = decode(pair.refresh);
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(2);

    const rotated = (await refresh(pair.refresh).expect(200)).body as { refresh: string };
    expect(decode(rotated.refresh).exp as number).toBeLessThanOrEqual(claims.exp as number);

    await sleep(3100);
    await refresh(rotated.refresh).expect(401, { detail: 'Token is invalid or expired', code: 'token_not_valid' });
  });
});
