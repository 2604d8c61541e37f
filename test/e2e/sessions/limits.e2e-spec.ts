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
